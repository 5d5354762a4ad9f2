"""The flow of one message over real SMTP: gateway on loopback, aiosmtpd as the upstream."""

from __future__ import annotations

import email
import json
import re
import smtplib
from email import policy

import pytest

from policies.rules import default_actions
from tests.conftest import CORPUS, corpus_labels
from tests.gateway.smtp_wire import Conversation

LABELS = corpus_labels()
COMPLIANT = "it-delay-notice.eml"
PIXEL = "en-rewrite-tracking-pixel-sendgrid.eml"
NO_ORDER_ID = "en-missing-order-id-delay.eml"


def wire_bytes(name: str) -> bytes:
    """A corpus message as a mail client sends it: with CRLF line ends (some corpus files
    are stored with LF, and smtplib sends bytes unchanged)."""
    return re.sub(rb"\r?\n", b"\r\n", (CORPUS / name).read_bytes())


def send(port: int, name: str, rcpt: str | None = None, sender: str = "seller@shop.example"
         ) -> tuple[int, str]:
    """Submit one corpus message; returns the final reply code and text."""
    data = wire_bytes(name)
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo("client.test")
        code, reply = client.mail(sender)
        assert code == 250, reply
        code, reply = client.rcpt(rcpt or LABELS[name]["rcpt"])
        assert code == 250, reply
        code, reply = client.data(data)
        return code, reply.decode()


def test_compliant_message_reaches_upstream_byte_identical(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    code, reply = send(gateway.port, COMPLIANT)
    assert code == 250, reply
    assert len(upstream.received) == 1
    assert upstream.received[0].data == (CORPUS / COMPLIANT).read_bytes()
    assert upstream.received[0].recipients == [LABELS[COMPLIANT]["rcpt"]]


def test_tracking_pixel_is_stripped_and_mime_stays_valid(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    code, reply = send(gateway.port, PIXEL)
    assert code == 250, reply
    relayed = upstream.received[0].data
    assert b"sendgrid.net/wf/open" not in relayed
    message = email.message_from_bytes(relayed, policy=policy.default)
    assert not message.defects
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "hardware pack" in html and "<img" not in html
    assert message["Message-ID"] == "<Rk3bT9vWQ2uL7yNc1xP0dA@geopod-ismtpd-7>"


def test_message_without_order_id_is_rejected_and_quarantined(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    code, reply = send(gateway.port, NO_ORDER_ID)
    assert code == 550
    assert "5.7.1" in reply and "missing-order-id" in reply
    entries = gateway.quarantine.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.id in reply
    assert entry.rules == ["missing-order-id"]
    assert entry.recipients == [LABELS[NO_ORDER_ID]["rcpt"]]
    assert entry.client.startswith("127.0.0.1:")
    assert gateway.quarantine.message(entry.id) == (CORPUS / NO_ORDER_ID).read_bytes()
    sidecar = json.loads((gateway.quarantine.decisions / f"{entry.id}.json").read_text())
    assert sidecar["decision"]["decision"] == "quarantine"
    assert not upstream.received


def test_quarantine_reply_accept_answers_250_and_holds(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, quarantine_extra='reply = "accept"')
    code, reply = send(gateway.port, NO_ORDER_ID)
    assert code == 250 and "quarantine" in reply
    assert len(gateway.quarantine.entries()) == 1
    assert not upstream.received


def test_upstream_down_gives_4xx_then_retry_delivers_once(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.stop()
    code, reply = send(gateway.port, COMPLIANT)
    assert code == 451 and "4.4.1" in reply
    assert gateway.quarantine.entries() == []
    upstream.start()
    code, reply = send(gateway.port, COMPLIANT)
    assert code == 250, reply
    assert len(upstream.received) == 1


def test_upstream_4xx_gives_4xx(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.data_reply = "452 4.3.1 Insufficient system storage"
    code, reply = send(gateway.port, COMPLIANT)
    assert code == 451 and "452" in reply


def test_upstream_5xx_gives_5xx(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.data_reply = "554 5.7.1 Rejected by upstream policy"
    code, reply = send(gateway.port, COMPLIANT)
    assert code == 554 and "Rejected by upstream policy" in reply
    assert gateway.quarantine.entries() == []


@pytest.mark.parametrize(("upstream_reply", "expected"), [
    ("250-Ok: queued as A1\r\n250 2.0.0 and kept for you",
     b"250 2.0.0 Ok: deliver and relayed; upstream said 250 Ok: queued as A1 2.0.0 and "
     b"kept for you\r\n"),
    ("554-5.7.1 Rejected:\r\n554 policy says no",
     b"554 5.0.0 Upstream rejected the message: 554 5.7.1 Rejected: policy says no\r\n"),
])
def test_multi_line_upstream_reply_is_one_valid_reply_line(
        start_gateway, upstream, upstream_reply: str, expected: bytes) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.data_reply = upstream_reply
    with Conversation(gateway.port) as session:
        session.send(b"EHLO client.test")
        session.send(b"MAIL FROM:<seller@shop.example>")
        session.send(b"RCPT TO:<" + LABELS[COMPLIANT]["rcpt"].encode() + b">")
        assert session.message(wire_bytes(COMPLIANT)) == expected


def test_upstream_connection_is_reused(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    for _ in range(3):
        assert send(gateway.port, COMPLIANT)[0] == 250
    assert len(upstream.received) == 3
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert len(events) == 3


def test_non_amazon_recipient_passes_untouched(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    code, _ = send(gateway.port, PIXEL, rcpt="friend@example.org")
    assert code == 250
    assert upstream.received[0].data == (CORPUS / PIXEL).read_bytes()


def test_scope_all_applies_policy_to_every_recipient(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, extra='[policy]\nscope = "all"')
    code, _ = send(gateway.port, NO_ORDER_ID, rcpt="friend@example.org")
    assert code == 550


def test_oversized_message_is_refused_with_552(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, listen_extra="max_message_size = 2000")
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        assert client.has_extn("size") and client.esmtp_features["size"] == "2000"
        client.mail("seller@shop.example")
        client.rcpt(LABELS[COMPLIANT]["rcpt"])
        code, _ = client.data((CORPUS / PIXEL).read_bytes())
    assert code == 552
    assert not upstream.received


def test_esmtp_extensions_are_offered(start_gateway) -> None:
    gateway = start_gateway()
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        for extension in ("size", "8bitmime", "smtputf8"):
            assert client.has_extn(extension)
        assert not client.has_extn("starttls")


def test_too_many_recipients_is_refused(start_gateway) -> None:
    gateway = start_gateway(listen_extra="max_recipients = 2")
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        assert client.rcpt("a@example.org")[0] == 250
        assert client.rcpt("b@example.org")[0] == 250
        code, reply = client.rcpt("c@example.org")
    assert code == 452 and b"Too many recipients" in reply


def test_default_maildir_outbox_receives_delivered_mail(start_gateway) -> None:
    gateway = start_gateway()
    code, reply = send(gateway.port, PIXEL)
    assert code == 250, reply
    delivered = list((gateway.config.base_dir / "outbox" / "new").iterdir())
    assert len(delivered) == 1
    data = delivered[0].read_bytes()
    assert data.startswith(b"Return-Path: <seller@shop.example>\r\n")
    assert b"/wf/open" not in data


def test_one_json_log_line_per_message(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    send(gateway.port, COMPLIANT)
    send(gateway.port, NO_ORDER_ID)
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert [e["decision"] for e in events] == ["deliver", "quarantine"]
    held = events[1]
    assert held["rules"] == ["missing-order-id"]
    assert held["quarantine_id"] and held["marketplace"] == "uk"
    assert held["sender"] == "seller@shop.example"
    assert held["recipients"] == [LABELS[NO_ORDER_ID]["rcpt"]]
    assert held["size"] == len((CORPUS / NO_ORDER_ID).read_bytes())
    assert held["reply"].startswith("550") and isinstance(held["ms"], float)
    assert events[0]["upstream_reply"].startswith("250")
    assert events[0]["message_id"]


@pytest.mark.parametrize("name", sorted(LABELS))
def test_corpus_through_the_gateway(start_gateway, upstream, name: str) -> None:
    """Each labelled message gets the labelled outcome in flight, as `check` says."""
    gateway = start_gateway(upstream.url)
    code, reply = send(gateway.port, name)
    label = LABELS[name]
    if label["decision"] == "quarantine":
        assert code == 550, reply
        holding = [r for r in label["rules"] if default_actions()[r] == "quarantine"]
        assert all(rule in reply for rule in holding), reply
        assert len(gateway.quarantine.entries()) == 1
        assert not upstream.received
        return
    assert code == 250, reply
    assert len(upstream.received) == 1
    relayed = upstream.received[0].data
    if label["decision"] == "deliver":
        assert relayed == wire_bytes(name)
    else:
        assert relayed != wire_bytes(name)
        assert not email.message_from_bytes(relayed, policy=policy.default).defects
