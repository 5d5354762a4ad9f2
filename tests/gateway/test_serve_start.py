"""`vigile serve` at start: ready means ready, and a policy that cannot start is one line.

Both run the real command as a subprocess, so the engine starts cold, as in production.
"""

from __future__ import annotations

import os
import smtplib
import subprocess
import time
from pathlib import Path

from tests.conftest import CORPUS, UpstreamServer, free_port, write_config
from tests.gateway.test_cli import LABELS, VIGILE

# Generous: the first start of the engine on a busy machine (not a measurement).
START_WAIT = 180


def wait_listening(process: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        try:
            smtplib.SMTP("127.0.0.1", port, timeout=5).quit()
            return
        except OSError:
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.1)
    raise AssertionError("vigile serve did not listen")


def test_thread_mode_builds_the_engine_before_the_first_message(
        tmp_path: Path, upstream: UpstreamServer) -> None:
    """With `policy.workers = 0` the phrase lists and language models (seconds to load)
    used to be loaded by the first message, inside its time budget: it was held as
    `malformed`. A short budget makes that certain; ordinary mail fits in it easily."""
    port = free_port()
    config = write_config(tmp_path, f"[listen]\nport = {port}\n[upstream]\nurl = "
                          f'"{upstream.url}"\n[policy]\nworkers = 0\ntime_budget = 1.0\n'
                          "[log]\nfile = 'vigile.log'\n")
    process = subprocess.Popen([VIGILE, "--config", str(config), "serve"], cwd=tmp_path,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_listening(process, port)
        name = "it-delay-notice.eml"   # labelled deliver
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
            refused = client.sendmail("seller@shop.example", [LABELS[name]["rcpt"]],
                                      (CORPUS / name).read_bytes())
        assert refused == {}
        [received] = upstream.received
        assert received.data.endswith((CORPUS / name).read_bytes())
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_serve_says_in_one_line_when_no_policy_worker_starts(tmp_path: Path) -> None:
    """A worker that dies at start (here: a sitecustomize that ends every `python -m`
    process, which only the workers are) stops `vigile serve` with one line naming it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, sys\nif sys.argv[:1] == ['-m']:\n    os._exit(3)\n")
    config = write_config(tmp_path, f"[listen]\nport = {free_port()}\n[policy]\n"
                          "workers = 1\n[log]\nfile = 'vigile.log'\n")
    run = subprocess.run([VIGILE, "--config", str(config), "serve"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=START_WAIT,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(
                             filter(None, [str(site), os.environ.get("PYTHONPATH")]))})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    [line] = run.stderr.splitlines()
    assert line.startswith("vigile: cannot start the gateway: a policy worker did not start")
    assert "exit status 3" in line
