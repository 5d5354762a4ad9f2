"""Shared test fixtures: a real upstream SMTP server and a running gateway, on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from gateway.config import Config, load_config
from gateway.log import configure_logging
from gateway.pipeline import Gateway
from gateway.quarantine import QuarantineBackend, open_quarantine
from gateway.relay import open_upstream
from gateway.server import serve
from gateway.store import open_store
from tests.postgres import PostgresServer, find_bindir
from tests.processes import become_subreaper, leftovers

# The labelled corpus travels with the repository (a copy of ../shared/corpus, checked
# by tests/test_corpus_copy.py), so a fresh clone runs on its own.
CORPUS = Path(__file__).resolve().parent / "corpus"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class UpstreamHandler:
    """An upstream relay that records what it accepts, or answers what a test sets."""

    received: list[Received] = field(default_factory=list)
    data_reply: str | None = None
    delay: float = 0.0
    drop: bool = False

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.drop:
            assert server.transport is not None
            server.transport.abort()
            return "421 4.3.0 (never seen: the connection is gone)"
        if self.data_reply:
            return self.data_reply
        assert isinstance(envelope.original_content, bytes)
        self.received.append(Received(envelope.mail_from or "", list(envelope.rcpt_tos),
                                      envelope.original_content))
        return "250 2.0.0 Ok: queued as TEST"


class UpstreamServer:
    """aiosmtpd on a loopback port, in its own thread; can be stopped and restarted."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = UpstreamHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def upstream() -> Iterator[UpstreamServer]:
    server = UpstreamServer()
    server.start()
    yield server
    server.stop()


def write_config(directory: Path, text: str) -> Path:
    path = directory / "vigile.toml"
    path.write_text(text, encoding="utf-8")
    return path


class RunningGateway:
    """`vigile serve` in a thread of this process: real sockets, real files."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.port = config.listen.port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ready = threading.Event()
        self.error: BaseException | None = None
        self._quarantine: QuarantineBackend | None = None

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            ready = asyncio.Event()
            store = open_store(self.config.store.url, self.config.base_dir)
            quarantine = open_quarantine(self.config, store)
            quarantine.prepare()
            self._quarantine = quarantine
            gateway = Gateway(self.config, open_upstream(self.config), quarantine, store)
            task = asyncio.create_task(serve(self.config, gateway, ready=ready, stop=self._stop))
            await asyncio.wait([task, asyncio.create_task(ready.wait())],
                               return_when=asyncio.FIRST_COMPLETED)
            self._ready.set()
            await task

        try:
            asyncio.run(main())
        except BaseException as error:  # surfaced by start()
            self.error = error
            self._ready.set()

    def start(self) -> RunningGateway:
        self._thread.start()
        self._ready.wait(timeout=120)   # thread mode builds the engine before ready
        if self.error is not None:
            raise self.error
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)

    @property
    def quarantine(self) -> QuarantineBackend:
        """The quarantine the gateway holds into (a database one only while it runs)."""
        assert self._quarantine is not None, "the gateway did not start"
        return self._quarantine

    def log_events(self) -> list[dict[str, Any]]:
        path = self.config.path(self.config.log.file)
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def start_gateway(tmp_path: Path) -> Iterator[Any]:
    """Start a gateway with extra config text; it is stopped after the test."""
    started: list[RunningGateway] = []

    def start(upstream_url: str = "maildir:outbox", extra: str = "",
              listen_extra: str = "", quarantine_extra: str = "",
              upstream_extra: str = "", workers: int = 0, folder: Path | None = None,
              store_url: str = "sqlite:///vigile.db") -> RunningGateway:
        """`workers = 0` decides in a thread (fast to start); > 0 uses worker processes.
        `folder` holds the config, quarantine and log (default: the test's tmp_path)."""
        port = free_port()
        policy = f"[policy]\nworkers = {workers}\n"
        extra = extra.replace("[policy]\n", policy) if "[policy]\n" in extra else \
            policy + extra
        folder = folder or tmp_path
        folder.mkdir(exist_ok=True)
        path = write_config(folder, f"""
[listen]
host = "127.0.0.1"
port = {port}
{listen_extra}
[upstream]
url = "{upstream_url}"
timeout = 5
{"" if "data_timeout" in upstream_extra else "data_timeout = 5"}
{upstream_extra}
[quarantine]
dir = "quarantine"
{quarantine_extra}
[store]
url = "{store_url}"
[log]
file = "vigile.log"
{extra}
""")
        config = load_config(path)
        configure_logging(config)
        gateway = RunningGateway(config).start()
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        gateway.stop()


def corpus_labels() -> dict[str, dict[str, Any]]:
    return json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session; skipped only where none can be started."""
    bindir = find_bindir()
    problem = None
    server = None
    if bindir is None:
        problem = ("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                   "postgresql package (.ci/run does)")
    else:
        server = PostgresServer(bindir, free_port())
        try:
            server.start()
        except (OSError, RuntimeError, KeyError, subprocess.SubprocessError) as error:
            problem = f"cannot start PostgreSQL from {bindir}: {error}"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI must run the PostgreSQL tests)")
        pytest.skip(problem)
    assert server is not None
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The url of a fresh database on the session's PostgreSQL server."""
    return postgres_server.create_database()


def pytest_configure(config: pytest.Config) -> None:
    become_subreaper()   # orphans of what the tests start stay ours to find (processes.py)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when a process it started outlives it (then kill it)."""
    survivors = leftovers()
    if survivors:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"{len(survivors)} process(es) started by the tests outlived them "
                 "(killed now):", *(f"  pid {p.pid}: {p.command}" for p in survivors)]
        if reporter is not None:
            reporter.write("\n")
        for line in lines:
            if reporter is not None:
                reporter.write_line(line, red=True)
            else:
                print(line, file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
