"""Behind a load balancer: Debian's haproxy (mode tcp, send-proxy-v2) in front of two
gateways, and clients on two loopback addresses (127.0.0.2, 127.0.0.3). The gateways
must count limits, lock out and log per real client, never per balancer.

haproxy is started by the test in the foreground and killed at the end; .ci/run
installs it (`apt-get install haproxy`) where it is missing.
"""

from __future__ import annotations

import shutil
import smtplib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.auth import set_password
from tests.conftest import CORPUS, corpus_labels, free_port
from tests.gateway.smtp_wire import Conversation
from tests.gateway.test_auth_tls import tls_files  # noqa: F401 - a fixture

CLIENT_A, CLIENT_B = "127.0.0.2", "127.0.0.3"
MESSAGE = "it-delay-notice.eml"
RCPT = corpus_labels()[MESSAGE]["rcpt"]
PASSWORD = "correct horse battery staple"


class Haproxy:
    """haproxy in the foreground (`-db`) with its own config: one TCP frontend on
    loopback, the gateways behind it with the PROXY protocol v2."""

    def __init__(self, folder: Path, backends: list[int]) -> None:
        self.port = free_port()
        servers = "\n".join(f"    server gw{n} 127.0.0.1:{port} send-proxy-v2"
                            for n, port in enumerate(backends))
        self.config = folder / "haproxy.cfg"
        self.config.write_text(f"""
global
    maxconn 200
    nbthread 1
defaults
    mode tcp
    timeout connect 5s
    timeout client 60s
    timeout server 60s
frontend smtp
    bind 127.0.0.1:{self.port}
    default_backend gateways
backend gateways
    balance roundrobin
{servers}
""")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.process = subprocess.Popen([binary, "-f", str(self.config), "-db"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"haproxy exited: {self.process.stderr.read()!r}")  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("haproxy did not start listening")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def balanced(start_gateway, tls_files, tmp_path: Path  # noqa: F811
             ) -> Iterator[tuple[Haproxy, list, object]]:
    """Two gateways (one folder, so one log) that take PROXY only from 127.0.0.1."""
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        pytest.skip("haproxy is not installed (.ci/run installs Debian's haproxy)")
    cert, key, context = tls_files
    set_password(tmp_path / "users", "seller", PASSWORD)
    listen = f"""
tls_cert = "{cert}"
tls_key = "{key}"
users_file = "users"
trusted_networks = []
proxy_protocol = true
proxy_networks = ["127.0.0.1/32"]
max_auth_failures = 2
auth_failure_delay = 0
max_connections_per_client = 2
"""
    gateways = [start_gateway(listen_extra=listen) for _ in range(2)]
    haproxy = Haproxy(tmp_path, [gateway.port for gateway in gateways])
    try:
        haproxy.start()
        yield haproxy, gateways, context
    finally:
        haproxy.stop()


def client(haproxy: Haproxy, source: str, context: object) -> smtplib.SMTP:
    smtp = smtplib.SMTP("127.0.0.1", haproxy.port, timeout=30, source_address=(source, 0))
    smtp.starttls(context=context)  # type: ignore[arg-type]
    return smtp


def test_failed_logins_lock_out_only_the_real_client(balanced) -> None:
    haproxy, gateways, context = balanced
    with client(haproxy, CLIENT_A, context) as attacker:
        attacker.ehlo("client.test")
        codes = [attacker.docmd("AUTH", "PLAIN AHNlbGxlcgB3cm9uZw==")[0] for _ in range(3)]
    assert codes == [535, 535, 421]
    # The other client logs in and sends through both gateways (roundrobin), including
    # the one that locked the first client out.
    for _ in range(2):
        with client(haproxy, CLIENT_B, context) as seller:
            seller.login("seller", PASSWORD)
            seller.sendmail("seller@shop.example", [RCPT], (CORPUS / MESSAGE).read_bytes())
    events = gateways[0].log_events()
    auth = [(e["client"].rsplit(":", 1)[0], e["success"]) for e in events
            if e["event"] == "auth"]
    assert auth == [(CLIENT_A, False), (CLIENT_A, False), (CLIENT_B, True), (CLIENT_B, True)]
    locked = [e for e in events if e.get("limit") == "auth_failures"]
    assert [e["client"].rsplit(":", 1)[0] for e in locked] == [CLIENT_A]
    sent = [e for e in events if e["event"] == "message"]
    assert [e["client"].rsplit(":", 1)[0] for e in sent] == [CLIENT_B, CLIENT_B]
    assert not any(str(e.get("client", "")).startswith("127.0.0.1:") for e in events)


def test_connection_limit_counts_each_real_client(balanced) -> None:
    haproxy, gateways, _ = balanced
    held: list[Conversation] = []
    refusal = b""
    try:
        # At most 2 per gateway: one of the first five is refused, wherever haproxy
        # sends them.
        while len(held) < 5 and not refusal:
            conversation = Conversation(haproxy.port, source=CLIENT_A)
            if conversation.greeting.startswith(b"220"):
                held.append(conversation)
            else:
                refusal = conversation.greeting
                conversation.close()
        assert refusal == b"421 4.7.0 Too many connections from your address\r\n"
        assert 2 <= len(held) <= 4
        for _ in range(2):
            with Conversation(haproxy.port, source=CLIENT_B) as other:
                assert other.greeting.startswith(b"220"), other.greeting
                assert other.send(b"QUIT").startswith(b"221")
    finally:
        for conversation in held:
            conversation.close()
    limits = [e for e in gateways[0].log_events() if e.get("limit") ==
              "max_connections_per_client"]
    assert [e["client"].rsplit(":", 1)[0] for e in limits] == [CLIENT_A]


def test_proxy_header_names_the_client_only_from_a_balancer(start_gateway) -> None:
    """A PROXY v1 header by hand: taken from 127.0.0.1 (a balancer), and a connection from
    an address outside proxy_networks is closed without a greeting."""
    gateway = start_gateway(listen_extra="""
trusted_networks = ["203.0.113.0/24"]
proxy_protocol = true
proxy_networks = ["127.0.0.1/32"]
""")
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.sendall(b"PROXY TCP4 203.0.113.7 127.0.0.1 40001 25\r\n")
        reader = sock.makefile("rb")
        assert reader.readline().startswith(b"220")
        sock.sendall(b"EHLO client.test\r\n")
        while reader.readline()[3:4] == b"-":
            pass
        # 203.0.113.7 is trusted: it may send without logging in.
        sock.sendall(b"MAIL FROM:<seller@shop.example>\r\n")
        assert reader.readline().startswith(b"250")
        reader.close()
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10,
                                  source_address=(CLIENT_A, 0)) as sock:
        sock.sendall(b"PROXY TCP4 203.0.113.7 127.0.0.1 40002 25\r\n")
        try:
            answer = sock.recv(1024)
        except ConnectionResetError:   # closed with the header unread
            answer = b""
        assert answer == b"", answer
    refused = [e for e in gateway.log_events() if e["event"] == "proxy_refused"]
    assert [e["peer"].rsplit(":", 1)[0] for e in refused] == [CLIENT_A]
