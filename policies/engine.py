"""The policy engine: message bytes and context in, one Decision out.

It parses the message once, runs every rule that is not switched off, turns the hits
into findings with the operator's actions, and renders the rewritten message when a
strip finding changed it. It never touches the network or the disk.
"""

from __future__ import annotations

import dataclasses
import functools
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from policies import lexicon
from policies import purpose as purposes
from policies.language import MIN_WORDS, identify_language
from policies.message import MessageView
from policies.model import (
    Action,
    Decision,
    EngineError,
    Finding,
    PolicyContext,
    PolicySettings,
    Verdict,
)
from policies.rewrite import render
from policies.rule import Hit, Rule
from policies.rules import all_rules

Result = TypeVar("Result")


class BudgetExceeded(Exception):
    """The policy work for one message took longer than its budget."""


class StageFailed(Exception):
    """A rule or a stage of the engine raised: `where` names it."""

    def __init__(self, where: str, error: Exception) -> None:
        super().__init__(where, error)
        self.where = where
        self.error = error


def evaluate(raw: bytes, context: PolicyContext, budget: float | None = None) -> Decision:
    """Decide what happens to one in-scope message.

    `budget` (seconds) bounds the work: it is checked between rules, and a message
    that exhausts it, or the interpreter's recursion or memory limits, is held as
    `malformed` instead of being passed unchecked (POLICY.md, settled detail 3).
    """
    try:
        _guarded("phrase-lists", _prepare)
        deadline = None if budget is None else time.monotonic() + budget
        return _evaluate(raw, context, deadline)
    except BudgetExceeded:
        return over_budget(raw, context, f"policy work exceeded its time budget ({budget} s)")
    except RecursionError:
        return over_budget(raw, context, "message structure too deep to examine")
    except MemoryError:
        return over_budget(raw, context, "policy work exceeded its memory budget")
    except StageFailed as failed:
        return engine_failed(raw, context, failed.where, failed.error)


@functools.cache
def _prepare() -> None:
    """Import every rule, compile every phrase list and load the language models, once
    per process and outside any message's time budget: a cold `vigile check` on a busy
    machine spent its whole budget compiling phrase lists and held the message. The
    literal pre-filter of a language is built when a message first reads it."""
    all_rules()
    lexicon.compile_all()
    identify_language(" ".join(["order"] * MIN_WORDS))   # loads the models


@functools.cache
def warm_up() -> None:
    """Everything `evaluate` would build on first use, for a long-lived process (the
    gateway's policy workers) to build before its first message."""
    _prepare()
    lexicon.load_all()


def over_budget(raw: bytes, context: PolicyContext, detail: str,
                error: EngineError | None = None) -> Decision:
    """A message the engine could not finish examining: held, never passed."""
    return Decision(
        verdict=Verdict.QUARANTINE,
        findings=(Finding(rule="malformed", action=Action.QUARANTINE, detail=detail),),
        message=raw,
        marketplace=context.marketplace.code if context.marketplace else None,
        error=error,
    )


def engine_failed(raw: bytes, context: PolicyContext, where: str,
                  error: BaseException) -> Decision:
    """A rule or stage that raised: a bug, but the message would fail the same way at
    every retry, so it is held as `malformed` (never deferred, never passed) and carries
    the traceback for the gateway to log once."""
    exception = f"{type(error).__name__}: {error}"[:300]
    failure = EngineError(where=where, exception=exception,
                          traceback="".join(traceback.format_exception(error)))
    try:
        rule_ids = {rule.id for rule in all_rules()}
    except Exception:   # the rules themselves failed to load: `where` is that stage
        rule_ids = set()
    stage = "rule" if where in rule_ids else "stage"
    return over_budget(raw, context, f"{stage} {where} failed ({exception})", failure)


def _guarded(where: str, work: Callable[..., Result], *args: object) -> Result:
    """`work(*args)`, with any bug it raises named after `where`; the budget and the
    interpreter's limits pass through to `evaluate`."""
    try:
        return work(*args)
    except (BudgetExceeded, RecursionError, MemoryError):
        raise
    except Exception as error:
        raise StageFailed(where, error) from error


def _evaluate(raw: bytes, context: PolicyContext, deadline: float | None) -> Decision:
    marketplace = context.marketplace.code if context.marketplace else None
    view = _guarded("parse", MessageView.parse, raw)
    unparseable = bool(view.structural_defects)
    languages = _guarded("language", _languages, view, context)
    with lexicon.only_languages(languages):
        findings = _run_rules(view, context, unparseable, deadline)
        verdict = _verdict(findings)
        purpose = _guarded("purpose", purposes.classify, view) if not unparseable else "other"
    language = None if unparseable else _guarded("language", identify_language,
                                                 view.seller_text)
    order_ids = _guarded("order-ids", lambda: view.order_ids)
    message = raw
    if verdict is Verdict.REWRITE:
        held = rule_action("malformed", context.settings)
        if held is not Action.OFF and _guarded("render", view.nothing_left):
            findings.append(Finding(rule="malformed", action=held,
                                    detail="nothing would be left for the buyer to read"))
            verdict = _verdict(findings)
        else:
            message = _guarded("render", render, view)
    return Decision(
        verdict=verdict,
        findings=tuple(findings),
        message=message,
        purpose=purpose,
        marketplace=marketplace,
        language=language,
        order_ids=order_ids,
    )


def _languages(view: MessageView, context: PolicyContext) -> frozenset[str] | None:
    """The languages whose phrase lists apply: the marketplace's, the order's buyer's, the
    one the seller wrote in, and English, which sellers mix into every language ("use
    code SAVE20"). None (all) when the text is too short to tell."""
    written = identify_language(view.seller_text)
    if written is None or context.marketplace is None:
        return None
    languages = {"en", written, *context.marketplace.languages}
    for order_id in view.order_ids[:1]:
        order = context.orders.order(order_id)
        if order is not None and order.buyer_language:
            languages.add(order.buyer_language)
    return frozenset(languages)


def _run_rules(view: MessageView, context: PolicyContext, unparseable: bool,
               deadline: float | None) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        if deadline is not None and time.monotonic() > deadline:
            raise BudgetExceeded
        action = action_for(rule, context)
        if action is Action.OFF or (unparseable and not rule.reads_structure_only):
            continue
        hits = _guarded(rule.id, rule.inspect, view, context)
        if hits:
            findings.append(_finding(rule, action, hits))
    return findings


def out_of_scope(raw: bytes) -> Decision:
    """The decision for a message with no Amazon buyer among its recipients."""
    return Decision(verdict=Verdict.DELIVER, findings=(), message=raw)


def action_for(rule: Rule, context: PolicyContext) -> Action:
    return context.settings.actions.get(rule.id, rule.default_action)


def rule_action(rule_id: str, settings: PolicySettings) -> Action:
    """The configured action of a rule, by id."""
    rule = next(r for r in all_rules() if r.id == rule_id)
    return settings.actions.get(rule_id, rule.default_action)


def add_finding(decision: Decision, finding: Finding, original: bytes) -> Decision:
    """A decision with one more finding (found outside the engine, e.g. by the ledger)."""
    findings = [*decision.findings, finding]
    verdict = _verdict(findings)
    message = original if verdict is Verdict.QUARANTINE else decision.message
    return dataclasses.replace(decision, verdict=verdict, findings=tuple(findings),
                               message=message)


def _finding(rule: Rule, action: Action, hits: list[Hit]) -> Finding:
    # Every distinct detail, none cut: the quarantine, `show` and the review page give
    # the full reason (the SMTP reply names only the rules).
    details = list(dict.fromkeys(hit.detail for hit in hits))
    detail = "; ".join(details)
    return Finding(rule=rule.id, action=action, count=sum(h.count for h in hits), detail=detail)


def _verdict(findings: list[Finding]) -> Verdict:
    if any(f.action is Action.QUARANTINE for f in findings):
        return Verdict.QUARANTINE
    if any(f.action is Action.STRIP for f in findings):
        return Verdict.REWRITE
    return Verdict.DELIVER
