"""The processes a test session started, read from /proc: so the session can fail when
one outlives it (tests/conftest.py), and tests can find a gateway's policy workers.

The pytest process makes itself a child subreaper (Linux): a process whose parent
dies (a `vigile serve` killed with SIGKILL, `pg_ctl` after starting the postmaster) is
re-parented to pytest rather than to init, so it still counts as one of the session's
descendants. Other pytest sessions on the same machine are never looked at.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    state: str   # "Z" for a zombie: dead, only waiting for its parent to collect it
    command: str


def become_subreaper() -> None:
    """Adopt this process's orphaned descendants (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _read(pid: str) -> ProcessInfo | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="replace").strip()
    except OSError:   # it exited while we looked
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return ProcessInfo(int(pid), int(fields[1]), fields[0], command)


def descendants(root: int | None = None) -> list[ProcessInfo]:
    """Every process below `root` (default: this one), zombies included."""
    root = os.getpid() if root is None else root
    children: dict[int, list[ProcessInfo]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (info := _read(entry)) is not None:
            children.setdefault(info.ppid, []).append(info)
    found: list[ProcessInfo] = []
    pending = [root]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child.pid)
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie has finished running)."""
    info = _read(str(pid))
    return info is not None and info.state != "Z"


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Poll until none of `pids` runs, or `timeout` seconds pass; those still running."""
    deadline = time.monotonic() + timeout
    while (running := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return running


def reap_zombies() -> None:
    """Collect this process's dead children (adopted orphans end up as its zombies)."""
    for info in descendants():
        if info.ppid == os.getpid() and info.state == "Z":
            with contextlib.suppress(ChildProcessError):
                os.waitpid(info.pid, os.WNOHANG)


def leftovers(grace: float = 10.0) -> list[ProcessInfo]:
    """The session's descendants still running after `grace` seconds; they are killed."""
    deadline = time.monotonic() + grace
    while True:
        running = [p for p in descendants() if p.state != "Z"]
        if not running or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    for info in running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(info.pid, signal.SIGKILL)
    wait_gone([p.pid for p in running], 10.0)
    reap_zombies()
    return running
