"""The purpose of an in-scope message (POLICY.md "Purpose"), for logs, ledger and rules.

Purposes are recognized by phrases in `lexicons/<lang>/purpose.toml`, one category per
purpose. Messages often touch several purposes (a delay notice promises a refund if the
parcel never comes; a warranty answer mentions the return window), so the purpose is
the one most of the message is about: each sentence that names a purpose counts once
for it, the subject (where sellers state what the message is for) counts SUBJECT_WEIGHT
times, and ties go to the more specific purpose in PRIORITY. A review request is a
review request whatever else the message says: the ledger counts it against the order.
"""

from __future__ import annotations

import weakref
from collections import Counter

from policies import lexicon
from policies.lexicon import PhraseMatch
from policies.message import MessageView

PURPOSES = (
    "order-problem", "delivery-delay", "additional-info", "return", "invoice",
    "review-request", "delivery-scheduling", "home-service", "custom-design", "warranty",
    "other",
)
# Most specific first.
PRIORITY = (
    "review-request", "invoice", "custom-design", "warranty", "return", "delivery-scheduling",
    "home-service", "delivery-delay", "order-problem", "additional-info",
)
OVERRIDING = ("review-request",)
SUBJECT_WEIGHT = 2


_classified: weakref.WeakKeyDictionary[MessageView, str] = weakref.WeakKeyDictionary()


def classify(message: MessageView) -> str:
    """The message's purpose, computed once per message (the engine and rules ask)."""
    if message not in _classified:
        _classified[message] = _classify(message)
    return _classified[message]


def _classify(message: MessageView) -> str:
    scores: Counter[str] = Counter()
    for purpose in purposes_named(message.subject):
        scores[purpose] += SUBJECT_WEIGHT
    for sentence in message.sentences:
        scores.update(purposes_named(sentence))
    for purpose in OVERRIDING:
        if scores[purpose]:
            return purpose
    if not scores:
        return "other"
    return max(PRIORITY, key=lambda purpose: (scores[purpose], -PRIORITY.index(purpose)))


def purposes_named(text: str) -> list[str]:
    """Every purpose whose phrases appear in a text, in PRIORITY order."""
    return [purpose for purpose in PRIORITY if lexicon.first(text, "purpose", purpose)]


def purpose_phrases(text: str) -> list[PhraseMatch]:
    """Every phrase in a text that names a permitted purpose, in every language."""
    return [found for purpose in PRIORITY for found in lexicon.find(text, "purpose", purpose)]
