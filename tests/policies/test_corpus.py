"""The labelled corpus as a yardstick: every message through the engine.

The bar (issue 11): at least 98% of decisions right, the labelled rules found in at
least 97% of messages, no message labelled `quarantine` delivered (a leak is what
Amazon punishes) and no message labelled `deliver` held.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path

import pytest

from policies.engine import evaluate
from policies.model import Decision, PolicyContext, Verdict
from policies.scope import buyer_marketplace

# The repository's own copy when there is one, else the shared corpus beside it.
_REPOSITORY = Path(__file__).resolve().parents[2]
CORPUS = next((path for path in (_REPOSITORY / "tests" / "corpus",
                                 _REPOSITORY.parent / "shared" / "corpus")
               if (path / "labels.json").is_file()), _REPOSITORY / "tests" / "corpus")
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
MIN_RIGHT_DECISIONS = 0.98
MIN_RULES_FOUND = 0.97


@functools.cache
def decide(name: str) -> Decision:
    return decide_bytes(name)


def decide_bytes(name: str, data: bytes | None = None) -> Decision:
    """The decision for a corpus message (or other bytes) in that message's context."""
    label = LABELS[name]
    raw = (CORPUS / name).read_bytes() if data is None else data
    context = PolicyContext(
        sender="seller@shop.example",
        recipients=(label["rcpt"],),
        at=datetime.fromisoformat(label["at"].replace("Z", "+00:00")),
        marketplace=buyer_marketplace(label["rcpt"]),
    )
    return evaluate(raw, context)


@pytest.mark.parametrize(
    "name", sorted(n for n, label in LABELS.items() if label["decision"] == "quarantine"))
def test_no_quarantine_labelled_message_is_delivered(name: str) -> None:
    decision = decide(name)
    assert decision.verdict is Verdict.QUARANTINE, decision.as_json()


@pytest.mark.parametrize(
    "name", sorted(n for n, label in LABELS.items() if label["decision"] != "quarantine"))
def test_no_deliver_labelled_message_is_held(name: str) -> None:
    decision = decide(name)
    assert decision.verdict is not Verdict.QUARANTINE, decision.as_json()


def test_98_percent_of_decisions_are_right() -> None:
    wrong = sorted(name for name in LABELS
                   if str(decide(name).verdict) != LABELS[name]["decision"])
    assert len(wrong) <= len(LABELS) * (1 - MIN_RIGHT_DECISIONS), wrong


def test_labelled_rules_are_found_in_97_percent_of_messages() -> None:
    missed = {}
    for name, label in sorted(LABELS.items()):
        found = {finding.rule for finding in decide(name).findings}
        if not set(label["rules"]) <= found:
            missed[name] = sorted(set(label["rules"]) - found)
    assert len(missed) <= len(LABELS) * (1 - MIN_RULES_FOUND), missed
