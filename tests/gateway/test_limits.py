"""No open door: limits on logins, connections, lines, headers and commands, each with
a clear SMTP reply and a `limit` log event."""

from __future__ import annotations

import base64
import smtplib
import socket
import threading
import time

import pytest

from gateway.auth import set_password
from tests.conftest import CORPUS, corpus_labels
from tests.gateway.smtp_wire import Conversation
from tests.gateway.test_auth_tls import tls_files  # noqa: F401 - a fixture
from tests.gateway.test_smuggling import read_replies

LABELS = corpus_labels()
MESSAGE = "it-delay-notice.eml"
RCPT = LABELS[MESSAGE]["rcpt"]


def limit_events(gateway) -> list[dict]:
    return [e for e in gateway.log_events() if e["event"] == "limit"]


def test_failed_logins_lock_the_address_out(start_gateway, tls_files, tmp_path) -> None:  # noqa: F811
    cert, key, context = tls_files
    set_password(tmp_path / "users", "seller", "right")
    gateway = start_gateway(listen_extra=f"""
tls_cert = "{cert}"
tls_key = "{key}"
users_file = "users"
trusted_networks = []
max_auth_failures = 3
auth_failure_delay = 0.05
""")
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.starttls(context=context)
        for _ in range(3):
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("seller", "wrong")
        client.ehlo("client.test")
        code, reply = client.docmd("AUTH", "PLAIN AHNlbGxlcgByaWdodA==")   # the right one
    assert code == 421 and b"Too many failed logins" in reply
    assert any(e.get("limit") == "auth_failures" for e in limit_events(gateway))


def test_parallel_logins_cannot_slip_past_the_lockout(start_gateway, tmp_path) -> None:
    """18 logins sent at once with a limit of 5: only 5 are checked, the rest get 421.
    (Loopback is trusted, so AUTH without TLS is allowed; the delay widens the window in
    which unchecked attempts would pile up.)"""
    set_password(tmp_path / "users", "seller", "right")
    gateway = start_gateway(listen_extra="""
users_file = "users"
max_auth_failures = 5
auth_failure_delay = 0.5
""")
    barrier = threading.Barrier(18)
    codes: list[bytes] = []

    def attempt() -> None:
        with Conversation(gateway.port) as session:
            session.send(b"EHLO client.test")
            barrier.wait(timeout=30)
            codes.append(session.send(b"AUTH PLAIN " + base64.b64encode(b"\0seller\0wrong"))[:3])

    threads = [threading.Thread(target=attempt) for _ in range(18)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [b"421"] * 13 + [b"535"] * 5
    checked = [e for e in gateway.log_events() if e["event"] == "auth"]
    assert len(checked) == 5
    assert all(e["success"] is False and e["level"] == "warning" for e in checked)


def test_starttls_with_pipelined_commands_is_refused(start_gateway, tls_files) -> None:  # noqa: F811
    cert, key, _ = tls_files
    gateway = start_gateway(listen_extra=f'tls_cert = "{cert}"\ntls_key = "{key}"')
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.recv(1024)
        sock.sendall(b"EHLO client.test\r\n")
        time.sleep(0.2)
        sock.recv(4096)
        sock.sendall(b"STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\n")
        replies = read_replies(sock)
    assert replies and replies[0].startswith(b"554 5.5.1"), replies
    assert any(e["event"] == "starttls_pipelining" for e in gateway.log_events())


def test_connections_per_client_are_limited(start_gateway) -> None:
    gateway = start_gateway(listen_extra="trusted_networks = []\nmax_connections_per_client = 2")
    first = smtplib.SMTP("127.0.0.1", gateway.port, timeout=10)
    second = smtplib.SMTP("127.0.0.1", gateway.port, timeout=10)
    with pytest.raises(smtplib.SMTPConnectError) as refused:
        smtplib.SMTP("127.0.0.1", gateway.port, timeout=10)
    assert refused.value.smtp_code == 421
    first.quit()
    time.sleep(0.2)
    smtplib.SMTP("127.0.0.1", gateway.port, timeout=10).quit()   # a slot is free again
    second.quit()
    assert any(e.get("limit") == "max_connections_per_client" for e in limit_events(gateway))


def test_trusted_clients_are_not_limited_by_connection_count(start_gateway) -> None:
    gateway = start_gateway(listen_extra="max_connections_per_client = 1")
    clients = [smtplib.SMTP("127.0.0.1", gateway.port, timeout=10) for _ in range(3)]
    for client in clients:
        client.quit()


def session(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.recv(1024)
    return sock


def exchange(sock: socket.socket, data: bytes) -> bytes:
    sock.sendall(data)
    time.sleep(0.1)
    return sock.recv(65536)


def test_overlong_data_line_is_refused(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    with session(gateway.port) as sock:
        exchange(sock, b"EHLO client.test\r\n")
        exchange(sock, b"MAIL FROM:<seller@shop.example>\r\n")
        exchange(sock, b"RCPT TO:<" + RCPT.encode() + b">\r\n")
        exchange(sock, b"DATA\r\n")
        sock.sendall(b"Subject: x\r\n\r\n" + b"A" * 5_000_000 + b"\r\n.\r\n")
        reply = sock.recv(1024)
    assert reply.startswith(b"500"), reply
    assert not upstream.received
    assert limit_events(gateway)


def test_overlong_command_line_is_refused(start_gateway) -> None:
    gateway = start_gateway()
    with session(gateway.port) as sock:
        reply = exchange(sock, b"EHLO " + b"a" * 5000 + b"\r\n")
    assert reply.startswith(b"500"), reply


def message_with_headers(headers: bytes) -> bytes:
    return headers + (CORPUS / MESSAGE).read_bytes()


@pytest.mark.parametrize(("headers", "expected"), [
    (b"".join(b"X-Flood-%d: x\r\n" % i for i in range(1500)), b"Too many header lines"),
    (b"X-Huge: " + b"a" * 70 + b"".join(b"\r\n " + b"b" * 70 for _ in range(2000)) + b"\r\n",
     b"Header too long"),
])
def test_header_floods_are_refused(start_gateway, upstream, headers: bytes,
                                   expected: bytes) -> None:
    gateway = start_gateway(upstream.url)
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=30) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        client.rcpt(RCPT)
        code, reply = client.data(message_with_headers(headers))
    assert code == 552 and expected in reply
    assert not upstream.received
    assert limit_events(gateway)


def test_command_rate_per_connection_is_limited(start_gateway) -> None:
    gateway = start_gateway(listen_extra="max_commands_per_connection = 30")
    codes = []
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=10) as client:
        for _ in range(25):
            code, _ = client.docmd("HELP")
            codes.append(code)
            if code == 421:
                break
    assert codes[-1] == 421 and len(codes) == 21   # 20 HELP allowed, then 421 and close
    assert limit_events(gateway)
