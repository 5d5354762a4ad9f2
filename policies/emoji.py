"""Emoji: characters with the Unicode `Extended_Pictographic` property, except ©, ® and
™ (POLICY.md, settled detail 6), with their modifiers and zero-width-joined sequences.

The ranges are data (`policies/data/emoji.toml`) because the standard library has no
Unicode property lookup.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from importlib import resources

NOT_EMOJI = frozenset("©®™")
# What belongs to an emoji: variation selector 16, skin tones, tags (flag sequences).
EMOJI_TRAILERS = "\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\u20e3"


@functools.cache
def _emoji_ranges() -> list[list[str]]:
    """The emoji code point ranges of the data file, as pairs of hex strings."""
    path = resources.files("policies") / "data" / "emoji.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))["ranges"]


@functools.cache
def _emoji_class() -> str:
    """A regex character class of the emoji code points, from the data file."""
    parts = []
    for first, last in _emoji_ranges():
        low, high = int(first, 16), int(last, 16)
        for start, end in _without(low, high, {ord(c) for c in NOT_EMOJI}):
            parts.append(re.escape(chr(start)) if start == end
                         else f"{re.escape(chr(start))}-{re.escape(chr(end))}")
    return "[" + "".join(parts) + "]"


def _without(low: int, high: int, excluded: set[int]) -> list[tuple[int, int]]:
    """The range low..high split around the excluded code points."""
    ranges, start = [], low
    for point in sorted(p for p in excluded if low <= p <= high):
        if start < point:
            ranges.append((start, point - 1))
        start = point + 1
    if start <= high:
        ranges.append((start, high))
    return ranges


@functools.cache
def emoji_pattern() -> re.Pattern[str]:
    """One emoji with its modifiers and any zero-width-joined emoji after it."""
    single = f"{_emoji_class()}[{EMOJI_TRAILERS}]*"
    return re.compile(f"{single}(?:\u200d{single})*")


@functools.cache
def _emoji_with_space() -> re.Pattern[str]:
    """An emoji with the space that separated it from the text before (or after, at the
    start of a line), so that removing it leaves no double or dangling space."""
    emoji = emoji_pattern().pattern
    return re.compile(rf"(?m)(?:^[ \t]*(?:{emoji})+[ \t]*|[ \t]*(?:{emoji})+)")


@functools.cache
def _beyond_emoji_floor() -> re.Pattern[str]:
    """Any character at or above the lowest emoji code point: one range, which the
    regex engine tests many times faster than the full emoji class."""
    lowest = min(start for first, last in _emoji_ranges()
                 for start, _ in _without(int(first, 16), int(last, 16),
                                          {ord(c) for c in NOT_EMOJI}))
    return re.compile(f"[{re.escape(chr(lowest))}-\U0010ffff]")


def may_hold_emoji(text: str) -> bool:
    """A cheap test that is true of every text holding an emoji (most texts hold no
    character as high as the lowest emoji)."""
    return _beyond_emoji_floor().search(text) is not None


def strip_emoji(text: str, found: Counter[str], where: str = "") -> str:
    if not may_hold_emoji(text):
        return text
    emoji = emoji_pattern().findall(text)
    if not emoji:
        return text
    for character in dict.fromkeys(emoji):
        found[f"emoji {character}{where}"] += 1
    return _emoji_with_space().sub(_keep_indent, text)


def _keep_indent(match: re.Match[str]) -> str:
    """The indentation of a line an emoji opened stays; nothing else of the match."""
    leading = re.match(r"[ \t]*", match.group(0))
    at_line_start = match.start() == 0 or match.string[match.start() - 1] == "\n"
    return leading.group(0) if at_line_start and leading else ""
