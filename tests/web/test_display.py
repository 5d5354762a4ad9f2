"""What the pages show of a message, without a browser: marks, sanitizing, images."""

from __future__ import annotations

import base64

from gateway.web.display import finding_terms, highlighter, marked, safe_html, show_message

FINDINGS = [
    {"rule": "review-incentive", "action": "quarantine",
     "detail": "'gift card' offered for a review ('5-star  review')"},
    {"rule": "tracking-pixel", "action": "strip", "detail": "open-tracking image from trk.example"},
]


def test_terms_are_the_quoted_words_and_the_named_domains() -> None:
    assert finding_terms(FINDINGS[0]["detail"]) == ["gift card", "5-star  review"]
    assert finding_terms(FINDINGS[1]["detail"]) == ["trk.example"]
    assert finding_terms("no Amazon order id (123-1234567-1234567)") == []


def test_marks_are_escaped_and_span_line_breaks() -> None:
    highlight = highlighter(FINDINGS)
    text = "<b>Leave a 5-star\nreview</b> for a Gift Card & more"
    assert str(marked(text, highlight)) == (
        '&lt;b&gt;Leave a <mark title="review-incentive">5-star\nreview</mark>&lt;/b&gt; '
        'for a <mark title="review-incentive">Gift Card</mark> &amp; more')
    assert highlighter([]) is None
    assert str(marked("<i>", None)) == "&lt;i&gt;"


def test_safe_html_keeps_text_and_drops_everything_active() -> None:
    html = ('<p onclick="x()">Hi <a href="javascript:alert(1)">there</a>'
            '<a href="https://trk.example/c">track</a></p><script>alert(1)</script>'
            '<img src="https://trk.example/p.gif"><img src="cid:logo@x"><form><input></form>'
            '<p style="color:red">gift card</p>')
    clean = safe_html(html, {"logo@x": "data:image/png;base64,AAAA"}, highlighter(FINDINGS))
    assert "<script" not in clean and "onclick" not in clean and "href" not in clean
    assert "<form" not in clean and "<input" not in clean and "style=" not in clean
    assert 'class="link flagged" title="link to https://trk.example/c"' in clean
    assert '<span class="remote-image flagged" title="not loaded: https://trk.example/p.gif">' \
        in clean
    assert '<img src="data:image/png;base64,AAAA">' in clean
    assert '<mark title="review-incentive">gift card</mark>' in clean


def test_show_message_of_a_plain_text_message_has_no_frame() -> None:
    shown = show_message(b"From: a@b.example\r\nSubject: Hi\r\n\r\nA gift card\r\n",
                         highlighter(FINDINGS))
    assert shown.frame is None
    assert ("Subject", "Hi") in shown.headers
    assert '<mark title="review-incentive">gift card</mark>' in str(shown.body_text)
    assert '<mark title="review-incentive">gift card</mark>' in str(shown.source)


def test_a_large_source_is_cut_and_inline_images_are_embedded() -> None:
    image = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    data = ("From: a@b.example\r\nSubject: Big\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/related; boundary=XX\r\n\r\n--XX\r\n"
            "Content-Type: text/html; charset=utf-8\r\n\r\n"
            '<p>Logo <img src="cid:logo@shop"></p>\r\n--XX\r\nContent-Type: image/png\r\n'
            "Content-ID: <logo@shop>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{base64.b64encode(image).decode()}\r\n--XX\r\n"
            "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            'Content-Disposition: attachment; filename="big.bin"\r\n\r\n'
            + "QUFB\r\n" * 200_000 + "--XX--\r\n").encode()
    shown = show_message(data)
    assert shown.source_cut and len(str(shown.source)) < len(data)
    assert f'src="data:image/png;base64,{base64.b64encode(image).decode()}"' in (shown.frame or "")
