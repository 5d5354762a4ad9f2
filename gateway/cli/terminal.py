"""Text for an operator's terminal: what strangers wrote, made harmless, in columns.

Held messages come from anyone: an address's quoted local part or a subject can carry
ESC and BEL sequences (which a terminal obeys), C1 controls, or bidi overrides (U+202E
turns `gpj.exe` into `exe.jpg` on screen). Everything shown passes through `visible`,
which writes such characters as escapes instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` with control, format (bidi, zero-width) and unassigned characters escaped:
    `\\x1b`, `\\u202e`. With `keep_newlines`, LF and TAB stay (CR is dropped)."""
    allowed = {"\n", "\t"} if keep_newlines else set()
    shown = []
    for char in text.replace("\r\n", "\n") if keep_newlines else text:
        if char in allowed or (char.isprintable() and unicodedata.category(char)[0] != "C"):
            shown.append(char)
        elif ord(char) <= 0xFF:
            shown.append(f"\\x{ord(char):02x}")
        else:
            shown.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return "".join(shown)


def width(text: str) -> int:
    """Columns `text` takes on a terminal: wide East Asian characters take two,
    combining marks none."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def shorten(text: str, columns: int) -> str:
    """`text` cut to `columns` columns, with an ellipsis when cut."""
    if width(text) <= columns:
        return text
    kept = ""
    for char in text:
        if width(kept + char) > columns - 1:
            break
        kept += char
    return kept + "…"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows under a header, each column as wide as its widest cell (the last one free)."""
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
