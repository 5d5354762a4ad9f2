"""Upstream URL forms over real TLS: smtp+starttls:// (required), smtps://, and AUTH with
the password from the environment."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.conftest import CORPUS, UpstreamHandler, corpus_labels, free_port

MESSAGE = "it-delay-notice.eml"
RCPT = corpus_labels()[MESSAGE]["rcpt"]


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


class TlsUpstream:
    """aiosmtpd behind STARTTLS or implicit TLS, optionally requiring AUTH."""

    def __init__(self, authority: trustme.CA, implicit: bool, password: str | None) -> None:
        self.handler = UpstreamHandler()
        self.port = free_port()
        self.logins: list[bytes] = []
        context = server_context(authority)

        def authenticate(server, session, envelope, mechanism, data) -> AuthResult:
            ok = isinstance(data, LoginPassword) and data.password.decode() == password
            if ok:
                self.logins.append(data.login)
            return AuthResult(success=ok, handled=False)

        options = {"authenticator": authenticate, "auth_required": True} if password else {}
        if implicit:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                         ssl_context=context, **options)
        else:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                         tls_context=context, require_starttls=True,
                                         **options)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def ca_file(authority: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "upstream-ca.pem"
    authority.cert_pem.write_to_path(path)
    return path


def send(port: int) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        client.rcpt(RCPT)
        return client.data((CORPUS / MESSAGE).read_bytes())


@pytest.fixture
def tls_upstream(authority: trustme.CA, request) -> Iterator[TlsUpstream]:
    implicit, password = request.param
    server = TlsUpstream(authority, implicit, password)
    yield server
    server.stop()


@pytest.mark.parametrize("tls_upstream", [(False, None), (True, None)], indirect=True,
                         ids=["smtp+starttls", "smtps"])
def test_relay_over_tls(start_gateway, tls_upstream: TlsUpstream, ca_file: Path) -> None:
    scheme = "smtps" if tls_upstream.controller.ssl_context else "smtp+starttls"
    gateway = start_gateway(f"{scheme}://127.0.0.1:{tls_upstream.port}",
                            upstream_extra=f'ca_file = "{ca_file}"')
    code, reply = send(gateway.port)
    assert code == 250, reply
    assert tls_upstream.handler.received[0].data == (CORPUS / MESSAGE).read_bytes()


@pytest.mark.parametrize("tls_upstream", [(False, None)], indirect=True)
def test_unverifiable_upstream_certificate_is_a_4xx(start_gateway,
                                                     tls_upstream: TlsUpstream) -> None:
    gateway = start_gateway(f"smtp+starttls://127.0.0.1:{tls_upstream.port}")
    code, reply = send(gateway.port)
    assert code == 451 and b"4.4.1" in reply
    assert not tls_upstream.handler.received


@pytest.mark.parametrize("tls_upstream", [(False, "relay-secret")], indirect=True)
def test_upstream_auth_with_password_from_environment(start_gateway, tls_upstream: TlsUpstream,
                                                      ca_file: Path, monkeypatch) -> None:
    monkeypatch.setenv("TEST_RELAY_PASSWORD", "relay-secret")
    gateway = start_gateway(f"smtp+starttls://127.0.0.1:{tls_upstream.port}",
                            upstream_extra=f'ca_file = "{ca_file}"\nusername = "seller"\n'
                                           'password_env = "TEST_RELAY_PASSWORD"')
    code, reply = send(gateway.port)
    assert code == 250, reply
    assert tls_upstream.logins == [b"seller"]
