"""`confirmation-only` and `thanks-only`: proactive messages that say nothing of their own.

Amazon sends order and shipping confirmations itself, and a message that only thanks
the buyer or offers help in general serves no permitted purpose. Thanks and
confirmations inside a message that has a purpose are fine (POLICY.md, settled details
11 and 19), so keywords cannot decide: the rule reads what each sentence of the
seller's text does (`policies.acts`). The greeting, the sign-off and the signature are
set aside; a message is held when no sentence does anything purposeful (asks, requests,
informs, turns to a caveat, names a problem, a delay, a refund, a document,
scheduling…) and some sentence confirms the order or its shipping (`confirmation-only`)
or thanks, wishes well or offers help in general (`thanks-only`). A message of
narration alone is not held: with no courtesy either, it more often states a fact in
words no cue names ("the wood is oiled, so a faint smell is normal") than it thanks.

The subject counts as a sentence (sellers state there what a message is for), an
attached document is a purpose, and a reply is never held: it answers the buyer, which
is its purpose (settled detail 16).
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterable
from typing import ClassVar

from policies import acts, lexicon
from policies import text as textlib
from policies.acts import Act, Reading
from policies.language import identify_language
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = acts.FAMILY
# Signature lines are short; a greeting or sign-off names a person at most.
MAX_FRAME_WORDS = 6
MAX_NAME_WORDS = 3
SIGNATURE_SEPARATOR = "--"
POSTSCRIPT = re.compile(r"^p\.?\s?s\b", re.IGNORECASE)
CONFIRMING = (Act.SHIPPING, Act.CONFIRMATION)
COURTEOUS = (Act.THANKS, Act.WISHES, Act.HELP)


def judge_message(message: MessageView) -> list[Reading] | None:
    """What each sentence of the body does, or None when the message has a purpose
    outside its sentences (a subject naming one, an attached document)."""
    written = identify_language(message.seller_text)
    if message.subject and acts.read(message.subject).purposeful_in(written):
        return None
    if any(not attachment.inline for attachment in message.attachments):
        return None
    return [acts.read(sentence) for sentence in _body_sentences(message.sentences)]


def _body_sentences(sentences: list[str]) -> list[str]:
    """The sentences between the greeting and the signature."""
    body: list[str] = []
    signed = False
    for sentence in sentences:
        if sentence == SIGNATURE_SEPARATOR:
            break
        if signed:
            # After the sign-off only a postscript or a real sentence still speaks.
            if POSTSCRIPT.match(sentence) or _is_real_sentence(sentence):
                body.append(sentence)
            continue
        if _is_frame_line(sentence, "sign_off"):
            signed = True
        elif not _is_frame_line(sentence, "greeting"):
            body.append(sentence)
    while body and _is_signature_line(body[-1]):
        body.pop()
    return body


def _is_frame_line(sentence: str, category: str) -> bool:
    """A line that is a greeting or a sign-off, possibly with a name after it.

    A sign-off is followed by a name only ("Thanks, Marco"), so "Thanks for the photos!"
    is not one; a greeting may name the buyer in lower case ("Dear customer,").
    """
    if sentence.endswith((".", "?")):
        return False
    opening = _opening(sentence, category)
    if opening is None:
        return False
    rest = re.findall(r"\w+", sentence[opening:])
    if len(rest) > MAX_NAME_WORDS:
        return False
    return category == "greeting" or all(not word[0].islower() for word in rest)


def _opening(sentence: str, category: str) -> int | None:
    """Where a phrase of the category that opens the sentence ends, or None."""
    ends = [m.end for m in lexicon.find(sentence, FAMILY, category) if m.start == 0]
    return max(ends) if ends else None


def _is_real_sentence(sentence: str) -> bool:
    return textlib.word_count(sentence) > MAX_FRAME_WORDS and sentence.endswith((".", "!", "?"))


def _is_signature_line(sentence: str) -> bool:
    """A name, a company or a contact line closing a message that has no sign-off."""
    if textlib.word_count(sentence) > MAX_FRAME_WORDS or sentence.endswith((".", "!", "?")):
        return False
    if acts.read(sentence).acts:
        return False
    return ":" not in sentence or _opening(sentence, "signature_label") is not None


def _outermost(phrases: Iterable[str]) -> list[str]:
    """The phrases, once each, without those inside a longer one ('Tracking number')."""
    unique = list(dict.fromkeys(" ".join(p.split()) for p in phrases))
    return [p for p in unique
            if not any(p != q and p.casefold() in q.casefold() for q in unique)]


class ContentOnly(Rule):
    """A proactive message in which no sentence does anything purposeful."""

    default_action = Action.QUARANTINE
    what: ClassVar[str]

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        if message.is_reply:
            return []
        readings = judge_message(message)
        written = identify_language(message.seller_text)
        if not readings or any(reading.purposeful_in(written) for reading in readings):
            return []
        if not self.holds(readings):
            return []
        phrases = _outermost(word for reading in readings for word in reading.courtesy_words)
        quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
        return [Hit(f"{self.what}: {quoted}")]

    @abc.abstractmethod
    def holds(self, readings: list[Reading]) -> bool:
        """Whether these courtesy sentences are this rule's kind of empty message."""


class ConfirmationOnly(ContentOnly):
    id = "confirmation-only"
    what = "only an order or shipping confirmation"

    def holds(self, readings: list[Reading]) -> bool:
        return any(reading.does(*CONFIRMING) for reading in readings)


class ThanksOnly(ContentOnly):
    id = "thanks-only"
    what = "only thanks or a general offer of help"

    def holds(self, readings: list[Reading]) -> bool:
        return (not any(reading.does(*CONFIRMING) for reading in readings)
                and any(reading.does(*COURTEOUS) for reading in readings))


RULES = (ConfirmationOnly(), ThanksOnly())
