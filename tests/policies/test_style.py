"""`style`: emoji, animated GIFs, alignment/font/colour/line-height overrides, too many
font sizes, runs of line breaks and the `[Important]` flag are normalized away."""

from __future__ import annotations

import base64
import email
import re
from email import policy
from email.message import EmailMessage

import pytest

from policies.emoji import emoji_pattern
from policies.gif import is_animated_gif
from policies.model import Action, Decision, Verdict
from policies.rules import all_rules
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

RULE = "style"
STRIP_ONLY = {r.id: Action.OFF for r in all_rules() if r.default_action is Action.QUARANTINE}
# A delay notice per language: the words the buyer needs, which must survive.
NOTICES = {
    "en": "Your order {oid} will arrive two days later than planned. The new delivery date "
          "is Friday 23 May.",
    "de": "Ihre Bestellung {oid} trifft zwei Tage später ein als geplant. Der neue "
          "Liefertermin ist Freitag, der 23. Mai.",
    "it": "Il tuo ordine {oid} arriverà con due giorni di ritardo. La nuova data di consegna "
          "è venerdì 23 maggio.",
    "fr": "Votre commande {oid} arrivera avec deux jours de retard. La nouvelle date de "
          "livraison est le vendredi 23 mai.",
    "es": "Su pedido {oid} llegará dos días más tarde de lo previsto. La nueva fecha de "
          "entrega es el viernes 23 de mayo.",
    "nl": "Uw bestelling {oid} komt twee dagen later aan dan gepland. De nieuwe "
          "leverdatum is vrijdag 23 mei.",
    "sv": "Din beställning {oid} kommer två dagar senare än planerat. Det nya "
          "leveransdatumet är fredag den 23 maj.",
    "pl": "Twoje zamówienie {oid} dotrze dwa dni później niż planowano. Nowa data dostawy "
          "to piątek 23 maja.",
    "pt": "O seu pedido {oid} vai chegar dois dias mais tarde do que o previsto. A nova "
          "data de entrega é sexta-feira, 23 de maio.",
    "tr": "{oid} numaralı siparişiniz planlanandan iki gün sonra ulaşacak. Yeni teslim "
          "tarihi 23 Mayıs Cuma.",
    "ja": "ご注文 {oid} のお届けが予定より二日遅れます。新しいお届け日は5月23日（金）です。",
    "ar": "سيصل طلبك {oid} متأخرا يومين عن الموعد المحدد. موعد التسليم الجديد هو يوم "
          "الجمعة 23 مايو.",
}
LANGS = sorted(NOTICES)
ONE_FRAME_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
                 b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")
ANIMATED_GIF = ONE_FRAME_GIF[:-1] + ONE_FRAME_GIF[19:-1] + b"\x3b"


def notice(lang: str) -> str:
    return NOTICES[lang].format(oid=ORDER_ID)


def strip(raw: bytes, lang: str) -> Decision:
    return run_policy(raw, BUYERS[lang], actions=STRIP_ONLY)


def rewritten(decision: Decision, lang: str) -> EmailMessage:
    """The rewritten message, checked: it parses, and a second pass finds nothing."""
    assert RULE in rules_found(decision)
    assert decision.verdict is Verdict.REWRITE
    assert RULE not in rules_found(strip(decision.message, lang))
    message = email.message_from_bytes(decision.message, policy=policy.default)
    assert isinstance(message, EmailMessage) and not message.defects
    return message


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body((subtype,))
    assert part is not None
    return part.get_content()


@pytest.mark.parametrize("lang", LANGS)
def test_emoji_leave_subject_and_both_alternatives(lang: str) -> None:
    text = f"👋 {notice(lang)} 😔\n\n🙏\n"
    html = f"<p>👋 {notice(lang)} 😔</p><p>Shop 🏺</p>"
    raw = build_message(text=text, html=html, subject=f"📦 Order {ORDER_ID} ✅", to=BUYERS[lang])
    message = rewritten(strip(raw, lang), lang)
    assert message["Subject"] == f"Order {ORDER_ID}"
    for subtype in ("plain", "html"):
        content = body(message, subtype)
        assert notice(lang) in content
        assert not emoji_pattern().search(content)


@pytest.mark.parametrize("lang", LANGS)
def test_copyright_trademark_and_plain_symbols_are_not_emoji(lang: str) -> None:
    text = f"{notice(lang)}\n\nShop® – Lume™ © 2025 · 40 °C · № 5 · 1/2 · → · ★\n"
    assert RULE not in rules_found(run_policy(build_message(text=text, to=BUYERS[lang]),
                                              BUYERS[lang]))


@pytest.mark.parametrize("lang", LANGS)
def test_important_flag_is_dropped_from_the_subject(lang: str) -> None:
    raw = build_message(text=notice(lang), subject=f"[Important] Order {ORDER_ID}",
                        to=BUYERS[lang])
    message = rewritten(strip(raw, lang), lang)
    assert message["Subject"] == f"Order {ORDER_ID}"


@pytest.mark.parametrize("lang", LANGS)
def test_runs_of_blank_lines_collapse_to_one(lang: str) -> None:
    first, second = re.split(r"(?<=[.。]) ?", notice(lang), maxsplit=1)
    raw = build_message(text=f"{first}\n\n\n\n{second}\n", to=BUYERS[lang])
    plain = body(rewritten(strip(raw, lang), lang), "plain")
    assert f"{first}\n\n{second}" in plain.replace("\r\n", "\n")


@pytest.mark.parametrize("lang", LANGS)
def test_one_blank_line_between_paragraphs_and_two_br_are_fine(lang: str) -> None:
    first, second = re.split(r"(?<=[.。]) ?", notice(lang), maxsplit=1)
    text = f"Hello,\n\n{first}\n\n{second}\n\n- one\n- two\n\nShop\n\n"
    html = f"<p>Hello,</p><p>{first}<br><br>{second}</p><p>Shop</p>"
    raw = build_message(text=text, html=html, to=BUYERS[lang])
    assert RULE not in rules_found(run_policy(raw, BUYERS[lang]))


def test_html_br_runs_and_empty_paragraphs_collapse() -> None:
    html = (f"<p>{notice('it')}<br><br><br><br>Bottega Vetrani</p>"
            "<p>&nbsp;</p><p></p><p><br></p><p>Grazie</p>")
    content = body(rewritten(strip(build_message(html=html, to=BUYERS["it"]), "it"), "it"),
                   "html")
    assert content.count("<br") == 2 and "&nbsp;" not in content
    assert notice("it") in content and "Grazie" in content


@pytest.mark.parametrize("lang", LANGS)
def test_alignment_font_and_colour_overrides_are_removed(lang: str) -> None:
    html = (f'<center><p align="center" style="text-align:center;color:#6b4f3a;'
            f'font-family:Georgia;line-height:1.6;margin:0">{notice(lang)}</p></center>'
            '<p><font face="Georgia" color="#333">Shop</font></p>')
    message = rewritten(strip(build_message(html=html, to=BUYERS[lang]), lang), lang)
    content = body(message, "html")
    for gone in ("center", "color", "font-family", "line-height", "<font", "Georgia"):
        assert gone not in content
    assert "margin: 0" in content and notice(lang) in content


@pytest.mark.parametrize("lang", LANGS)
def test_background_and_border_colours_and_left_alignment_stay(lang: str) -> None:
    html = (f'<p style="background-color:#fafafa;border:1px solid #e5e5e5;text-align:left;'
            f'font-weight:bold;font-size:14px">{notice(lang)}</p>'
            '<h1>Shop</h1><p style="font-size:12px">Shop</p>')
    raw = build_message(html=html, to=BUYERS[lang])
    assert RULE not in rules_found(run_policy(raw, BUYERS[lang]))


def test_more_than_three_font_sizes_are_reduced() -> None:
    html = (f'<p style="font-size:22px">Bottega</p><p style="font-size:13px">{notice("fr")}</p>'
            '<ul style="font-size:15px"><li>un</li></ul><h2>Titre</h2>'
            '<span style="font-size:9px">Fin</span>')
    content = body(rewritten(strip(build_message(html=html, to=BUYERS["fr"]), "fr"), "fr"),
                   "html")
    assert "font-size" not in content and "<h2>Titre</h2>" in content


def test_animated_inline_gif_goes_with_its_image_tag() -> None:
    message = EmailMessage()
    message["From"] = "shop@shop.example"
    message["To"] = BUYERS["fr"]
    message["Subject"] = f"Commande {ORDER_ID}"
    message.set_content(notice("fr"))
    message.add_alternative(f'<p>{notice("fr")}</p><div><img src="cid:anim@shop" '
                            'width="120" height="40"></div>'
                            '<img src="cid:still@shop" width="120" height="40">',
                            subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(ANIMATED_GIF, "image", "gif", cid="<anim@shop>")
    html_part.add_related(ONE_FRAME_GIF, "image", "gif", cid="<still@shop>")
    result = rewritten(strip(message.as_bytes(), "fr"), "fr")
    content = body(result, "html")
    assert "cid:anim@shop" not in content and "cid:still@shop" in content
    ids = [part["Content-ID"] for part in result.walk() if part["Content-ID"]]
    assert ids == ["<still@shop>"]


def test_animated_gif_as_data_uri_is_removed() -> None:
    uri = "data:image/gif;base64," + base64.b64encode(ANIMATED_GIF).decode()
    html = f'<p>{notice("es")}</p><p><img src="{uri}" width="50" height="50"></p>'
    content = body(rewritten(strip(build_message(html=html, to=BUYERS["es"]), "es"), "es"),
                   "html")
    assert "data:image/gif" not in content and notice("es") in content


def test_gif_frames_are_counted() -> None:
    assert not is_animated_gif(ONE_FRAME_GIF)
    assert is_animated_gif(ANIMATED_GIF)
    looping = ONE_FRAME_GIF[:19] + b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00" + \
        ONE_FRAME_GIF[19:]
    assert is_animated_gif(looping)


@pytest.mark.parametrize(("lang", "flag"), [
    ("it", "[Importante]"), ("de", "[WICHTIG]"), ("fr", "[Important]"), ("es", "(Importante)"),
    ("nl", "[Belangrijk]"), ("sv", "[Viktigt]"), ("pl", "[Ważne]"), ("pt", "［Importante］"),
    ("tr", "[ÖNEMLİ]"), ("ja", "【重要】"), ("ar", "[هام]"), ("ar", "[مهم]"),
])
def test_important_flag_in_any_language_and_bracket_style(lang: str, flag: str) -> None:
    subject = f"{flag} Order {ORDER_ID}"
    raw = build_message(text=notice("en"), subject=subject, to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions={**STRIP_ONLY, "wrong-language": "off"})
    assert RULE in rules_found(decision), decision.as_json()
    message = email.message_from_bytes(decision.message, policy=policy.default)
    assert message["Subject"] == f"Order {ORDER_ID}"


@pytest.mark.parametrize("subject", [f"【Hanako Shop】 Order {ORDER_ID}",
                                     f"[Bottega Rossi] Order {ORDER_ID}"])
def test_a_shop_name_in_brackets_is_not_a_flag(subject: str) -> None:
    raw = build_message(text=notice("en"), subject=subject)
    assert RULE not in rules_found(strip(raw, "en"))


def test_text_direction_is_not_alignment() -> None:
    html = (f'<div dir="rtl" style="direction: rtl"><p dir="rtl">{notice("en")}</p></div>')
    raw = build_message(text=notice("en"), html=html)
    assert RULE not in rules_found(strip(raw, "en"))
