"""Inline CSS as the rules need it: a `style` attribute as a list of declarations."""

from __future__ import annotations

import re

_URL = re.compile(r"url\(\s*(['\"]?)(?P<url>[^'\")]*)\1\s*\)", re.IGNORECASE)


def declarations(style: str) -> list[tuple[str, str]]:
    """`"color: red; font-size:12px"` → `[("color", "red"), ("font-size", "12px")]`."""
    result = []
    for chunk in _split(style):
        name, sep, value = chunk.partition(":")
        if sep and name.strip():
            result.append((name.strip().lower(), value.strip()))
    return result


def _split(style: str) -> list[str]:
    """Split on semicolons that are not inside parentheses or quotes (`url(a;b)`)."""
    chunks, depth, quote, current = [], 0, "", []
    for char in style:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            chunks.append("".join(current))
            current = []
            continue
        current.append(char)
    chunks.append("".join(current))
    return chunks


def serialize(decls: list[tuple[str, str]]) -> str:
    return "; ".join(f"{name}: {value}" for name, value in decls)


def urls(value: str) -> list[str]:
    """The `url(...)` references in a CSS value."""
    return [m["url"].strip() for m in _URL.finditer(value)]


def pixels(value: str) -> float | None:
    """A length in pixels (`"1px"`, `"1"`, `"0"`), or None for anything else."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(px)?\s*(!important)?\s*", value or "")
    return float(match[1]) if match else None
