"""The flow of one message: decide, then relay or quarantine, then log (DESIGN.md).

`Gateway.handle_message` is what the SMTP server calls after DATA, and returns the
reply the client gets. Its promise: `250` only when the message is accepted upstream or
durably quarantined (with `reply = "accept"`); `550` only when it is durably
quarantined; any failure on the way is a 4xx, so the client keeps the message.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32

from gateway.config import Config
from gateway.dkim import open_signer
from gateway.log import get_logger
from gateway.metrics import Metrics
from gateway.quarantine import QuarantineBackend
from gateway.relay import RelayAttempt, RelayError, Upstream
from gateway.store import Store, StoreError
from gateway.workers import PolicyWorkers
from policies.engine import add_finding, rule_action
from policies.message import header_text
from policies.model import Action, Decision, Finding, Verdict
from policies.rules.review_repeat import repeat_detail

REVIEW_REPEAT = "review-repeat"


@dataclass(frozen=True, slots=True)
class ReviewSlot:
    """An order's review-request slot, reserved for one message in flight."""

    order_id: str
    token: str


@dataclass(frozen=True, slots=True)
class Submission:
    """One message as the client handed it over."""

    sender: str                  # normalized (gateway.address); "" is the null sender
    recipients: tuple[str, ...]  # normalized
    data: bytes
    client: str = ""
    user: str = ""
    options: tuple[str, ...] = ()  # MAIL parameters to pass upstream (SMTPUTF8, BODY=8BITMIME)


class Gateway:
    """The gateway's parts, and the handling of one message through them."""

    def __init__(self, config: Config, upstream: Upstream, quarantine: QuarantineBackend,
                 store: Store) -> None:
        self.config = config
        self.upstream = upstream
        self.quarantine = quarantine
        self.store = store
        self.log = get_logger()
        self.workers = PolicyWorkers(config, store)
        self.metrics = Metrics(quarantine)
        self.signer = open_signer(config)

    async def handle_message(self, submission: Submission) -> str:
        """Decide, relay or hold, and log one `message` event; returns the client's reply."""
        started = time.perf_counter()
        message_id, subject = header_summary(submission.data)
        event: dict[str, object] = {
            "message_id": message_id,
            "client": submission.client, "user": submission.user or None,
            "sender": submission.sender, "recipients": list(submission.recipients),
            "size": len(submission.data),
        }
        try:
            reply = await self._process(submission, message_id, subject, event)
        except asyncio.CancelledError:
            # The client went away before the final reply: it still has the message.
            event.update(reply=None, aborted="client disconnected",
                         ms=round((time.perf_counter() - started) * 1000, 1))
            self.log.warning("message", **event)
            raise
        except Exception as error:  # a bug on the way: the client keeps the message
            self.log.exception("message_error", message_id=message_id)
            event.update(decision=event.get("decision", "tempfail"),
                         error=f"{type(error).__name__}: {error}")
            reply = f"451 4.3.0 Internal error, try again later ({type(error).__name__})"
        event["reply"] = reply
        event["ms"] = round((time.perf_counter() - started) * 1000, 1)
        # A 4xx leaves the message with the client: worth a warning, not just info.
        (self.log.warning if reply.startswith("4") else self.log.info)("message", **event)
        self.metrics.record_message(event)
        return reply

    async def _process(self, submission: Submission, message_id: str, subject: str,
                       event: dict[str, object]) -> str:
        try:
            with self.metrics.policy_seconds.time():
                decision = await self.workers.decide(submission.sender, submission.recipients,
                                                     submission.data)
        except Exception as error:  # a policy bug must never lose or pass the message
            self.log.exception("policy_error", message_id=message_id)
            event["decision"] = "tempfail"
            return f"451 4.3.0 Policy check failed, try again later ({type(error).__name__})"
        if decision.error is not None:
            # A bug in a rule: the message is held as malformed (it would fail the same way
            # at every retry); the traceback is logged here, once.
            self.log.error("engine_error", message_id=message_id, rule=decision.error.where,
                           exception=decision.error.exception,
                           traceback=decision.error.traceback)
            self.metrics.engine_errors.labels(rule=decision.error.where).inc()
        slot = None
        if REVIEW_REPEAT in decision.rule_ids:
            event["ledger"] = "repeat"
        elif decision.verdict is not Verdict.QUARANTINE:
            try:
                decision, slot = await self._reserve_review(submission, decision, message_id,
                                                            event)
            except StoreError as error:
                event.update(decision="tempfail", store_error=str(error))
                return "451 4.3.0 Review-request ledger unavailable, try again later"
        event.update(_decision_fields(decision))
        if decision.verdict is Verdict.QUARANTINE:
            return await self._hold(submission, decision, event, message_id, subject)
        attempt = RelayAttempt()
        try:
            decision = await self._signed(decision, event)
            reply = await self._relay(submission, decision, event, attempt)
        except BaseException:
            # Cancelled (client gone, even while signing) or a bug: free the slot unless
            # the upstream may already have the message (the final dot was sent).
            if slot is not None:
                await self._settle_review(slot, None if attempt.final_dot_sent else False,
                                          event)
            raise
        if slot is not None:
            accepted = None if event.get("outcome") == "unknown" else reply.startswith("250")
            await self._settle_review(slot, accepted, event)
        return reply

    async def _reserve_review(self, submission: Submission, decision: Decision,
                              message_id: str, event: dict[str, object]
                              ) -> tuple[Decision, ReviewSlot | None]:
        """Take the order's one review-request slot, or hold the message as a repeat."""
        if decision.purpose != "review-request" or not decision.order_ids:
            return decision, None
        action = rule_action(REVIEW_REPEAT, self.config.policy.settings())
        if action is Action.OFF:
            return decision, None
        slot = ReviewSlot(decision.order_ids[0], secrets.token_hex(8))
        existing = await asyncio.to_thread(
            self.store.reserve_review, slot.order_id, slot.token, message_id,
            datetime.now(UTC))
        if existing is None:
            event["ledger"] = "reserved"
            return decision, slot
        event["ledger"] = "repeat"
        finding = Finding(rule=REVIEW_REPEAT, action=action, detail=repeat_detail(existing))
        return add_finding(decision, finding, submission.data), None

    async def _settle_review(self, slot: ReviewSlot, accepted: bool | None,
                             event: dict[str, object]) -> None:
        """Spend the slot once the upstream accepted the request; free it when it did not.

        `accepted` None: the outcome is unknown (no final reply after the final dot), so
        the slot is spent as if sent: a retry is held as a repeat rather than risk a
        second review request to the buyer (README, guarantees)."""
        try:
            if accepted is None:
                await asyncio.to_thread(self.store.commit_review, slot.order_id, slot.token,
                                        datetime.now(UTC))
                event["ledger"] = "kept: outcome unknown"
            elif accepted:
                await asyncio.to_thread(self.store.commit_review, slot.order_id, slot.token,
                                        datetime.now(UTC))
                event["ledger"] = "sent"
            else:
                await asyncio.to_thread(self.store.release_review, slot.order_id, slot.token)
                event["ledger"] = "released"
        except StoreError as error:
            # The upstream already answered; the reservation stays and goes stale.
            event["ledger"] = f"error: {error}"

    async def _relay(self, submission: Submission, decision: Decision,
                     event: dict[str, object], attempt: RelayAttempt) -> str:
        try:
            with self.metrics.relay_seconds.time():
                accepted = await self.upstream.relay_message(
                    submission.sender, submission.recipients, decision.message,
                    options=submission.options, attempt=attempt)
        except RelayError as error:
            self.metrics.record_upstream_error(error)
            event["upstream_reply"] = error.reply
            if error.outcome_unknown:
                event["outcome"] = "unknown"
            return error.reply
        self.metrics.record_upstream(accepted.code)
        event["upstream_reply"] = str(accepted)
        event["relayed_size"] = len(decision.message)
        return f"250 2.0.0 Ok: {decision.verdict} and relayed; upstream said {accepted}"

    async def _signed(self, decision: Decision, event: dict[str, object]) -> Decision:
        """DKIM: the last change before the upstream, after any rewrite (gateway/dkim.py).

        A message that cannot be signed (dkimpy refuses its header) is relayed unsigned
        and the failure logged: it would fail the same way at every retry."""
        rewritten = decision.verdict is Verdict.REWRITE
        if not self.signer.applies(rewritten=rewritten):
            return decision
        try:  # RSA takes milliseconds of CPU: off the event loop
            signed = await asyncio.to_thread(self.signer.sign, decision.message,
                                             rewritten=rewritten)
        except Exception as error:
            event["dkim"] = f"not signed: {type(error).__name__}: {error}"
            return decision
        if signed.domain is not None:
            event["dkim"] = f"signed d={signed.domain}"
        return replace(decision, message=signed.message)

    async def _hold(self, submission: Submission, decision: Decision,
                    event: dict[str, object], message_id: str, subject: str) -> str:
        try:
            entry = await self.quarantine.hold_async(
                submission.data, sender=submission.sender,
                recipients=list(submission.recipients), client=submission.client,
                message_id=message_id, subject=subject, decision=decision.as_json())
        except (OSError, StoreError) as error:  # a Maildir or a database quarantine
            event["quarantine_error"] = str(error)
            return "451 4.3.0 Message held back by policy but the quarantine is not writable"
        event["quarantine_id"] = entry.id
        rules = ",".join(decision.holding_rules)
        if self.config.quarantine.reply == "accept":
            return f"250 2.0.0 Ok: held in quarantine as {entry.id} ({rules})"
        return f"550 5.7.1 Held by Amazon messaging policy ({rules}); quarantine id {entry.id}"

    async def close(self) -> None:
        await self.upstream.close()
        self.workers.close()
        self.store.close()


def _decision_fields(decision: Decision) -> dict[str, object]:
    return {
        "decision": str(decision.verdict), "marketplace": decision.marketplace,
        "purpose": decision.purpose if decision.marketplace else None,
        "order_ids": list(decision.order_ids), "rules": decision.rule_ids,
        "order_id": decision.order_ids[0] if decision.order_ids else None,
    }


def header_summary(data: bytes) -> tuple[str, str]:
    """Message-ID and Subject, decoded, read from the header block alone (never the body:
    messages can be tens of megabytes)."""
    end = data.find(b"\r\n\r\n")
    headers = BytesHeaderParser(policy=compat32).parsebytes(data[:end + 2] if end >= 0 else data)
    return header_text(headers, "Message-ID"), header_text(headers, "Subject")
