"""Faults on either side: a 250 means the message is safe, anything else that the
client still has it. Upstream refusing, timing out, dropping, answering 421; clients
vanishing; a quarantine that cannot be written; SIGKILL and SIGTERM."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from gateway.quarantine.maildir import MaildirQuarantine as Quarantine
from tests.conftest import CORPUS, corpus_labels, free_port, write_config
from tests.gateway.test_cli import VIGILE

LABELS = corpus_labels()
COMPLIANT = "it-delay-notice.eml"
HELD = "en-missing-order-id-delay.eml"


def send(port: int, name: str = COMPLIANT, timeout: float = 30) -> tuple[int, str]:
    with smtplib.SMTP("127.0.0.1", port, timeout=timeout) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        client.rcpt(LABELS[name]["rcpt"])
        code, reply = client.data((CORPUS / name).read_bytes())
    return code, reply.decode()


def test_upstream_timeout_gives_4xx(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.delay = 7.0   # the test gateway's upstream.timeout is 5 s
    code, reply = send(gateway.port)
    assert code == 451 and "4.4.1" in reply
    assert gateway.quarantine.entries() == []


def test_upstream_closing_mid_data_gives_4xx_and_next_message_goes_through(
        start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.drop = True
    assert send(gateway.port)[0] == 451
    upstream.handler.drop = False
    assert send(gateway.port)[0] == 250
    assert len(upstream.received) == 1


def test_upstream_421_gives_4xx(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.data_reply = "421 4.3.2 Service shutting down"
    code, reply = send(gateway.port)
    assert code == 451 and "421" in reply


def test_upstream_refused_gives_4xx(start_gateway) -> None:
    gateway = start_gateway(f"smtp://127.0.0.1:{free_port()}")
    code, reply = send(gateway.port)
    assert code == 451 and "4.4.1" in reply


def raw_session(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.recv(1024)
    for command in (b"EHLO client.test\r\n", b"MAIL FROM:<seller@shop.example>\r\n",
                    f"RCPT TO:<{LABELS[COMPLIANT]['rcpt']}>\r\n".encode(), b"DATA\r\n"):
        sock.sendall(command)
        time.sleep(0.05)
        sock.recv(4096)
    return sock


def test_client_disconnect_mid_data_leaves_nothing(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    sock = raw_session(gateway.port)
    sock.sendall((CORPUS / COMPLIANT).read_bytes()[:500])
    sock.close()
    time.sleep(0.3)
    assert send(gateway.port)[0] == 250, "the gateway keeps serving"
    assert len(upstream.received) == 1
    assert gateway.quarantine.entries() == []


def test_client_disconnect_after_final_dot_aborts_the_relay(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    upstream.handler.delay = 2.0
    sock = raw_session(gateway.port)
    sock.sendall((CORPUS / COMPLIANT).read_bytes() + b".\r\n")
    sock.close()
    time.sleep(3.0)   # past the upstream's delay: a relay not aborted would be done
    assert upstream.received == [], "a client that got no reply still has the message"
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    # Cancelled while the policy or the relay ran: logged as aborted, never answered.
    assert all(e["reply"] is None and e["aborted"] == "client disconnected"
               for e in events), events


def test_unwritable_quarantine_gives_4xx_and_no_entry(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url)
    tmp = gateway.quarantine.directory / "tmp"
    shutil.rmtree(tmp)
    tmp.write_text("not a folder")
    code, reply = send(gateway.port, HELD)
    assert code == 451 and "quarantine is not writable" in reply
    tmp.unlink()
    tmp.mkdir()
    assert gateway.quarantine.entries() == []
    assert not upstream.received
    assert send(gateway.port, HELD)[0] == 550


@pytest.fixture
def tiny_filesystem(tmp_path: Path):
    """A 64 KiB tmpfs (root can mount one; skipped where that is not allowed)."""
    mountpoint = tmp_path / "full"
    mountpoint.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                              str(mountpoint)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_full_quarantine_disk_gives_4xx_and_no_entry(start_gateway, upstream,
                                                      tiny_filesystem: Path) -> None:
    gateway = start_gateway(upstream.url)
    quarantine = Quarantine(tiny_filesystem / "quarantine")
    quarantine.prepare()
    gateway_quarantine = gateway.config.path(gateway.config.quarantine.dir)
    shutil.rmtree(gateway_quarantine)
    gateway_quarantine.symlink_to(quarantine.directory)
    filler = tiny_filesystem / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    code, reply = send(gateway.port, HELD)
    assert code == 451, reply
    assert quarantine.entries() == []
    assert not list((quarantine.directory / "new").iterdir())
    filler.unlink()
    assert send(gateway.port, HELD)[0] == 550
    assert len(quarantine.entries()) == 1


def start_serve(folder: Path, upstream_url: str, extra: str = ""
                ) -> tuple[subprocess.Popen[str], int, Path]:
    """`vigile serve` as its own process (worker processes included), once it answers."""
    port = free_port()
    folder.mkdir(exist_ok=True)
    config = write_config(folder, f"""
[listen]
port = {port}
[upstream]
url = "{upstream_url}"
timeout = 10
[log]
file = "vigile.log"
{extra}
""")
    # In a process group of its own, as from a shell: a test can send it the terminal's
    # Ctrl-C (SIGINT to the group) without reaching pytest.
    process = subprocess.Popen([VIGILE, "--config", str(config), "serve"], cwd=folder,
                               stderr=subprocess.PIPE, text=True, process_group=0)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            smtplib.SMTP("127.0.0.1", port, timeout=5).quit()
            return process, port, config
        except OSError:
            if process.poll() is not None:
                output = process.stderr.read() if process.stderr else "exited"
                raise AssertionError(output) from None
            time.sleep(0.1)
    raise AssertionError("gateway did not start")


def with_message_id(data: bytes, marker: str) -> bytes:
    """A copy of a message whose Message-ID is `marker`."""
    return re.sub(rb"(?im)^Message-ID:.*\r\n", b"", data, count=1).replace(
        b"\r\n", f"\r\nMessage-ID: {marker}\r\n".encode(), 1)


def test_sigkill_mid_traffic_loses_nothing_reported_and_leaves_no_half_entry(
        tmp_path: Path, upstream) -> None:
    process, port, _ = start_serve(tmp_path, upstream.url)
    upstream.handler.delay = 0.05
    outcomes: list[tuple[str, int]] = []
    stop = threading.Event()

    def sender(worker: int) -> None:
        for i in range(200):
            if stop.is_set():
                return
            name = (COMPLIANT, HELD)[i % 2]
            marker = f"<kill-{worker}-{i}@test>"
            data = with_message_id((CORPUS / name).read_bytes(), marker)
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                    client.ehlo("client.test")
                    client.mail("seller@shop.example")
                    client.rcpt(LABELS[name]["rcpt"])
                    code, _ = client.data(data)
            except (OSError, smtplib.SMTPException):
                return
            outcomes.append((marker, code))

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    # Kill in the middle of traffic: once a dozen messages were answered (whatever the
    # machine's speed), with six clients still sending.
    deadline = time.monotonic() + 120
    while len(outcomes) < 12 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(outcomes) >= 12, f"only {len(outcomes)} messages answered in 120 s"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    relayed = [r.data for r in upstream.received]
    for marker, code in outcomes:
        if code == 250:
            assert sum(marker.encode() in data for data in relayed) == 1, marker
    quarantine = Quarantine(tmp_path / "quarantine")
    entries = quarantine.entries()
    held = {marker for marker, code in outcomes if code == 550}
    assert held <= {e.message_id for e in entries}
    for entry in entries:   # every entry that exists is whole
        assert entry.message_id.encode() in quarantine.message(entry.id)
    for sidecar in (tmp_path / "quarantine" / "decisions").glob("*.json"):
        json.loads(sidecar.read_text())
    for message in (tmp_path / "quarantine" / "new").iterdir():
        assert (tmp_path / "quarantine" / "decisions" / f"{message.name}.json").is_file()

    restarted, port, _ = start_serve(tmp_path, upstream.url)
    try:
        upstream.handler.delay = 0
        assert send(port)[0] == 250
    finally:
        restarted.kill()
        restarted.wait()


def test_sigterm_drains_in_flight_then_refuses_and_exits(tmp_path: Path, upstream) -> None:
    process, port, _ = start_serve(tmp_path, upstream.url)
    upstream.handler.delay = 2.0
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(send(port)[0]))
    thread.start()
    time.sleep(0.8)
    os.kill(process.pid, signal.SIGTERM)
    time.sleep(0.3)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    thread.join(timeout=30)
    assert result == [250], "the in-flight message finished"
    assert process.wait(timeout=30) == 0
    assert len(upstream.received) == 1
