"""Memory and CPU of a server process and its children, read from Linux's /proc.

A server may hand work to child processes (a policy process pool), so every figure is
for the whole tree. Peak RSS is the kernel's own high-water mark (VmHWM), which misses no
short spike between samples; writing `5` to /proc/PID/clear_refs resets it, so each
measurement gets its own peak. With several processes the peak is the sum of each one's
peak: an upper bound, since they need not peak together.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class TreeSample:
    processes: int
    rss: int  # bytes, now
    peak_rss: int  # bytes, since the last reset
    cpu: float  # seconds of user and system time, children's included
    peaks: tuple[int, ...] = ()  # each process's peak RSS, the server's own first


def tree(pid: int) -> list[int]:
    """The process and its living descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(child) for child in task.read_text().split())
            except OSError:  # the thread or process just ended
                continue
    return found


def reset_peak(pid: int) -> None:
    """Start a new peak-RSS measurement for the tree."""
    for member in tree(pid):
        try:
            Path(f"/proc/{member}/clear_refs").write_text("5")
        except OSError as error:
            raise RuntimeError(f"cannot reset the peak RSS of process {member} "
                               f"(/proc/{member}/clear_refs: {error.strerror})") from error


def sample(pid: int) -> TreeSample:
    rss = 0
    cpu = 0.0
    peaks = []
    members = tree(pid)
    for member in members:
        status = _status(member)
        rss += status.get("VmRSS", 0)
        peaks.append(status.get("VmHWM", 0))
        cpu += _cpu_seconds(member)
    return TreeSample(len(members), rss, sum(peaks), cpu, tuple(peaks))


def _status(pid: int) -> dict[str, int]:
    """The memory lines of /proc/PID/status, in bytes."""
    values = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return values
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return values


def _cpu_seconds(pid: int) -> float:
    """utime + stime of the process and of its children that it has waited for."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text[text.rindex(")") + 2:].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS
