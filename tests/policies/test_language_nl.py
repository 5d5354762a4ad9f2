"""Every word-reading rule in Dutch: a message that must fire it, and a look-alike that
must not (free replacements, price-adjustment refunds, the seller cancelling itself,
cancellation offered as a choice, thanks for patience in a delay notice, an honest
review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: formal (u) and informal (je) mail
as Dutch and Flemish sellers write it.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "k3m8n2p5q7r9s4t@marketplace.amazon.nl"
BELGIAN_BUYER = "k3m8n2p5q7r9s4t@marketplace.amazon.com.be"
SUBJECT = f"Uw bestelling {ORDER_ID}"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<vraag@marketplace.amazon.nl>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "Beste klant,", closing: str = "Met vriendelijke groet,"
         ) -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nWoonwinkel De Linde\n"


FIRES = [
    ("confirmation-only", mail(
        f"Goed nieuws: uw bestelling {ORDER_ID} is vandaag met PostNL verzonden. Uw "
        "track & trace-code is 3SLIND4471920. Verwachte levering: donderdag.")),
    ("confirmation-only", mail(
        "Je pakketje is onderweg! We hebben het vanochtend aan de koerier meegegeven.",
        greeting="Hoi Sanne,", closing="Groetjes,")),
    ("confirmation-only", mail(
        "Je bestelling is vandaag de deur uit gegaan en wordt morgen door DHL bezorgd. Via "
        "de link van DHL kun je het pakket volgen.", greeting="Hallo Femke,",
        closing="Groetjes,")),
    ("thanks-only", mail(
        "Hartelijk dank voor uw bestelling bij ons. We hopen dat u er lang plezier van "
        "heeft. Heeft u nog vragen, laat het ons dan gerust weten.")),
    ("thanks-only", mail(
        "Wat fijn dat je voor onze kaarsen hebt gekozen, dank je wel! Veel plezier ermee.",
        greeting="Hoi!", closing="Liefs,")),
    ("promotional", mail(
        "Met de code LINDE10 krijgt u 10% korting op uw volgende bestelling in onze "
        "webshop.")),
    ("promotional", mail(
        "Volg ons op Instagram voor inspiratie en bekijk ook onze nieuwe collectie "
        "kussens.")),
    ("promotional", mail(
        "Net binnen: onze nieuwe geurkaarsen. Bestel nu, want op = op!")),
    ("review-incentive", mail(
        "Zou u ons vijf sterren willen geven op Amazon? Dat helpt ons enorm.")),
    ("review-incentive", mail(
        "Is alles naar wens? Dan zouden we een positieve beoordeling zeer op prijs stellen!")),
    ("review-incentive", mail(
        "Stuur ons na het plaatsen van uw review een schermafbeelding, dan ontvangt u "
        "een cadeaubon van 10 euro.")),
    ("review-incentive", mail(
        "Laat je een recensie achter? Als dankjewel storten we 5 euro terug op je "
        "rekening.", greeting="Hoi Tom,", closing="Groetjes,")),
    ("review-removal", mail(
        "Nu het probleem is opgelost, wilt u uw negatieve beoordeling dan misschien "
        "verwijderen?")),
    ("review-removal", mail(
        "We hebben je het volledige bedrag teruggestort. Zou je je recensie willen "
        "aanpassen?", greeting="Hoi Tom,", closing="Groetjes,")),
    ("review-removal", mail(
        "Kunt u uw 1-sterbeoordeling misschien aanpassen nu de nieuwe lamp is aangekomen?")),
    ("review-gating", mail(
        "Bent u tevreden met de lamp? Laat dan een review achter op Amazon.")),
    ("review-gating", mail(
        "Als je blij bent met je bestelling, zouden we een recensie erg waarderen.",
        greeting="Hoi!", closing="Groetjes,")),
    ("review-gating", mail(
        "Neem bij problemen eerst contact met ons op voordat u een beoordeling schrijft.")),
    ("cancellation-request", mail(
        "De vaas is helaas uitverkocht. Wilt u de bestelling via 'Mijn bestellingen' "
        "annuleren?")),
    ("cancellation-request", mail(
        "We kunnen de stoel niet meer leveren. Wij verzoeken u daarom een annulering aan "
        "te vragen via uw Amazon-account.")),
    ("cancellation-request", mail(
        "Het tafelkleed is niet meer op voorraad. U kunt de bestelling annuleren in uw "
        "account.")),
    ("missing-adjustment", mail(
        "Het dekbed is helaas niet meer leverbaar; de fabrikant maakt dit model niet "
        "meer. Onze excuses voor het ongemak.")),
    ("missing-adjustment", mail(
        "We kunnen uw bestelling helaas niet verzenden. Zodra u de bestelling annuleert, "
        "krijgt u uw geld terug.")),
    ("sensitive-content", mail(
        "Om het verschil terug te storten, stuur ons uw IBAN en de tenaamstelling van "
        "uw rekening.")),
    ("sensitive-content", mail(
        "Geef ons uw creditcardnummer en de vervaldatum, dan regelen we het buiten "
        "Amazon om.")),
    ("sensitive-content", mail(
        "Stuur ons even een foto van uw bankpas, dan storten we het bedrag terug.")),
    ("sensitive-content", mail("Wat een klotezooi is dit zeg, hou toch je bek.",
                               greeting="Hoi,", closing="Groet,")),
    ("unsubscribe-link", mail(
        "Uw nieuwe kussenhoes wordt morgen verzonden; de hoes is op 30 graden wasbaar.\n"
        "\nWilt u geen e-mails meer ontvangen? Meld u hier af voor onze nieuwsbrief.")),
]

QUIET = [
    ("confirmation-only", mail(
        "Uw bestelling is vandaag verzonden, maar de tweede stoel zit in een apart "
        "pakket en komt een dag later.")),
    ("confirmation-only", mail(
        "De bank wordt volgende week met een vervoerder geleverd. Kunt u ons laten weten "
        "welke dag u het best uitkomt?")),
    ("thanks-only", mail(
        "Uw bestelling heeft helaas vertraging door een staking bij de vervoerder. De "
        "nieuwe verwachte leverdatum is 24 april. Bedankt voor uw geduld.")),
    ("promotional", mail(
        "Bij een deel van de lampen zit een losse fitting. We sturen u kosteloos een "
        "nieuwe fitting toe; een gratis vervanging is het minste wat we kunnen doen.")),
    ("review-incentive", mail(
        "Of uw ervaring nu positief of negatief is: uw eerlijke review helpt andere "
        "kopers bij hun keuze.")),
    ("review-incentive", mail(
        "De prijs van de lamp is verlaagd, daarom hebben we u het verschil van 6 euro "
        "terugbetaald. Wilt u ons laten weten of de lamp goed werkt?")),
    ("review-removal", mail(
        "Dank voor uw review. We hebben de handleiding aangepast zodat de montage "
        "duidelijker is.")),
    ("review-gating", mail(
        "Wilt u uw ervaring met de lamp delen? Dat kan via 'Uw bestellingen' op Amazon. "
        "Heeft u een vraag over uw bestelling, beantwoord dan gewoon dit bericht.")),
    ("cancellation-request", mail(
        "Uw bestelling heeft vertraging; de nieuwe leverdatum is 2 mei. Als u niet wilt "
        "wachten, kunt u de bestelling annuleren.")),
    ("cancellation-request", mail(
        "De vaas is uitverkocht. Wij hebben uw bestelling daarom zelf geannuleerd en het "
        "volledige bedrag is terugbetaald. U hoeft niets te annuleren.")),
    ("missing-adjustment", mail(
        "De stoel is niet meer op voorraad, dus wij hebben uw bestelling geannuleerd en "
        "u het volledige bedrag teruggestort.")),
    ("missing-adjustment", mail(
        "De kussens zijn tijdelijk niet op voorraad, maar weer leverbaar vanaf 6 mei. We "
        "versturen uw bestelling op 7 mei.")),
    ("sensitive-content", mail(
        "Let op: wij vragen nooit om uw wachtwoord of bankgegevens.")),
    ("unsubscribe-link", mail(
        "U kunt zich afmelden voor de montagedag via de planner van de vervoerder: de "
        "monteur komt op dinsdag.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_dutch(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_dutch(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("Dank je wel voor je lieve bericht, wat leuk om te horen!",
                greeting="Hoi Marloes,", closing="Groetjes,")
    assert "thanks-only" not in findings(text, reply=True)


DUTCH_LETTER = mail(
    "Voordat wij uw pakket verzenden, willen we graag weten of het onderdeel op uw fiets "
    "past. Deze derailleur werkt alleen met een cassette van maximaal 51 tanden. Kunt u "
    "ons laten weten welke cassette er op uw fiets zit?")


def test_dutch_to_a_german_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(DUTCH_LETTER, rcpt=BUYERS["de"])


@pytest.mark.parametrize("rcpt", [BUYER, BELGIAN_BUYER])
def test_dutch_to_a_dutch_or_belgian_buyer_is_not(rcpt: str) -> None:
    assert "wrong-language" not in findings(DUTCH_LETTER, rcpt=rcpt)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("De handleiding zit in de doos. Bel ons gerust op 020 794 6113 als de "
                "montage niet lukt.")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "Voor een garantieclaim kunt u de fabrikant bellen op 020 794 6113.",
    "De vervoerder, Transport Bakker, is bereikbaar op 020 794 6113.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"Uw kast wordt op dinsdag geleverd door een vervoerder. {sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "De factuur staat op naam van Woonwinkel De Linde, KvK 12345678, btw-nummer "
    "NL123456789B01.",
    "Uw bestelling wordt op 02.06.2025 tussen 08:00 en 12:00 geleverd.",
    "Factuurnummer 2025-004512, datum 14-04-2025.",
])
def test_dates_and_register_numbers_are_not_contact_details(sentence: str) -> None:
    assert "contact-details" not in findings(mail(sentence))


def test_a_short_text_in_another_language_is_not_a_curse() -> None:
    """Short texts are searched in every language's lists:
    Turkish 'kutu' (a box) starts like the Dutch curse 'kut'."""
    rcpt = "x1@marketplace.amazon.com.tr"
    raw = build_message(text="Kutunun içinde iki vida var.\n", to=rcpt, subject=SUBJECT)
    assert "sensitive-content" not in rules_found(run_policy(raw, rcpt))


# Unseen messages written in rounds while the lists grew (each round measured before
# fixing it): whole messages, with the rules that must and must not be found.
WORD_RULES = ["confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"]
ROUNDS = [
    (['confirmation-only'], [],
     'Hallo Femke,\n\nJe bestelling is vandaag de deur uit gegaan en '
     'wordt morgen door DHL bezorgd. Via de link in de mail van '
     'DHL kun je het pakket volgen.\n\nGroetjes,\nTeam Kaarsenhuis'),
    (['confirmation-only'], [],
     'Beste klant,\n\nUw pakket is afgeleverd bij het afhaalpunt. U '
     'kunt het daar tot en met vrijdag ophalen.\n\nMet vriendelijke '
     'groet,\nShop'),
    (['thanks-only'], [],
     'Beste Jan,\n\nWat leuk dat je bij ons een bestelling hebt '
     'geplaatst! Ons kleine team heeft je pakketje met veel liefde '
     'ingepakt. Geniet ervan!\n\nLiefs,\nAnne'),
    (['review-incentive'], [],
     'Beste klant,\n\nWilt u ons helpen door een eerlijke review '
     'achter te laten? Als dank sturen wij u een tegoedbon van 5 '
     'euro.\n\nGroet,\nShop'),
    (['review-removal'], [],
     'Beste klant,\n\nKunt u uw 1-sterbeoordeling misschien '
     'aanpassen nu de nieuwe lamp is aangekomen?\n\nGroet,\nShop'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Beste klant,\n\nHelaas kunnen wij de stoel niet leveren, want '
     'onze leverancier is failliet. Wij verzoeken u vriendelijk de '
     'bestelling te annuleren.\n\nGroet,\nShop'),
    ([], ['cancellation-request'],
     'Beste klant,\n\nOmdat het product niet meer leverbaar is, '
     'hebben wij uw bestelling geannuleerd. U ontvangt het '
     'volledige bedrag binnen enkele dagen terug via Amazon.\n\n'
     'Groet,\nShop'),
    (['promotional'], [],
     'Hoi!\n\nBekijk ook eens onze andere producten in de '
     'Amazon-winkel; met code ZOMER20 krijg je 20% korting.\n\n'
     'Groetjes'),
    ([], WORD_RULES,
     'Beste meneer De Vries,\n\nUw tafel is klaar in de werkplaats. '
     'Omdat hij 60 kg weegt, komt de vervoerder hem brengen. Welke '
     'dag past u volgende week het best: dinsdag of donderdag?\n\n'
     'Met vriendelijke groet,\nHoutatelier'),
    ([], WORD_RULES,
     'Beste klant,\n\nBij uw bestelling zat per ongeluk de verkeerde '
     'kleur kussenhoes. Wij sturen u vandaag kosteloos de juiste '
     'hoes; de andere mag u houden.\n\nExcuses voor het ongemak,\n'
     'Shop'),
    ([], WORD_RULES,
     'Hoi Sanne,\n\nDe theepot is gisteren verstuurd. Let op: de '
     'deksel zit apart verpakt in het kleine doosje, zodat hij '
     'niet kan breken.\n\nGroetjes,\nAnne'),
    ([], WORD_RULES,
     'Beste klant,\n\nWe hopen dat de kussens goed zijn aangekomen. '
     'Zou u de tijd willen nemen om een review te schrijven op '
     'Amazon? Wij lezen alle reacties.\n\nGroet,\nShop'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Hoi Tom,\n\nDe lamp is helaas uitverkocht. Zou je de '
     'bestelling zelf willen annuleren via je account?\n\nGroetjes'),
    (['review-incentive'], [],
     'Beste klant,\n\nIs alles naar wens? Dan zouden we een '
     'positieve beoordeling zeer op prijs stellen!\n\nGroet'),
    (['review-gating'], [],
     'Beste klant,\n\nAls u tevreden bent, laat dan een review '
     'achter. Bent u niet tevreden, neem dan eerst contact met ons '
     'op.\n\nGroet'),
    (['promotional'], [],
     'Beste klant,\n\nOnze zomeruitverkoop is begonnen: tot 50% '
     'korting op alle plaids!\n\nGroet'),
    (['promotional'], [],
     'Beste klant,\n\nVolg ons op Instagram voor de nieuwste '
     'kleuren.\n\nGroet'),
    (['sensitive-content'], [],
     'Beste klant,\n\nStuur ons even een foto van uw bankpas zodat '
     'we het bedrag kunnen terugstorten.\n\nGroet'),
    ([], ['confirmation-only'],
     'Hoi Eva,\n\nJe pakket wordt morgen bezorgd. Ben je niet thuis? '
     'Dan kun je via PostNL een andere dag kiezen.\n\nGroetjes'),
    (['promotional'], [],
     'Hoi,\n\nDe bijpassende kussens vind je in onze merkwinkel op '
     'Amazon. Limited edition, dus wees er snel bij!\n\nGroetjes'),
    ([], WORD_RULES,
     'Beste klant,\n\nWe hebben u een gratis vervangend onderdeel '
     'gestuurd. Als u tijd heeft, zouden we een eerlijke review op '
     'prijs stellen.\n\nGroet'),
    (['missing-adjustment'], [],
     'Beste klant,\n\nHet spijt ons, maar de stoel is uitverkocht. '
     'We zullen u terugbetalen zodra u de bestelling heeft '
     'geannuleerd.\n\nGroet'),
    ([], [],
     'Beste klant,\n\nWat een onzin, u bent gewoon een oplichter en '
     'een leugenaar.\n\nGroet'),
    (['unsubscribe-link'], [],
     'Beste klant,\n\nKlik hier om je af te melden voor onze '
     'nieuwsbrief.\n\nGroet'),
    ([], WORD_RULES,
     'Beste klant,\n\nBent u niet tevreden over de kleur? Dan kunt u '
     'de plaid binnen 30 dagen retourneren via Uw bestellingen.\n\n'
     'Groet'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Beste klant,\n\nZoals gevraagd hebben we uw bestelling '
     'geannuleerd; het bedrag wordt door Amazon teruggestort.\n\n'
     'Groet'),
    (['promotional'], [],
     'Beste klant,\n\nBestel de volgende keer direct via onze '
     'website, dan krijgt u 10% korting.\n\nGroet'),
    (['review-removal'], [],
     'Beste klant,\n\nWilt u uw beoordeling nog eens heroverwegen? '
     'We hebben de lamp inmiddels vervangen.\n\nGroet'),
    (['confirmation-only'], [],
     'Lieve Marieke,\n\nJouw kaarsen zijn vandaag met liefde '
     'ingepakt en liggen nu bij de postbode. Nog een paar nachtjes '
     'slapen!\n\nLiefs,\nNina van Lichtpuntje'),
    (['thanks-only'], [],
     'Beste klant,\n\nNamens ons hele team: dank u wel! Zonder '
     'klanten zoals u zou ons familiebedrijf niet bestaan. Wij '
     'wensen u fijne feestdagen.\n\nHartelijke groet,\nFamilie Jansen'),
    (['confirmation-only'], [],
     'Beste klant,\n\nUw pakket is bezorgd en door de buren in '
     'ontvangst genomen.\n\nMet vriendelijke groet,\nShop'),
    (['review-incentive'], [],
     'Hoi,\n\nLaat een review achter en krijg 10% korting op je '
     'volgende bestelling!\n\nGroetjes'),
    (['review-incentive'], [],
     'Beste klant,\n\nWij betalen het volledige aankoopbedrag terug '
     'als u ons vijf sterren geeft.\n\nGroet'),
    (['review-gating'], [],
     'Beste klant,\n\nAlleen als u helemaal tevreden bent, horen we '
     'graag uw mening op Amazon.\n\nGroet'),
    ([], WORD_RULES,
     'Beste klant,\n\nWe hebben het bedrag al teruggestort. Heeft u '
     'nog even tijd voor een review? Alle feedback, goed of '
     'slecht, is welkom.\n\nGroet'),
    (['missing-adjustment'], ['cancellation-request'],
     'Beste klant,\n\nDe fabrikant levert dit model niet meer. Wij '
     'zullen de bestelling annuleren en u ontvangt uw geld binnen '
     '3 dagen terug.\n\nGroet'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Beste klant,\n\nDe vaas is kapot aangekomen bij ons magazijn '
     'en er is geen nieuwe voorraad. We hebben de betaling '
     'volledig teruggeboekt.\n\nGroet'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Beste klant,\n\nHet product is nog 2 weken niet op voorraad; '
     'we verzenden het rond 20 mei. Wilt u niet wachten, dan mag u '
     'de bestelling annuleren.\n\nGroet'),
    (['sensitive-content'], [],
     'Beste klant,\n\nAls u die negatieve review niet weghaalt, zult '
     'u daar spijt van krijgen.\n\nGroet'),
    (['sensitive-content'], [],
     'Beste klant,\n\nVoor de terugbetaling hebben we uw pincode en '
     'inloggegevens van internetbankieren nodig.\n\nGroet'),
    (['promotional'], [],
     'Beste klant,\n\nBezoek ook eens onze winkel in Utrecht of kijk '
     'op onze Facebookpagina.\n\nGroet'),
    ([], ['sensitive-content'],
     'Beste klant,\n\nDeel nooit uw wachtwoord of pincode met '
     'iemand, ook niet met ons.\n\nGroet'),
    ([], ['sensitive-content'],
     'Beste klant,\n\nDe nieuwe lamp is onderweg. Daar zult u geen '
     'spijt van krijgen!\n\nGroet'),
    ([], WORD_RULES,
     'Beste klant,\n\nDe sterrenhemel-lamp heeft drie standen; houd '
     'de knop twee seconden ingedrukt om te wisselen. De '
     'batterijen zitten al in het apparaat.\n\nGroet'),
    ([], WORD_RULES,
     'Beste klant,\n\nIn het pakket vindt u een gratis retourlabel, '
     'mocht de maat niet passen. De korting uit de aanbieding op '
     'Amazon is al verrekend in uw factuur.\n\nGroet'),
    ([], WORD_RULES,
     'Beste klant,\n\nU hoeft de bestelling niet te annuleren: de '
     'ontbrekende schroeven sturen wij vandaag na.\n\nGroet'),
    (['cancellation-request'], [],
     'Beste klant,\n\nDe kleur is niet meer leverbaar. Het '
     'makkelijkst is als u de bestelling zelf annuleert via Uw '
     'bestellingen.\n\nGroet'),
    ([], ['cancellation-request'],
     'Beste klant,\n\nDe levering duurt helaas een week langer, tot '
     '12 juni. Liever niet wachten? Annuleren kan altijd via Uw '
     'bestellingen.\n\nGroet'),
    ([], ['cancellation-request'],
     'Beste klant,\n\nDe kleur is niet meer leverbaar. Het '
     'makkelijkst is als wij de bestelling annuleren; u krijgt het '
     'geld vandaag terug.\n\nGroet'),
    ([], ['review-gating', 'review-incentive'],
     'Beste klant,\n\nWe hopen dat u tevreden bent met de lamp. Wilt '
     'u uw ervaring delen in een review op Amazon?\n\nGroet'),
    ([], ['review-gating', 'review-incentive'],
     'Beste klant,\n\nHeeft u een probleem met uw bestelling, neem '
     'dan contact met ons op. Daarnaast kunt u, als u wilt, een '
     'review schrijven op Amazon.\n\nGroet'),
    ([], ['promotional'],
     'Beste klant,\n\nUw pakket ligt bij het PostNL-punt. Gebruik de '
     'code 4KX92M om het op te halen; de winkel bewaart het een '
     'week.\n\nGroet'),
    ([], ['promotional'],
     'Beste klant,\n\nVolg de stappen in de handleiding en gebruik '
     'de meegeleverde inbussleutel. De aanbieding van Amazon is al '
     'verwerkt in uw prijs.\n\nGroet'),
    (['review-gating'], [],
     'Beste klant,\n\nWe hopen dat de lamp u bevalt. Zo ja, laat dan '
     'een review achter op Amazon.\n\nGroet'),
    ([], ['cancellation-request'],
     'Beste klant,\n\nUw bestelling wordt later geleverd, op 20 '
     'juni. Is dat te laat voor u, annuleer de bestelling dan '
     'gerust.\n\nGroet'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"Maak het bedrag van 40 euro over naar {IBAN}, dan versturen wij de tafel meteen."
INVOICE_WITH_IBAN = f"Factuur bijgevoegd. Bankgegevens: {IBAN}. Al via Amazon betaald."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))


def test_bank_details_on_an_invoice_paid_via_amazon_are_not() -> None:
    assert "sensitive-content" not in findings(mail(INVOICE_WITH_IBAN))
