"""The words around a contact detail: the sentence that may make it an exception, and
the labels and lead-ins that go with it when it is stripped.

A number or address stays when its sentence or signature line names a warranty, a
carrier or a manufacturer (POLICY.md, settled detail 7). What is stripped takes its
label or lead-in ("Tel.:", "call us at") with it, and a signature line or sentence left
with nothing to say goes entirely, so that no dangling "E-Mail:" stays behind.
"""

from __future__ import annotations

import functools
import re

from policies import lexicon
from policies.contacts import FAMILY

SEPARATORS = "|·•–—-,;/"
QUOTE_MARKERS = re.compile(r"^[\s>]*")
# A sentence ends at . ! ? followed by a capital or an opening quote (not "Tel. +39").
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'«„“¿¡(]?[A-ZÀ-ÖØ-Þ])")
WRAP_WIDTH = 50
# How many wrapped lines a sentence is joined across either way: a paragraph of
# hundreds of wrapped lines was walked whole for each contact in it (quadratic).
MAX_WRAPPED_LINES = 25
# How far before a contact its label or lead-in can begin ("Telefonnummer unseres
# Kundenservice:" is 35 characters): far more than any phrase of the lists.
LABEL_REACH = 300
MIN_USEFUL_WORDS = 2


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence or signature line of `text` that holds `start:end`.

    Lines wrapped at a fixed width are joined again; short lines (a signature) stand
    alone.
    """
    line_start = text.rfind("\n", 0, start) + 1
    for _ in range(MAX_WRAPPED_LINES):
        if line_start <= 0:
            break
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        previous = text[previous_start:line_start - 1].rstrip()
        if len(previous) < WRAP_WIDTH or previous.endswith((".", "!", "?", ":")):
            break
        line_start = previous_start
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for _ in range(MAX_WRAPPED_LINES):
        if line_end >= len(text):
            break
        current = text[text.rfind("\n", 0, line_end) + 1:line_end].rstrip()
        following_end = text.find("\n", line_end + 1)
        following_end = len(text) if following_end < 0 else following_end
        if (len(current) < WRAP_WIDTH or current.endswith((".", "!", "?", ":"))
                or not text[line_end + 1:following_end].strip()):
            break
        line_end = following_end
    sentence_start, sentence_end = line_start, line_end
    for match in SENTENCE_BREAK.finditer(text, line_start, line_end):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            sentence_end = match.start()
            break
    return text[sentence_start:sentence_end]


def exception_named(sentence: str) -> str | None:
    """The warranty, carrier or manufacturer the sentence names, if any."""
    return _exception_named(sentence, lexicon.current_languages())


@functools.lru_cache(maxsize=256)
def _exception_named(sentence: str, languages: frozenset[str] | None) -> str | None:
    """Memoized: every contact of a sentence asks about the same sentence, and a long
    line holding hundreds of numbers was searched once per number (quadratic)."""
    match = lexicon.first(sentence, FAMILY, "exception")
    return match.text if match else None


@functools.cache
def _before_pattern(category_name: str) -> re.Pattern[str]:
    """A phrase of a category right before a contact, with its colon or dot."""
    phrases = "|".join(p.pattern for p in lexicon.category(FAMILY, category_name).values())
    return re.compile(rf"(?:{phrases})(?P<colon>\s*[.:]?\s*:?)\s*$", re.IGNORECASE)


@functools.cache
def _filler_pattern() -> re.Pattern[str]:
    """Labels and invitations to get in touch: words that are nothing on their own."""
    phrases = [p.pattern for name in ("label", "call_to_contact")
               for p in lexicon.category(FAMILY, name).values()]
    return re.compile("|".join(phrases), re.IGNORECASE)


def cut_before(prefix: str) -> int:
    """Where the label or lead-in that introduces a contact begins in `prefix`.

    A label goes when a colon follows it or it opens the line ("Tel. +39 …"); a lead-in
    preposition ("at", "unter", "al", "au", "en") always goes with its contact.
    """
    # A label or lead-in ends where the contact begins: search only the end of the
    # prefix (a line of hundreds of numbers was searched from its start for each one).
    reach = max(0, len(prefix) - LABEL_REACH)
    label = _before_pattern("label").search(prefix, reach)
    if label is not None:
        opening = prefix[:label.start()].strip(" \t>" + SEPARATORS)
        if ":" in label["colon"] or not opening:
            return label.start()
    lead_in = _before_pattern("lead_in").search(prefix, reach)
    if lead_in is not None:
        return lead_in.start()
    return len(prefix.rstrip(" \t")) if prefix.rstrip(" \t").endswith(":") else len(prefix)


def says_nothing(text: str) -> bool:
    """True when what is left is labels, invitations to call and punctuation only."""
    remainder = _filler_pattern().sub(" ", QUOTE_MARKERS.sub("", text))
    return len(re.findall(r"[^\W\d_]{2,}|\d+", remainder)) < MIN_USEFUL_WORDS


def only_invites_contact(sentence: str) -> bool:
    """True for a sentence that ends by inviting a call or mail it no longer says how to
    make ("If anything is missing, call us."): without the contact it serves nothing."""
    ending = re.sub(r"[\s.!:;,)]+$", "", sentence)
    return any(match.end == len(ending)
               for match in lexicon.find(ending, FAMILY, "call_to_contact"))


def tidy(text: str) -> str:
    """Spaces and punctuation around the gap a removed contact left."""
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([,.;!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(rf"(\s[{re.escape(SEPARATORS)}])(?:\s*[{re.escape(SEPARATORS)}])+", r"\1",
                  text)
    return text


def sentence_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_BREAK.finditer(line):
        spans.append((start, match.start()))
        start = match.start()
    spans.append((start, len(line)))
    return spans
