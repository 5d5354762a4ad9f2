"""The review rules: `review-incentive`, `review-removal` and `review-gating`.

A seller may ask for a review, neutrally, once. What Amazon forbids is steering it:
asking for a good one, paying for one in any currency, asking to take a bad one back,
or asking only the buyers who are happy. All three read the seller's own words
sentence by sentence (the subject counts as a sentence of its own); an offer is also
looked for across two adjacent sentences, because sellers write "Leave us 5 stars.
In return we'll refund $10."
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from policies import lexicon
from policies import text as textlib
from policies.lexicon import PhraseMatch
from policies.message import ORDER_ID, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = "review"
# A button or heading ("Love it?", "Not happy with your order?") is this short.
MAX_HEADING_WORDS = 6


class ReviewIncentive(Rule):
    """Asking for a positive review, or offering anything of value for a review."""

    id = "review-incentive"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits = []
        for sentence in _texts(message):
            positive = _find(sentence, "positive")
            if positive and _find(sentence, "request"):
                hits.append(Hit(f"asks for a positive review: {positive.text!r}"))
        offered_in: set[str] = set()
        for window in _windows(message):
            if offered_in.intersection(window):
                continue
            offer = _offer_for_review(window)
            if offer:
                hits.append(Hit(offer))
                offered_in.update(window)
        return hits


class ReviewRemoval(Rule):
    """Asking the buyer to remove, change or update a review they already left."""

    id = "review-removal"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        return [
            Hit(f"asks to remove or change an existing review: {found.text!r}")
            for sentence in _texts(message)
            if (found := _find(sentence, "removal"))
        ]


class ReviewGating(Rule):
    """Asking for a review only from satisfied buyers, or steering unhappy ones away.

    The condition alone counts (POLICY.md, settled detail 10): "if you are satisfied,
    please leave a review" is gating even without "if not, contact us first". Templates
    put the condition on a button or heading of its own ("Love it?" above "Leave a
    review"; settled detail 18), so a short condition line reaches the line after it.
    """

    id = "review-gating"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits = []
        texts = _texts(message)
        for index, sentence in enumerate(texts):
            condition = _find(sentence, "satisfied_if")
            review = _find(sentence, "review") if condition else None
            if condition and review is None and _is_heading(sentence):
                # A button or heading ("Love it?") asks about the line that follows it.
                following = texts[index + 1] if index + 1 < len(texts) else ""
                review = _find(following, "review")
            if condition and review:
                hits.append(Hit(
                    f"review asked on condition of satisfaction: {condition.text!r} … "
                    f"{review.text!r}"))
            steered = _find(sentence, "before_review")
            if steered:
                hits.append(Hit(f"unhappy buyers steered away from reviewing: "
                                f"{steered.text!r}"))
        return hits


def _is_heading(sentence: str) -> bool:
    """A line of a few words: a button, a heading, a one-line question."""
    return textlib.word_count(ORDER_ID.sub(" ", sentence)) <= MAX_HEADING_WORDS


def _offer_for_review(window: tuple[str, ...]) -> str:
    """What a window of one or two sentences offers for a review, described; or ''.

    In one sentence, a thing of value next to a review is an offer; a refund or a
    "free" item only when tied to the review ("for your review", "if you leave").
    Across two sentences, the second must say it is given in exchange ("in return",
    "als Dankeschön"), so that "We refunded your order. Please leave a review." is not
    read as an offer.
    """
    if len(window) == 1:
        sentence = window[0]
        review = _find(sentence, "review")
        if review is None:
            return ""
        reward = _find(sentence, "reward")
        if reward is None and (_find(sentence, "exchange") or _find(sentence, "condition")):
            reward = _find(sentence, "benefit")
        return f"{reward.text!r} offered for a review ({review.text!r})" if reward else ""
    first, second = window
    if _find(second, "exchange") is None:
        return ""
    # "Leave us 5 stars. In return we'll refund $10." / "Here is a gift card. All we
    # ask in return is a review." (only a thing of value: a refund mentioned before a
    # "thank you" sentence is usually the refund the buyer was owed).
    review = _find(first, "review")
    reward = _find(second, "reward") or _find(second, "benefit")
    if not (review and reward):
        review = _find(second, "review")
        reward = _find(first, "reward")
    if review and reward:
        return f"{reward.text!r} offered in return for a review ({review.text!r})"
    return ""


def _texts(message: MessageView) -> list[str]:
    return [message.subject, *message.sentences] if message.subject else message.sentences


def _windows(message: MessageView) -> Iterator[tuple[str, ...]]:
    """Each sentence alone (the subject too), then each pair of adjacent body sentences
    (a pair is only looked at when neither of its sentences made an offer alone)."""
    for sentence in _texts(message):
        yield (sentence,)
    yield from itertools.pairwise(message.sentences)


def _find(text: str, category: str) -> PhraseMatch | None:
    return lexicon.first(text, FAMILY, category)


RULES = (ReviewIncentive(), ReviewRemoval(), ReviewGating())
