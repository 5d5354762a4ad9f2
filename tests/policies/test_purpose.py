"""The purpose classifier: what each message is mostly about, in every language."""

from __future__ import annotations

import pytest

from policies import purpose
from policies.message import MessageView
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, run_policy

CASES = [
    # English
    ("en", f"Delivery update for order {ORDER_ID}",
     "The carrier has reported a delay at its sorting center. The new estimated delivery "
     "date is March 11. If the parcel has not arrived by March 14, we will refund the order.",
     "delivery-delay"),
    ("en", f"Invoice for order {ORDER_ID}",
     "As requested, please find attached the VAT invoice for your order.", "invoice"),
    ("en", f"Your throw, order {ORDER_ID}",
     "Would you take a minute to review the throw on Amazon? Whether positive or negative, "
     "your honest feedback helps other customers.", "review-request"),
    ("en", f"Your return for order {ORDER_ID}",
     "We received the skillet you returned and have refunded the full amount.", "return"),
    ("en", f"Missing hardware pack, order {ORDER_ID}",
     "The hardware pack was left out of the box. We are sorry and sent it today.",
     "order-problem"),
    ("en", f"Your cushion covers, order {ORDER_ID}",
     "Please wash them inside out at 30 degrees and do not tumble dry.", "additional-info"),
    ("en", f"Order {ORDER_ID}", "Thank you for your order!", "other"),
    # Italian
    ("it", f"Il tuo ordine {ORDER_ID} è in ritardo",
     "Il corriere ci ha comunicato un ritardo. Se il pacco non arriva entro il 21 marzo, ti "
     "rimborseremo l'importo.", "delivery-delay"),
    ("it", f"Bozza dell'incisione per l'ordine {ORDER_ID}",
     "Qui sotto trovi l'anteprima dell'incisione per il tagliere personalizzato.",
     "custom-design"),
    ("it", f"Assistenza in garanzia per l'ordine {ORDER_ID}",
     "La macchina è coperta dalla garanzia del produttore. Se preferisci, puoi richiedere il "
     "reso su Amazon.", "warranty"),
    ("it", f"Istruzioni di montaggio per l'ordine {ORDER_ID}",
     "Ti inviamo le istruzioni di montaggio complete.", "additional-info"),
    # German
    ("de", f"Liefertermin für Ihr Ecksofa – Bestellung {ORDER_ID}",
     "Die Spedition benötigt einen festen Termin. Wir können Ihnen folgende Termine anbieten.",
     "delivery-scheduling"),
    ("de", f"Rechnung zu Ihrer Bestellung {ORDER_ID}",
     "Vielen Dank für Ihre Bestellung. Anbei erhalten Sie die Rechnung.", "invoice"),
    ("de", f"Ihre Bestellung {ORDER_ID}: Artikel derzeit nicht vorrätig",
     "Die Beläge sind derzeit nicht vorrätig. Unser Lieferant kann uns noch keinen neuen "
     "Liefertermin nennen.", "order-problem"),
    ("de", f"Ihre Rücksendung zur Bestellung {ORDER_ID}",
     "Ihre Rücksendung ist eingegangen; wir haben Ihnen eine Teilerstattung überwiesen.",
     "return"),
    # French
    ("fr", f"Bon à tirer de votre mug personnalisé – commande {ORDER_ID}",
     "Vous trouverez ci-joint le bon à tirer de votre mug.", "custom-design"),
    ("fr", f"Rendez-vous de livraison – commande {ORDER_ID}",
     "Le transporteur doit convenir d'un rendez-vous avec vous. Voici les créneaux.",
     "delivery-scheduling"),
    ("fr", f"Miroir endommagé – commande {ORDER_ID}",
     "Le miroir est arrivé avec le verre fêlé. Nous vous avons envoyé un miroir de "
     "remplacement.", "order-problem"),
    ("fr", f"Votre avis sur le plaid – commande {ORDER_ID}",
     "Pourriez-vous partager votre avis sur ce produit sur Amazon ?", "review-request"),
    # Spanish
    ("es", f"Factura del pedido {ORDER_ID}",
     "Le enviamos adjunta la factura de su pedido.", "invoice"),
    ("es", f"Garantía de su reloj – pedido {ORDER_ID}",
     "El reloj tiene dos años de garantía del fabricante. También puede solicitar una "
     "devolución desde Mis pedidos.", "warranty"),
    ("es", f"Retraso en la entrega del pedido {ORDER_ID}",
     "La empresa de transporte nos informa de un retraso. Si no lo ha recibido el 17 de "
     "abril, le reembolsaremos el pedido.", "delivery-delay"),
    ("es", f"Cómo cuidar su vajilla – pedido {ORDER_ID}",
     "Le recomendamos evitar los cambios bruscos de temperatura; puede consultar los "
     "cuidados en nuestra guía.", "additional-info"),
]


def classify(text: str, subject: str, lang: str) -> str:
    return purpose.classify(MessageView.parse(build_message(text, subject=subject,
                                                            to=BUYERS[lang])))


@pytest.mark.parametrize(("lang", "subject", "text", "expected"), CASES)
def test_purpose(lang: str, subject: str, text: str, expected: str) -> None:
    assert classify(text, subject, lang) == expected


def test_every_language_is_covered() -> None:
    assert {case[0] for case in CASES} == {"en", "it", "de", "fr", "es"}


def test_a_review_request_inside_a_return_message_is_a_review_request() -> None:
    text = ("We received your return and refunded the full amount. If you have a moment, "
            "please leave a review of your experience on Amazon.")
    assert classify(text, f"Your return, order {ORDER_ID}", "en") == "review-request"


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Thank you for your feedback about the lid; we have passed it to the factory."),
    ("it", "Grazie per il tuo feedback sul coperchio: lo abbiamo girato al produttore."),
    ("de", "Danke für Ihr Feedback zum Deckel, wir haben es an den Hersteller weitergegeben."),
])
def test_thanking_for_feedback_is_not_a_review_request(lang: str, text: str) -> None:
    # The review ledger counts review requests per order: a mention must not use it up.
    assert classify(text, f"Order {ORDER_ID}", lang) != "review-request"


def test_the_engine_reports_the_purpose() -> None:
    raw = build_message("Please find attached the invoice for your order.",
                        subject=f"Invoice for order {ORDER_ID}")
    assert run_policy(raw).purpose == "invoice"
