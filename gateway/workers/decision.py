"""The decision for one message, as the gateway and its worker processes both make it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from gateway.config import Config
from policies.engine import evaluate, out_of_scope
from policies.model import Decision, OrderBook, PolicyContext
from policies.scope import message_marketplace


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
