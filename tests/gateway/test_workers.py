"""Decisions in worker processes: same answers as in-process, and a message that would
need more memory or time than the budget is held as malformed, never passed."""

from __future__ import annotations

import smtplib

from tests.conftest import CORPUS, corpus_labels

LABELS = corpus_labels()


def send(port: int, data: bytes, rcpt: str) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=120) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        client.rcpt(rcpt)
        return client.data(data)


def test_worker_processes_decide_like_the_engine(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, workers=2)
    for name in ("it-delay-notice.eml", "en-rewrite-tracking-pixel-sendgrid.eml",
                 "en-missing-order-id-delay.eml"):
        code, _ = send(gateway.port, (CORPUS / name).read_bytes(), LABELS[name]["rcpt"])
        assert code == (550 if LABELS[name]["decision"] == "quarantine" else 250)
    assert upstream.received[0].data == (CORPUS / "it-delay-notice.eml").read_bytes()
    assert b"/wf/open" not in upstream.received[1].data


def test_message_over_the_memory_or_time_budget_is_held(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, workers=1,
                            extra="[policy]\nmemory_budget = 256\ntime_budget = 2.0",
                            listen_extra="max_message_size = 60000000")
    name = "en-delay-notice-thank-you-for-patience.eml"
    line = b"Your order 114-9902716-3348051 ships soon, we are sorry for the delay. " * 12
    data = (CORPUS / name).read_bytes() + (line + b"\r\n") * 30_000   # ~30 MB of text
    code, reply = send(gateway.port, data, LABELS[name]["rcpt"])
    assert code == 550 and b"malformed" in reply, reply
    assert not upstream.received
    entry = gateway.quarantine.entries()[0]
    detail = entry.decision["findings"][0]["detail"]
    assert "budget" in detail or "died" in detail
    # The pool recovered: the next message is decided normally.
    ok = "it-delay-notice.eml"
    assert send(gateway.port, (CORPUS / ok).read_bytes(), LABELS[ok]["rcpt"])[0] == 250
