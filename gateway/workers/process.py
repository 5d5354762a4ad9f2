"""The gateway's handle on one policy worker process and its socket pair.

A worker is a plain `python -m gateway.workers.child` (not multiprocessing: no resource
tracker, no pickled pool state, nothing to re-import but the engine), started in its own
process group so the terminal's Ctrl-C reaches only the gateway. One message at a time
goes down the socket; a reply, a death (EOF) or the hard deadline ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import socket
import subprocess
import sys
from pathlib import Path

import gateway
from gateway.config import Config
from gateway.workers.wire import LENGTH, Job, Reply

# Building the engine (lingua, lxml, the phrase lists) takes a second or two; a worker
# that is not ready in this long, on a busy machine, is not going to be.
STARTUP_TIMEOUT = 120.0
COPY_LIMIT = 256 * 1024
REAP_TIMEOUT = 10.0


class WorkerDied(Exception):
    """The worker process ended (crash, memory, SIGKILL) before it replied."""


class WorkerOverran(Exception):
    """The worker did not reply within the hard deadline and was killed."""


class WorkerStartError(Exception):
    """A worker process could not be started or died building the engine."""


def _child_environment() -> dict[str, str]:
    """This environment, with the folder that holds `gateway` first on the import path
    (the gateway may run from a checkout rather than an installed package)."""
    environment = dict(os.environ)
    root = str(Path(gateway.__file__).resolve().parents[1])
    existing = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = f"{root}{os.pathsep}{existing}" if existing else root
    return environment


def describe_exit(process: subprocess.Popen[bytes]) -> str:
    code = process.poll()
    if code is None:
        return "still running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def _kill_now(process: subprocess.Popen[bytes], running: set[subprocess.Popen[bytes]]
              ) -> None:
    """SIGKILL (unless it has exited) and collect, without the event loop (it may be
    shutting down)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait()
    running.discard(process)


class WorkerProcess:
    """One running worker; `examine` one message at a time."""

    def __init__(self, process: subprocess.Popen[bytes], reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter, running: set[subprocess.Popen[bytes]]
                 ) -> None:
        self.process = process
        self._running = running
        self._reader = reader
        self._writer = writer

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(cls, config: Config, running: set[subprocess.Popen[bytes]]
                    ) -> WorkerProcess:
        """A worker that has built its engine and is ready for messages. Its process
        is in `running` until it has been collected, so a closing pool can end it."""
        ours, theirs = socket.socketpair()
        try:
            # Started from the event loop's thread, which lives as long as the pool:
            # Linux's parent-death signal fires when the *thread* that forked exits.
            process = subprocess.Popen(
                [sys.executable, "-m", "gateway.workers.child", str(theirs.fileno()),
                 str(os.getpid())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                env=_child_environment(), process_group=0)
        except OSError as error:
            ours.close()
            raise WorkerStartError(f"cannot start a policy worker: {error}") from error
        finally:
            theirs.close()
        running.add(process)
        try:
            reader, writer = await asyncio.open_unix_connection(sock=ours)
            worker = cls(process, reader, writer, running)
            worker._write(pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL))
            async with asyncio.timeout(STARTUP_TIMEOUT):
                await worker._read()
        except (TimeoutError, WorkerDied) as error:
            _kill_now(process, running)
            raise WorkerStartError(
                f"a policy worker did not start ({describe_exit(process)}; is "
                f"policy.memory_budget = {config.policy.memory_budget} MB enough?)"
            ) from error
        except BaseException:   # cancelled: the pool is closing
            _kill_now(process, running)
            raise
        return worker

    async def examine(self, job: Job, data: bytes, deadline: float) -> Reply:
        """The worker's reply within `deadline` seconds; past it the worker is killed."""
        header = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        frames = [LENGTH.pack(len(header)), header, LENGTH.pack(len(data))]
        try:
            async with asyncio.timeout(deadline):
                # One write per message, not four: each send wakes the worker, and on a
                # busy machine every wake-up costs a context switch (0.33 -> 0.05 ms).
                if len(data) <= COPY_LIMIT:
                    self._writer.write(b"".join([*frames, data]))
                else:
                    await self._send_in_pieces(b"".join(frames), data)
                reply: Reply = pickle.loads(await self._read())
        except TimeoutError:
            await self.kill()
            raise WorkerOverran from None
        except WorkerDied:
            await self.reap()
            raise
        return reply

    async def _send_in_pieces(self, frames: bytes, data: bytes) -> None:
        """A large message COPY_LIMIT bytes at a time, waiting for the socket between
        pieces. Written whole, asyncio (3.11) would keep what the socket did not take at
        once as a slice and then a copy in its buffer: 50 MB for a 25 MB message."""
        self._writer.write(frames)
        view = memoryview(data)
        try:
            for start in range(0, len(data), COPY_LIMIT):
                self._writer.write(view[start:start + COPY_LIMIT])
                await self._writer.drain()
        except ConnectionError as error:
            raise WorkerDied from error

    def _write(self, payload: bytes) -> None:
        self._writer.write(LENGTH.pack(len(payload)) + payload)

    async def _read(self) -> bytes:
        try:
            await self._writer.drain()
            header = await self._reader.readexactly(LENGTH.size)
            return await self._reader.readexactly(LENGTH.unpack(header)[0])
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            raise WorkerDied from error

    def exit_description(self) -> str:
        return describe_exit(self.process)

    async def reap(self) -> None:
        """Collect a worker that is exiting (its socket closed), so no zombie stays;
        one that does not exit within REAP_TIMEOUT is killed."""
        self._writer.close()
        deadline = asyncio.get_running_loop().time() + REAP_TIMEOUT
        while self.process.poll() is None:
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.01)
        _kill_now(self.process, self._running)

    async def kill(self) -> None:
        self._writer.close()
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        await self.reap()

    def stop(self) -> None:
        """End the socket now: the worker exits at EOF (after its current message).
        Shut down rather than only closed: a transport's close takes effect on a later
        turn of the event loop, which a stopping gateway may not give it."""
        with contextlib.suppress(OSError):
            self._writer.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
        self._writer.close()
