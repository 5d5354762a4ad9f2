"""Rewriting keeps mail intact: every rewritten corpus message is valid MIME, keeps its
headers, and a second pass finds nothing left to strip (idempotence)."""

from __future__ import annotations

import email
from email import policy

import pytest

from policies.model import Action, Verdict
from tests.policies.test_corpus import CORPUS, LABELS, decide_bytes

REWRITTEN = sorted(name for name, label in LABELS.items() if label["decision"] == "rewrite")
KEPT_HEADERS = ("From", "To", "Date", "Message-ID")


@pytest.mark.parametrize("name", REWRITTEN)
def test_rewritten_message_is_valid_and_idempotent(name: str) -> None:
    first = decide_bytes(name)
    assert first.verdict is Verdict.REWRITE, first.as_json()
    message = email.message_from_bytes(first.message, policy=policy.default)
    assert not message.defects
    for part in message.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
        if part.get_content_maintype() == "text":
            part.get_content()   # decodes with its declared charset
    original = email.message_from_bytes((CORPUS / name).read_bytes(), policy=policy.default)
    for header in KEPT_HEADERS:
        assert message[header] == original[header], header
    second = decide_bytes(name, data=first.message)
    leftover = [f for f in second.findings if f.action is Action.STRIP]
    assert not leftover, [f.as_json() for f in leftover]
