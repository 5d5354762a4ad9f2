"""What each sentence of the seller's text does: its acts.

Rules that judge what a message is *about* do not look for phrases anywhere in it; they
read it sentence by sentence and ask what each sentence does. A sentence greets, thanks,
wishes well, offers help in general, reports that the order shipped or was received,
asks a question, asks the buyer to do something, puts something right (a replacement,
the missing piece, the rest of the order), tells a fact the buyer needs about the
product or its delivery (it takes an E14 bulb, it comes in three boxes; a measurement
in an otherwise plain sentence counts too), turns to a caveat, or names one of the
purposes Amazon permits (a problem, a delay, a return or refund, an invoice, delivery
scheduling, instructions…). The cues of each act are the categories of
`lexicons/<lang>/acts.toml`, written with stems (`versand\\w*`) so that wording nobody
listed is still recognized; the purposes are the categories of `purpose.toml`.

Acts come in two kinds. *Courtesy* acts (thanks, wishes, help, shipping, confirmation)
are what a message says when it has nothing of its own to say. *Purposeful* acts
(a question, a request, a remedy, information, a turn, a named purpose) are what a
message is for. The purposeful acts are looked for in what is left of the sentence
once its courtesy phrases are blanked out, so "if you have any questions, let us know"
stays courtesy while "let us know which day suits you" is a request. A sentence with
no act at all is narration ("every candle is poured by hand in our workshop"): it
neither gives the message a purpose nor takes one away.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

from policies import lexicon
from policies import purpose as purposes
from policies.message import ORDER_ID

FAMILY = "acts"
QUESTION_MARKS = ("?", "？", "؟")


class Act(enum.StrEnum):
    """A thing a sentence does; the value is its category in acts.toml."""

    THANKS = "thanks"
    WISHES = "wishes"
    HELP = "help"
    SHIPPING = "shipping"
    CONFIRMATION = "confirmation"
    QUESTION = "question"
    REQUEST = "request"
    REMEDY = "remedy"
    INFORMATION = "information"
    TURN = "turn"
    PURPOSE = "purpose"   # named by purpose.toml


COURTESY = (Act.THANKS, Act.WISHES, Act.HELP, Act.SHIPPING, Act.CONFIRMATION)
PURPOSEFUL = (Act.QUESTION, Act.REQUEST, Act.REMEDY, Act.INFORMATION, Act.TURN, Act.PURPOSE)
CUED = (Act.QUESTION, Act.REQUEST, Act.REMEDY, Act.INFORMATION, Act.TURN)
# A measurement or a part code ("5 mm", "E14", "2 x AA", "40 °C"): a sentence that states
# one tells the buyer a fact about the product, not the story of the workshop.
MEASUREMENT = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:mm|cm|m|in|ft|kg|g|mg|ml|cl|l|oz|lbs?|w|kw|v|mah|°\s?[cf]?|%"
    r"|x|×)(?!\w)|(?<!\w)[a-z]{1,3}\d{1,3}(?!\w)|(?<!\w)\d+\s?[x×]\s?[a-z]{1,3}\d*(?!\w)",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """One sentence and what it does: each act with the words that show it."""

    sentence: str
    acts: dict[Act, tuple[str, ...]]
    # The languages whose cues showed each purposeful act ("" for a question mark).
    cue_languages: dict[Act, frozenset[str]]

    def does(self, *acts: Act) -> bool:
        return any(act in self.acts for act in acts)

    @property
    def purposeful(self) -> bool:
        return self.does(*PURPOSEFUL)

    def purposeful_in(self, language: str | None) -> bool:
        """Whether a purposeful act is shown by cues of the text's language.

        English cues are searched in every message, since sellers mix English in; but in
        a text written in another language with cues of its own, an English word is
        more often a product name or a loanword ("Ostfriesen-Blatt Broken") than what
        the sentence does.
        """
        if language in (None, "en") or language not in lexicon.languages():
            return self.purposeful
        return any(languages - {"en"} for act, languages in self.cue_languages.items())

    @property
    def courtesy_words(self) -> tuple[str, ...]:
        return tuple(word for act in COURTESY for word in self.acts.get(act, ()))


def read(sentence: str) -> Reading:
    """The acts of one sentence (cached: several rules read the same sentences)."""
    return _read(sentence, lexicon.current_languages())


@functools.lru_cache(maxsize=2048)
def _read(sentence: str, languages: frozenset[str] | None) -> Reading:
    acts: dict[Act, tuple[str, ...]] = {}
    spans: list[tuple[int, int]] = []
    # An order id reads as one word, so "Ihre Bestellung 123-… ist eingegangen" matches
    # like "Ihre Bestellung ist eingegangen" (same length: offsets stay the original's).
    masked = ORDER_ID.sub(lambda m: "0" * len(m.group(0)), sentence)
    for act in COURTESY:
        found = lexicon.find(masked, FAMILY, act.value)
        if found:
            acts[act] = tuple(dict.fromkeys(sentence[m.start:m.end] for m in found))
            spans.extend((m.start, m.end) for m in found)
    remainder = ORDER_ID.sub(" ", _blank(sentence, spans))
    cue_languages: dict[Act, frozenset[str]] = {}
    for act in CUED:
        found = lexicon.find(remainder, FAMILY, act.value)
        if found:
            acts[act] = tuple(dict.fromkeys(m.text for m in found))
            cue_languages[act] = frozenset(m.language for m in found)
    if not acts and (measure := MEASUREMENT.search(remainder)) is not None:
        acts[Act.INFORMATION] = (measure.group(0),)
        cue_languages[Act.INFORMATION] = frozenset({""})
    if remainder.rstrip().endswith(QUESTION_MARKS):
        acts.setdefault(Act.QUESTION, (sentence,))
        cue_languages[Act.QUESTION] = frozenset({""})
    named = purposes.purpose_phrases(remainder)
    if named:
        acts[Act.PURPOSE] = tuple(dict.fromkeys(m.text for m in named))
        cue_languages[Act.PURPOSE] = frozenset(m.language for m in named)
    return Reading(sentence, acts, cue_languages)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
