"""Decisions in worker processes: same answers as in-process; a message that would need
more memory or time than the budget is held as malformed, never passed; a worker's
death or overrun touches only the message it was examining; heavy messages do not
starve light ones; workers never outlive the gateway, and Ctrl-C is quiet."""

from __future__ import annotations

import base64
import os
import signal
import smtplib
import subprocess
import threading
import time
from pathlib import Path

from tests.conftest import CORPUS, corpus_labels
from tests.gateway.test_faults import start_serve
from tests.processes import descendants, wait_gone

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


# --- one worker's trouble stays with one message -----------------------------------------

HEAVY_RCPT = "k3v9m2x7c1b8n4z@marketplace.amazon.com"
COMPLIANT = "it-delay-notice.eml"


def heavy_message(number: int) -> bytes:
    """~3.4 MB: an HTML body of 2.5 MB on a single line, base64-encoded."""
    html = b"<html><body>" + b"".join(
        b"<p>Your order 114-9902716-3348051 is on its way, line %d.</p>" % i
        for i in range(40_000)) + b"</body></html>"
    return (b"From: seller@shop.example\r\nTo: " + HEAVY_RCPT.encode() + b"\r\n"
            b"Subject: Order 114-9902716-3348051, update %d\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/html; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" % number
            + base64.encodebytes(html).replace(b"\n", b"\r\n"))


class Senders:
    """Messages sent from threads; each answer is recorded in the order it came."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.answers: list[tuple[str, int, bytes]] = []
        self.threads: list[threading.Thread] = []
        self.sending = threading.Semaphore(0)   # released as each reaches DATA

    def send(self, key: str, data: bytes, rcpt: str) -> None:
        def run() -> None:
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=300) as client:
                    client.ehlo("client.test")
                    client.mail("seller@shop.example")
                    client.rcpt(rcpt)
                    self.sending.release()
                    code, reply = client.data(data)
            except smtplib.SMTPResponseException as refused:
                code, reply = refused.smtp_code, refused.smtp_error
            except (OSError, smtplib.SMTPException) as error:   # no answer at all
                code, reply = 0, repr(error).encode()
            self.answers.append((key, code, reply))

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)

    def wait_sending(self, count: int) -> None:
        for _ in range(count):
            assert self.sending.acquire(timeout=60), "a client did not get to DATA"

    def join(self) -> dict[str, tuple[int, bytes]]:
        for thread in self.threads:
            thread.join(timeout=600)
        return {key: (code, reply) for key, code, reply in self.answers}


def worker_pids() -> list[int]:
    """This test process's policy workers (the gateway runs in a thread here)."""
    return [p.pid for p in descendants() if p.ppid == os.getpid() and p.state != "Z"
            and "gateway.workers.child" in p.command]


def test_heavy_mail_never_gets_healthy_mail_held(start_gateway, upstream) -> None:
    """Issue 10: four ~3 MB messages at once, then three compliant ones."""
    gateway = start_gateway(upstream.url, workers=2,
                            extra="[policy]\nmemory_budget = 256\ntime_budget = 3.0")
    senders = Senders(gateway.port)
    for number in range(4):
        senders.send(f"heavy{number}", heavy_message(number), HEAVY_RCPT)
    senders.wait_sending(4)
    compliant = (CORPUS / COMPLIANT).read_bytes()
    for number in range(3):
        senders.send(f"light{number}", compliant, LABELS[COMPLIANT]["rcpt"])
    answers = senders.join()
    assert [answers[f"light{n}"][0] for n in range(3)] == [250, 250, 250], answers
    assert [r.data for r in upstream.received] == [compliant] * 3
    for number in range(4):
        code, reply = answers[f"heavy{number}"]
        assert code == 550 and b"malformed" in reply, reply
    for entry in gateway.quarantine.entries():
        assert "budget" in entry.decision["findings"][0]["detail"], entry.decision
    # The light messages were decided by the worker kept free of heavy ones, not after
    # the heavy ones (each of which takes its whole time budget).
    assert senders.answers[-1][0].startswith("heavy"), senders.answers


def test_worker_killed_mid_message_reruns_it_on_a_fresh_worker(start_gateway,
                                                                upstream) -> None:
    gateway = start_gateway(upstream.url, workers=1)
    [worker] = worker_pids()
    os.kill(worker, signal.SIGSTOP)   # messages pile up: one sent to it, two waiting
    senders = Senders(gateway.port)
    compliant = (CORPUS / COMPLIANT).read_bytes()
    for number in range(3):
        senders.send(f"light{number}", compliant, LABELS[COMPLIANT]["rcpt"])
    senders.wait_sending(3)
    time.sleep(0.5)   # the messages reach the gateway (the test holds either way)
    os.kill(worker, signal.SIGKILL)
    answers = senders.join()
    assert sorted(code for code, _ in answers.values()) == [250, 250, 250], answers
    assert len(upstream.received) == 3
    assert gateway.quarantine.entries() == []
    assert worker not in worker_pids() and len(worker_pids()) == 1


def test_stuck_worker_is_killed_and_the_message_held_naming_the_budget(
        start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, workers=1, extra="[policy]\ntime_budget = 1.0")
    [worker] = worker_pids()
    os.kill(worker, signal.SIGSTOP)   # as stuck as a worker can be: it cannot even ring
    compliant = (CORPUS / COMPLIANT).read_bytes()
    code, reply = send(gateway.port, compliant, LABELS[COMPLIANT]["rcpt"])
    assert code == 550 and b"malformed" in reply, reply
    [entry] = gateway.quarantine.entries()
    assert entry.decision["findings"][0]["detail"] == \
        "policy work exceeded its time budget (1.0 s)"
    assert wait_gone([worker], 30) == []
    assert send(gateway.port, compliant, LABELS[COMPLIANT]["rcpt"])[0] == 250
    assert upstream.received[0].data == compliant


# --- workers live and die with `vigile serve` --------------------------------------------

def serve_workers(process: subprocess.Popen[str]) -> list[int]:
    return [p.pid for p in descendants(process.pid) if "gateway.workers.child" in p.command]


def test_workers_die_with_a_sigkilled_gateway(tmp_path: Path, upstream) -> None:
    process, _, _ = start_serve(tmp_path, upstream.url, "[policy]\nworkers = 2\n")
    workers = serve_workers(process)
    assert len(workers) == 2
    process.kill()
    process.wait(timeout=30)
    assert wait_gone(workers, 30) == [], "policy workers outlived `vigile serve`"


def test_ctrl_c_stops_the_gateway_and_its_workers_without_tracebacks(tmp_path: Path,
                                                                     upstream) -> None:
    process, port, _ = start_serve(tmp_path, upstream.url, "[policy]\nworkers = 2\n")
    workers = serve_workers(process)
    compliant = (CORPUS / COMPLIANT).read_bytes()
    assert send(port, compliant, LABELS[COMPLIANT]["rcpt"])[0] == 250
    os.killpg(process.pid, signal.SIGINT)   # what a terminal's Ctrl-C sends
    assert process.wait(timeout=60) == 0
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr, stderr
    assert wait_gone(workers, 30) == []
