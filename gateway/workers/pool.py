"""Worker processes that make decisions: one message per worker at a time, scheduled
so that a heavy message cannot starve light ones and a worker's death touches only the
message it was examining.

- **Lanes.** Messages of `HEAVY_BYTES` or more wait in their own lane and may occupy at
  most all workers but one (with two or more workers), and only while another worker is
  up (not restarting): a light message arriving while heavy ones are examined is
  decided by the worker kept free for it. Light messages go first. At most
  `HEAVY_WAITING` heavy messages per heavy worker wait; more are answered 451 (the
  client retries later) instead of queueing without bound.
- **Budgets.** Each worker enforces the time budget itself (the engine between rules,
  SIGALRM inside a rule) and its memory budget (RLIMIT_AS). The gateway kills a worker
  that has not answered within `hard_deadline` and holds that message as `malformed`.
- **Deaths.** Only the message a worker was examining is affected: it is examined once
  more on a fresh worker (the first death may have been the OOM killer or an operator),
  and held as `malformed` only if it kills that one too. Every other message waits in
  its lane, untouched. If no worker can be started, waiting messages are answered 451.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections import deque
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from gateway.config import Config
from gateway.workers.decision import policy_context
from gateway.workers.process import WorkerDied, WorkerOverran, WorkerProcess, WorkerStartError
from gateway.workers.wire import Job
from policies.engine import over_budget
from policies.model import Decision, OrderBook

HEAVY_BYTES = 1024 * 1024
HEAVY_WAITING = 8
RESTART_DELAYS = (0.0, 1.0, 5.0, 30.0)   # after 0, 1, 2, 3+ failed starts in a row


class PolicyUnavailable(Exception):
    """No worker can examine the message now (none starts, or too many heavy messages
    wait): the client gets 451 and keeps the message."""


class PolicyError(Exception):
    """The worker's engine raised outside the rules (for example the order store)."""


@dataclass(eq=False)
class _Task:
    job: Job
    data: bytes
    future: asyncio.Future[Decision | str]
    deaths: int = 0

    @property
    def heavy(self) -> bool:
        return len(self.data) >= HEAVY_BYTES


@dataclass(eq=False)
class _Slot:
    """One worker position: its process when one runs, and what it is doing."""

    worker: WorkerProcess | None = None
    busy: _Task | None = None
    failed_starts: int = 0
    starting: asyncio.Task[None] | None = field(default=None, repr=False)


def hard_deadline(time_budget: float) -> float:
    """How long the gateway waits for a worker's reply before killing it: past the
    worker's own alarm, with room for a loaded machine and a large rewritten reply."""
    return time_budget * 1.5 + 2.0


class WorkerPool:
    def __init__(self, config: Config, orders: OrderBook) -> None:
        self.config = config
        self.orders = orders   # only to name the marketplace of a message held here
        self._slots = [_Slot() for _ in range(config.policy.workers)]
        self._light: deque[_Task] = deque()
        self._heavy: deque[_Task] = deque()
        self._heavy_limit = max(1, len(self._slots) - 1)
        self._closed = False
        self._unavailable: str | None = None   # why no worker could be started
        self._background: set[asyncio.Task[None]] = set()
        self._running: set[subprocess.Popen[bytes]] = set()   # every uncollected worker

    @property
    def pids(self) -> list[int]:
        return [slot.worker.pid for slot in self._slots if slot.worker is not None]

    async def start(self) -> None:
        """Start every worker now; if one cannot start, stop the others and raise."""
        started = await asyncio.gather(*(WorkerProcess.start(self.config, self._running)
                                         for _ in self._slots), return_exceptions=True)
        errors = [s for s in started if isinstance(s, BaseException)]
        for slot, worker in zip(self._slots, started, strict=True):
            if isinstance(worker, WorkerProcess):
                slot.worker = worker
        if errors:
            self.close()
            raise errors[0]

    async def decide(self, job: Job, data: bytes) -> Decision:
        if self._closed:
            raise PolicyUnavailable("the policy workers are stopping")
        if self._unavailable is not None and not any(s.worker for s in self._slots):
            raise PolicyUnavailable(self._unavailable)
        for slot in self._slots:   # not started yet, or a restart is not under way
            if slot.worker is None and slot.starting is None:
                slot.starting = self._spawn(self._restart(slot))
        task = _Task(job, data, asyncio.get_running_loop().create_future())
        if task.heavy:
            if len(self._heavy) >= HEAVY_WAITING * self._heavy_limit:
                raise PolicyUnavailable("too many large messages are waiting")
            self._heavy.append(task)
        else:
            self._light.append(task)
        self._dispatch()
        # Cancelled (the client hung up): the future is cancelled with it, so a waiting
        # task is skipped and a running one's answer is dropped.
        outcome = await task.future
        if isinstance(outcome, str):
            raise PolicyError(outcome)
        return outcome

    def _dispatch(self) -> None:
        """Give waiting messages to idle workers: light ones first, heavy ones while
        they leave a worker free."""
        for slot in self._slots:
            if slot.worker is None or slot.busy is not None:
                continue
            task = self._next_task(slot)
            if task is None:
                continue
            slot.busy = task
            self._spawn(self._examine(slot, slot.worker, task))

    def _next_task(self, slot: _Slot) -> _Task | None:
        lanes = (self._light, self._heavy) if self._may_take_heavy(slot) else (self._light,)
        for lane in lanes:
            while lane:
                task = lane.popleft()
                if not task.future.done():
                    return task
        return None

    def _may_take_heavy(self, slot: _Slot) -> bool:
        """Whether `slot` may take a heavy message: only while another worker is up and
        free of heavy ones (not while it restarts), unless there is only one worker."""
        if len(self._slots) == 1:
            return True
        heavy_running = sum(1 for s in self._slots if s.busy is not None and s.busy.heavy)
        return heavy_running < self._heavy_limit and any(
            other is not slot and other.worker is not None
            and (other.busy is None or not other.busy.heavy) for other in self._slots)

    async def _examine(self, slot: _Slot, worker: WorkerProcess, task: _Task) -> None:
        budget = self.config.policy.time_budget
        try:
            reply = await worker.examine(task.job, task.data, hard_deadline(budget))
        except WorkerOverran:
            self._finish(task, f"policy work exceeded its time budget ({budget} s)")
            self._replace(slot)
        except WorkerDied:
            task.deaths += 1
            if task.deaths >= 2:
                self._finish(task, "the policy worker died examining this message twice "
                             f"({worker.exit_description()}; memory budget "
                             f"{self.config.policy.memory_budget} MB)")
            elif not task.future.done():
                (self._heavy if task.heavy else self._light).appendleft(task)
            self._replace(slot)
        except Exception as error:   # a bug here: answer 451, trust the worker no more
            if not task.future.done():
                task.future.set_exception(PolicyError(f"{type(error).__name__}: {error}"))
            self._replace(slot)
        else:
            if not task.future.done():
                task.future.set_result(reply.decision if reply.decision is not None
                                       else reply.error or "no decision")
            if reply.retiring:
                self._replace(slot)
        finally:
            slot.busy = None
            self._dispatch()

    def _finish(self, task: _Task, detail: str) -> None:
        """Hold the message as malformed: it could not be examined within its budgets."""
        if task.future.done():
            return
        context = policy_context(self.config, self.orders, task.job.sender,
                                 task.job.recipients, task.job.at)
        task.future.set_result(over_budget(task.data, context, detail))

    def _replace(self, slot: _Slot) -> None:
        """Forget the slot's worker (already dead or killed) and start a fresh one."""
        old, slot.worker = slot.worker, None
        if old is not None:
            self._spawn(old.reap())
        if not self._closed:
            slot.starting = self._spawn(self._restart(slot))

    async def _restart(self, slot: _Slot) -> None:
        delay = RESTART_DELAYS[min(slot.failed_starts, len(RESTART_DELAYS) - 1)]
        await asyncio.sleep(delay)
        try:
            worker = await WorkerProcess.start(self.config, self._running)
        except WorkerStartError as error:
            slot.failed_starts += 1
            slot.starting = None
            if not any(s.worker for s in self._slots):
                self._unavailable = str(error)
                self._fail_waiting(str(error))
            if not self._closed:
                slot.starting = self._spawn(self._restart(slot))
            return
        slot.starting = None
        if self._closed:
            worker.stop()
            self._spawn(worker.reap())
            return
        slot.failed_starts = 0
        slot.worker = worker
        self._unavailable = None
        self._dispatch()

    def _fail_waiting(self, reason: str) -> None:
        for lane in (self._light, self._heavy):
            while lane:
                task = lane.popleft()
                if not task.future.done():
                    task.future.set_exception(PolicyUnavailable(reason))

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def close(self, timeout: float = 5.0) -> None:
        """Close every worker's socket (they exit at EOF), wait a little, then kill."""
        self._closed = True
        for task in list(self._background):
            task.cancel()
        self._fail_waiting("the gateway is stopping")
        ready = []
        for slot in self._slots:
            if slot.busy is not None and not slot.busy.future.done():
                slot.busy.future.set_exception(PolicyUnavailable("the gateway is stopping"))
            if slot.worker is not None:
                slot.worker.stop()
                ready.append(slot.worker.process)
                slot.worker = None
        # Ready workers exit at EOF; those starting or retiring are not listening.
        for process in sorted(self._running, key=lambda p: p in ready):
            try:
                process.wait(timeout if process in ready else 0)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait()
        self._running.clear()
