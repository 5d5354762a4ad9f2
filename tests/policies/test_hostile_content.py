"""Hostile content: every message gets a decision, never an exception or a hang.

Property-based (hypothesis) over arbitrary bytes and over MIME built from hostile
pieces, plus hand-made cases from the issue: broken boundaries, deep nesting, lying
charsets, invalid transfer encodings, NUL bytes, parser bombs, nested message/rfc822,
filenames with path separators.
"""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies.model import Decision, Verdict
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, run_policy


def decided(raw: bytes) -> Decision:
    """The engine's decision, which must not come from a rule or stage that raised (the
    engine holds such a message as malformed, but on this input it is a bug)."""
    decision = run_policy(raw)
    assert decision.error is None, decision.error.traceback
    return decision


HEADERS = (f"From: a@shop.example\r\nTo: {BUYERS['en']}\r\n"
           f"Subject: order {ORDER_ID}\r\nMIME-Version: 1.0\r\n").encode()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_get_a_decision(data: bytes) -> None:
    decision = decided(data)
    assert decision.verdict in Verdict


@settings(max_examples=150, deadline=None)
@given(
    content_type=st.sampled_from([b"text/plain", b"text/html", b"multipart/mixed",
                                  b"multipart/alternative", b"message/rfc822",
                                  b"application/octet-stream", b"text/html; charset=klingon"]),
    boundary=st.sampled_from([b"", b'; boundary="b1"', b"; boundary=b1", b'; boundary=""']),
    encoding=st.sampled_from([b"base64", b"quoted-printable", b"8bit", b"x-uuencode", b""]),
    body=st.binary(max_size=2000),
)
def test_hostile_mime_pieces_get_a_decision(content_type: bytes, boundary: bytes,
                                            encoding: bytes, body: bytes) -> None:
    raw = (HEADERS + b"Content-Type: " + content_type + boundary + b"\r\n"
           + (b"Content-Transfer-Encoding: " + encoding + b"\r\n" if encoding else b"")
           + b"\r\n--b1\r\nContent-Type: text/html\r\n\r\n" + body + b"\r\n--b1--\r\n")
    decision = decided(raw)
    assert decision.verdict in Verdict


def nested_multipart(depth: int) -> bytes:
    head = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                    for i in range(depth))
    tail = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    return HEADERS + head + b"Content-Type: text/plain\r\n\r\nhello\r\n" + tail


@pytest.mark.parametrize("depth", [21, 3000])
def test_deep_mime_nesting_is_malformed(depth: int) -> None:
    decision = run_policy(nested_multipart(depth))
    assert decision.verdict is Verdict.QUARANTINE
    assert {f.rule for f in decision.findings} == {"malformed"}


def test_nested_message_rfc822_is_not_passed_unchecked() -> None:
    inner = build_message("Visit our shop for 20% off with code SAVE20!")
    for _ in range(30):
        wrapper = EmailMessage()
        wrapper["From"] = "a@shop.example"
        wrapper["To"] = BUYERS["en"]
        wrapper["Subject"] = f"order {ORDER_ID}"
        wrapper.set_content(f"Your order {ORDER_ID} has a question pending.")
        wrapper.add_attachment(inner, maintype="message", subtype="rfc822")
        inner = wrapper.as_bytes()
    decision = run_policy(inner)
    assert decision.verdict is not Verdict.DELIVER


@pytest.mark.parametrize("html", [
    "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    "<p " + " ".join(f'a{i}="{i}"' for i in range(50_000)) + ">attrs</p>",
    "<table>" * 20_000,
    "<!--" * 10_000 + "<img src=http://t.example/o/1.gif>",
])
def test_html_parser_bombs_get_a_decision(html: str) -> None:
    raw = build_message(f"Your order {ORDER_ID}: the parcel left today, sorry for the wait.",
                        html)
    assert decided(raw).verdict in Verdict


@pytest.mark.parametrize("part", [
    b"Content-Type: text/plain; charset=utf-16\r\n\r\n\xff\xfe\x00\xd8",
    b"Content-Type: text/plain; charset=no-such-charset\r\n\r\nhello \xe9\r\n",
    b"Content-Type: text/plain; charset=us-ascii\r\n\r\nsecretly latin-1: \xe9\xe8\r\n",
    b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64===\r\n",
    b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=\r\n",
    b"Content-Type: text/plain\r\n\r\nNUL\x00bytes\x00here\r\n",
    # Python codecs that are no mail charsets (punycode raised UnicodeError).
    b"Content-Type: text/plain; charset=punycode\r\n\r\nabc-xyz\r\n",
    b"Content-Type: text/html; charset=idna\r\n\r\nxn--abc <b>x</b>\r\n",
    b"Content-Type: text/html; charset=unicode_escape\r\n\r\n\\ud800 <p>\\u200b</p>\r\n",
    b"Content-Type: text/html; charset=utf-7\r\n\r\n+2AA- <p>x</p>\r\n",
    b'Content-Type: application/pdf\r\nContent-Disposition: attachment; '
    b'filename="../../etc/passwd"\r\n\r\n%PDF-1.4\r\n',
    b'Content-Type: application/pdf\r\nContent-Disposition: attachment; '
    b'filename="C:\\\\Windows\\\\evil.pdf"\r\n\r\n%PDF-1.4\r\n',
])
def test_lying_or_broken_parts_get_a_decision(part: bytes) -> None:
    raw = (HEADERS + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
           + f"Content-Type: text/plain\r\n\r\nAbout your order {ORDER_ID}.\r\n--b\r\n".encode()
           + part + b"\r\n--b--\r\n")
    assert decided(raw).verdict in Verdict


def test_header_flood_gets_a_decision() -> None:
    flood = b"".join(b"X-Flood-%d: %s\r\n" % (i, b"v" * 50) for i in range(20_000))
    raw = flood + build_message(f"About order {ORDER_ID}: it ships tomorrow, sorry.")
    assert decided(raw).verdict in Verdict


def test_too_many_parts_is_malformed() -> None:
    parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(800))
    raw = HEADERS + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + b"--b--\r\n"
    decision = decided(raw)
    assert "malformed" in {f.rule for f in decision.findings}


def test_time_budget_holds_the_message() -> None:
    from datetime import UTC, datetime

    from policies.engine import evaluate
    from policies.model import PolicyContext
    from policies.scope import buyer_marketplace

    context = PolicyContext(sender="a@shop.example", recipients=(BUYERS["en"],),
                            at=datetime(2025, 4, 16, tzinfo=UTC),
                            marketplace=buyer_marketplace(BUYERS["en"]))
    raw = build_message(f"Your order {ORDER_ID} left our warehouse today.")
    decision = evaluate(raw, context, budget=1e-9)
    assert decision.verdict is Verdict.QUARANTINE
    assert decision.findings[0].rule == "malformed"
    assert "time budget" in decision.findings[0].detail
