"""Every word-reading rule in Swedish: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: du-mail as Swedish shops write it.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "s7v2x9b4n6m1q3w@marketplace.amazon.se"
SUBJECT = f"Din beställning {ORDER_ID}"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<fraga@marketplace.amazon.se>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "Hej Anna,", closing: str = "Vänliga hälsningar") -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nHemma hos Holm\n"


FIRES = [
    ("confirmation-only", mail(
        f"Nu har din beställning {ORDER_ID} skickats med PostNord. Kollinummer: "
        "00370733749912345678. Paketet brukar komma fram inom 1–3 arbetsdagar.")),
    ("confirmation-only", mail(
        "Goda nyheter! Vi har packat dina muggar och lämnat över dem till Budbee i dag.")),
    ("thanks-only", mail(
        "Stort tack för att du handlade hos oss! Vi hoppas att du kommer att trivas med "
        "filten. Har du frågor är du alltid välkommen att höra av dig.")),
    ("thanks-only", mail(
        "Tusen tack för din beställning, det betyder mycket för oss. Ha en fin helg!",
        greeting="Hej!", closing="Varma hälsningar")),
    ("promotional", mail(
        "Använd koden HOLM15 så får du 15 % rabatt på ditt nästa köp i vår webbutik.")),
    ("promotional", mail(
        "Följ oss på Instagram och kolla in vår nya kollektion av kuddfodral.")),
    ("promotional", mail(
        "Nyinkommet i butiken: doftljus i tre nya dofter. Missa inte, beställ redan idag!")),
    ("review-incentive", mail(
        "Vi skulle bli så glada om du ville ge filten fem stjärnor på Amazon.")),
    ("review-incentive", mail(
        "Skicka en skärmdump av ditt omdöme så får du ett presentkort på 100 kr.")),
    ("review-incentive", mail(
        "Skriv gärna en recension. Som tack swishar vi tillbaka 50 kronor till dig.")),
    ("review-removal", mail(
        "Nu när vi har skickat en ny lampa hoppas vi att du vill ändra ditt omdöme.")),
    ("review-removal", mail(
        "Vi har återbetalat hela beloppet. Kan du tänka dig att ta bort din recension?")),
    ("review-gating", mail(
        "Om du är nöjd med kudden får du gärna lämna ett omdöme på Amazon.")),
    ("review-gating", mail(
        "Innan du skriver en recension, hör av dig till oss om något inte stämmer.")),
    ("review-gating", mail(
        "Nöjd med filten? Lämna ett omdöme på Amazon.")),
    ("cancellation-request", mail(
        "Tyvärr är vasen slutsåld. Vi ber dig därför att avbryta beställningen under "
        "Dina beställningar.")),
    ("cancellation-request", mail(
        "Vi kan inte leverera mattan. Vänligen begär en annullering via ditt "
        "Amazonkonto.")),
    ("cancellation-request", mail(
        "Lampan finns inte längre i lager. Du kan avbryta ordern under Dina beställningar.")),
    ("cancellation-request", mail(
        "Mattan går inte längre att få tag på. Vi rekommenderar att du avbryter ordern.")),
    ("missing-adjustment", mail(
        "Tyvärr tillverkas pläden inte längre och vi har inget nytt datum. Vi ber om "
        "ursäkt för besväret.")),
    ("missing-adjustment", mail(
        "Vi kan tyvärr inte skicka din beställning. När du har avbrutit ordern får du "
        "pengarna tillbaka.")),
    ("sensitive-content", mail(
        "För att betala tillbaka mellanskillnaden behöver vi ditt clearingnummer och "
        "kontonummer.")),
    ("sensitive-content", mail(
        "Skicka oss ditt kortnummer och kortets giltighetstid så drar vi beloppet.")),
    ("sensitive-content", mail("Håll käften och sluta klaga, din jävla idiot.",
                               greeting="Hej,", closing="Hälsningar")),
    ("unsubscribe-link", mail(
        "Din pläd skickas i morgon och tål tvätt i 40 grader.\n\nVill du inte längre få "
        "våra nyhetsbrev? Avregistrera dig här.")),
]

QUIET = [
    ("confirmation-only", mail(
        "Din beställning har skickats, men den andra kudden kommer i ett separat paket "
        "om två dagar.")),
    ("confirmation-only", mail(
        "Soffan levereras nästa vecka med ett åkeri. Vilken dag passar dig bäst?")),
    ("thanks-only", mail(
        "Tyvärr är din beställning försenad på grund av en strejk i hamnen. Nytt "
        "leveransdatum är den 24 april. Tack för ditt tålamod.")),
    ("promotional", mail(
        "En del av lamporna har en lös sockel. Vi skickar dig kostnadsfritt en ny sockel; "
        "ett gratis utbyte är det minsta vi kan göra.")),
    ("review-incentive", mail(
        "Oavsett om din upplevelse är positiv eller negativ hjälper ditt ärliga omdöme "
        "andra kunder.")),
    ("review-incentive", mail(
        "Priset på lampan har sänkts, så vi har återbetalat mellanskillnaden på 60 kr. "
        "Hör gärna av dig om lampan fungerar som den ska.")),
    ("review-removal", mail(
        "Tack för din recension. Vi har uppdaterat monteringsanvisningen så att den blir "
        "tydligare.")),
    ("review-gating", mail(
        "Vill du dela din upplevelse av filten? Det går bra via Dina beställningar på "
        "Amazon. Har du en fråga om din beställning, svara bara på det här mejlet.")),
    ("cancellation-request", mail(
        "Din order är försenad; nytt leveransdatum är den 2 maj. Vill du hellre inte "
        "vänta kan du själv avbryta beställningen.")),
    ("cancellation-request", mail(
        "Vasen är slutsåld, så vi har själva avbrutit din beställning och hela beloppet "
        "är återbetalt. Du behöver inte göra någonting.")),
    ("missing-adjustment", mail(
        "Lampan är slut i lager, därför har vi annullerat din order och återbetalat hela "
        "beloppet.")),
    ("missing-adjustment", mail(
        "Kuddarna är tillfälligt slut i lager men i lager igen från den 6 maj. Vi "
        "skickar din beställning den 7 maj.")),
    ("sensitive-content", mail(
        "Observera att vi aldrig ber om ditt lösenord eller dina bankuppgifter.")),
    ("unsubscribe-link", mail(
        "Monteringen sker på tisdag. Teknikern avregistrerar den gamla mätaren åt dig.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_swedish(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_swedish(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("Tack för ditt fina meddelande, vad roligt att höra!")
    assert "thanks-only" not in findings(text, reply=True)


SWEDISH_LETTER = mail(
    "Innan pannlampan kommer fram vill vi påminna om att batteriet levereras nästan "
    "urladdat av säkerhetsskäl. Ladda lampan i ungefär fyra timmar med den medföljande "
    "kabeln innan du använder den första gången.")


def test_swedish_to_a_british_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(SWEDISH_LETTER, rcpt=BUYERS["en"])


def test_swedish_to_a_swedish_buyer_is_not() -> None:
    assert "wrong-language" not in findings(SWEDISH_LETTER)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("Bruksanvisningen ligger i kartongen. Ring oss gärna på 08-465 004 37 om "
                "monteringen krånglar.")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "Tillverkarens garantiservice nås på telefon 08-465 004 37.",
    "Fraktbolaget, Nordfrakt AB, nås på 08-465 004 37.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"Soffan levereras på tisdag av ett åkeri. {sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "Fakturan är utställd av Hemma hos Holm AB, org.nr 556677-8899, momsreg.nr "
    "SE556677889901.",
    "Leveransen sker 2025-06-02 mellan 08.00 och 12.00.",
])
def test_dates_and_register_numbers_are_not_contact_details(sentence: str) -> None:
    assert "contact-details" not in findings(mail(sentence))


def test_a_short_text_in_another_language_is_not_a_curse() -> None:
    """Short texts are searched in every language's lists:
    Polish 'kukurydza' (corn) starts like the Swedish curse 'kuk'."""
    rcpt = "x1@marketplace.amazon.pl"
    raw = build_message(text="Kukurydza jest już w drodze.\n", to=rcpt, subject=SUBJECT)
    assert "sensitive-content" not in rules_found(run_policy(raw, rcpt))


def test_an_italian_register_number_is_not_a_swedish_sale() -> None:
    """'REA' is the Italian business register; the Swedish 'rea' (sale) needs its context."""
    rcpt = BUYERS["it"]
    raw = build_message(text="In allegato la fattura. REA MI-1234567.\n", to=rcpt,
                        subject=SUBJECT)
    assert "promotional" not in rules_found(run_policy(raw, rcpt))


# Unseen messages written in rounds while the lists grew (each round measured before
# fixing it): whole messages, with the rules that must and must not be found.
WORD_RULES = ["confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"]
ROUNDS = [
    (['confirmation-only'], [],
     'Hej Karin!\n\nDitt paket har nu lämnat vårt lager och är på '
     'väg till dig med PostNord. Du får ett sms när det går att '
     'hämta.\n\nVänliga hälsningar\nButiken'),
    (['thanks-only'], [],
     'Hej!\n\nVi vill bara säga ett stort tack för att du valde oss. '
     'Vi hoppas att du blir riktigt nöjd med din nya kanna!\n\nMed '
     'vänlig hälsning\nKeramikverkstan'),
    (['review-incentive'], [],
     'Hej,\n\nOm du lämnar ett omdöme på Amazon skickar vi en gratis '
     'tvål som tack.\n\nHälsningar\nTvålfabriken'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Hej,\n\nTyvärr är lampan slutsåld hos vår leverantör. Kan du '
     'avbryta beställningen via ditt konto?\n\nHälsningar\nButiken'),
    ([], ['missing-adjustment', 'review-incentive'],
     'Hej,\n\nVi har nu ändrat priset och återbetalat '
     'mellanskillnaden på 50 kr. Hoppas du är nöjd!\n\nHälsningar'),
    ([], WORD_RULES,
     'Hej Lars,\n\nDin cykel skickas på fredag. Observera att '
     'pedalerna ligger i den lilla kartongen och måste skruvas '
     'fast innan första användningen.\n\nHälsningar\nCykelverkstan'),
    ([], WORD_RULES,
     'Hej,\n\nFörlåt för strulet med fel färg. Vi skickar en ny filt '
     'kostnadsfritt i dag och du behöver inte skicka tillbaka den '
     'gamla.\n\nHälsningar\nButiken'),
    ([], WORD_RULES,
     'Hej,\n\nVi hoppas att kannan har kommit fram. Vill du skriva '
     'en recension på Amazon? Vi läser alla omdömen, både bra och '
     'dåliga.\n\nHälsningar'),
    (['review-incentive'], [],
     'Hej,\n\nÄr du nöjd med köpet? Då får du gärna ge oss ett '
     'positivt omdöme!\n\nHälsningar'),
    (['promotional'], [],
     'Hej,\n\nSommarrean har börjat – upp till 40 % rabatt på hela '
     'sortimentet i vår webbutik.\n\nHälsningar'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Hej,\n\nMattan går inte längre att få tag på. Vi rekommenderar '
     'att du avbryter ordern.\n\nHälsningar'),
    (['review-removal'], [],
     'Hej,\n\nKan du ta bort din recension nu när vi har löst '
     'problemet?\n\nHälsningar'),
    ([], ['confirmation-only'],
     'Hej,\n\nDitt paket levereras i morgon. Om du inte är hemma kan '
     'du välja ett annat ombud i appen.\n\nHälsningar'),
    ([], WORD_RULES,
     'Hej,\n\nVi har skickat en kostnadsfri ersättningsdel. Om du '
     'har tid uppskattar vi ett ärligt omdöme.\n\nHälsningar'),
    (['missing-adjustment'], [],
     'Hej,\n\nStolen är tyvärr slutsåld. Vi återbetalar dig så fort '
     'du har avbrutit ordern.\n\nHälsningar'),
    (['unsubscribe-link'], [],
     'Hej,\n\nKlicka här för att avsluta prenumerationen på vårt '
     'nyhetsbrev.\n\nHälsningar'),
    ([], WORD_RULES,
     'Hej,\n\nÄr du inte nöjd med färgen kan du returnera pläden '
     'inom 30 dagar via Dina beställningar.\n\nHälsningar'),
    (['promotional'], [],
     'Hej,\n\nBeställ direkt från vår hemsida nästa gång så får du '
     '10 % rabatt.\n\nHälsningar'),
    (['review-removal'], [],
     'Hej,\n\nVill du ompröva ditt betyg nu när vi har bytt ut '
     'lampan?\n\nHälsningar'),
    (['confirmation-only'], [],
     'Hej Maja!\n\nDina ljus är nu inslagna med kärlek och ligger '
     'hos brevbäraren. Snart är de hos dig!\n\nKram,\nNina på '
     'Ljuspunkten'),
    (['thanks-only'], [],
     'Hej,\n\nFrån hela familjen: tack! Utan kunder som du skulle '
     'vårt lilla företag inte finnas. Vi önskar dig en god jul.\n\n'
     'Varma hälsningar\nFamiljen Berg'),
    (['confirmation-only'], [],
     'Hej,\n\nDitt paket har levererats och tagits emot av en '
     'granne.\n\nMed vänlig hälsning\nButiken'),
    (['review-incentive'], [],
     'Hej,\n\nLämna ett omdöme och få 10 % rabatt på nästa köp!\n\n'
     'Hälsningar'),
    (['review-incentive'], [],
     'Hej,\n\nVi betalar tillbaka hela köpesumman om du ger oss fem '
     'stjärnor.\n\nHälsningar'),
    (['review-gating'], [],
     'Hej,\n\nBara om du är helt nöjd vill vi gärna höra din åsikt '
     'på Amazon.\n\nHälsningar'),
    (['missing-adjustment'], ['cancellation-request'],
     'Hej,\n\nTillverkaren levererar inte längre modellen. Vi kommer '
     'att avbryta ordern och du får pengarna tillbaka inom 3 '
     'dagar.\n\nHälsningar'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Hej,\n\nVasen har tagit slut och vi har därför makulerat '
     'ordern och återbetalat hela beloppet.\n\nHälsningar'),
    (['sensitive-content'], [],
     'Hej,\n\nTar du inte bort den negativa recensionen kommer du '
     'att ångra dig.\n\nHälsningar'),
    (['sensitive-content'], [],
     'Hej,\n\nFör återbetalningen behöver vi din pinkod och dina '
     'inloggningsuppgifter till banken.\n\nHälsningar'),
    (['promotional'], [],
     'Hej,\n\nBesök gärna vår butik i Göteborg eller vår '
     'Facebooksida.\n\nHälsningar'),
    ([], ['sensitive-content'],
     'Hej,\n\nDen nya lampan är på väg, det kommer du inte att '
     'ångra!\n\nHälsningar'),
    ([], WORD_RULES,
     'Hej,\n\nStjärnhimmellampan har tre lägen; håll knappen '
     'intryckt i två sekunder för att byta. Batterierna sitter '
     'redan i.\n\nHälsningar'),
    ([], WORD_RULES,
     'Hej,\n\nI paketet finns en kostnadsfri returetikett om '
     'storleken inte passar. Du behöver inte avbryta ordern, vi '
     'skickar de saknade skruvarna i dag.\n\nHälsningar'),
    (['cancellation-request'], [],
     'Hej,\n\nFärgen går inte längre att få. Det enklaste är att du '
     'själv avbryter beställningen under Dina beställningar.\n\n'
     'Hälsningar'),
    ([], ['cancellation-request'],
     'Hej,\n\nLeveransen dröjer tyvärr en vecka, till den 12 juni. '
     'Vill du inte vänta går det alltid att avbryta under Dina '
     'beställningar.\n\nHälsningar'),
    ([], ['cancellation-request'],
     'Hej,\n\nFärgen går inte längre att få. Det enklaste är att vi '
     'avbryter ordern åt dig.\n\nHälsningar'),
    ([], ['review-gating', 'review-incentive'],
     'Hej,\n\nVi hoppas att du är nöjd med lampan. Vill du dela din '
     'upplevelse i en recension på Amazon?\n\nHälsningar'),
    ([], ['review-gating', 'review-incentive'],
     'Hej,\n\nHar du problem med beställningen, kontakta oss. Om du '
     'vill kan du också skriva en recension på Amazon.\n\nHälsningar'),
    ([], ['promotional'],
     'Hej,\n\nPaketet finns hos ditt ombud. Använd koden 4KX92M för '
     'att hämta ut det; ombudet sparar det i en vecka.\n\nHälsningar'),
    (['review-gating'], [],
     'Hej,\n\nVi hoppas att du gillar lampan. I så fall får du gärna '
     'skriva en recension på Amazon.\n\nHälsningar'),
    ([], ['cancellation-request'],
     'Hej,\n\nDin beställning levereras senare, den 20 juni. Är det '
     'för sent för dig kan du avbryta ordern.\n\nHälsningar'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"Betala mellanskillnaden till {IBAN} så skickar vi bordet direkt."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
