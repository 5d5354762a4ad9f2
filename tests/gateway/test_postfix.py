"""A real Postfix in front of Vigile, configured as the README tells a seller (relayhost,
SASL, `smtp_tls_security_level = encrypt`): Debian's `postfix` package as a private
instance (tests/postfix.py), Vigile trusting no network so Postfix must STARTTLS and log
in, and aiosmtpd as the upstream relay."""

from __future__ import annotations

import email
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
import trustme

from tests.conftest import CORPUS, RunningGateway, UpstreamServer, corpus_labels
from tests.postfix import PostfixInstance, postfix_installed, wait_for

LABELS = corpus_labels()
COMPLIANT = "it-delay-notice.eml"
NO_ORDER_ID = "en-missing-order-id-delay.eml"
SELLER = "seller@shop.example"
USER, PASSWORD = "postfix-relay", "tr0ub4dor&3 but longer"
VIGILE = str(Path(sys.executable).with_name("vigile"))
WAIT = 60.0   # seconds: Postfix's queue manager and smtp client on a busy 2-core machine


@pytest.fixture
def gateway(start_gateway, upstream: UpstreamServer, tmp_path: Path) -> RunningGateway:
    """Vigile with STARTTLS (a trustme certificate) and a users file made by `vigile
    passwd`, trusting no network: loopback clients must STARTTLS and AUTH."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    certificate.private_key_pem.write_to_path(tmp_path / "key.pem")
    certificate.cert_chain_pems[0].write_to_path(tmp_path / "cert.pem")
    authority.cert_pem.write_to_path(tmp_path / "ca.pem")
    made = subprocess.run([VIGILE, "passwd", USER, "--users-file", str(tmp_path / "users")],
                          input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    return start_gateway(upstream.url, listen_extra="""
tls_cert = "cert.pem"
tls_key = "key.pem"
users_file = "users"
trusted_networks = []
""")


@pytest.fixture
def postfix(gateway: RunningGateway, tmp_path: Path) -> Iterator[PostfixInstance]:
    if not postfix_installed():
        problem = ("Debian's postfix package is not installed (.ci/run installs it: "
                   "see the README's test section)")
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must run the Postfix tests")
        pytest.skip(problem)
    instance = PostfixInstance(gateway.port, tmp_path / "ca.pem", USER, PASSWORD)
    try:
        yield instance.start()
    finally:
        instance.stop()


def corpus_message(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def message_events(gateway: RunningGateway) -> list[dict[str, object]]:
    return [e for e in gateway.log_events() if e.get("event") == "message"]


def test_mail_from_postfix_goes_through_vigile_once(gateway, postfix, upstream) -> None:
    postfix.sendmail(SELLER, LABELS[COMPLIANT]["rcpt"], corpus_message(COMPLIANT))
    wait_for(lambda: upstream.received and postfix.queue_is_empty(), WAIT,
             "the message upstream and Postfix's queue empty", postfix.log_tail)
    [relayed] = upstream.received
    assert relayed.sender == SELLER and relayed.recipients == [LABELS[COMPLIANT]["rcpt"]]
    original = email.message_from_bytes(corpus_message(COMPLIANT), policy=policy.default)
    received = email.message_from_bytes(relayed.data, policy=policy.default)
    assert received["Message-ID"] == original["Message-ID"]
    assert received.get_body().get_content() == original.get_body().get_content()
    # Postfix encrypted and logged in: Vigile offers AUTH only after STARTTLS off its
    # trusted networks, and the message event names the user.
    log = postfix.log_text()
    assert re.search(r"TLS connection established to 127\.0\.0\.1\[127\.0\.0\.1\]", log), log
    assert "status=sent" in log
    [event] = message_events(gateway)
    assert event["user"] == USER and event["decision"] == "deliver"
    assert str(event["reply"]).startswith("250")


def test_a_held_message_comes_back_to_the_sender_as_a_bounce(gateway, postfix,
                                                             upstream) -> None:
    postfix.sendmail(SELLER, LABELS[NO_ORDER_ID]["rcpt"], corpus_message(NO_ORDER_ID))
    # Vigile answers 550; Postfix bounces to the sender, and the bounce (null sender, to a
    # non-Amazon address) goes through Vigile too, up to the upstream.
    wait_for(lambda: upstream.received and postfix.queue_is_empty(), WAIT,
             "Postfix's bounce upstream", postfix.log_tail)
    [entry] = gateway.quarantine.entries()
    [bounce] = upstream.received
    assert bounce.sender == "<>" and bounce.recipients == [SELLER]   # aiosmtpd writes <>
    text = re.sub(r"\s+", " ", bounce.data.decode("utf-8", errors="replace"))
    assert "Undelivered Mail Returned to Sender" in text
    assert (f"550 5.7.1 Held by Amazon messaging policy (missing-order-id); "
            f"quarantine id {entry.id}") in text
    held, returned = message_events(gateway)
    assert held["decision"] == "quarantine" and held["quarantine_id"] == entry.id
    assert returned["sender"] == "" and str(returned["reply"]).startswith("250")


def test_postfix_keeps_the_message_while_vigile_defers_and_delivers_it_after(
        gateway, postfix, upstream) -> None:
    upstream.stop()
    postfix.sendmail(SELLER, LABELS[COMPLIANT]["rcpt"], corpus_message(COMPLIANT))
    wait_for(lambda: "status=deferred" in postfix.log_text(), WAIT,
             "Postfix to defer the message", postfix.log_tail)
    queue = postfix.queue()
    assert "1 Request" in queue and "451 4.4.1" in re.sub(r"\s+", " ", queue), queue
    assert message_events(gateway)[0]["reply"].startswith("451 4.4.1")
    upstream.start()
    postfix.flush()
    wait_for(lambda: upstream.received and postfix.queue_is_empty(), WAIT,
             "the deferred message upstream after postqueue -f", postfix.log_tail)
    assert len(upstream.received) == 1
    assert upstream.received[0].recipients == [LABELS[COMPLIANT]["rcpt"]]
