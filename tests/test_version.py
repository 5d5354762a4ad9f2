"""`vigile --version`: the installed package's version, for bug reports and upgrades."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

VIGILE = str(Path(sys.executable).parent / "vigile")


def test_version_prints_the_installed_version() -> None:
    run = subprocess.run([VIGILE, "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"vigile {version('vigile')}"
