"""Run held-out cases through the engine and compare with their labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policies.engine import evaluate
from policies.model import Decision, PolicyContext
from policies.scope import buyer_marketplace
from tests.heldout.build import CHECKED_AT, Case, build


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine decided for one case, next to what the case requires."""

    case: Case
    decision: Decision

    @property
    def verdict(self) -> str:
        return str(self.decision.verdict)

    @property
    def found(self) -> frozenset[str]:
        return frozenset(f.rule for f in self.decision.findings)

    @property
    def missing_rules(self) -> tuple[str, ...]:
        return tuple(r for r in self.case.rules if r not in self.found)

    @property
    def right(self) -> bool:
        """The decision matches the label (rules are reported separately)."""
        return self.verdict == self.case.decision

    @property
    def leak(self) -> bool:
        """A message that must be held went out (delivered or rewritten)."""
        return self.case.decision == "quarantine" and self.verdict != "quarantine"

    @property
    def false_hold(self) -> bool:
        """A message that must be delivered untouched was held."""
        return self.case.decision == "deliver" and self.verdict == "quarantine"

    def describe(self) -> str:
        """One line for a miss: what was expected, what was decided and found."""
        findings = "; ".join(f"{f.rule}: {f.detail}" for f in self.decision.findings) or "nothing"
        missing = f", missing {', '.join(self.missing_rules)}" if self.missing_rules else ""
        return (f"{self.case.id}: expected {self.case.decision} {list(self.case.rules)}, "
                f"got {self.verdict}{missing}; found {findings}")


def judge(case: Case) -> Outcome:
    """The engine's decision on the case, in the context `vigile check --rcpt --at` gives."""
    context = PolicyContext(
        sender="seller@shop.example",
        recipients=(case.rcpt,),
        at=CHECKED_AT,
        marketplace=buyer_marketplace(case.rcpt),
    )
    return Outcome(case, evaluate(build(case), context))


@dataclass(frozen=True, slots=True)
class LanguageScore:
    lang: str
    messages: int
    right: int
    rules_found: int
    leaks: int
    false_holds: int

    @property
    def accuracy(self) -> float:
        return self.right / self.messages if self.messages else 0.0


def scores(outcomes: Iterable[Outcome]) -> list[LanguageScore]:
    """Per-language (case file) counts, in file order, then an `all` row."""
    by_lang: dict[str, list[Outcome]] = {}
    everything: list[Outcome] = []
    for outcome in outcomes:
        by_lang.setdefault(outcome.case.group, []).append(outcome)
        everything.append(outcome)
    rows = [_score(lang, group) for lang, group in by_lang.items()]
    return [*rows, _score("all", everything)]


def _score(lang: str, group: list[Outcome]) -> LanguageScore:
    return LanguageScore(
        lang=lang,
        messages=len(group),
        right=sum(o.right for o in group),
        rules_found=sum(not o.missing_rules for o in group),
        leaks=sum(o.leak for o in group),
        false_holds=sum(o.false_hold for o in group),
    )
