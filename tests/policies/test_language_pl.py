"""Every word-reading rule in Polish: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: Pan/Pani/Państwo and ty forms, as
Polish shops write them.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "p4l8k2m6n1b9v3c@marketplace.amazon.pl"
SUBJECT = f"Zamówienie {ORDER_ID}"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<pytanie@marketplace.amazon.pl>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "Dzień dobry Pani Anno,", closing: str = "Pozdrawiamy"
         ) -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nDomowe Drobiazgi\n"


FIRES = [
    ("confirmation-only", mail(
        f"Miło nam poinformować, że zamówienie {ORDER_ID} zostało dziś wysłane kurierem "
        "DPD. Numer przesyłki: 0000123456789W. Paczka powinna dotrzeć w ciągu 1-2 dni.")),
    ("confirmation-only", mail(
        "Twoja paczka jest już w drodze! Przekazaliśmy ją dziś rano do InPost.",
        greeting="Cześć Kasiu,", closing="Pozdrawiam")),
    ("thanks-only", mail(
        "Serdecznie dziękujemy za zakupy w naszym sklepie. Mamy nadzieję, że koc "
        "przypadnie Pani do gustu. W razie pytań jesteśmy do dyspozycji.")),
    ("thanks-only", mail(
        "Dzięki, że wybrałeś nasze świece! Miłego użytkowania.",
        greeting="Hej!", closing="Pozdrawiam")),
    ("promotional", mail(
        "Z kodem KOC15 otrzyma Pani 15% rabatu na kolejne zamówienie w naszym sklepie "
        "internetowym.")),
    ("promotional", mail(
        "Obserwuj nas na Instagramie i zobacz naszą nową kolekcję poduszek.")),
    ("promotional", mail(
        "Właśnie dodaliśmy nowe zapachy świec. Zamów już dziś, liczba sztuk ograniczona!")),
    ("review-incentive", mail(
        "Będziemy wdzięczni, jeśli wystawi Pani kocowi pięć gwiazdek na Amazonie.")),
    ("review-incentive", mail(
        "Za wystawienie opinii wyślemy Pani kartę podarunkową o wartości 50 zł.")),
    ("review-incentive", mail(
        "Prosimy o opinię na Amazonie. W zamian zwrócimy Pani 20 zł na konto.")),
    ("review-incentive", mail(
        "Za każdą opinię z pięcioma gwiazdkami oddajemy 10% wartości zamówienia.")),
    ("review-removal", mail(
        "Teraz, gdy problem został rozwiązany, czy mogłaby Pani usunąć negatywną opinię?")),
    ("review-removal", mail(
        "Zwróciliśmy Panu całą kwotę. Bylibyśmy wdzięczni, gdyby zechciał Pan zmienić "
        "swoją ocenę.", greeting="Dzień dobry Panie Adamie,")),
    ("review-gating", mail(
        "Jeśli jest Pani zadowolona z zakupu, prosimy o wystawienie opinii na Amazonie.")),
    ("review-gating", mail(
        "Zanim wystawi Pani opinię, prosimy o kontakt, jeśli coś jest nie tak.")),
    ("review-gating", mail("Zadowolona z koca? Zostaw opinię na Amazonie!",
                           greeting="Hej!", closing="Pozdrawiam")),
    ("cancellation-request", mail(
        "Niestety wazon jest wyprzedany. Prosimy o anulowanie zamówienia w zakładce "
        "Twoje zamówienia.")),
    ("cancellation-request", mail(
        "Nie jesteśmy w stanie zrealizować zamówienia. Najlepszym rozwiązaniem będzie, "
        "jeśli anuluje Pani zamówienie na Amazonie.")),
    ("cancellation-request", mail(
        "Lampa nie jest już dostępna. Może Pani anulować zamówienie w swoim koncie.")),
    ("missing-adjustment", mail(
        "Niestety koc został wycofany z produkcji i nie znamy terminu nowej dostawy. "
        "Przepraszamy za kłopot.")),
    ("missing-adjustment", mail(
        "Nie możemy wysłać zamówienia. Po anulowaniu zamówienia przez Panią zwrócimy "
        "pieniądze.")),
    ("sensitive-content", mail(
        "Aby zwrócić różnicę, prosimy podać numer konta i imię właściciela rachunku.")),
    ("sensitive-content", mail(
        "Prosimy przesłać numer karty i kod CVV, wtedy pobierzemy dopłatę.")),
    ("sensitive-content", mail("Co za kurwa cyrk, zamknij się wreszcie.",
                               greeting="Cześć,", closing="Pozdro")),
    ("unsubscribe-link", mail(
        "Koc wyślemy jutro; można go prać w 30 stopniach.\n\nNie chcesz już otrzymywać "
        "naszych wiadomości? Wypisz się tutaj.")),
]

QUIET = [
    ("confirmation-only", mail(
        "Zamówienie zostało wysłane, ale druga poduszka jest w osobnej paczce i dotrze "
        "dzień później.")),
    ("confirmation-only", mail(
        "Szafę dostarczy firma transportowa w przyszłym tygodniu. Który dzień będzie "
        "Pani odpowiadał?")),
    ("thanks-only", mail(
        "Niestety zamówienie jest opóźnione z powodu strajku w porcie. Nowy termin "
        "dostawy to 24 kwietnia. Dziękujemy za cierpliwość.")),
    ("promotional", mail(
        "Część lamp ma luźną oprawkę. Wyślemy Pani bezpłatnie nową oprawkę; darmowa "
        "wymiana to najmniej, co możemy zrobić.")),
    ("review-incentive", mail(
        "Niezależnie od tego, czy opinia będzie pozytywna, czy negatywna, Pani szczera "
        "opinia pomaga innym kupującym.")),
    ("review-incentive", mail(
        "Cena lampy spadła, dlatego zwróciliśmy Pani różnicę 30 zł. Czy lampa działa "
        "bez zarzutu?")),
    ("review-removal", mail(
        "Dziękujemy za opinię. Dzięki niej uzupełniliśmy instrukcję montażu o rysunek.")),
    ("review-gating", mail(
        "Jeśli znajdzie Pani chwilę, będziemy wdzięczni za opinię na Amazonie. "
        "Niezależnie od tego, w razie pytań o zamówienie wystarczy odpowiedzieć na tę "
        "wiadomość.")),
    ("cancellation-request", mail(
        "Zamówienie jest opóźnione, nowy termin wysyłki to 2 maja. Jeśli nie chce Pani "
        "czekać, może Pani anulować zamówienie.")),
    ("cancellation-request", mail(
        "Wazon jest wyprzedany, dlatego anulowaliśmy zamówienie i zwróciliśmy całą "
        "kwotę. Nie musi Pani niczego anulować.")),
    ("missing-adjustment", mail(
        "Lampa jest niedostępna, więc anulowaliśmy zamówienie, a pieniądze zostały już "
        "zwrócone.")),
    ("missing-adjustment", mail(
        "Poduszki są chwilowo niedostępne, ale będą ponownie na stanie od 6 maja. "
        "Wyślemy zamówienie 7 maja.")),
    ("sensitive-content", mail(
        "Uwaga: nigdy nie prosimy o hasła ani dane karty.")),
    ("sensitive-content", mail(
        "Do herbaty polecamy szczyptę pieprzu i kardamonu.")),
    ("unsubscribe-link", mail(
        "Montaż odbędzie się we wtorek. Technik wypisze protokół odbioru na miejscu.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_polish(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_polish(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("Dziękujemy za miłe słowa, bardzo nas cieszą!")
    assert "thanks-only" not in findings(text, reply=True)


POLISH_LETTER = mail(
    "Dywan wysyłamy zwinięty w rulon, dlatego po rozpakowaniu może mieć lekko "
    "podwinięte brzegi. To normalne: wystarczy rozłożyć go na płasko i zostawić na dobę, "
    "a wszystko się wyrówna. Prosimy nie prasować dywanu.")


def test_polish_to_a_german_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(POLISH_LETTER, rcpt=BUYERS["de"])


def test_polish_to_a_polish_buyer_is_not() -> None:
    assert "wrong-language" not in findings(POLISH_LETTER)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("Instrukcja jest w pudełku. Gdyby montaż sprawiał trudność, prosimy o "
                "kontakt pod numerem 512 384 906.")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "Serwis gwarancyjny producenta jest dostępny pod numerem 61 842 37 15.",
    "Z przewoźnikiem, firmą Trans-Kargo, można się skontaktować pod numerem 61 842 37 15.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"Szafę dostarczy firma transportowa we wtorek. {sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "Faktura VAT nr FV/2025/04/0143, NIP 123-456-32-18, REGON 123456785.",
    "Dostawa nastąpi 02.06.2025 w godzinach 8:00-12:00.",
])
def test_dates_and_register_numbers_are_not_contact_details(sentence: str) -> None:
    assert "contact-details" not in findings(mail(sentence))


def test_a_short_text_in_another_language_is_not_a_curse() -> None:
    """Short texts are searched in every language's lists:
    Spanish 'debilidad' (weakness) starts like the Polish curse 'debil'."""
    rcpt = "x1@marketplace.amazon.es"
    raw = build_message(text="Perdón por la debilidad del embalaje.\n", to=rcpt, subject=SUBJECT)
    assert "sensitive-content" not in rules_found(run_policy(raw, rcpt))


# Unseen messages written in rounds while the lists grew (each round measured before
# fixing it): whole messages, with the rules that must and must not be found.
WORD_RULES = ["confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"]
ROUNDS = [
    (['confirmation-only'], [],
     'Dzień dobry,\n\nInformujemy, że Pani przesyłka została nadana '
     'i jutro powinna być w paczkomacie.\n\nPozdrawiamy\nSklep'),
    (['thanks-only'], [],
     'Cześć!\n\nBardzo dziękujemy, że zdecydowałeś się na zakupy u '
     'nas. Życzymy wielu udanych chwil z nowym kubkiem!\n\n'
     'Pozdrawiamy'),
    (['review-incentive'], [],
     'Dzień dobry,\n\nZa każdą opinię z pięcioma gwiazdkami oddajemy '
     '10% wartości zamówienia.\n\nPozdrawiamy'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Dzień dobry,\n\nProduktu nie ma już na stanie. Prosimy o '
     'rezygnację z zamówienia w Pani koncie Amazon.\n\nPozdrawiamy'),
    (['review-removal'], [],
     'Dzień dobry,\n\nCzy mógłby Pan zmienić swoją ocenę na wyższą, '
     'skoro sprawa została załatwiona?\n\nPozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nPaczka została wysłana, ale lampa wymaga '
     'żarówki E27, której nie ma w zestawie.\n\nPozdrawiamy\nSklep'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nBardzo przepraszamy za pomyłkę. Wyślemy Pani '
     'bezpłatnie nowy kubek, a uszkodzonego nie trzeba odsyłać.\n\n'
     'Pozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nMamy nadzieję, że koc dotarł w dobrym stanie. '
     'Czy zechciałaby Pani wystawić opinię na Amazonie? Czytamy '
     'każdą opinię.\n\nPozdrawiamy'),
    (['review-gating'], [],
     'Hej,\n\nJeśli jesteś zadowolony z zakupu, zostaw nam opinię. '
     'Jeśli nie, najpierw napisz do nas.\n\nPozdrawiamy'),
    (['promotional'], [],
     'Dzień dobry,\n\nOferta specjalna tylko w tym tygodniu: 30% '
     'rabatu na wszystkie kubki w naszym sklepie internetowym.\n\n'
     'Pozdrawiamy'),
    (['sensitive-content'], [],
     'Dzień dobry,\n\nAby zwrócić pieniądze, prosimy o podanie '
     'numeru karty i daty ważności karty.\n\nPozdrawiamy'),
    ([], ['sensitive-content'],
     'Dzień dobry,\n\nKurczę, przepraszamy za pomyłkę. Wyślemy nowy '
     'kubek jeszcze dziś.\n\nPozdrawiamy'),
    ([], ['confirmation-only'],
     'Dzień dobry,\n\nPaczka została wysłana. Jeśli nie będzie Pani '
     'w domu, może Pani wybrać inny termin doręczenia.\n\n'
     'Pozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nWysłaliśmy bezpłatną część zamienną. Jeśli '
     'znajdzie Pani chwilę, będziemy wdzięczni za szczerą opinię.\n\n'
     'Pozdrawiamy'),
    (['missing-adjustment'], [],
     'Dzień dobry,\n\nKrzesło jest wyprzedane. Zwrócimy pieniądze, '
     'gdy tylko anuluje Pani zamówienie.\n\nPozdrawiamy'),
    (['unsubscribe-link'], [],
     'Dzień dobry,\n\nKliknij tutaj, aby zrezygnować z subskrypcji '
     'newslettera.\n\nPozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nJeśli kolor Pani nie odpowiada, może Pani '
     'zwrócić koc w ciągu 30 dni przez Moje zamówienia.\n\n'
     'Pozdrawiamy'),
    (['promotional'], [],
     'Dzień dobry,\n\nNastępnym razem prosimy zamawiać bezpośrednio '
     'u nas, wtedy dostanie Pani 10% rabatu.\n\nPozdrawiamy'),
    (['review-removal'], [],
     'Dzień dobry,\n\nCzy mogłaby Pani ponownie przemyśleć swoją '
     'ocenę, skoro lampa została wymieniona?\n\nPozdrawiamy'),
    (['confirmation-only'], [],
     'Cześć Marto!\n\nTwoje świece zostały dziś z miłością '
     'zapakowane i są już u kuriera. Już niedługo do Ciebie dotrą!\n'
     '\nŚciskamy,\nNina z Pracowni Świec'),
    (['thanks-only'], [],
     'Dzień dobry,\n\nW imieniu całej rodziny: dziękujemy! Bez '
     'takich klientów jak Pani nasza mała firma by nie istniała. '
     'Życzymy wesołych świąt.\n\nSerdecznie pozdrawiamy\nRodzina '
     'Nowaków'),
    (['confirmation-only'], [],
     'Dzień dobry,\n\nPaczka została doręczona i odebrana przez '
     'sąsiada.\n\nPozdrawiamy\nSklep'),
    (['review-incentive'], [],
     'Cześć,\n\nZostaw opinię i odbierz 10% zniżki na kolejne '
     'zakupy!\n\nPozdrawiamy'),
    (['review-incentive'], [],
     'Dzień dobry,\n\nZwrócimy całą kwotę za zamówienie, jeśli '
     'wystawi nam Pani pięć gwiazdek.\n\nPozdrawiamy'),
    (['review-gating'], [],
     'Dzień dobry,\n\nTylko jeśli jest Pani w pełni zadowolona, '
     'prosimy o opinię na Amazonie.\n\nPozdrawiamy'),
    (['missing-adjustment'], ['cancellation-request'],
     'Dzień dobry,\n\nProducent nie dostarcza już tego modelu. '
     'Anulujemy zamówienie, a pieniądze otrzyma Pani w ciągu 3 '
     'dni.\n\nPozdrawiamy'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Dzień dobry,\n\nWazon jest niedostępny, dlatego zamówienie '
     'zostało anulowane, a płatność w całości zwrócona.\n\n'
     'Pozdrawiamy'),
    (['sensitive-content'], [],
     'Dzień dobry,\n\nJeśli nie usunie Pani tej opinii, jeszcze Pani '
     'tego pożałuje.\n\nPozdrawiamy'),
    (['sensitive-content'], [],
     'Dzień dobry,\n\nDo zwrotu potrzebujemy Pani kodu PIN i danych '
     'logowania do banku.\n\nPozdrawiamy'),
    (['promotional'], [],
     'Dzień dobry,\n\nZapraszamy też do naszego sklepu stacjonarnego '
     'w Krakowie i na nasz profil na Facebooku.\n\nPozdrawiamy'),
    ([], ['sensitive-content'],
     'Dzień dobry,\n\nNowa lampa jest już w drodze, nie pożałuje '
     'Pani!\n\nPozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nLampka z gwiazdkami ma trzy tryby; aby je '
     'zmienić, należy przytrzymać przycisk przez dwie sekundy. '
     'Baterie są już w środku.\n\nPozdrawiamy'),
    ([], WORD_RULES,
     'Dzień dobry,\n\nW paczce jest bezpłatna etykieta zwrotna, '
     'gdyby rozmiar nie pasował. Nie trzeba anulować zamówienia, '
     'brakujące śruby wyślemy dziś.\n\nPozdrawiamy'),
    (['cancellation-request'], [],
     'Dzień dobry,\n\nTen kolor jest niedostępny. Najłatwiej będzie, '
     'jeśli sama Pani anuluje zamówienie w Moich zamówieniach.\n\n'
     'Pozdrawiamy'),
    ([], ['cancellation-request'],
     'Dzień dobry,\n\nDostawa niestety opóźni się o tydzień, do 12 '
     'czerwca. Jeśli woli Pani nie czekać, zamówienie można zawsze '
     'anulować.\n\nPozdrawiamy'),
    ([], ['cancellation-request'],
     'Dzień dobry,\n\nTen kolor jest niedostępny. Najprościej '
     'będzie, jeśli anulujemy zamówienie za Panią.\n\nPozdrawiamy'),
    ([], ['review-gating', 'review-incentive'],
     'Dzień dobry,\n\nMamy nadzieję, że jest Pani zadowolona z '
     'lampy. Czy zechce Pani podzielić się opinią na Amazonie?\n\n'
     'Pozdrawiamy'),
    ([], ['review-gating', 'review-incentive'],
     'Dzień dobry,\n\nW razie problemów z zamówieniem prosimy o '
     'kontakt. Jeśli Pani chce, może Pani też wystawić opinię na '
     'Amazonie.\n\nPozdrawiamy'),
    ([], ['promotional'],
     'Dzień dobry,\n\nPaczka czeka w paczkomacie. Kod odbioru 482913 '
     'wyśle Pani InPost SMS-em; paczka będzie tam przez 48 godzin.\n'
     '\nPozdrawiamy'),
    (['review-gating'], [],
     'Dzień dobry,\n\nMamy nadzieję, że lampa się Pani podoba. Jeśli '
     'tak, prosimy o opinię na Amazonie.\n\nPozdrawiamy'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"Prosimy o przelew różnicy na konto {IBAN}, wtedy wyślemy stół."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
