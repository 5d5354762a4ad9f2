"""`unsafe-link`: links that are not https links to Amazon or the allow-list go; their
words stay unless the words are the address itself."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from policies.rules import all_rules
from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

RULE = "unsafe-link"
ONLY_THIS_RULE = {rule.id: "off" for rule in all_rules() if rule.id != RULE}

# kind of unsafe address: (the address, words of the finding)
UNSAFE = {
    "http": ("http://www.amazon.com/dp/B0C9T4M2ZK", "not https"),
    "shortener": ("https://bit.ly/3Cbz7Tq", "URL shortener bit.ly"),
    "amazon-short-link": ("https://amzn.to/3xYzAbC", "URL shortener amzn.to"),
    "ip-literal": ("https://203.0.113.45/fw/thermo-2.1.bin", "IP-literal host 203.0.113.45"),
    "numeric-ip": ("https://3405803821/fw.bin", "IP-literal host"),
    "ipv6": ("https://[2001:db8::1]/fw.bin", "IP-literal host 2001:db8::1"),
    "seller-site": ("https://www.shop.example/care.pdf", "link to www.shop.example"),
    "foreign-domain": ("https://www.ceramicas.es/guia.pdf", "link to ceramicas.es"),
    "amazon-look-alike": ("https://amazon.it.evil.example/dp/1", "amazon.it.evil.example"),
    "amazon-in-userinfo": ("https://www.amazon.de@shop.example/x", "link to shop.example"),
    "file": ("file:///C:/Users/invoice.exe", "file: URL"),
}
HTML_ONLY = {
    "javascript": ("javascript:alert(document.cookie)", "javascript: URL"),
    "data": ("data:text/html;base64,PHNjcmlwdD4=", "data: URL"),
}
# language: (sentence before the link, the link's words, the sentence as it must read
# once the link is gone)
SENTENCES = {
    "en": ("You will find all care tips in our", "PDF guide",
           "You will find all care tips in our PDF guide."),
    "it": ("Trovi tutti i consigli per la cura nella nostra", "guida in PDF",
           "Trovi tutti i consigli per la cura nella nostra guida in PDF."),
    "de": ("Alle Pflegehinweise finden Sie in unserer", "PDF-Anleitung",
           "Alle Pflegehinweise finden Sie in unserer PDF-Anleitung."),
    "fr": ("Vous trouverez tous les conseils d'entretien dans notre", "guide en PDF",
           "Vous trouverez tous les conseils d'entretien dans notre guide en PDF."),
    "es": ("Puede consultar todos los cuidados en nuestra", "guía en PDF",
           "Puede consultar todos los cuidados en nuestra guía en PDF."),
    "nl": ("Alle onderhoudstips vindt u in onze", "PDF-handleiding",
           "Alle onderhoudstips vindt u in onze PDF-handleiding."),
    "sv": ("Alla skötselråd finns i vår", "PDF-guide",
           "Alla skötselråd finns i vår PDF-guide."),
    "pl": ("Wszystkie wskazówki dotyczące pielęgnacji znajdziesz w naszym", "poradniku PDF",
           "Wszystkie wskazówki dotyczące pielęgnacji znajdziesz w naszym poradniku PDF."),
    "pt": ("Encontra todas as dicas de cuidados no nosso", "guia em PDF",
           "Encontra todas as dicas de cuidados no nosso guia em PDF."),
    "tr": ("Tüm bakım ipuçlarını", "PDF kılavuzumuzda",
           "Tüm bakım ipuçlarını PDF kılavuzumuzda."),
    "ja": ("お手入れの方法はすべて", "PDFガイド",
           "お手入れの方法はすべて PDFガイド."),
    "ar": ("ستجد جميع نصائح العناية في", "دليلنا بصيغة PDF",
           "ستجد جميع نصائح العناية في دليلنا بصيغة PDF."),
}
AMAZON = {"en": "amazon.co.uk", "it": "amazon.it", "de": "amazon.de", "fr": "amazon.fr",
          "es": "amazon.es", "nl": "amazon.nl", "sv": "amazon.se", "pl": "amazon.pl",
          "pt": "amazon.com.br", "tr": "amazon.com.tr", "ja": "amazon.co.jp",
          "ar": "amazon.sa"}
# Short lead-ins that would dangle once the address is gone, by language.
SHORT_LEAD_INS = {"en": "See:", "it": "Vedi qui:", "de": "Siehe:", "fr": "Voir ici :",
                  "es": "Véalo aquí:", "nl": "Zie hier:", "sv": "Se här:", "pl": "Zobacz tutaj:",
                  "pt": "Veja aqui:", "tr": "Buraya bakın:", "ja": "こちら：", "ar": "انظر هنا:"}


def bodies(raw: bytes) -> dict[str, str]:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert not message.defects
    return {part.get_content_subtype(): part.get_content().replace("\r\n", "\n")
            for part in message.walk() if part.get_content_maintype() == "text"}


def rewrite(raw: bytes, rcpt: str = BUYERS["en"]) -> tuple[str, dict[str, str]]:
    """Run the rule alone: it must fire, keep valid MIME, and find nothing the second time."""
    decision = run_policy(raw, rcpt, actions=ONLY_THIS_RULE)
    assert rules_found(decision) == {RULE}, decision.as_json()
    again = run_policy(decision.message, rcpt, actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(again), again.as_json()
    return decision.findings[0].detail, bodies(decision.message)


@pytest.mark.parametrize("kind", UNSAFE)
def test_unsafe_address_in_plain_text_goes_with_its_lead_in(kind: str) -> None:
    url, reason = UNSAFE[kind]
    text = f"Your replacement ships today.\nSee: {url}\n\nBest regards,\nShop\n"
    detail, result = rewrite(build_message(text))
    assert reason in detail
    assert result["plain"] == "Your replacement ships today.\n\nBest regards,\nShop\n"


@pytest.mark.parametrize("kind", [*UNSAFE, *HTML_ONLY])
def test_unsafe_html_link_goes_and_its_words_stay(kind: str) -> None:
    url, reason = {**UNSAFE, **HTML_ONLY}[kind]
    html = f'<p>Your replacement ships today. Read the <a href="{url}">setup guide</a>.</p>'
    detail, result = rewrite(build_message(html=html))
    assert reason in detail
    assert "<a" not in result["html"]
    assert "Read the setup guide." in result["html"]


@pytest.mark.parametrize("lang", SENTENCES)
def test_link_words_stay_and_no_lead_in_dangles(lang: str) -> None:
    before, words, after = SENTENCES[lang]
    url = "https://www.shop.example/care.pdf"
    text = f"{before} {words}:\n{url}\n\n{SHORT_LEAD_INS[lang]} {url}\n\nShop\n"
    html = (f'<p>{before} <a href="{url}">{words}</a>.</p>'
            f'<p>{SHORT_LEAD_INS[lang]} <a href="{url}">{url}</a></p><p>Shop</p>')
    _, result = rewrite(build_message(text, html, to=BUYERS[lang]), BUYERS[lang])
    assert result["plain"] == f"{after}\n\nShop\n"
    assert f"<p>{after}</p>" in result["html"]
    assert SHORT_LEAD_INS[lang] not in result["html"]


@pytest.mark.parametrize("lang", SENTENCES)
def test_https_amazon_and_carrier_links_stay(lang: str) -> None:
    before, words, _ = SENTENCES[lang]
    review = f"https://www.{AMAZON[lang]}/review/review-your-purchases/?asin=B0CX7H2M4Q"
    text = (f"{before} {words}: {review}\nDHL: https://www.dhl.de/de/privatkunden.html\n"
            "Tel. +49 30 1234567, help@shop.example\n")
    html = (f'<p>{before} <a href="{review}">{words}</a>. '
            '<a href="https://www.dhl.de/de/privatkunden.html">DHL</a> '
            '<a href="#details">details</a> <a href="tel:+49301234567">call</a> '
            f'<a href="mailto:help@shop.example">mail</a> <a href="{review}">{review}</a></p>')
    raw = build_message(text, html, to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(decision)
    assert decision.message == raw


def test_link_text_naming_another_domain() -> None:
    shown = "https://www.amazon.fr/gp/your-account/order-history"
    text = "Suivre l'envoi de remplacement : https://suivi.shop.example/c/8841\n"
    html = f'<p>Suivre l\'envoi de remplacement : <a href="https://suivi.shop.example/c/8841">{shown}</a></p>'
    detail, result = rewrite(build_message(text, html, to=BUYERS["fr"]), BUYERS["fr"])
    assert "link text shows amazon.fr" in detail
    assert result["plain"] == "Suivre l'envoi de remplacement.\n"
    assert "<p>Suivre l'envoi de remplacement.</p>" in result["html"]


def test_amazon_link_with_text_naming_another_amazon_domain() -> None:
    html = ('<p>Your parcel left today.</p>'
            '<p>Order page: <a href="https://www.amazon.de/gp/css">www.amazon.co.uk</a></p>')
    detail, _ = rewrite(build_message(html=html, to=BUYERS["de"]), BUYERS["de"])
    assert "link text shows amazon.co.uk but the link goes to amazon.de" in detail


def test_bare_address_in_html_text() -> None:
    html = "<p>The firmware is at https://203.0.113.45/fw.bin for download.</p>"
    detail, result = rewrite(build_message(html=html))
    assert "IP-literal" in detail
    assert "203.0.113.45" not in result["html"]
    assert "The firmware is at" in result["html"]


def test_operator_allow_list() -> None:
    text = "Care guide: https://www.shop.example/care.pdf\n"
    decision = run_policy(build_message(text), BUYERS["en"], actions=ONLY_THIS_RULE,
                          link_allowlist=frozenset({"shop.example"}))
    assert RULE not in rules_found(decision)


def test_allow_list_needs_https() -> None:
    text = "Care guide: http://www.shop.example/care.pdf\n"
    decision = run_policy(build_message(text), BUYERS["en"], actions=ONLY_THIS_RULE,
                          link_allowlist=frozenset({"shop.example"}))
    assert RULE in rules_found(decision)


def test_quoted_history_is_stripped_too() -> None:
    text = ("Yes, the filter fits your model.\n\n"
            "> Does it fit? I saw it on https://bit.ly/abc\n")
    _, result = rewrite(build_message(text))
    assert "bit.ly" not in result["plain"]
    assert "Yes, the filter fits your model." in result["plain"]
