"""Phrase lists: data files per language, compiled once into one regex per category.

A lexicon file is `lexicons/<lang>/<family>.toml`; each key is a category holding a
list of patterns (the schema and how to write them: `lexicons/README.md`). A pattern is
a Python regular expression written in lower case; a space in it matches any run of
whitespace (`" ?"` is one optional whitespace), and it is matched case-insensitively.

Text and patterns are compared in one normal form (`fold`): Unicode compatibility
normalization (NFKC: full-width letters and digits, ligatures, Arabic presentation
forms), and for Arabic without diacritics and tatweel and with one letter per alef, ya
and ta marbuta form, since writers use them freely. Matches are reported at their
offsets in the original text, so findings quote and highlight what the seller wrote.

Where a pattern may match depends on how the language separates words: most languages
need a word boundary at both ends; Japanese writes no spaces, so its patterns match
anywhere; Arabic attaches the conjunctions, prepositions and the article to the word
(`والتقييم`, "and the review"), so its patterns may follow one such proclitic.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources

from policies.prefilter import LiteralScanner, Requirement, required_literals

LEXICON_ROOT = resources.files("policies") / "lexicons"

# Languages written without spaces between words: no word boundaries around patterns.
UNSEGMENTED = frozenset({"ja", "zh"})
# Arabic proclitics a pattern may follow inside one written word: wa-, fa-, bi-, li-,
# ka-, the article al-, and their usual combinations.
ARABIC_PROCLITICS = "(?:[وف]?(?:[بلك]|ال|بال|كال|لل)|[وف])?"
_BOUNDED = r"(?<!\w)(?:{})(?!\w)"
_BOUNDARIES = {
    "ar": r"(?<!\w)" + ARABIC_PROCLITICS + r"(?:{})(?!\w)",
    **{language: "(?:{})" for language in UNSEGMENTED},
}

# Arabic folding: diacritics (tashkeel, superscript alef) and tatweel vanish; the alef
# forms, alef maqsura and ta marbuta become one letter each.
_ARABIC_DROPPED = frozenset([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"])
_ARABIC_SAME = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Turkish capital dotted I lower-cases to two characters ("i" + a combining dot), which
# a case-insensitive match of "i" misses.
_ONE_TO_ONE = str.maketrans({"İ": "i"}) | _ARABIC_SAME


class LexiconError(ValueError):
    """A lexicon file that cannot be read or holds an invalid pattern."""


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    language: str
    category: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Folded:
    """A text in the normal form patterns are matched in, with the way back.

    `origins[i]` is the offset in the original text of the character that produced
    `text[i]`; `origins[len(text)]` is the original's length.
    """

    text: str
    origins: tuple[int, ...] | None   # None: same offsets as the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of a span of the folded text."""
        if self.origins is None:
            return start, end
        if end <= start:
            return self.origins[start], self.origins[start]
        # The end is just after the original character that produced the last one.
        last = self.origins[end - 1]
        following = next((o for o in self.origins[end:] if o > last), self.origins[-1])
        return self.origins[start], following


# Characters folding changes besides what NFKC does.
_SPECIAL = re.compile("[" + re.escape("".join(sorted(_ARABIC_DROPPED)) + "İ"
                                      + "".join(map(chr, _ARABIC_SAME))) + "]")
# A stretch folding may change: non-ASCII characters, with the character before them
# (a combining mark composes with its base). ASCII elsewhere is left as it is.
_CHANGING = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _needs_folding(text: str) -> bool:
    return not text.isascii() and (not unicodedata.is_normalized("NFKC", text)
                                   or _SPECIAL.search(text) is not None)


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> Folded:
    """The text in matching form (NFKC, Arabic letter forms unified), offsets kept."""
    if not _needs_folding(text):
        return Folded(text, None)
    pieces: list[str] = []
    origins: list[int] = []
    done = 0
    for stretch in _CHANGING.finditer(text):
        start, end = stretch.span()
        pieces.append(text[done:start])
        origins.extend(range(done, start))
        _fold_stretch(text, start, end, pieces, origins)
        done = end
    pieces.append(text[done:])
    origins.extend(range(done, len(text)))
    origins.append(len(text))
    return Folded("".join(pieces), tuple(origins))


def _fold_stretch(text: str, start: int, end: int, pieces: list[str],
                  origins: list[int]) -> None:
    """Fold `text[start:end]` into `pieces`, with the origin of every character."""
    stretch = text[start:end]
    if not _needs_folding(stretch):
        pieces.append(stretch)
        origins.extend(range(start, end))
        return
    # Normalize cluster by cluster (a base character and the combining marks after it),
    # so every output character traces back to the cluster it came from.
    cluster_start = start
    for index in range(start + 1, end + 1):
        if index < end and unicodedata.combining(text[index]) \
                and text[index] not in _ARABIC_DROPPED:
            continue
        normal = "".join(c for c in unicodedata.normalize("NFKC", text[cluster_start:index])
                         if c not in _ARABIC_DROPPED).translate(_ONE_TO_ONE)
        pieces.append(normal)
        origins.extend([cluster_start] * len(normal))
        cluster_start = index


def _fold_pattern(pattern: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", pattern)
                   if c not in _ARABIC_DROPPED).translate(_ONE_TO_ONE)


def _source(pattern: str) -> str:
    """The regex source of a pattern: folded, with its spaces made flexible."""
    # A space followed by a quantifier is one optional/repeated whitespace; any other
    # run of spaces matches any run of whitespace (line breaks included).
    source = re.sub(r" +(?=[?*+{])", r"\\s", _fold_pattern(pattern))
    return re.sub(r" +", r"\\s+", source)


def _category_source(patterns: list[str], language: str) -> str:
    boundary = _BOUNDARIES.get(language, _BOUNDED)
    return boundary.format("|".join(_source(pattern) for pattern in patterns))


def compile_patterns(patterns: list[str], where: str, language: str = "") -> re.Pattern[str]:
    """One regex for a category of one language: folded, spaces made flexible, and the
    language's word boundaries around the whole (see the module docstring).

    The patterns are compiled together, once (thousands of them make the start-up
    cost of every process); only when that fails is each compiled alone, to name the
    one at fault."""
    try:
        return re.compile(_category_source(patterns, language), re.IGNORECASE)
    except re.error as combined:
        for pattern in patterns:
            try:
                re.compile(_source(pattern))
            except re.error as error:
                raise LexiconError(f"{where}: bad pattern {pattern!r}: {error}") from error
        raise LexiconError(f"{where}: the patterns do not combine: {combined}") from combined


@dataclass(frozen=True, slots=True)
class Category:
    """One category of one language: its regex, and (read on first use, since parsing
    every category costs as much as compiling it) the literals a match needs."""

    regex: re.Pattern[str]

    @property
    def literals(self) -> Requirement:
        return _required_literals(self.regex)


@functools.cache
def _required_literals(regex: re.Pattern[str]) -> Requirement:
    return required_literals(regex.pattern)


@functools.cache
def languages() -> tuple[str, ...]:
    """Every language that has a lexicon folder."""
    return tuple(sorted(p.name for p in LEXICON_ROOT.iterdir() if p.is_dir()))


@functools.cache
def _family(name: str) -> dict[str, dict[str, Category]]:
    categories: dict[str, dict[str, Category]] = {}
    for language in languages():
        path = LEXICON_ROOT / language / f"{name}.toml"
        if not path.is_file():
            continue
        where = f"lexicons/{language}/{name}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise LexiconError(f"{where}: {error}") from error
        for category_name, patterns in data.items():
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise LexiconError(f"{where} [{category_name}]: expected a list of strings")
        categories[language] = {}
        for category_name, patterns in data.items():
            if not patterns:
                continue
            categories[language][category_name] = Category(
                compile_patterns(patterns, f"{where} [{category_name}]", language))
    return categories


@functools.cache
def families() -> tuple[str, ...]:
    """Every family that has a file in some language."""
    return tuple(sorted({path.name.removesuffix(".toml") for language in languages()
                         for path in (LEXICON_ROOT / language).iterdir()
                         if path.name.endswith(".toml")}))


def compile_all() -> None:
    """Read and compile every phrase list now (a bad one raises `LexiconError` here)."""
    for name in families():
        _family(name)


def load_all() -> None:
    """Compile every phrase list and build every language's literal pre-filter now."""
    compile_all()
    for language in languages():
        _scanner(language)


@functools.cache
def _scanner(language: str) -> LiteralScanner:
    """One scanner for the literals of every category of a language: a text is scanned
    once per language, whatever the rules then look for in it. Built on first use, so a
    one-off `vigile check` pays only for the languages its message is read in."""
    literals: set[str] = set()
    for name in families():
        for entry in _family(name).get(language, {}).values():
            literals.update(entry.literals or ())
    return LiteralScanner(literals)


def family(name: str) -> dict[str, dict[str, re.Pattern[str]]]:
    """The compiled categories of one family, by language: `{lang: {category: regex}}`."""
    return {language: {name: entry.regex for name, entry in by_category.items()}
            for language, by_category in _family(name).items()}


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


def current_languages() -> frozenset[str] | None:
    """The languages searched here (None: all); part of any cache key over matches."""
    return _languages.get()


@functools.cache
def _selected(family_name: str, category_name: str, languages: frozenset[str] | None
              ) -> tuple[tuple[str, Category], ...]:
    return tuple((language, by_category[category_name])
                 for language, by_category in _family(family_name).items()
                 if category_name in by_category
                 and (languages is None or language in languages))


def _candidates(text: str, family_name: str, category_name: str
                ) -> Iterator[tuple[str, re.Pattern[str]]]:
    """The regexes of a category that can match the (folded) text: those whose
    literals occur in it, and those that need no literal (see `policies.prefilter`)."""
    for language, entry in _selected(family_name, category_name, _languages.get()):
        if entry.literals is not None \
                and entry.literals.isdisjoint(_scanner(language).present(text)):
            continue
        yield language, entry.regex


def _match(text: str, folded: Folded, language: str, category_name: str,
           match: re.Match[str]) -> PhraseMatch:
    start, end = folded.span(match.start(), match.end())
    return PhraseMatch(language, category_name, text[start:end], start, end)


def find(text: str, family_name: str, category_name: str) -> list[PhraseMatch]:
    """Every phrase of a category found in a text, in the languages that apply."""
    folded = fold(text)
    return [
        _match(text, folded, language, category_name, m)
        for language, regex in _candidates(folded.text, family_name, category_name)
        for m in regex.finditer(folded.text)
    ]


def first(text: str, family_name: str, category_name: str) -> PhraseMatch | None:
    """The first phrase of a category found in a text, in the languages that apply."""
    folded = fold(text)
    for language, regex in _candidates(folded.text, family_name, category_name):
        m = regex.search(folded.text)
        if m is not None:
            return _match(text, folded, language, category_name, m)
    return None
