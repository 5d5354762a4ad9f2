"""The values that flow through the policy engine: actions, findings, context, decisions.

Everything here is plain data so that the gateway, the CLI and the tests can build a
context and read a decision without knowing how the rules work.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from policies.scope import Marketplace


class Action(enum.StrEnum):
    """What the engine does with a rule's findings."""

    STRIP = "strip"
    QUARANTINE = "quarantine"
    OFF = "off"


class Verdict(enum.StrEnum):
    DELIVER = "deliver"
    REWRITE = "rewrite"
    QUARANTINE = "quarantine"


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's report on one message: how many things it found and what they were."""

    rule: str
    action: Action
    count: int = 1
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "action": str(self.action), "count": self.count,
                "detail": self.detail}


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """What the store knows about one Amazon order."""

    order_id: str
    purchased_at: datetime | None = None
    completed_at: datetime | None = None
    status: str = ""
    buyer_language: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """A review request already counted against an order (sent, or reserved in flight)."""

    order_id: str
    sent_at: datetime
    message_id: str = ""
    in_flight: bool = False


class OrderBook(Protocol):
    """Read access to the store, as the rules need it. The gateway implements it."""

    def order(self, order_id: str) -> OrderRecord | None: ...

    def review_request(self, order_id: str) -> ReviewRequest | None: ...


class EmptyOrderBook:
    """The order book of a gateway with no order data: every lookup finds nothing."""

    def order(self, order_id: str) -> OrderRecord | None:
        return None

    def review_request(self, order_id: str) -> ReviewRequest | None:
        return None


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """The operator's choices that change how rules decide (from `[policy]` in the config)."""

    actions: Mapping[str, Action] = field(default_factory=dict)
    link_allowlist: frozenset[str] = frozenset()
    contact_placeholder: str = ""
    authorized_senders: frozenset[str] = frozenset()
    window_days: int = 30
    unknown_order: Verdict = Verdict.DELIVER


@dataclass(frozen=True, slots=True)
class PolicyContext:
    """Everything about a message that is not in its bytes."""

    sender: str
    recipients: tuple[str, ...]
    at: datetime
    marketplace: Marketplace | None
    settings: PolicySettings = PolicySettings()
    orders: OrderBook = field(default_factory=EmptyOrderBook)


@dataclass(frozen=True, slots=True)
class EngineError:
    """A rule, the parser or the renderer raised: a bug in the engine, never in the mail.

    The message is held as `malformed` rather than answered 451 (it would fail the same
    way at every retry); `where` is the rule id or the engine's stage, `traceback` the
    text the gateway logs once with the message id.
    """

    where: str
    exception: str
    traceback: str

    def as_json(self) -> dict[str, str]:
        return {"where": self.where, "exception": self.exception}


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer for one message.

    `message` holds the bytes to relay: the original for `deliver`, the rewritten
    message for `rewrite`, the original (to hold) for `quarantine`.
    """

    verdict: Verdict
    findings: tuple[Finding, ...]
    message: bytes
    purpose: str = "other"
    marketplace: str | None = None
    language: str | None = None
    order_ids: tuple[str, ...] = ()
    error: EngineError | None = None

    @property
    def rule_ids(self) -> list[str]:
        return [f.rule for f in self.findings]

    @property
    def holding_rules(self) -> list[str]:
        return [f.rule for f in self.findings if f.action is Action.QUARANTINE]

    def as_json(self) -> dict[str, object]:
        result: dict[str, object] = {
            "decision": str(self.verdict),
            "purpose": self.purpose,
            "marketplace": self.marketplace,
            "language": self.language,
            "order_ids": list(self.order_ids),
            "findings": [f.as_json() for f in self.findings],
        }
        if self.error is not None:
            result["engine_error"] = self.error.as_json()
        return result
