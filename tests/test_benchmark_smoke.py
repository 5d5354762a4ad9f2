"""The benchmark command runs end to end on a tiny set and prints its tables.

Only completion and the shape of the report are checked: timings belong to the
benchmark itself, never to a test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_benchmark_runs_on_a_tiny_set() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--rounds", "1", "--concurrency", "2",
         "--messages", "4", "--warmup", "1", "--check-runs", "1", "--many-connections", "3",
         "--big-message", "0.5", "--linearity", "1", "--run-timeout", "60"],
        cwd=REPO, capture_output=True, text=True, timeout=300)

    assert done.returncode == 0, done.stderr[-3000:]
    report = done.stdout
    assert "| C | server | msg/s | p50 ms | p99 ms | peak RSS MiB |" in report
    assert "| 2 | bare relay |" in report
    assert "| 2 | Vigile |" in report
    assert "| 2 | **Vigile / bare** |" in report
    for target in ("throughput Vigile / bare relay, C=2", "policy engine, median ms",
                   "median ms per corpus message", "800 KB plain text / 200 KB",
                   "cold `vigile check`", "peak RSS, 3 connections",
                   "peak RSS growth for one 0.5 MB message"):
        assert target in report, f"{target!r} missing from the report:\n{report}"
