"""`confirmation-only` and `thanks-only`: held only when nothing in the message has a purpose."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

CONFIRMATION = "confirmation-only"
THANKS = "thanks-only"

CONFIRMATIONS = {
    "en": f"Hello,\n\nYour order {ORDER_ID} has been dispatched today.\n"
          "Carrier: DPD\nTracking number: 15501234567890\n\nKind regards,\nLumen Home",
    "it": f"Buongiorno,\n\nil tuo ordine {ORDER_ID} è stato spedito oggi.\n"
          "Corriere: BRT\nNumero di tracciamento: 084012345678\n\nCordiali saluti,\nCasa Lume",
    "de": f"Guten Tag,\n\nIhre Bestellung {ORDER_ID} wurde heute versandt.\n"
          "Sendungsnummer: 00340434161234567890\nVoraussichtliche Zustellung: Mittwoch\n\n"
          "Mit freundlichen Grüßen\nHolzwerk Brandauer",
    "fr": f"Bonjour,\n\nVotre commande {ORDER_ID} a été expédiée aujourd'hui.\n"
          "Transporteur : Colissimo\nNuméro de suivi : 6A12345678901\n\nCordialement,\n"
          "Maison Vernet",
    "es": f"Hola:\n\nSu pedido {ORDER_ID} ha sido enviado.\nTransportista: SEUR\n"
          "Número de seguimiento: 02913845520178\n\nUn saludo,\nCerámicas Olmedo",
}

THANKS_NOTES = {
    "en": f"Hi Anna,\n\nThank you so much for your order {ORDER_ID}! We hope you enjoy your "
          "new lamp.\nIf you have any questions, please don't hesitate to contact us.\n\n"
          "Best regards,\nLumen Home",
    "it": f"Ciao Marco,\n\ngrazie mille per il tuo acquisto ({ORDER_ID})! Speriamo che la "
          "lampada ti piaccia.\nPer qualsiasi domanda siamo a tua disposizione.\n\n"
          "Un caro saluto,\nCasa Lume",
    "de": f"Hallo Frau Berger,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}! Wir hoffen, der "
          "Tisch gefällt Ihnen.\nBei Fragen stehen wir Ihnen gerne zur Verfügung.\n\n"
          "Viele Grüße\nWohnwerk Lindholm",
    "fr": f"Bonjour Madame,\n\nMerci beaucoup pour votre commande {ORDER_ID} ! Nous espérons "
          "que votre plaid vous plaira.\nN'hésitez pas à nous contacter pour toute question.\n\n"
          "Belle journée,\nLinge de Provence",
    "es": f"Estimada Laura:\n\nMuchas gracias por su compra ({ORDER_ID}). Esperamos que "
          "disfrute de su nueva vajilla.\nSi tiene alguna duda, no dude en contactarnos.\n\n"
          "Saludos cordiales,\nCerámicas Olmedo",
}

# Thanks and confirmations inside messages that have a purpose (POLICY.md, detail 11).
WITH_A_PURPOSE = {
    "en": [
        f"Hello,\n\nThe carrier has reported a delay for your order {ORDER_ID}. The new "
        "estimated delivery date is Tuesday, March 11.\nThank you for your patience.\n\n"
        "Kind regards,\nBrassbell Kitchen",
        f"Hello,\n\nThank you for your order {ORDER_ID}. Please note that the lamp needs an "
        "E27 bulb, which is not included.\n\nBest regards,\nLumen Home",
        f"Hello,\n\nThank you for your order {ORDER_ID}: we will ship the chair in two "
        "parcels from different warehouses, so they may arrive on different days.\n\n"
        "Kind regards,\nOakline",
        f"Hello,\n\nYour order {ORDER_ID} has shipped.\nWould you like the courier to leave "
        "it with a neighbour if you are out?\n\nKind regards,\nOakline",
        # Opens like a greeting, but says something.
        f"Hi, we will ship the second chair from Milan next week!\nThank you for your order "
        f"{ORDER_ID}.\n\nBest,\nOakline",
    ],
    "it": [
        f"Gentile cliente,\n\nil corriere ci ha comunicato un ritardo per il tuo ordine "
        f"{ORDER_ID}: la nuova data di consegna prevista è martedì 18 marzo.\n"
        "Ci scusiamo per l'inconveniente e ti ringraziamo per la pazienza.\n\nBottega Vetrani",
        f"Buongiorno,\n\ngrazie per il tuo ordine {ORDER_ID}. Ti ricordiamo di lavare i "
        "bicchieri a mano, non in lavastoviglie.\n\nCordiali saluti,\nBottega Vetrani",
    ],
    "de": [
        f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}.\nWie gewünscht erhalten "
        "Sie im Anhang die Rechnung mit ausgewiesener Mehrwertsteuer.\n\n"
        "Mit freundlichen Grüßen\nGartenhaus Vogler",
        f"Guten Tag,\n\nIhre Bestellung {ORDER_ID} wurde heute versandt, leider fehlt noch "
        "die Glasplatte; sie folgt in einem zweiten Paket.\n\nViele Grüße\nWohnwerk",
        # Opens like a sign-off, but goes on.
        f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}.\nDanke für die Fotos!\n"
        "Wir schicken Ihnen morgen einen neuen Deckel.\n\nViele Grüße\nWohnwerk",
    ],
    "fr": [
        f"Bonjour,\n\nVotre nappe (commande {ORDER_ID}) aura quelques jours de retard.\n"
        "Elle devrait vous parvenir d'ici le 15 avril.\nMerci pour votre patience.\n\n"
        "Cordialement,\nLinge de Provence",
        f"Bonjour,\n\nMerci pour votre commande {ORDER_ID} ! Voici quelques conseils "
        "d'entretien : lavez le lin à 40 °C maximum.\n\nCordialement,\nLinge de Provence",
    ],
    "es": [
        f"Hola:\n\nSu pedido {ORDER_ID} llegará con retraso por una avería en nuestro horno.\n"
        "La nueva fecha estimada de entrega es el viernes 23 de mayo.\n"
        "¡Gracias por su paciencia!\n\nCerámicas Olmedo",
        f"Hola:\n\nMuchas gracias por su pedido {ORDER_ID}. Le recomendamos no pasar las "
        "piezas del frigorífico al horno caliente.\n\nUn saludo,\nCerámicas Olmedo",
    ],
}


@pytest.mark.parametrize("lang", sorted(CONFIRMATIONS))
def test_a_bare_shipping_confirmation_is_held(lang: str) -> None:
    decision = run_policy(build_message(CONFIRMATIONS[lang], to=BUYERS[lang]), BUYERS[lang])
    found = rules_found(decision)
    assert CONFIRMATION in found
    assert THANKS not in found


@pytest.mark.parametrize("lang", sorted(THANKS_NOTES))
def test_a_bare_thank_you_is_held(lang: str) -> None:
    decision = run_policy(build_message(THANKS_NOTES[lang], to=BUYERS[lang]), BUYERS[lang])
    found = rules_found(decision)
    assert THANKS in found
    assert CONFIRMATION not in found


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in WITH_A_PURPOSE.items() for text in texts])
def test_thanks_and_confirmations_inside_a_real_message_pass(lang: str, text: str) -> None:
    decision = run_policy(build_message(text, to=BUYERS[lang]), BUYERS[lang])
    assert not rules_found(decision) & {CONFIRMATION, THANKS}


def test_the_finding_names_the_phrases() -> None:
    decision = run_policy(build_message(CONFIRMATIONS["en"]))
    detail = next(f.detail for f in decision.findings if f.rule == CONFIRMATION)
    assert "'has been dispatched'" in detail
    assert "'Tracking number'" in detail


def test_html_only_thank_you_is_held() -> None:
    html = (f"<html><body><p>Dear customer,</p><p>Thank you for your order {ORDER_ID}!</p>"
            "<p>We are here to help if you need anything.</p><p>Kind regards,<br>Oakline</p>"
            "</body></html>")
    assert THANKS in rules_found(run_policy(build_message(html=html)))


def test_a_reply_answers_the_buyer_and_is_not_held() -> None:
    raw = build_message(THANKS_NOTES["en"],
                        headers={"In-Reply-To": "<q1@marketplace.amazon.co.uk>"})
    assert not rules_found(run_policy(raw)) & {CONFIRMATION, THANKS}


def test_a_subject_that_names_a_purpose_is_not_held() -> None:
    raw = build_message(THANKS_NOTES["en"], subject=f"Invoice for your order {ORDER_ID}")
    assert THANKS not in rules_found(run_policy(raw))


def test_an_attached_document_is_a_purpose() -> None:
    message = EmailMessage()
    message["From"] = "Shop <support@shop.example>"
    message["To"] = BUYERS["de"]
    message["Subject"] = f"Bestellung {ORDER_ID}"
    message["Message-ID"] = "<doc@shop.example>"
    message.set_content(f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}!\n\n"
                        "Viele Grüße\nWohnwerk")
    message.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf",
                           filename="Rechnung.pdf")
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    assert THANKS not in rules_found(run_policy(raw, BUYERS["de"]))
