"""Header values of a held or checked message, for people to read (terminal and page).

Read as the engine reads them (compat32: each value as it came, then decoded from
RFC 2047), never through the email package's structured headers: those parse lazily
and raise on what senders really write (a group with a comment, `undisclosed-recipients:;
(hidden)`; an encoded newline in a display name; `Message-ID: <@host>`), which turned
showing a held message into a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from policies.message import header_text

__all__ = ["display_headers", "header_block"]


def header_block(data: bytes) -> Message:
    """The message's headers alone (the body can be tens of megabytes), as they came."""
    ends = [found + len(blank) // 2 for blank in (b"\r\n\r\n", b"\n\n")
            if (found := data.find(blank)) >= 0]
    return BytesHeaderParser(policy=compat32).parsebytes(data[:min(ends)] if ends else data)


def display_headers(data: bytes, names: Sequence[str]) -> list[tuple[str, str]]:
    """The named headers that are present, decoded, whitespace folded (a decoded newline
    becomes a space); a value that cannot be decoded is shown as it came."""
    headers = header_block(data)
    return [(name, header_text(headers, name)) for name in names
            if headers.get(name) is not None]
