"""cancellation-request and missing-adjustment in five languages, with the look-alikes:
the seller cancelling and refunding itself, the buyer's quoted question about
cancelling, delay notices with a new date, refunds promised only for later."""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

SUBJECT = "Order 405-1234567-7654321"


def findings(text: str, lang: str, **headers: str) -> set[str]:
    raw = build_message(text=f"Hello,\n\n{text}\n\nThe shop\n", to=BUYERS[lang],
                        subject=SUBJECT, headers=headers or None)
    return rules_found(run_policy(raw, BUYERS[lang]))


CANCELLATION_REQUESTS = [
    ("en", "We found a pricing error on the bike. Please cancel the order from Your Orders."),
    ("en", "You will need to request a cancellation of the order in your Amazon account."),
    ("en", "The lamp is out of stock. You can cancel the order from Your Orders."),
    ("de", "Bitte stornieren Sie die Bestellung über Ihr Amazon-Konto."),
    ("de", "Leider ist der Artikel ausverkauft, daher bitten wir Sie, die Bestellung zu "
           "stornieren."),
    ("fr", "Merci d'annuler la commande depuis votre compte Amazon."),
    ("fr", "Le tapis est épuisé : nous vous prions de demander l'annulation de la commande."),
    ("it", "Ti chiediamo gentilmente di annullare l'ordine dalla pagina I miei ordini."),
    ("es", "Le rogamos que solicite la cancelación del pedido desde Mis pedidos."),
    ("es", "El artículo está agotado; puede cancelar el pedido desde Mis pedidos."),
]


@pytest.mark.parametrize(("lang", "text"), CANCELLATION_REQUESTS)
def test_asking_the_buyer_to_cancel_is_held(lang: str, text: str) -> None:
    assert "cancellation-request" in findings(text, lang)


SELLER_CANCELLED = [
    ("en", "The lamp is out of stock, so we have cancelled your order and refunded the full "
           "amount. There is no need to cancel anything yourself."),
    ("en", "The parcel is delayed; the new estimated delivery date is March 11. If you "
           "prefer not to wait, you can cancel the order."),
    ("de", "Der Artikel ist nicht mehr lieferbar. Wir haben Ihre Bestellung storniert und "
           "Ihnen den vollen Betrag erstattet. Sie müssen nichts stornieren."),
    ("fr", "Comme vous nous l'avez demandé, nous avons annulé votre commande. Le "
           "remboursement intégral de 32,80 € a été effectué aujourd'hui."),
    ("it", "La lampada è esaurita: abbiamo quindi annullato l'ordine e rimborsato l'intero "
           "importo. Non è necessario annullare nulla."),
    ("es", "La fuente se ha agotado. Por este motivo hemos cancelado el pedido y le hemos "
           "reembolsado el importe íntegro."),
]


OTHER_REQUESTS = [
    ("it", "Per favore richiedi il reso dalla pagina I miei ordini."),
    ("es", "Por favor, solicite la devolución desde Mis pedidos."),
    ("en", "Please request a return from Your Orders; the order does not need to be "
           "cancelled."),
]


@pytest.mark.parametrize(("lang", "text"), OTHER_REQUESTS)
def test_asking_for_a_return_is_not_a_cancellation_request(lang: str, text: str) -> None:
    assert "cancellation-request" not in findings(text, lang)


@pytest.mark.parametrize(("lang", "text"), SELLER_CANCELLED)
def test_the_seller_cancelling_itself_is_not_a_request(lang: str, text: str) -> None:
    found = findings(text, lang)
    assert not found & {"cancellation-request", "missing-adjustment"}


def test_the_buyers_quoted_question_about_cancelling_is_not_the_sellers_text() -> None:
    text = ("Yes, we have cancelled the order and refunded it in full.\n\n"
            "On 27/04/2025 21:14, Amazon customer wrote:\n"
            "> Could you please cancel the order? Should I cancel it myself?\n")
    found = findings(text, "en", **{"In-Reply-To": "<q@marketplace.amazon.co.uk>"})
    assert "cancellation-request" not in found


UNFULFILLED_WITHOUT_ADJUSTMENT = [
    ("en", "Unfortunately the kettle is out of stock and we cannot ship your order. We will "
           "let you know as soon as we know more."),
    ("en", "The kettle has been discontinued. Once you cancel the order, you will be "
           "refunded."),
    ("de", "Leider sind die Bremsbeläge derzeit nicht vorrätig und wir können die Bestellung "
           "momentan nicht versenden. Unser Lieferant kann uns noch keinen neuen Liefertermin "
           "nennen."),
    ("fr", "Le tapis est en rupture de stock et nous ne pouvons pas expédier votre commande. "
           "Nous vous rembourserons dès que vous aurez annulé la commande."),
    ("it", "La cassettiera non è più disponibile e non riusciamo a spedirla. Appena "
           "l'ordine risulterà annullato, chiuderemo la pratica."),
    ("es", "El artículo está agotado y no podemos enviar su pedido. Le reembolsaremos el "
           "importe más adelante."),
]


@pytest.mark.parametrize(("lang", "text"), UNFULFILLED_WITHOUT_ADJUSTMENT)
def test_out_of_stock_without_a_confirmed_refund_is_held(lang: str, text: str) -> None:
    assert "missing-adjustment" in findings(text, lang)


ADJUSTED_OR_DELAYED = [
    ("en", "The kettle is out of stock. We have cancelled your order and issued a full "
           "refund."),
    ("en", "The kettle is out of stock until next week; it will ship on March 20."),
    ("de", "Der Artikel ist derzeit nicht vorrätig, wird aber voraussichtlich am 20. April "
           "wieder geliefert."),
    ("de", "Der Artikel ist ausverkauft. Wir haben Ihnen den vollen Betrag erstattet."),
    ("fr", "Le tapis est en rupture de stock. La nouvelle date de livraison est le 20 avril."),
    ("fr", "Le tapis est épuisé : nous avons annulé votre commande et vous avez été "
           "remboursé."),
    ("it", "L'articolo è esaurito: abbiamo annullato l'ordine e rimborsato l'intero importo."),
    ("it", "L'articolo è esaurito, ma sarà di nuovo disponibile dal 20 aprile: la nuova "
           "data di consegna è il 24 aprile."),
    ("es", "El artículo está agotado; hemos cancelado el pedido y le hemos reembolsado el "
           "importe."),
    ("es", "El artículo está agotado, pero estará disponible el 20 de abril: la nueva fecha "
           "de entrega es el 24 de abril."),
    ("de", "Ihr Paket ist unterwegs; die Sendungsverfolgung ist noch nicht verfügbar."),
    ("it", "Il pacco è partito; il numero di tracciamento non è ancora disponibile."),
    ("fr", "Votre colis est parti ; le suivi n'est pas encore disponible."),
    ("en", "Your parcel has left; we cannot send paper invoices by post."),
]


@pytest.mark.parametrize(("lang", "text"), ADJUSTED_OR_DELAYED)
def test_confirmed_refunds_and_delay_notices_pass(lang: str, text: str) -> None:
    assert "missing-adjustment" not in findings(text, lang)
