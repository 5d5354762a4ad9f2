"""A literal pre-filter for the phrase regexes: run a regex only where it can match.

Every phrase category is one regex with dozens of alternatives, and Python's `re`
tries each of them at every character of a text: on a 20 KB message the phrase
regexes were most of the engine's time, although most categories match nothing in
most messages. Nearly every alternative needs some literal text to match (`review`
in `(a|an|your) review`, `stern` in `\\d sterne?`); the literals a category needs are
found once per family and text with one Aho-Corasick pass (pyahocorasick, in C), and a
category's regex runs only if one of its literals occurs. A category with an
alternative that needs no literal of at least `MIN_LITERAL` characters (or a shorter
rare one, see `_rare`) always runs, so the filter never changes what is found, only how
fast.

Literals are compared lower-cased and with the characters Python's case-insensitive
matching treats as equal (`ı`/`i`, `ſ`/`s`, …) made one, as the regexes compare them.
"""

from __future__ import annotations

import functools
import re
import re._casefix
import re._constants as sre
import re._parser
from collections.abc import Iterable

import ahocorasick

MIN_LITERAL = 3

# Lower-case letters that case-insensitive matching also takes for another letter.
_SAME_LETTER = str.maketrans({
    chr(extra): chr(min(char, *extras))
    for char, extras in re._casefix._EXTRA_CASES.items()
    for extra in (char, *extras)
    if extra != min(char, *extras)
})


def comparable(text: str) -> str:
    """The form both literals and texts are compared in."""
    return text.lower().translate(_SAME_LETTER)


# A requirement: one of these literals occurs in every match (None: nothing required).
Requirement = frozenset[str] | None


def required_literals(pattern: str) -> Requirement:
    """Literals of which at least one occurs in every match of `pattern` (a regex
    source), or None when no such set of literals of `MIN_LITERAL`+ characters is known.
    """
    try:
        parsed = re._parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    return _sequence(list(parsed))


def union(requirements: Iterable[Requirement]) -> Requirement:
    """The requirement of an alternation: any branch may match, so any of its literals."""
    literals: set[str] = set()
    for requirement in requirements:
        if requirement is None:
            return None
        literals |= requirement
    return frozenset(literals)


def _sequence(items: list[tuple[object, object]]) -> Requirement:
    """The strongest requirement of a sequence: its longest run of literal characters,
    or a mandatory part's requirement, whichever has the longer shortest literal."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= MIN_LITERAL or (run and _rare("".join(run))):
            candidates.append(frozenset({comparable("".join(run))}))
        run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))  # type: ignore[arg-type]
            continue
        close_run()
        requirement = _element(op, av)
        if requirement is not None:
            candidates.append(requirement)
    close_run()
    if not candidates:
        return None
    return max(candidates, key=lambda literals: min(map(len, literals)))


def _rare(literal: str) -> bool:
    """A literal shorter than `MIN_LITERAL` that is still worth requiring: no ASCII
    letter, digit, space or common punctuation (`%`, `月`, `オフ`). Japanese phrases
    such as `\\d+月\\d+日` have no longer literal, and without one their regex ran on
    every text; on a long run of digits its `\\d+` made that quadratic (200 KB: > 40 s)."""
    return not any(c.isascii() and (c.isalnum() or c.isspace() or c in ".,;:-'\"")
                   for c in literal)


def _element(op: object, av: object) -> Requirement:
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))  # type: ignore[index]
    if op is sre.BRANCH:
        return union(_sequence(list(branch)) for branch in av[1])  # type: ignore[index]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av  # type: ignore[misc]
        return _sequence(list(body)) if low >= 1 else None
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))  # type: ignore[arg-type]
    return None


class LiteralScanner:
    """Which of a fixed set of literals occur in a text (one pass, overlaps included)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self._automaton: ahocorasick.Automaton | None = None
        words = set(literals)
        if words:
            automaton = ahocorasick.Automaton()
            for word in words:
                automaton.add_word(word, word)
            automaton.make_automaton()
            self._automaton = automaton
        self._present = functools.lru_cache(maxsize=64)(self._scan)

    def present(self, text: str) -> frozenset[str]:
        return self._present(text)

    def _scan(self, text: str) -> frozenset[str]:
        if self._automaton is None:
            return frozenset()
        return frozenset(word for _, word in self._automaton.iter(comparable(text)))
