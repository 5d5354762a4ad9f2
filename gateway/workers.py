"""Where policy decisions are made: in worker processes, off the SMTP event loop.

The engine is CPU-bound Python. Run in the gateway's own process it would hold the GIL
against the event loop and use one core, so decisions are made in a pool of worker
processes (`policy.workers`, default one per core). Workers are spawned rather than
forked (the gateway has threads and open connections), build the engine and open their
own store connection once, and then receive only the envelope and the message bytes.
Each worker's address space is capped at `policy.memory_budget` MB: a message that
would need more raises MemoryError inside the engine, which holds it as `malformed`.
A worker that dies, or overruns twice the time budget, is replaced with the whole pool.
`policy.workers = 0` decides in a thread of the gateway's process instead (small
installations, and most tests).
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import os
import resource
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime

from gateway.config import Config
from gateway.store import open_store
from policies.engine import evaluate, out_of_scope, over_budget
from policies.model import Decision, OrderBook, PolicyContext, Verdict
from policies.rules import all_rules
from policies.scope import message_marketplace

# The worker process's own configuration and store, set once by `_start_worker`.
_worker: tuple[Config, OrderBook] | None = None


def policy_context(config: Config, orders: OrderBook, sender: str,
                   recipients: Sequence[str], at: datetime) -> PolicyContext:
    return PolicyContext(
        sender=sender, recipients=tuple(recipients), at=at,
        marketplace=message_marketplace(recipients),
        settings=config.policy.settings(), orders=orders,
    )


def decide(config: Config, orders: OrderBook, sender: str, recipients: Sequence[str],
           data: bytes, at: datetime) -> Decision:
    """The policy decision for a message, or pass-through when no buyer is addressed."""
    context = policy_context(config, orders, sender, recipients, at)
    if context.marketplace is None and config.policy.scope == "amazon":
        return out_of_scope(data)
    return evaluate(data, context, budget=config.policy.time_budget)


def _start_worker(config: Config) -> None:
    global _worker
    budget = config.policy.memory_budget * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    all_rules()   # import every rule and compile its phrase lists now, not on a message
    _worker = (config, open_store(config.store.url, config.base_dir))


def _decide_in_worker(sender: str, recipients: tuple[str, ...], data: bytes,
                      at: datetime) -> Decision:
    assert _worker is not None, "worker not started"
    config, orders = _worker
    decision = decide(config, orders, sender, recipients, data, at)
    # Only a rewritten message needs to travel back; the gateway has the original.
    if decision.verdict is not Verdict.REWRITE:
        decision = dataclasses.replace(decision, message=b"")
    return decision


class PolicyWorkers:
    """The pool that makes decisions, with its time budget and its recovery."""

    def __init__(self, config: Config, orders: OrderBook) -> None:
        self.config = config
        self.orders = orders
        self.size = config.policy.workers
        self._executor = self._new_executor()

    def _new_executor(self) -> Executor:
        if self.size == 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy")
        return ProcessPoolExecutor(max_workers=self.size, initializer=_start_worker,
                                   initargs=(self.config,),
                                   mp_context=multiprocessing.get_context("spawn"))

    async def warm_up(self) -> None:
        """Start every worker now, so the first messages do not pay for it."""
        if isinstance(self._executor, ProcessPoolExecutor):
            loop = asyncio.get_running_loop()
            await asyncio.gather(*(loop.run_in_executor(self._executor, os.getpid)
                                   for _ in range(self.size)))

    async def decide(self, sender: str, recipients: tuple[str, ...], data: bytes
                     ) -> Decision:
        """The decision, within 2x the time budget; a message that cannot be examined
        (a stuck or dead worker) is held as malformed, never passed."""
        at = datetime.now(UTC)
        loop = asyncio.get_running_loop()
        if isinstance(self._executor, ProcessPoolExecutor):
            work = loop.run_in_executor(self._executor, _decide_in_worker, sender,
                                        recipients, data, at)
        else:
            work = loop.run_in_executor(self._executor, decide, self.config, self.orders,
                                        sender, recipients, data, at)
        budget = self.config.policy.time_budget
        try:
            # asyncio.timeout, not wait_for: in 3.11 wait_for swallows a cancellation
            # (the client hanging up) that arrives just as the decision is ready.
            async with asyncio.timeout(budget * 2):
                decision = await work
            if decision.verdict is not Verdict.REWRITE:
                decision = dataclasses.replace(decision, message=data)
            return decision
        except TimeoutError:
            self._replace_pool()
            detail = f"policy work exceeded its time budget ({budget} s)"
        except BrokenProcessPool:
            self._replace_pool()
            detail = "the policy worker died examining this message (memory budget?)"
        context = policy_context(self.config, self.orders, sender, recipients, at)
        return over_budget(data, context, detail)

    def _replace_pool(self) -> None:
        """A fresh pool; the old one's workers are killed (one may be stuck in a rule)."""
        old = self._executor
        self._executor = self._new_executor()
        if isinstance(old, ProcessPoolExecutor):
            processes = list((old._processes or {}).values())   # no public way to kill
            old.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.kill()
        else:
            old.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


