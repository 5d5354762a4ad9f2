"""The shared corpus as a yardstick: every labelled message through the engine."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from policies.engine import evaluate
from policies.model import Decision, PolicyContext, Verdict
from policies.scope import buyer_marketplace

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))


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


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_rules_are_found(name: str) -> None:
    label = LABELS[name]
    decision = decide(name)
    found = {f.rule for f in decision.findings}
    assert set(label["rules"]) <= found, decision.as_json()
    if label["decision"] == "deliver":
        assert decision.verdict is not Verdict.QUARANTINE, decision.as_json()


def test_decisions_match_labels_for_95_percent() -> None:
    wrong = [name for name in LABELS if str(decide(name).verdict) != LABELS[name]["decision"]]
    assert len(wrong) <= len(LABELS) * 0.05, wrong
