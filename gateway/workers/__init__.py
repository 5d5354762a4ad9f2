"""Where policy decisions are made: in worker processes, off the SMTP event loop.

The engine is CPU-bound Python. Run in the gateway's own process it would hold the GIL
against the event loop and use one core, so decisions are made by worker processes
(`policy.workers`, default one per core; `pool.py` says how they are scheduled and
replaced). Each worker builds the engine and opens its own store connection once, then
receives only the envelope and the message bytes over a socket pair. Its address space
is capped at `policy.memory_budget` MB and it enforces `policy.time_budget` itself: a
message that needs more is held as `malformed`, never passed. Workers die with the
gateway, even when it is SIGKILLed. `policy.workers = 0` decides in a thread of the
gateway's process instead (small installations, and most tests): the engine's own
budget check between rules applies, and neither a memory budget nor a kill.
"""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from gateway.config import Config
from gateway.workers.decision import decide, policy_context
from gateway.workers.pool import PolicyError, PolicyUnavailable, WorkerPool
from gateway.workers.process import WorkerStartError
from gateway.workers.wire import Job
from policies.engine import over_budget
from policies.engine import warm_up as engine_warm_up
from policies.model import Decision, OrderBook, Verdict

__all__ = ["PolicyError", "PolicyUnavailable", "PolicyWorkers", "WorkerStartError", "decide",
           "policy_context"]


class PolicyWorkers:
    """Makes decisions in worker processes, or in one thread when `policy.workers = 0`."""

    def __init__(self, config: Config, orders: OrderBook) -> None:
        self.config = config
        self.orders = orders
        self._pool = WorkerPool(config, orders) if config.policy.workers else None
        self._thread = None if self._pool else self._new_thread()

    @staticmethod
    def _new_thread() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy")

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids (none when deciding in a thread)."""
        return self._pool.pids if self._pool else []

    async def warm_up(self) -> None:
        """Start every worker now, so the first messages do not pay for it, and a worker
        that cannot start stops the gateway at start rather than failing mail later.

        In a thread the engine is built here too (phrase lists, language models: seconds
        on a busy machine), in the policy thread: left to the first message it ran
        inside that message's time budget and held it as `malformed`. Raises
        WorkerStartError when the engine cannot be built."""
        if self._pool is not None:
            await self._pool.start()
            return
        try:
            await asyncio.get_running_loop().run_in_executor(self._thread, engine_warm_up)
        except Exception as error:  # a phrase list that does not compile, a missing model
            raise WorkerStartError(f"cannot build the policy engine: "
                                   f"{type(error).__name__}: {error}") from error

    async def decide(self, sender: str, recipients: tuple[str, ...], data: bytes
                     ) -> Decision:
        """The decision; a message that cannot be examined within the budgets is held as
        malformed, never passed. Raises PolicyUnavailable or PolicyError (answer 451)."""
        at = datetime.now(UTC)
        if self._pool is not None:
            decision = await self._pool.decide(Job(sender, recipients, at), data)
        else:
            decision = await self._decide_in_thread(sender, recipients, data, at)
        if decision.verdict is not Verdict.REWRITE:
            decision = dataclasses.replace(decision, message=data)
        return decision

    async def _decide_in_thread(self, sender: str, recipients: tuple[str, ...], data: bytes,
                                at: datetime) -> Decision:
        assert self._thread is not None
        budget = self.config.policy.time_budget
        work = asyncio.get_running_loop().run_in_executor(
            self._thread, decide, self.config, self.orders, sender, recipients, data, at)
        try:
            # asyncio.timeout, not wait_for: in 3.11 wait_for swallows a cancellation
            # (the client hanging up) that arrives just as the decision is ready.
            async with asyncio.timeout(budget * 2):
                return await work
        except TimeoutError:
            # A thread cannot be killed: leave it to finish and decide in a fresh one.
            self._thread.shutdown(wait=False, cancel_futures=True)
            self._thread = self._new_thread()
        context = policy_context(self.config, self.orders, sender, recipients, at)
        return over_budget(data, context, f"policy work exceeded its time budget ({budget} s)")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._thread is not None:
            self._thread.shutdown(wait=True, cancel_futures=True)
