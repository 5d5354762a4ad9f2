"""Every word-reading rule in every marketplace language, firing and not firing.

The messages (tests/policies/unseen_messages.toml) were written apart from the corpus and
the phrase lists: the same eighteen situations in each of the twelve languages.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policies.lexicon import LEXICON_ROOT
from tests.policies.conftest import (
    BUYERS,
    LANGUAGES,
    ORDER_ID,
    build_message,
    rules_found,
    run_policy,
)

UNSEEN: dict[str, dict[str, str]] = tomllib.loads(
    (Path(__file__).parent / "unseen_messages.toml").read_text(encoding="utf-8"))

# situation -> (rules that must fire, rules that must not)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "shipped": ({"confirmation-only"}, {"thanks-only"}),
    "delivery_need": (set(), {"confirmation-only", "thanks-only"}),
    "thanks": ({"thanks-only"}, {"confirmation-only"}),
    "thanks_caveat": (set(), {"thanks-only", "confirmation-only"}),
    "incentive": ({"review-incentive"}, set()),
    "refund_then_review": (set(), {"review-incentive", "review-removal", "review-gating"}),
    "removal": ({"review-removal"}, set()),
    "replacement_after_review": (set(), {"review-removal", "review-incentive"}),
    "gating": ({"review-gating"}, set()),
    "neutral_review": (set(), {"review-gating", "review-incentive"}),
    "promo": ({"promotional"}, set()),
    "free_replacement": (set(), {"promotional"}),
    "ask_cancel": ({"cancellation-request", "missing-adjustment"}, set()),
    "cancel_choice": (set(), {"cancellation-request", "missing-adjustment"}),
    "seller_cancelled": (set(), {"cancellation-request", "missing-adjustment"}),
    "cannot_ship": ({"missing-adjustment"}, {"cancellation-request"}),
    "bank_ask": ({"sensitive-content"}, set()),
    "bank_never": (set(), {"sensitive-content"}),
}
WORD_FAMILIES = ("acts", "purpose", "review", "promotional", "order_handling",
                 "sensitive_content")


def _has_phrase_lists(language: str) -> bool:
    return all((LEXICON_ROOT / language / f"{family}.toml").is_file()
               for family in WORD_FAMILIES)


# A language whose phrase lists are still being written is measured, not yet held to it.
CASES = [
    pytest.param(language, situation, marks=() if _has_phrase_lists(language) else
                 pytest.mark.xfail(reason=f"no phrase lists for {language} yet"))
    for language in LANGUAGES for situation in EXPECTED
]


def test_every_language_has_every_situation() -> None:
    assert {language: set(UNSEEN[language]) for language in LANGUAGES} == {
        language: set(EXPECTED) for language in LANGUAGES}


@pytest.mark.parametrize(("language", "situation"), CASES)
def test_rule_fires_or_not(language: str, situation: str) -> None:
    text = UNSEEN[language][situation].format(order=ORDER_ID)
    raw = build_message(text, subject=f"{ORDER_ID}", to=BUYERS[language])
    found = rules_found(run_policy(raw, BUYERS[language]))
    must, must_not = EXPECTED[situation]
    assert must <= found and not must_not & found, (found, text)


# The same rules worded differently again (written after the table above was green),
# to check that the cues are stems and ideas rather than the sentences above.
REWORDED: list[tuple[str, set[str], set[str], str]] = [
    ("en", {"review-incentive"}, set(),
     "Hi,\n"
     "Leave us a 5-star review and we'll refund your order in full.\n"
     "Thanks"),
    ("en", {"review-incentive"}, set(),
     "Hi,\n"
     "Share your honest feedback on Amazon and get a free bottle with your next purchase!\n"
     "Thanks"),
    ("en", {"review-incentive"}, set(),
     "Hi,\n"
     "We'd love a review. As a small thank-you, here is a 15% discount code: THANKS15.\n"
     "Thanks"),
    ("en", {"review-gating"}, set(),
     "Hi,\n"
     "If you're loving your new blender, we'd really appreciate a review on Amazon.\n"
     "Thanks"),
    ("en", {"review-gating"}, set(),
     "Hi,\n"
     f"If anything is wrong with your order {ORDER_ID}, please contact us before leaving feedback "
     "so we can make it right.\n"
     "Thanks"),
    ("en", {"review-removal"}, set(),
     "Hi,\n"
     "Now that the replacement has arrived, would you be willing to revise your 1-star rating?\n"
     "Thanks"),
    ("en", {"review-removal"}, set(),
     "Hi,\n"
     f"Could you please take down the negative review you posted about order {ORDER_ID}?\n"
     "Thanks"),
    ("en", set(), {"review-incentive", "review-removal", "review-gating"},
     "Hi,\n"
     f"Thanks for your review of order {ORDER_ID}. We're sorry about the scratch and have refunded"
     " you in full.\n"
     "Thanks"),
    ("en", {"promotional"}, set(),
     "Hi,\n"
     "Check out our new autumn range at our website and get free shipping on orders over £30!\n"
     "Thanks"),
    ("en", {"promotional"}, set(),
     "Hi,\n"
     "Follow us on Instagram @soapshed for behind-the-scenes peeks.\n"
     "Thanks"),
    ("en", set(), {"promotional"},
     "Hi,\n"
     f"The replacement for order {ORDER_ID} is free of charge, and so is the return label.\n"
     "Thanks"),
    ("en", {"cancellation-request"}, set(),
     "Hi,\n"
     f"Sadly we've run out of the blue version of order {ORDER_ID}. The quickest fix is for you to"
     " cancel the order on Amazon.\n"
     "Thanks"),
    ("en", {"cancellation-request"}, set(),
     "Hi,\n"
     f"We are unable to ship order {ORDER_ID}. Kindly request a cancellation through your "
     "account.\n"
     "Thanks"),
    ("en", set(), {"cancellation-request", "missing-adjustment"},
     "Hi,\n"
     f"We couldn't get the blue version for order {ORDER_ID}, so we've cancelled it and refunded "
     "you in full.\n"
     "Thanks"),
    ("en", {"sensitive-content"}, set(),
     "Hi,\n"
     f"To process the refund for order {ORDER_ID}, reply with your card number and the expiry "
     "date.\n"
     "Thanks"),
    ("en", {"sensitive-content"}, set(),
     "Hi,\n"
     f"Please send your bank account details so we can transfer the refund for order {ORDER_ID}.\n"
     "Thanks"),
    ("de", {"review-incentive"}, set(),
     "Hallo,\n"
     "für eine 5-Sterne-Bewertung erstatten wir Ihnen den vollen Kaufpreis.\n"
     "Grüße"),
    ("de", {"review-gating"}, set(),
     "Hallo,\n"
     "wenn Sie mit Ihrem Mixer rundum zufrieden sind, freuen wir uns über eine Bewertung auf "
     "Amazon.\n"
     "Grüße"),
    ("de", {"review-removal"}, set(),
     "Hallo,\n"
     "nachdem der Ersatz angekommen ist: würden Sie Ihre 1-Sterne-Bewertung noch einmal "
     "überdenken?\n"
     "Grüße"),
    ("de", {"promotional"}, set(),
     "Hallo,\n"
     "entdecken Sie unsere neue Herbstkollektion in unserem Shop und sparen Sie 15 % mit dem Code"
     " HERBST15.\n"
     "Grüße"),
    ("de", {"cancellation-request"}, set(),
     "Hallo,\n"
     f"leider ist der blaue Mixer aus der Bestellung {ORDER_ID} vergriffen. Am schnellsten geht "
     "es, wenn Sie die Bestellung bei Amazon stornieren.\n"
     "Grüße"),
    ("de", {"sensitive-content"}, set(),
     "Hallo,\n"
     f"für die Erstattung zur Bestellung {ORDER_ID} teilen Sie uns bitte Ihre Bankverbindung "
     "mit.\n"
     "Grüße"),
    ("fr", {"review-incentive"}, set(),
     "Bonjour,\n"
     "laissez-nous 5 étoiles et nous vous rembourserons intégralement votre commande.\n"
     "Cordialement"),
    ("fr", {"review-removal"}, set(),
     "Bonjour,\n"
     "maintenant que le remplacement est arrivé, accepteriez-vous de modifier votre note d'une "
     "étoile ?\n"
     "Cordialement"),
    ("fr", {"cancellation-request"}, set(),
     "Bonjour,\n"
     f"nous n'avons plus le mixeur bleu de la commande {ORDER_ID}. Le plus simple est que vous "
     "annuliez la commande sur Amazon.\n"
     "Cordialement"),
    ("fr", {"sensitive-content"}, set(),
     "Bonjour,\n"
     f"pour le remboursement de la commande {ORDER_ID}, merci de nous communiquer vos coordonnées "
     "bancaires.\n"
     "Cordialement"),
    ("es", {"review-incentive"}, set(),
     "Hola:\n"
     "déjenos 5 estrellas y le devolvemos el importe íntegro del pedido.\n"
     "Saludos"),
    ("es", {"review-removal"}, set(),
     "Hola:\n"
     "ahora que ha llegado el reemplazo, ¿podría reconsiderar su valoración de una estrella?\n"
     "Saludos"),
    ("es", {"cancellation-request"}, set(),
     "Hola:\n"
     f"nos hemos quedado sin la batidora azul del pedido {ORDER_ID}. Lo más rápido es que cancele "
     "usted el pedido en Amazon.\n"
     "Saludos"),
    ("es", {"sensitive-content"}, set(),
     "Hola:\n"
     f"para el reembolso del pedido {ORDER_ID}, facilítenos sus datos bancarios, por favor.\n"
     "Saludos"),
    ("it", {"review-incentive"}, set(),
     "Ciao,\n"
     "lasciaci 5 stelle e ti rimborsiamo l'intero ordine.\n"
     "Saluti"),
    ("it", {"review-removal"}, set(),
     "Ciao,\n"
     "ora che è arrivata la sostituzione, potresti riconsiderare la tua valutazione a una "
     "stella?\n"
     "Saluti"),
    ("it", {"cancellation-request"}, set(),
     "Ciao,\n"
     f"abbiamo finito il frullatore blu dell'ordine {ORDER_ID}. La soluzione più rapida è che tu "
     "annulli l'ordine su Amazon.\n"
     "Saluti"),
    ("it", {"sensitive-content"}, set(),
     "Ciao,\n"
     f"per il rimborso dell'ordine {ORDER_ID}, comunicaci per favore le tue coordinate bancarie.\n"
     "Saluti"),
    ("en", {"promotional"}, set(),
     "Hi,\n"
     "New in: our limited-edition lavender soap. Grab yours before it sells out!\n"
     "Thanks"),
    ("en", {"promotional"}, set(),
     "Hi,\n"
     "Join our newsletter for early access to new scents and members-only deals.\n"
     "Thanks"),
    ("en", {"promotional"}, set(),
     "Hi,\n"
     "Fancy a matching soap dish? You'll find it in our Amazon storefront.\n"
     "Thanks"),
    ("de", {"promotional"}, set(),
     "Hallo,\n"
     "Neu bei uns: die limitierte Lavendelseife. Jetzt zugreifen, solange der Vorrat reicht!\n"
     "Grüße"),
    ("de", {"promotional"}, set(),
     "Hallo,\n"
     "Abonnieren Sie unseren Newsletter und sichern Sie sich exklusive Angebote.\n"
     "Grüße"),
    ("fr", {"promotional"}, set(),
     "Bonjour,\n"
     "Nouveau : notre savon à la lavande en édition limitée. Commandez-le vite, les stocks sont "
     "limités !\n"
     "Cordialement"),
    ("fr", {"promotional"}, set(),
     "Bonjour,\n"
     "Inscrivez-vous à notre newsletter pour recevoir nos offres exclusives.\n"
     "Cordialement"),
    ("es", {"promotional"}, set(),
     "Hola:\n"
     "Novedad: nuestro jabón de lavanda de edición limitada. ¡Consíguelo antes de que se agote!\n"
     "Saludos"),
    ("es", {"promotional"}, set(),
     "Hola:\n"
     "Suscríbase a nuestro boletín y reciba ofertas exclusivas.\n"
     "Saludos"),
    ("it", {"promotional"}, set(),
     "Ciao,\n"
     "Novità: il nostro sapone alla lavanda in edizione limitata. Prendilo prima che finisca!\n"
     "Saluti"),
    ("it", {"promotional"}, set(),
     "Ciao,\n"
     "Iscriviti alla nostra newsletter per ricevere offerte esclusive.\n"
     "Saluti"),
    ("en", {"sensitive-content"}, set(),
     "Hi,\n"
     f"Your complaint about order {ORDER_ID} is complete bullshit and frankly you are an idiot.\n"
     "Regards"),
    ("de", {"sensitive-content"}, set(),
     "Hallo,\n"
     f"Ihre Beschwerde zur Bestellung {ORDER_ID} ist kompletter Schwachsinn, Sie Idiot.\n"
     "Grüße"),
    ("fr", {"sensitive-content"}, set(),
     "Bonjour,\n"
     f"votre plainte sur la commande {ORDER_ID} est de la connerie, espèce d'abruti.\n"
     "Cordialement"),
    ("es", {"sensitive-content"}, set(),
     "Hola:\n"
     f"su queja sobre el pedido {ORDER_ID} es una gilipollez, imbécil.\n"
     "Saludos"),
    ("it", {"sensitive-content"}, set(),
     "Ciao,\n"
     f"il tuo reclamo sull'ordine {ORDER_ID} è una stronzata, idiota.\n"
     "Saluti"),
    ("en", {"review-incentive"}, set(),
     "Hi,\n"
     "Once your review is live, send us a screenshot and we'll PayPal you $5.\n"
     "Thanks"),
    ("de", {"review-incentive"}, set(),
     "Hallo,\n"
     "schicken Sie uns einen Screenshot Ihrer Rezension und Sie erhalten 5 € per PayPal.\n"
     "Grüße"),
    ("fr", {"review-incentive"}, set(),
     "Bonjour,\n"
     "envoyez-nous une capture de votre avis publié et recevez 5 € sur PayPal.\n"
     "Cordialement"),
    ("es", {"review-incentive"}, set(),
     "Hola:\n"
     "envíenos una captura de su reseña publicada y le mandamos 5 € por PayPal.\n"
     "Saludos"),
    ("it", {"review-incentive"}, set(),
     "Ciao,\n"
     "inviaci uno screenshot della tua recensione pubblicata e ricevi 5 € su PayPal.\n"
     "Saluti"),
    ("en", set(), {"review-incentive", "promotional", "sensitive-content"},
     "Hi,\n"
     f"We are sorry the parcel for order {ORDER_ID} was damaged; we have issued a full refund. You"
     " can keep the item.\n"
     "Thanks"),
    ("en", {"review-gating"}, set(),
     "Hi,\n"
     "We hope you love your lamp! If so, we'd be grateful for a review on Amazon.\n"
     "Thanks"),
    ("en", {"review-gating"}, set(),
     "Hi,\n"
     f"Had a great experience with order {ORDER_ID}? Share your review on Amazon!\n"
     "Thanks"),
    ("en", {"review-gating"}, set(),
     "Hi,\n"
     "If you're not completely satisfied, please contact us instead of leaving a review.\n"
     "Thanks"),
    ("de", {"review-gating"}, set(),
     "Hallo,\n"
     "wir hoffen, die Lampe gefällt Ihnen! Wenn ja, freuen wir uns über eine Bewertung auf "
     "Amazon.\n"
     "Grüße"),
    ("de", {"review-gating"}, set(),
     "Hallo,\n"
     "sollten Sie nicht zufrieden sein, kontaktieren Sie uns bitte, bevor Sie eine Bewertung "
     "schreiben.\n"
     "Grüße"),
    ("fr", {"review-gating"}, set(),
     "Bonjour,\n"
     "nous espérons que la lampe vous plaît ! Si c'est le cas, laissez-nous un avis sur Amazon.\n"
     "Cordialement"),
    ("es", {"review-gating"}, set(),
     "Hola:\n"
     "¡esperamos que le guste la lámpara! Si es así, déjenos una reseña en Amazon.\n"
     "Saludos"),
    ("it", {"review-gating"}, set(),
     "Ciao,\n"
     "speriamo che la lampada ti piaccia! Se è così, lasciaci una recensione su Amazon.\n"
     "Saluti"),
    ("en", set(), {"review-gating"},
     "Hi,\n"
     "We hope you love your lamp. We'd be grateful for an honest review on Amazon.\n"
     "Thanks"),
    ("de", set(), {"review-gating"},
     "Hallo,\n"
     "wir hoffen, die Lampe gefällt Ihnen. Über eine ehrliche Bewertung auf Amazon freuen wir "
     "uns.\n"
     "Grüße"),
    ("en", {"missing-adjustment"}, set(),
     "Hello,\n"
     f"We're sorry, the teapot from order {ORDER_ID} is no longer available from our supplier. We "
     "will refund you within the next few days.\n"
     "Regards"),
    ("en", set(), {"missing-adjustment"},
     "Hello,\n"
     f"We're sorry, the teapot from order {ORDER_ID} is no longer available. The full amount has "
     "already been returned to your payment method.\n"
     "Regards"),
    ("en", set(), {"missing-adjustment"},
     "Hello,\n"
     f"The teapot from order {ORDER_ID} is sold out, so we cancelled the order on our side; you "
     "have not been charged.\n"
     "Regards"),
    ("de", {"missing-adjustment"}, set(),
     "Hallo,\n"
     f"leider ist die Teekanne aus der Bestellung {ORDER_ID} nicht mehr lieferbar. Wir werden "
     "Ihnen den Betrag in den nächsten Tagen erstatten.\n"
     "Grüße"),
    ("de", set(), {"missing-adjustment"},
     "Hallo,\n"
     f"leider ist die Teekanne aus der Bestellung {ORDER_ID} nicht mehr lieferbar. Den vollen "
     "Betrag haben wir Ihnen bereits zurückerstattet.\n"
     "Grüße"),
    ("fr", {"missing-adjustment"}, set(),
     "Bonjour,\n"
     f"la théière de la commande {ORDER_ID} n'est plus disponible. Nous vous rembourserons dans "
     "les prochains jours.\n"
     "Cordialement"),
    ("fr", set(), {"missing-adjustment"},
     "Bonjour,\n"
     f"la théière de la commande {ORDER_ID} n'est plus disponible. Le montant vous a déjà été "
     "intégralement remboursé.\n"
     "Cordialement"),
    ("es", {"missing-adjustment"}, set(),
     "Hola:\n"
     f"la tetera del pedido {ORDER_ID} ya no está disponible. Le reembolsaremos en los próximos "
     "días.\n"
     "Saludos"),
    ("es", set(), {"missing-adjustment"},
     "Hola:\n"
     f"la tetera del pedido {ORDER_ID} ya no está disponible. Ya le hemos devuelto el importe "
     "completo.\n"
     "Saludos"),
    ("it", {"missing-adjustment"}, set(),
     "Ciao,\n"
     f"la teiera dell'ordine {ORDER_ID} non è più disponibile. Ti rimborseremo nei prossimi "
     "giorni.\n"
     "Saluti"),
    ("it", set(), {"missing-adjustment"},
     "Ciao,\n"
     f"la teiera dell'ordine {ORDER_ID} non è più disponibile. Ti abbiamo già restituito l'intero "
     "importo.\n"
     "Saluti"),
    ("en", set(), {"cancellation-request"},
     "Hello,\n"
     f"Your desk (order {ORDER_ID}) is delayed until 20 June. Should the new date not suit you, "
     "you're welcome to cancel the order in Your Orders.\n"
     "Regards"),
    ("en", set(), {"cancellation-request"},
     "Hello,\n"
     f"Your desk (order {ORDER_ID}) will ship on 20 June instead of 10 June. If that's too late "
     "for you, feel free to cancel and you'll get a full refund.\n"
     "Regards"),
    ("en", {"cancellation-request"}, set(),
     "Hello,\n"
     f"We no longer stock the desk from order {ORDER_ID}. Could you cancel the order from your "
     "end, please?\n"
     "Regards"),
    ("de", set(), {"cancellation-request"},
     "Hallo,\n"
     f"Ihr Schreibtisch (Bestellung {ORDER_ID}) verzögert sich bis zum 20. Juni. Sollte Ihnen das "
     "zu spät sein, können Sie die Bestellung gerne stornieren.\n"
     "Grüße"),
    ("de", {"cancellation-request"}, set(),
     "Hallo,\n"
     f"den Schreibtisch aus der Bestellung {ORDER_ID} führen wir nicht mehr. Könnten Sie die "
     "Bestellung bitte stornieren?\n"
     "Grüße"),
    ("fr", set(), {"cancellation-request"},
     "Bonjour,\n"
     f"votre bureau (commande {ORDER_ID}) est retardé au 20 juin. Si ce délai est trop long pour "
     "vous, vous pouvez annuler la commande.\n"
     "Cordialement"),
    ("fr", {"cancellation-request"}, set(),
     "Bonjour,\n"
     f"nous ne proposons plus le bureau de la commande {ORDER_ID}. Pourriez-vous annuler la "
     "commande de votre côté ?\n"
     "Cordialement"),
    ("es", set(), {"cancellation-request"},
     "Hola:\n"
     f"su escritorio (pedido {ORDER_ID}) se retrasa hasta el 20 de junio. Si le resulta demasiado "
     "tarde, puede cancelar el pedido.\n"
     "Saludos"),
    ("es", {"cancellation-request"}, set(),
     "Hola:\n"
     f"ya no vendemos el escritorio del pedido {ORDER_ID}. ¿Podría cancelar el pedido desde su "
     "cuenta?\n"
     "Saludos"),
    ("it", set(), {"cancellation-request"},
     "Ciao,\n"
     f"la tua scrivania (ordine {ORDER_ID}) è in ritardo fino al 20 giugno. Se per te è troppo "
     "tardi, puoi annullare l'ordine.\n"
     "Saluti"),
    ("it", {"cancellation-request"}, set(),
     "Ciao,\n"
     f"non vendiamo più la scrivania dell'ordine {ORDER_ID}. Potresti annullare l'ordine dal tuo "
     "account?\n"
     "Saluti"),
]


@pytest.mark.parametrize(("language", "must", "must_not", "text"), REWORDED)
def test_reworded_rules(language: str, must: set[str], must_not: set[str], text: str) -> None:
    raw = build_message(text, subject=ORDER_ID, to=BUYERS[language])
    found = rules_found(run_policy(raw, BUYERS[language]))
    assert must <= found and not must_not & found, (found, text)
