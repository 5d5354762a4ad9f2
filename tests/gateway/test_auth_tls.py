"""AUTH over STARTTLS, and no relaying for clients that are neither trusted nor logged in."""

from __future__ import annotations

import smtplib
import ssl
from pathlib import Path

import pytest
import trustme

from gateway.auth import set_password
from tests.conftest import CORPUS, corpus_labels

MESSAGE = "it-delay-notice.eml"
RCPT = corpus_labels()[MESSAGE]["rcpt"]


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path, ssl.SSLContext]:
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    certificate.private_key_pem.write_to_path(key)
    certificate.cert_chain_pems[0].write_to_path(cert)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    return cert, key, client_context


@pytest.fixture
def remote_like_gateway(start_gateway, upstream, tls_files, tmp_path: Path):
    """A gateway that trusts no network, so loopback clients are treated as remote."""
    cert, key, client_context = tls_files
    set_password(tmp_path / "users", "seller", "correct horse battery staple")
    gateway = start_gateway(upstream.url, listen_extra=f"""
tls_cert = "{cert}"
tls_key = "{key}"
users_file = "users"
trusted_networks = []
""")
    return gateway, client_context


def test_auth_over_starttls_then_send(remote_like_gateway, upstream) -> None:
    gateway, context = remote_like_gateway
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        assert client.has_extn("starttls")
        assert not client.has_extn("auth"), "AUTH must not be offered before TLS"
        client.starttls(context=context)
        client.ehlo("client.test")
        assert set(client.esmtp_features["auth"].split()) >= {"PLAIN", "LOGIN"}
        client.login("seller", "correct horse battery staple")
        client.sendmail("seller@shop.example", [RCPT], (CORPUS / MESSAGE).read_bytes())
    assert len(upstream.received) == 1
    auth_events = [e for e in gateway.log_events() if e["event"] == "auth"]
    assert auth_events[-1]["success"] is True and auth_events[-1]["user"] == "seller"


def test_wrong_password_is_refused(remote_like_gateway) -> None:
    gateway, context = remote_like_gateway
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.starttls(context=context)
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            client.login("seller", "wrong")
    assert refused.value.smtp_code == 535


def test_untrusted_client_without_auth_cannot_send(remote_like_gateway, upstream) -> None:
    gateway, context = remote_like_gateway
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        code, reply = client.mail("seller@shop.example")
        assert code == 530 and b"Authentication required" in reply
        client.starttls(context=context)
        client.ehlo("client.test")
        code, _ = client.mail("seller@shop.example")
        assert code == 530, "TLS alone is not authentication"
    assert not upstream.received
    assert any(e["event"] == "relay_denied" for e in gateway.log_events())


def test_auth_without_tls_is_refused_off_trusted_networks(remote_like_gateway) -> None:
    gateway, _ = remote_like_gateway
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        code, reply = client.docmd("AUTH", "PLAIN AHNlbGxlcgB3cm9uZw==")
    assert code == 538, reply


def test_auth_without_tls_is_allowed_on_loopback(start_gateway, upstream, tmp_path) -> None:
    set_password(tmp_path / "users", "seller", "s3cret")
    gateway = start_gateway(upstream.url, listen_extra='users_file = "users"')
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        assert client.has_extn("auth")
        client.login("seller", "s3cret")
