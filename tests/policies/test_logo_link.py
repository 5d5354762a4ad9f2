"""`logo-link`: the link around an image that leads off Amazon goes; the image stays."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from policies.rules import all_rules
from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

RULE = "logo-link"
ONLY_THIS_RULE = {rule.id: "off" for rule in all_rules() if rule.id != RULE}
TEXTS = {
    "en": ("We have sent you a new bracket for your shelf today.", "amazon.co.uk"),
    "it": ("Oggi ti abbiamo spedito una nuova staffa per la tua mensola.", "amazon.it"),
    "de": ("Wir haben Ihnen heute eine neue Halterung für Ihr Regal geschickt.", "amazon.de"),
    "fr": ("Nous vous avons envoyé aujourd'hui un nouveau support pour votre étagère.",
           "amazon.fr"),
    "es": ("Hoy le hemos enviado un nuevo soporte para su estantería.", "amazon.es"),
    "nl": ("We hebben u vandaag een nieuwe beugel voor uw plank gestuurd.", "amazon.nl"),
    "sv": ("Vi har i dag skickat ett nytt fäste till din hylla.", "amazon.se"),
    "pl": ("Wysłaliśmy dziś nowy wspornik do Twojej półki.", "amazon.pl"),
    "pt": ("Enviámos hoje um novo suporte para a sua prateleira.", "amazon.com.br"),
    "tr": ("Rafınız için bugün yeni bir braket gönderdik.", "amazon.com.tr"),
    "ja": ("本日、棚用の新しい金具をお送りしました。", "amazon.co.jp"),
    "ar": ("أرسلنا لك اليوم حاملا جديدا لرفك.", "amazon.sa"),
}
LOGO = '<img src="cid:logo@shop.example" width="160" height="48" alt="Shop logo">'


def html_of(raw: bytes) -> str:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert not message.defects
    part = message.get_body(("html",))
    assert part is not None
    return part.get_content()


@pytest.mark.parametrize("lang", TEXTS)
def test_linked_logo_is_unwrapped_and_kept(lang: str) -> None:
    words, _ = TEXTS[lang]
    html = f'<p><a href="https://www.shop.example/">{LOGO}</a></p><p>{words}</p>'
    raw = build_message(words, html, to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert rules_found(decision) == {RULE}
    assert "'Shop logo' linked to www.shop.example" in decision.findings[0].detail
    html_out = html_of(decision.message)
    assert "<a" not in html_out and 'src="cid:logo@shop.example"' in html_out
    assert words in html_out
    again = run_policy(decision.message, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(again)


@pytest.mark.parametrize("lang", TEXTS)
def test_logo_linked_to_amazon_or_unlinked_stays(lang: str) -> None:
    words, amazon = TEXTS[lang]
    html = (f'<p><a href="https://www.{amazon}/gp/your-account/order-history">{LOGO}</a></p>'
            f"<p>{LOGO}</p><p>{words}</p>")
    raw = build_message(words, html, to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(decision)
    assert decision.message == raw


@pytest.mark.parametrize("href", [
    "http://www.amazon.de/",              # not https
    "https://amazon.de.shop.example/",    # Amazon's name in a foreign domain
    "https://bit.ly/3xYz",                # a shortener
])
def test_logo_linked_to_a_target_that_is_not_allowed(href: str) -> None:
    html = f'<p><a href="{href}">{LOGO}</a></p><p>{TEXTS["de"][0]}</p>'
    decision = run_policy(build_message(html=html, to=BUYERS["de"]), BUYERS["de"],
                          actions=ONLY_THIS_RULE)
    assert rules_found(decision) == {RULE}


def test_operator_allow_list_keeps_the_link() -> None:
    html = f'<p><a href="https://www.shop.example/">{LOGO}</a></p><p>{TEXTS["en"][0]}</p>'
    decision = run_policy(build_message(html=html), BUYERS["en"], actions=ONLY_THIS_RULE,
                          link_allowlist=frozenset({"shop.example"}))
    assert RULE not in rules_found(decision)


def test_mailto_around_an_image_is_left_to_contact_details() -> None:
    html = f'<p><a href="mailto:help@shop.example">{LOGO}</a></p><p>{TEXTS["en"][0]}</p>'
    decision = run_policy(build_message(html=html), BUYERS["en"], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(decision)
