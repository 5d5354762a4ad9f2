"""`promotional`: marketing is held; free fixes, return labels and shop addresses are not."""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

RULE = "promotional"

PROMOTIONS = {
    "en": [
        f"Hello,\n\nWe hope you like the lamp from order {ORDER_ID}.\nUse code SAVE20 for "
        "20% off your next order.\n\nKind regards,\nLumen Home",
        f"Hello,\n\nYour order {ORDER_ID} is on its way.\nFollow us on Instagram to see our "
        "new arrivals first!\n\nLumen Home",
        f"Hello,\n\nAbout order {ORDER_ID}: next time you can buy directly from us at our "
        "online shop, it is cheaper on our website.\n\nLumen Home",
    ],
    "it": [
        f"Ciao,\n\ngrazie per l'ordine {ORDER_ID}.\nCon il codice ESTATE15 hai il 15% di "
        "sconto sul tuo prossimo acquisto.\n\nCasa Lume",
        f"Ciao,\n\nil tuo ordine {ORDER_ID} è in viaggio. Seguici su Instagram e scopri la "
        "nostra collezione!\n\nCasa Lume",
    ],
    "de": [
        f"Guten Tag,\n\nzu Ihrer Bestellung {ORDER_ID}: Mit dem Rabattcode HERBST10 erhalten "
        "Sie 10 % Rabatt auf Ihre nächste Bestellung in unserem Onlineshop.\n\nWohnwerk",
        f"Guten Tag,\n\nIhre Bestellung {ORDER_ID} ist unterwegs. Folgen Sie uns auf "
        "Instagram!\n\nWohnwerk",
    ],
    "fr": [
        f"Bonjour,\n\nVotre commande {ORDER_ID} est en route. Profitez de nos soldes : "
        "jusqu'à -30 % sur toute notre collection !\n\nMaison Vernet",
        f"Bonjour,\n\nPour votre prochaine commande ({ORDER_ID}), utilisez le code promo "
        "MERCI10 sur notre boutique en ligne.\n\nMaison Vernet",
    ],
    "es": [
        f"Hola:\n\nSu pedido {ORDER_ID} ya está en camino. Síganos en Instagram y descubra "
        "nuestra nueva colección.\n\nDeportes Ribera",
        f"Hola:\n\nComo agradecimiento por su pedido {ORDER_ID}, le regalamos un 10 % de "
        "descuento en su próxima compra con el código GRACIAS10.\n\nDeportes Ribera",
    ],
}

# Look-alikes from the corpus traps: free fixes, return labels, a plain shop address.
COMPLIANT = {
    "en": [
        f"Dear customer,\n\nWe dispatched a free replacement lamp for order {ORDER_ID} this "
        "morning; there is no need to send the faulty one back.\n\nKind regards,\nEleanor",
        f"Hello,\n\nYour return for order {ORDER_ID} is approved. Here is your free return "
        "label.\n\nHalden & Moss",
        f"Hello,\n\nThe full manual for order {ORDER_ID} is on our website, "
        "https://www.haldenmoss.example.\n\nHalden & Moss",
        f"Hello,\n\nYou can follow the parcel for order {ORDER_ID} with the tracking code "
        "1Z999AA10123456784.\n\nHalden & Moss",
    ],
    "it": [
        f"Gentile cliente,\n\nil set dell'ordine {ORDER_ID} è arrivato rotto: ti invieremo "
        "gratuitamente un nuovo set.\n\nBottega Vetrani",
        f"Buongiorno,\n\nper il reso dell'ordine {ORDER_ID} trovi l'etichetta di reso "
        "gratuita in I miei ordini su Amazon.\n\nCasa Lume",
    ],
    "de": [
        f"Guten Tag,\n\nIm Garantiefall tauscht der Hersteller das Gerät aus Bestellung "
        f"{ORDER_ID} kostenlos aus.\n\nGartenhaus Vogler",
        f"Guten Tag,\n\nwir senden Ihnen für Bestellung {ORDER_ID} ein kostenloses "
        "Rücksendeetikett.\n\nKaffeewerk Hansen",
    ],
    "fr": [
        f"Bonjour,\n\nNous vous avons envoyé gratuitement un miroir de remplacement pour la "
        f"commande {ORDER_ID}.\n\nMaison Vernet",
        f"Bonjour,\n\nVoici quelques conseils d'entretien pour votre commande {ORDER_ID}. "
        "Notre site : https://www.lingedeprovence.example\n\nLinge de Provence",
    ],
    "es": [
        f"Hola:\n\nEl fabricante le enviará una etiqueta de envío gratuita para el reloj del "
        f"pedido {ORDER_ID}.\n\nDeportes Ribera",
        f"Hola:\n\nPuede seguir su pedido {ORDER_ID} con el código de seguimiento "
        "02913845520178.\n\nCerámicas Olmedo",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in PROMOTIONS.items() for text in texts])
def test_marketing_is_held(lang: str, text: str) -> None:
    decision = run_policy(build_message(text, to=BUYERS[lang]), BUYERS[lang])
    assert RULE in rules_found(decision)


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in COMPLIANT.items() for text in texts])
def test_free_fixes_and_plain_shop_addresses_are_not_marketing(lang: str, text: str) -> None:
    decision = run_policy(build_message(text, to=BUYERS[lang]), BUYERS[lang])
    assert RULE not in rules_found(decision)


def test_the_finding_names_each_phrase_and_what_it_is() -> None:
    decision = run_policy(build_message(PROMOTIONS["it"][0], to=BUYERS["it"]), BUYERS["it"])
    detail = next(f.detail for f in decision.findings if f.rule == RULE)
    assert "'Con il codice ESTATE15' (discount code)" in detail
    assert "(discount offered)" in detail


def test_a_promotional_subject_is_held() -> None:
    raw = build_message(f"Hello,\n\nYour order {ORDER_ID} has a new delivery date.\n\nOakline",
                        subject=f"Order {ORDER_ID}: Black Friday starts now")
    assert RULE in rules_found(run_policy(raw))


def test_html_promotion_is_held() -> None:
    html = (f"<p>Bonjour,</p><p>Votre commande {ORDER_ID} est arrivée ?</p>"
            "<p>Suivez-nous sur Instagram !</p>")
    decision = run_policy(build_message(html=html, to=BUYERS["fr"]), BUYERS["fr"])
    assert RULE in rules_found(decision)
