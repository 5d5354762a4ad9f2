"""A policy worker process: `python -m gateway.workers.child FD PARENT_PID`.

It is started by `gateway.workers.process.WorkerProcess` with one end of a socket pair
as FD, builds the engine once and then answers one message at a time until the gateway
closes the socket. It must never outlive the gateway: it asks Linux to SIGKILL it when
the gateway dies (PR_SET_PDEATHSIG), and anywhere else it sees the socket's EOF after at
most one message. It ignores SIGINT (Ctrl-C is for the gateway, which then closes the
socket), and it enforces the time budget itself with SIGALRM, so a message that runs
away in a rule costs a replacement worker, not a stuck one.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import os
import pickle
import resource
import signal
import socket
import sys
import types
from datetime import UTC, datetime

from gateway.config import Config
from gateway.store import open_store
from gateway.workers.decision import decide, policy_context
from gateway.workers.wire import Job, Reply, recv_frame, send_frame
from policies.engine import over_budget, warm_up
from policies.model import OrderBook, Verdict

PR_SET_PDEATHSIG = 1
# The engine checks the time budget between rules; the alarm is the backstop for a rule
# that runs away, so it rings a little later and the engine's clean answer usually wins.
ALARM_GRACE = 0.5
READ_BUFFER = 256 * 1024   # the gateway sends a message under this in one write


# Examined once before the worker says ready: lingua loads its models, phonenumbers its
# metadata and lxml its parser on first use, which would otherwise count against the
# time budget of the first real message after every start or replacement.
WARM_UP_MESSAGE = (
    b"From: seller@shop.example\r\nTo: warmup@marketplace.amazon.com\r\n"
    b"Subject: Your order 111-1111111-1111111\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    b"<html><body><p>Hello, thank you for your order 111-1111111-1111111. The parcel "
    b"left our warehouse today and should arrive within three working days. Call us on "
    b"+44 20 7946 0000 if anything is wrong with the delivery of your order.</p>"
    b"</body></html>\r\n"
)


class Overrun(BaseException):
    """SIGALRM: the message used up its time budget inside a rule. A BaseException, so
    no `except Exception` in a rule can swallow it."""


def die_with_parent(parent_pid: int) -> None:
    """SIGKILL this process when the gateway dies, even from SIGKILL (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:   # it died before the request took effect
        os._exit(0)


def _ring(signum: int, frame: types.FrameType | None) -> None:
    raise Overrun


def examine(config: Config, orders: OrderBook, job: Job, data: bytes) -> Reply:
    """One message's decision within the time and memory budgets, never an exception."""
    budget = config.policy.time_budget
    try:
        signal.setitimer(signal.ITIMER_REAL, budget + ALARM_GRACE)
        try:
            decision = decide(config, orders, job.sender, job.recipients, data, job.at)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Overrun:
        return _held(config, orders, job, data,
                     f"policy work exceeded its time budget ({budget} s)", retiring=True)
    except MemoryError:
        return _held(config, orders, job, data,
                     f"policy work exceeded its memory budget "
                     f"({config.policy.memory_budget} MB)", retiring=True)
    except Exception as error:  # a bug in a rule: the gateway answers 451
        return Reply(decision=None, error=f"{type(error).__name__}: {error}")
    # Only a rewritten message needs to travel back; the gateway has the original.
    if decision.verdict is not Verdict.REWRITE:
        decision = dataclasses.replace(decision, message=b"")
    return Reply(decision=decision)


def _held(config: Config, orders: OrderBook, job: Job, data: bytes, detail: str,
          *, retiring: bool) -> Reply:
    context = policy_context(config, orders, job.sender, job.recipients, job.at)
    decision = over_budget(b"", context, detail)
    return Reply(decision=decision, retiring=retiring)


def serve(sock: socket.socket) -> None:
    """Build the engine, say ready, then answer messages until the socket closes."""
    incoming = sock.makefile("rb", buffering=READ_BUFFER)
    first = recv_frame(incoming)
    if first is None:
        return
    config: Config = pickle.loads(first)
    budget = config.policy.memory_budget * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    warm_up()   # every rule, phrase list and pre-filter now, not on a message
    orders = open_store(config.store.url, config.base_dir)
    # Without the alarm: the gateway's start timeout bounds this, however busy the
    # machine. An engine bug here shows on the first real message instead.
    with contextlib.suppress(Exception):
        decide(config, orders, "seller@shop.example", ("warmup@marketplace.amazon.com",),
               WARM_UP_MESSAGE, datetime.now(UTC))
    signal.signal(signal.SIGALRM, _ring)
    send_frame(sock, b"ready")
    while (header := recv_frame(incoming)) is not None:
        job: Job = pickle.loads(header)
        data = recv_frame(incoming)
        if data is None:
            return
        reply = examine(config, orders, job, data)
        del data
        send_frame(sock, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        if reply.retiring:
            return


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd, parent_pid = int(sys.argv[1]), int(sys.argv[2])
    die_with_parent(parent_pid)
    # EOF or a reset: the gateway went away, there is nothing left to answer.
    with socket.socket(fileno=fd) as sock, contextlib.suppress(EOFError, ConnectionError):
        serve(sock)


if __name__ == "__main__":
    main()
