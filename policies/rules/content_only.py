"""`confirmation-only` and `thanks-only`: proactive messages that say nothing of their own.

Amazon sends order and shipping confirmations itself, and a message that only thanks
the buyer or offers help in general serves no permitted purpose. Thanks and
confirmations inside a message that has a purpose are fine (POLICY.md, settled detail
11), so keywords cannot decide: the rule judges what the seller's text is about. The
greeting, the sign-off and the signature are set aside; each remaining sentence is a
confirmation, thanks, generic help, or substance, and a message is held only when no
sentence has substance.

A sentence is filler only when what is left of it, once the filler phrases and order
ids are taken out, is short and names no purpose ("Thank you for your order" is filler;
"Thank you for your order: the lamp is out of stock" is not). A reply is never held:
it answers the buyer, which is its purpose.
"""

from __future__ import annotations

import abc
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from policies import lexicon
from policies import purpose as purposes
from policies import text as textlib
from policies.message import ORDER_ID, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = "content_only"
# A filler sentence may keep this many words of its own ("Good news: your order …").
MAX_FILLER_REMAINDER_WORDS = 8
# Signature lines are short; a greeting or sign-off names a person at most.
MAX_FRAME_WORDS = 6
MAX_NAME_WORDS = 3
# A fragment this short with no filler phrase and no purpose is noise (a list number,
# a name split off by "Mr.").
MAX_NOISE_WORDS = 2
SIGNATURE_SEPARATOR = "--"
POSTSCRIPT = re.compile(r"^p\.?\s?s\b", re.IGNORECASE)


class Kind(enum.Enum):
    CONFIRMATION = "confirmation"
    THANKS = "thanks"
    HELP = "generic_help"
    SUBSTANCE = "substance"


FILLER_KINDS = (Kind.CONFIRMATION, Kind.THANKS, Kind.HELP)


@dataclass(frozen=True, slots=True)
class Judged:
    """One sentence of the seller's text and what it does."""

    kind: Kind
    phrases: tuple[str, ...] = ()


def judge_message(message: MessageView) -> list[Judged] | None:
    """What each sentence of the body does, or None when the message has a purpose
    outside its sentences (a subject naming one, an attached document)."""
    if purposes.first_purpose_phrase(message.subject) is not None:
        return None
    if any(not attachment.inline for attachment in message.attachments):
        return None
    return [judged for sentence in _body_sentences(message.sentences)
            if (judged := judge_sentence(sentence)) is not None]


def judge_sentence(sentence: str) -> Judged | None:
    """What one sentence does; None for noise that says nothing either way."""
    spans = [m for kind in FILLER_KINDS for m in lexicon.find(sentence, FAMILY, kind.value)]
    if not spans:
        if (textlib.word_count(sentence) <= MAX_NOISE_WORDS
                and purposes.first_purpose_phrase(sentence) is None
                and lexicon.first(sentence, FAMILY, Kind.SUBSTANCE.value) is None):
            return None
        return Judged(Kind.SUBSTANCE)
    remainder = _blank(sentence, [(m.start, m.end) for m in spans])
    remainder = ORDER_ID.sub(" ", remainder)
    if (textlib.word_count(remainder) > MAX_FILLER_REMAINDER_WORDS
            or purposes.first_purpose_phrase(remainder) is not None
            or lexicon.first(remainder, FAMILY, Kind.SUBSTANCE.value) is not None):
        return Judged(Kind.SUBSTANCE)
    found = {m.category for m in spans}
    kind = next(k for k in FILLER_KINDS if k.value in found)
    return Judged(kind, tuple(dict.fromkeys(m.text for m in spans)))


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
    if any(lexicon.first(sentence, FAMILY, kind.value) for kind in FILLER_KINDS):
        return False
    return ":" not in sentence or _opening(sentence, "signature_label") is not None


def _outermost(phrases: Iterable[str]) -> list[str]:
    """The phrases, once each, without those inside a longer one ('Tracking number')."""
    unique = list(dict.fromkeys(" ".join(p.split()) for p in phrases))
    return [p for p in unique
            if not any(p != q and p.casefold() in q.casefold() for q in unique)]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class ContentOnly(Rule):
    """A proactive message whose every sentence is filler of the given kinds."""

    default_action = Action.QUARANTINE
    what: ClassVar[str]

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        if message.is_reply:
            return []
        judged = judge_message(message)
        if not judged or any(j.kind is Kind.SUBSTANCE for j in judged):
            return []
        if not self.holds(judged):
            return []
        phrases = _outermost(phrase for j in judged for phrase in j.phrases)
        quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
        return [Hit(f"{self.what}: {quoted}")]

    @abc.abstractmethod
    def holds(self, judged: list[Judged]) -> bool:
        """Whether these filler sentences are this rule's kind of empty message."""


class ConfirmationOnly(ContentOnly):
    id = "confirmation-only"
    what = "only an order or shipping confirmation"

    def holds(self, judged: list[Judged]) -> bool:
        return any(j.kind is Kind.CONFIRMATION for j in judged)


class ThanksOnly(ContentOnly):
    id = "thanks-only"
    what = "only thanks or a general offer of help"

    def holds(self, judged: list[Judged]) -> bool:
        return not any(j.kind is Kind.CONFIRMATION for j in judged)


RULES = (ConfirmationOnly(), ThanksOnly())
