"""SMTP smuggling: no end-of-data variant gets a second message past the policy, at the
listener or on the way upstream. The upstream sees exactly the messages decided on."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import CORPUS, corpus_labels

LABELS = corpus_labels()
CARRIER = "it-delay-notice.eml"
RCPT = LABELS[CARRIER]["rcpt"]
SMUGGLED = (
    b"MAIL FROM:<attacker@evil.example>\r\n"
    b"RCPT TO:<" + RCPT.encode() + b">\r\n"
    b"DATA\r\n"
    b"From: attacker@evil.example\r\nTo: " + RCPT.encode() + b"\r\n"
    b"Subject: smuggled, no order id\r\n\r\n"
    b"Use code SAVE20 in our shop.\r\n"
)
END_OF_DATA_VARIANTS = [b"\n.\n", b"\n.\r\n", b"\r.\n", b"\r.\r\n", b"\r\n\x00.\r\n",
                        b"\n\r.\r\n", b"\r\r\n.\r\r\n"]


def read_replies(sock: socket.socket) -> list[bytes]:
    data = b""
    sock.settimeout(10)
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return [line for line in data.split(b"\r\n") if line]


@pytest.mark.parametrize("end", END_OF_DATA_VARIANTS, ids=repr)
def test_end_of_data_variants_smuggle_nothing(start_gateway, upstream, end: bytes) -> None:
    gateway = start_gateway(upstream.url)
    body = (CORPUS / CARRIER).read_bytes()
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.sendall(b"EHLO client.test\r\nMAIL FROM:<seller@shop.example>\r\n"
                     b"RCPT TO:<" + RCPT.encode() + b">\r\nDATA\r\n")
        sock.sendall(body + end + SMUGGLED + b"\r\n.\r\nQUIT\r\n")
        replies = read_replies(sock)
    finals = [r for r in replies if r.startswith((b"250 2.0.0", b"550 5.7.1", b"451 "))]
    assert len(finals) == 1, replies
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert len(events) == 1
    assert len(upstream.received) <= 1
    for received in upstream.received:
        assert received.sender == "seller@shop.example"
        # The would-be second message is only text inside the first one.
        assert b"SAVE20" in received.data
    assert all(r.sender != "attacker@evil.example" for r in upstream.received)


def test_smuggled_text_is_judged_by_the_policy(start_gateway, upstream) -> None:
    """What hides behind a bare-LF dot is part of the message the policy reads."""
    gateway = start_gateway(upstream.url)
    body = (CORPUS / CARRIER).read_bytes()
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.sendall(b"EHLO client.test\r\nMAIL FROM:<seller@shop.example>\r\n"
                     b"RCPT TO:<" + RCPT.encode() + b">\r\nDATA\r\n")
        sock.sendall(body + b"\n.\n" + SMUGGLED + b"\r\n.\r\nQUIT\r\n")
        replies = read_replies(sock)
    assert any(r.startswith(b"550 5.7.1") and b"promotional" in r for r in replies), replies
    assert upstream.received == []
