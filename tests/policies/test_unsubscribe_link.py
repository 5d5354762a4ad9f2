"""`unsubscribe-link`: list headers and unsubscribe offers go, in plain text and HTML."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from policies.rules import all_rules
from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

RULE = "unsubscribe-link"
ONLY_THIS_RULE = {rule.id: "off" for rule in all_rules() if rule.id != RULE}
LIST_URL = "https://news.shop.example/u?id=91f2"
HEADERS = {"List-Unsubscribe": f"<{LIST_URL}>, <mailto:off@news.shop.example>",
           "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

# language: (the seller's message, a footer line offering to unsubscribe, what the
# footer says; an HTML body sentence with an inline unsubscribe link)
CASES = {
    "en": ("We have refunded your return of the kettle in full through Amazon today.",
           "You no longer want these emails? Unsubscribe here:",
           "Unsubscribe",
           'Thanks again. If you prefer, you can <a href="{url}">opt out of these emails</a>.'),
    "it": ("Abbiamo rimborsato oggi l'intero importo del reso tramite Amazon.",
           "Non vuoi più ricevere queste comunicazioni? Disiscriviti:",
           "Disiscriviti",
           'Grazie ancora. Se preferisci, puoi <a href="{url}">annullare l\'iscrizione</a>.'),
    "de": ("Wir haben Ihnen den vollen Betrag der Rücksendung heute über Amazon erstattet.",
           "Sie möchten keine E-Mails mehr von uns erhalten? Hier können Sie sich abmelden:",
           "abmelden",
           'Vielen Dank. Vom Newsletter können Sie sich <a href="{url}">hier abmelden</a>.'),
    "fr": ("Nous vous avons remboursé aujourd'hui le montant total du retour via Amazon.",
           "Pour vous désabonner, cliquez ici :",
           "désabonner",
           'Merci encore. Si vous le souhaitez, vous pouvez <a href="{url}">vous désinscrire</a>.'),
    "es": ("Hoy le hemos reembolsado el importe completo de la devolución a través de Amazon.",
           "Si no desea recibir más correos nuestros, puede darse de baja aquí:",
           "darse de baja",
           'Gracias de nuevo. Si lo prefiere, puede <a href="{url}">darse de baja</a>.'),
}

# Compliant look-alikes: unsubscribe-like words that do not offer to stop the mail.
LOOK_ALIKES = {
    "en": "You can cancel your Subscribe & Save subscription at any time in your Amazon "
          "account; the replacement filter ships today for your order.",
    "it": "La garanzia del produttore non richiede alcuna iscrizione: riceverai tutte le "
          "comunicazioni sulla spedizione del ricambio direttamente da Amazon.",
    "de": "Falls der Liefertermin nicht passt, können Sie ihn bei der Spedition abmelden und "
          "einen neuen Termin für die Zustellung vereinbaren.",
    "fr": "Vous ne recevrez plus de relance de notre part : le remplacement du miroir est "
          "parti aujourd'hui et arrivera jeudi.",
    "es": "Puede cancelar su suscripción de «Suscríbete y ahorra» desde su cuenta de Amazon; "
          "el filtro de repuesto sale hoy.",
}


def bodies(raw: bytes) -> dict[str, str]:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert not message.defects
    return {part.get_content_subtype(): part.get_content() for part in message.walk()
            if part.get_content_maintype() == "text"}


def check(raw: bytes, rcpt: str) -> dict[str, str]:
    """Run the rule alone; it must fire, leave valid MIME, and find nothing the second time."""
    decision = run_policy(raw, rcpt, actions=ONLY_THIS_RULE)
    assert rules_found(decision) == {RULE}, decision.as_json()
    again = run_policy(decision.message, rcpt, actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(again), again.as_json()
    parsed = BytesParser(policy=policy.default).parsebytes(decision.message)
    assert "List-Unsubscribe" not in parsed and "List-Unsubscribe-Post" not in parsed
    return bodies(decision.message)


@pytest.mark.parametrize("lang", CASES)
def test_footer_with_headers_goes_from_both_parts(lang: str) -> None:
    message, footer, offer_word, _ = CASES[lang]
    text = f"{message}\n\nShop\n\n--\n{footer} {LIST_URL}\n"
    html = (f"<p>{message}</p><p>Shop</p><hr><p>{footer} "
            f'<a href="{LIST_URL}">{LIST_URL}</a></p>')
    raw = build_message(text, html, to=BUYERS[lang], headers=HEADERS)
    result = check(raw, BUYERS[lang])
    for body in result.values():
        assert message in body
        assert offer_word.lower() not in body.lower()
        assert LIST_URL not in body
    assert result["plain"].rstrip().endswith("Shop")
    assert "<hr" not in result["html"]


@pytest.mark.parametrize("lang", CASES)
def test_sentence_with_inline_link_goes_and_the_rest_stays(lang: str) -> None:
    message, _, _, sentence = CASES[lang]
    thanks = sentence.split(". ")[0] + "."
    html = f"<p>{message}</p><p>{sentence.format(url='https://shop.example/u/1')}</p>"
    result = check(build_message(html=html, to=BUYERS[lang]), BUYERS[lang])
    assert message in result["html"]
    assert thanks in result["html"]
    assert "shop.example/u/1" not in result["html"]


@pytest.mark.parametrize("lang", LOOK_ALIKES)
def test_look_alikes_are_left_alone(lang: str) -> None:
    text = LOOK_ALIKES[lang]
    raw = build_message(text, f"<p>{text}</p>", to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(decision)
    assert decision.message == raw


def test_headers_alone_are_removed() -> None:
    message = CASES["en"][0]
    result = check(build_message(message, headers=HEADERS), BUYERS["en"])
    assert message in result["plain"]


def test_link_to_the_list_address_goes_whatever_its_words() -> None:
    html = f'<p>{CASES["en"][0]}</p><p><a href="{LIST_URL}">Click here</a></p>'
    result = check(build_message(html=html, headers=HEADERS), BUYERS["en"])
    assert "Click here" not in result["html"] and CASES["en"][0] in result["html"]


def test_newsletter_footer_block_goes_with_its_boilerplate() -> None:
    text = (f"{CASES['en'][0]}\n\nThe team\n\n=====================\n"
            "You are receiving this email because you bought from us on Amazon.\n\n"
            f"Unsubscribe from this list:\n{LIST_URL}\n\n"
            "Update your preferences:\nhttps://news.shop.example/p?id=91f2\n")
    html = (f"<p>{CASES['en'][0]}</p><table><tr><td>"
            "<em>You are receiving this email because you bought from us on Amazon.</em><br>"
            f'<a href="{LIST_URL}">Unsubscribe from this list</a> | '
            '<a href="https://news.shop.example/p?id=91f2">Update your preferences</a>'
            "</td></tr></table>")
    result = check(build_message(text, html, headers=HEADERS), BUYERS["en"])
    assert result["plain"].rstrip().endswith("The team")
    for body in result.values():
        assert "receiving" not in body and "preferences" not in body and "|" not in body
