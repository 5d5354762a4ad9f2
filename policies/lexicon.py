"""Phrase lists: data files per language, compiled once into one regex per category.

A lexicon file is `lexicons/<lang>/<family>.toml`; each key is a category holding a
list of patterns. A pattern is a Python regular expression written in lower case; a
space in it matches any run of whitespace (`" ?"` is one optional whitespace), and it
is matched case-insensitively on word boundaries. Adding a language means adding a
folder of such files; adding a phrase means adding a line.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources

LEXICON_ROOT = resources.files("policies") / "lexicons"


class LexiconError(ValueError):
    """A lexicon file that cannot be read or holds an invalid pattern."""


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    language: str
    category: str
    text: str
    start: int
    end: int


def _compile(patterns: list[str], where: str) -> re.Pattern[str]:
    parts = []
    for pattern in patterns:
        # A space followed by a quantifier is one optional/repeated whitespace; any other
        # run of spaces matches any run of whitespace (line breaks included).
        source = re.sub(r" +(?=[?*+{])", r"\\s", pattern)
        source = re.sub(r" +", r"\\s+", source)
        try:
            re.compile(source)
        except re.error as error:
            raise LexiconError(f"{where}: bad pattern {pattern!r}: {error}") from error
        parts.append(source)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


@functools.cache
def languages() -> tuple[str, ...]:
    """Every language that has a lexicon folder."""
    return tuple(sorted(p.name for p in LEXICON_ROOT.iterdir() if p.is_dir()))


@functools.cache
def family(name: str) -> dict[str, dict[str, re.Pattern[str]]]:
    """The compiled categories of one family, by language: `{lang: {category: regex}}`."""
    compiled: dict[str, dict[str, re.Pattern[str]]] = {}
    for language in languages():
        path = LEXICON_ROOT / language / f"{name}.toml"
        if not path.is_file():
            continue
        where = f"lexicons/{language}/{name}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise LexiconError(f"{where}: {error}") from error
        compiled[language] = {
            category: _compile(patterns, f"{where} [{category}]")
            for category, patterns in data.items()
            if patterns
        }
    return compiled


@functools.cache
def category(family_name: str, category_name: str) -> dict[str, re.Pattern[str]]:
    """One category of a family across languages: `{lang: regex}`."""
    return {
        language: categories[category_name]
        for language, categories in family(family_name).items()
        if category_name in categories
    }


# The languages whose phrases apply to the message being examined (None: all). The
# engine sets it once per message, from the marketplace, the order and the text itself:
# scanning a text costs the same for every language searched, and phrases of unrelated
# languages only add false hits.
_languages: ContextVar[frozenset[str] | None] = ContextVar("lexicon_languages", default=None)


@contextmanager
def only_languages(languages: frozenset[str] | None) -> Iterator[None]:
    """Within the block, phrase lists of other languages are not searched."""
    token = _languages.set(languages)
    try:
        yield
    finally:
        _languages.reset(token)


@functools.cache
def _selected(family_name: str, category_name: str, languages: frozenset[str] | None
              ) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((language, regex)
                 for language, regex in category(family_name, category_name).items()
                 if languages is None or language in languages)


def find(text: str, family_name: str, category_name: str) -> list[PhraseMatch]:
    """Every phrase of a category found in a text, in the languages that apply."""
    return [
        PhraseMatch(language, category_name, m.group(0), m.start(), m.end())
        for language, regex in _selected(family_name, category_name, _languages.get())
        for m in regex.finditer(text)
    ]


def first(text: str, family_name: str, category_name: str) -> PhraseMatch | None:
    """The first phrase of a category found in a text, in the languages that apply."""
    for language, regex in _selected(family_name, category_name, _languages.get()):
        m = regex.search(text)
        if m is not None:
            return PhraseMatch(language, category_name, m.group(0), m.start(), m.end())
    return None
