"""review-incentive, review-removal, review-gating: each in five languages, with the
compliant look-alikes real sellers write (neutral requests, "positive or negative",
refunds and free replacements that are not tied to a review)."""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

ORDER = "Bestellung/order 405-1234567-7654321"


def findings(text: str, lang: str, subject: str = f"Order {ORDER}") -> set[str]:
    return rules_found(run_policy(build_message(text=text, to=BUYERS[lang], subject=subject),
                                  BUYERS[lang]))


INCENTIVES = [
    ("en", "If you leave a 5-star review on Amazon, we will refund $10 of your order."),
    ("en", "Could you write a review of the kettle on Amazon? In return we will refund "
           "the shipping costs."),
    ("en", "We'd like to offer you a $20 gift card. All we ask in return is an honest "
           "review."),
    ("en", "Please give our kettle five stars on Amazon."),
    ("de", "Als Dankeschön schicken wir Ihnen nach Ihrer Bewertung einen Gutschein über 10 €."),
    ("de", "Bitte bewerten Sie den Artikel auf Amazon. Im Gegenzug erhalten Sie 15 % Rabatt "
           "auf Ihre nächste Bestellung."),
    ("de", "Wir würden uns über eine 5-Sterne-Bewertung sehr freuen."),
    ("fr", "Laissez-nous un avis sur Amazon. En échange, nous vous offrirons un bon d'achat "
           "de 10 €."),
    ("fr", "Merci de nous laisser un avis positif sur Amazon."),
    ("it", "Ti chiediamo di lasciare una recensione su Amazon. In cambio riceverai un buono "
           "regalo di 10 €."),
    ("it", "Se lasci una recensione ti rimborseremo 5 € sul prossimo ordine."),
    ("it", "Ti saremmo grati se volessi lasciarci una recensione a 5 stelle."),
    ("es", "Si deja una reseña de cinco estrellas, le reembolsaremos 10 €."),
    ("es", "Por favor, escriba una reseña en Amazon. A cambio le enviaremos un producto "
           "gratis."),
]


@pytest.mark.parametrize(("lang", "text"), INCENTIVES)
def test_incentive_and_positive_requests_are_held(lang: str, text: str) -> None:
    assert "review-incentive" in findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)


NEUTRAL_REQUESTS = [
    ("en", "Would you take a minute to review the throw on Amazon? Whether positive or "
           "negative, your honest feedback helps other customers choose."),
    ("en", "We dispatched a free replacement lamp this morning. We have refunded the "
           "shipping costs. If you have a moment, please leave a review on Amazon."),
    ("de", "Ob positiv oder negativ: Ihre ehrliche Bewertung hilft anderen Kunden. Wir senden "
           "Ihnen ein kostenloses Rücksendeetikett."),
    ("de", "Wir haben Ihnen 24,00 € erstattet. Wenn Sie einen Moment Zeit haben, würden wir "
           "uns über eine Bewertung freuen."),
    ("fr", "Pourriez-vous partager votre avis sur ce produit ? Qu'il soit positif ou "
           "négatif, un avis positif ou négatif aide les autres clients."),
    ("fr", "Le remboursement intégral a été effectué. Si vous avez un moment, laissez un "
           "avis sur Amazon."),
    ("it", "Che sia positiva o negativa, la tua recensione sincera aiuta gli altri clienti. "
           "Una recensione positiva o negativa è sempre utile."),
    ("it", "Ti abbiamo inviato gratuitamente un ricambio. Se hai un momento, lasciaci una "
           "recensione."),
    ("es", "Tanto si es positiva como negativa, su opinión sincera ayuda a otros clientes. "
           "Una reseña positiva o negativa nos ayuda a mejorar."),
    ("es", "Le hemos reembolsado los gastos de envío. Si tiene un momento, nos encantaría "
           "que dejara una reseña."),
    ("fr", "Nous prenons bonne note de votre remarque. Merci de nous laisser un avis sur "
           "Amazon si vous avez un moment."),
    ("es", "Tomamos buena nota de su comentario. Por favor, deje una reseña si lo desea."),
]


@pytest.mark.parametrize(("lang", "text"), NEUTRAL_REQUESTS)
def test_neutral_review_requests_pass(lang: str, text: str) -> None:
    found = findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)
    assert not found & {"review-incentive", "review-removal", "review-gating"}


def test_incentive_in_the_subject_is_held() -> None:
    assert "review-incentive" in findings(
        "Guten Tag,\n\nwir hoffen, die Mühle gefällt Ihnen.\n", "de",
        subject=f"10-€-Gutschein für Ihre Bewertung – {ORDER}")


def test_a_free_replacement_is_not_an_incentive() -> None:
    text = ("Dear customer,\n\nWe dispatched a free replacement lamp this morning; there is "
            "no need to send the faulty one back.\n\nKind regards\n")
    assert "review-incentive" not in findings(text, "en")


REMOVALS = [
    ("en", "Now that the problem has been solved, would you please remove your review, or "
           "update it?"),
    ("en", "Could you change your one-star rating now that the replacement has arrived?"),
    ("de", "Könnten Sie Ihre 1-Sterne-Bewertung bitte löschen oder ändern?"),
    ("fr", "Pourriez-vous modifier votre avis maintenant que le problème est résolu ?"),
    ("it", "Ti saremmo grati se volessi rimuovere il feedback o modificarlo."),
    ("es", "¿Podría eliminar su valoración negativa ahora que el problema está resuelto?"),
]


@pytest.mark.parametrize(("lang", "text"), REMOVALS)
def test_asking_to_remove_or_change_a_review_is_held(lang: str, text: str) -> None:
    assert "review-removal" in findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)


REMOVAL_LOOKALIKES = [
    ("en", "We have updated the shipping address of your order. We will update you once we "
           "review your claim. Your review helps us improve."),
    ("de", "Wir haben Ihre Lieferadresse geändert. Ihre Bewertung hilft uns, unsere Produkte "
           "zu verbessern."),
    ("fr", "Nous avons modifié l'adresse de livraison. Merci pour votre avis."),
    ("it", "Abbiamo modificato l'indirizzo di consegna. Grazie per la tua recensione."),
    ("es", "Hemos cambiado la dirección de entrega. Gracias por su reseña."),
]


@pytest.mark.parametrize(("lang", "text"), REMOVAL_LOOKALIKES)
def test_changing_other_things_is_not_review_removal(lang: str, text: str) -> None:
    assert "review-removal" not in findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)


GATINGS = [
    ("en", "If you are happy with your purchase, please leave a review on Amazon."),
    ("en", "If anything is wrong, please contact us before leaving a review."),
    ("de", "Wenn Sie zufrieden sind, freuen wir uns über eine Bewertung auf Amazon."),
    ("fr", "Si le produit vous a plu, laissez-nous un avis sur Amazon."),
    ("it", "Se sei soddisfatto del prodotto, lasciaci una recensione su Amazon."),
    ("es", "Si le ha gustado el producto, déjenos una reseña en Amazon."),
]


@pytest.mark.parametrize(("lang", "text"), GATINGS)
def test_reviews_asked_only_from_satisfied_buyers_are_held(lang: str, text: str) -> None:
    assert "review-gating" in findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)


GATING_LOOKALIKES = [
    ("en", "If you would like to share your experience, please leave a review. If you like, "
           "you can also add a photo to your review."),
    ("en", "If you are not satisfied with the product, you can return it within 30 days. "
           "If you have a moment, please leave a review."),
    ("de", "Falls Sie nicht zufrieden sind, können Sie den Artikel zurückgeben. Wenn Sie "
           "einen Moment Zeit haben, würden wir uns über eine Bewertung freuen."),
    ("fr", "Si vous avez un moment, pourriez-vous partager votre avis ? Si le produit ne "
           "vous convient pas, vous pouvez le retourner."),
    ("it", "Se hai un momento, ti chiediamo di lasciare una recensione. Se non sei "
           "soddisfatto, puoi restituire l'articolo."),
    ("es", "Si tiene un momento, nos encantaría que dejara una reseña. Si no está "
           "satisfecho, puede devolver el artículo."),
]


@pytest.mark.parametrize(("lang", "text"), GATING_LOOKALIKES)
def test_unconditional_requests_and_return_offers_are_not_gating(lang: str, text: str) -> None:
    assert "review-gating" not in findings(f"Hello,\n\n{text}\n\nThe shop\n", lang)
