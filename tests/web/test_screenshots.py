"""scripts/screenshots.py still makes the README's pictures (into a temporary folder)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]


def test_the_screenshot_script_makes_its_pictures(tmp_path: Path, browser: Browser) -> None:
    # `browser` only makes sure chromium is there (else the test is skipped, or fails in CI).
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"),
                           "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    for name in ("queue.png", "message.png", "draft.png", "queue-phone.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
