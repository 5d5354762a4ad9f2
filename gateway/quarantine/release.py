"""Releasing and deleting held messages: one-time, audited state changes.

Shared by `vigile quarantine release/delete` and the review page, so both behave the
same. `release_entry` claims the entry atomically before anything is relayed (the
backend's `claim`: an O_EXCL claim file in the Maildir, a row lock and
`state = 'releasing'` in PostgreSQL), so two browsers, a double click and the CLI at the
same moment send the message once; the others get `AlreadyReleased`, naming who released
it and when. The upstream's refusal undoes the claim (with its answer recorded); its
acceptance makes the entry `released` with time, actor and reply. Sending a message a
second time takes `force=True`: an explicit operator choice.

Each release and delete is one audit log event (`quarantine_release`,
`quarantine_delete`) naming the entry, the actor, the host and the upstream's answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.config import Config
from gateway.dkim import open_signer
from gateway.log import get_logger
from gateway.quarantine import AlreadyReleased, QuarantineBackend, QuarantineEntry, QuarantineError
from gateway.relay import RelayError, open_upstream
from gateway.store import Store
from policies.engine import evaluate, rule_action
from policies.model import Action, OrderBook, PolicyContext, Verdict
from policies.rules import all_rules
from policies.scope import message_marketplace

__all__ = ["AlreadyReleased", "ReleaseFailed", "ReleaseOutcome", "delete_entry",
           "release_entry", "rewritten_message"]


class ReleaseFailed(QuarantineError):
    """The upstream did not take the released message; the entry is held again."""

    def __init__(self, entry: QuarantineEntry, upstream_reply: str) -> None:
        super().__init__(f"{entry.id} not released: upstream said {upstream_reply}")
        self.entry = entry
        self.upstream_reply = upstream_reply


@dataclass(frozen=True)
class ReleaseOutcome:
    entry: QuarantineEntry   # as it is now: state "released"
    upstream_reply: str
    rewritten: bool


async def release_entry(config: Config, quarantine: QuarantineBackend, store: Store,
                        entry_id: str, *, actor: str, rewritten: bool = False,
                        force: bool = False) -> ReleaseOutcome:
    """Relay a held message upstream once: as it was sent, or as the policy would
    rewrite it (`rewritten`: strip findings applied, the holding findings ignored).

    Raises AlreadyReleased (released or being released, without `force`),
    ReleaseFailed (the upstream refused or could not be reached: still held), or
    QuarantineError (no such entry, or no rewritten form)."""
    log = get_logger().bind(quarantine_id=entry_id, actor=actor, host=socket.gethostname(),
                            rewritten=rewritten, forced=force)
    try:
        entry = await asyncio.to_thread(quarantine.claim, entry_id, actor=actor, force=force)
    except AlreadyReleased as refused:
        log.warning("quarantine_release", released=False, refused=str(refused))
        raise
    try:
        message = await asyncio.to_thread(quarantine.message, entry_id)
        if rewritten:
            held_at = datetime.fromisoformat(entry.held_at).astimezone(UTC)
            try:
                message = await asyncio.to_thread(rewritten_message, config, store,
                                                  entry.sender, entry.recipients, held_at,
                                                  message)
            except QuarantineError as refused:
                raise QuarantineError(f"{entry_id} not released: {refused}; it stays held "
                                      "(release it as it is, or delete it)") from refused
        # DKIM as on the gateway's relay path: the rewritten form is signed, the original
        # goes as held (signed on top only with dkim.sign = "always"; gateway/dkim.py).
        message = (await asyncio.to_thread(open_signer(config).sign, message,
                                           rewritten=rewritten)).message
        reply = await _relay(config, entry, message)
    except BaseException as error:  # the claim is undone whatever stopped the release
        relayed = isinstance(error, RelayError)
        answer = error.reply if relayed else (entry.upstream_reply or "")
        held = await asyncio.shield(asyncio.to_thread(
            quarantine.abandon_release, entry_id, upstream_reply=answer))
        if relayed:
            log.warning("quarantine_release", released=False, upstream_reply=answer)
            raise ReleaseFailed(held, answer) from error
        log.warning("quarantine_release", released=False, error=repr(error))
        raise
    updated = await asyncio.to_thread(quarantine.finish_release, entry_id, actor=actor,
                                      upstream_reply=reply, rewritten=rewritten)
    ledger = await asyncio.to_thread(count_released_review_request, store, updated)
    log.info("quarantine_release", released=True, upstream_reply=reply,
             recipients=updated.recipients, message_id=updated.message_id, ledger=ledger)
    return ReleaseOutcome(entry=updated, upstream_reply=reply, rewritten=rewritten)


def delete_entry(quarantine: QuarantineBackend, entry_id: str, *, actor: str) -> None:
    """Delete an entry for good (refused while it is being released), and log it."""
    entry = quarantine.get(entry_id)
    quarantine.delete(entry_id)
    get_logger().info("quarantine_delete", quarantine_id=entry_id, actor=actor,
                      host=socket.gethostname(), state=entry.state,
                      message_id=entry.message_id)


def rewritten_message(config: Config, orders: OrderBook, sender: str,
                      recipients: Sequence[str], at: datetime, message: bytes) -> bytes:
    """The message as the policy would have relayed it without the rules that hold it:
    every rule whose action is `quarantine` switched off, the strip rules applied.

    `malformed` stays on whatever its configured action: it is what refuses a message
    the engine cannot parse or examine, and one where nothing would be left after
    stripping (POLICY.md, settled detail 23: an `.exe` that is the whole message would
    otherwise go out unchanged as its "rewritten" form). Raises QuarantineError when
    even so the engine cannot pass it."""
    settings = config.policy.settings()
    actions = {rule.id: Action.OFF if rule_action(rule.id, settings) is Action.QUARANTINE
               else rule_action(rule.id, settings) for rule in all_rules()}
    actions["malformed"] = Action.QUARANTINE
    context = PolicyContext(
        sender=sender, recipients=tuple(recipients), at=at,
        marketplace=message_marketplace(recipients),
        settings=dataclasses.replace(settings, actions=actions), orders=orders)
    decision = evaluate(message, context, budget=config.policy.time_budget)
    if decision.verdict is Verdict.QUARANTINE:
        details = "; ".join(f"{f.rule}: {f.detail}" for f in decision.findings
                            if f.action is Action.QUARANTINE)
        raise QuarantineError(f"the policy cannot rewrite this message ({details})")
    return decision.message


async def _relay(config: Config, entry: QuarantineEntry, message: bytes) -> str:
    upstream = open_upstream(config)
    try:
        return str(await upstream.relay_message(entry.sender, entry.recipients, message))
    finally:
        await upstream.close()


def count_released_review_request(store: Store, entry: QuarantineEntry) -> str | None:
    """A released review request spends its order's slot, as if sent directly.

    Returns what happened to the ledger (for the audit event), None when not a review
    request."""
    decision = entry.decision
    order_ids = decision.get("order_ids") or []
    if decision.get("purpose") != "review-request" or not order_ids:
        return None
    token, at = f"release-{entry.id}", datetime.now(UTC)
    if store.reserve_review(order_ids[0], token, entry.message_id, at) is None:
        store.commit_review(order_ids[0], token, at)
        return "sent"
    return "repeat"
