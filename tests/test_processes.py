"""The session's leftover-process check can see orphans: what a SIGKILLed `vigile serve`
would leave behind is re-parented to pytest (a child subreaper), not lost to init."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.processes import descendants, wait_gone


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreaper is Linux")
def test_an_orphan_of_a_test_is_still_a_descendant_of_the_session() -> None:
    shell = subprocess.run(["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"],
                           capture_output=True, text=True, check=True)
    orphan = int(shell.stdout)
    try:
        found = {p.pid: p for p in descendants()}
        assert orphan in found, "the orphan escaped the session's leftover check"
        assert found[orphan].ppid == os.getpid() and "sleep 60" in found[orphan].command
    finally:
        os.kill(orphan, signal.SIGKILL)
        assert wait_gone([orphan], 10) == []
        os.waitpid(orphan, 0)   # adopted, so ours to collect
