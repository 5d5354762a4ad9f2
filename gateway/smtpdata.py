"""Reading the DATA of one message into a single buffer, line ends normalized on the way.

aiosmtpd reads DATA a line at a time (a `readuntil` and a bytearray per line, ~230 for a
20 KB message, ~320,000 for a 25 MB attachment) and joins the lines at the end; the
gateway then copied the message again to normalize bare CR and LF. Here DATA is read in
the pieces the socket delivers: each piece's complete lines are un-stuffed and
normalized with a couple of C-level passes and appended to one `io.BytesIO`, whose
`getvalue()` hands its buffer over without copying. The message is in memory once, and
the per-line Python work is gone.

The protocol is aiosmtpd's (RFC 5321 4.5.2 and 4.5.3.1.6): a line is what ends in CRLF,
a lone `.` line ends the data, a leading dot is removed, and a line longer than the
line-length limit or data over the size limit is read to its end and then refused.
Bare CR or LF inside a line is rewritten to CRLF (as Postfix's
`smtpd_forbid_bare_newline = normalize` does), so no end-of-data variant (`\\n.\\n`,
`\\r.\\r\\n`, …) can hide a second message: what the policy judges is exactly what the
relay sends, dot-stuffed again. Normalizing after un-stuffing gives the same bytes as
doing both line by line, since every line ends in CRLF. What a client sent after the
end of data (pipelined commands) is put back into the reader for aiosmtpd to read.
"""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass

LINE_END = b"\r\n"
END_OF_DATA = b".\r\n"
END_OF_DATA_AFTER_LINE = b"\r\n.\r\n"
BARE_LINE_END = re.compile(rb"\r\n|\r|\n")
# A transparency dot (RFC 5321 4.5.2) at the start of a line that is not the first.
DOTTED_LINE_START = b"\r\n."
LINE_TOO_LONG = "500 Line too long (see RFC5321 4.5.3.1.6)"
TOO_MUCH_DATA = "552 Error: Too much mail data"
# At most this much is asked of the reader at a time (it holds less: aiosmtpd's reader
# pauses the socket beyond twice its line limit).
READ_SIZE = 256 * 1024


@dataclass(frozen=True, slots=True)
class ReadData:
    """The message (un-stuffed, CRLF line ends), or the refusal once it was all read."""

    content: bytes
    refusal: str | None = None


def normalized_lines(lines: bytes) -> bytes:
    """Complete lines (starting at a line start, ending in CRLF) without their
    transparency dots, every bare CR or LF inside them turned into CRLF."""
    if lines.startswith(b"."):
        lines = lines[1:]
    lines = lines.replace(DOTTED_LINE_START, LINE_END)
    pairs = lines.count(LINE_END)
    if lines.count(b"\r") != pairs or lines.count(b"\n") != pairs:
        lines = BARE_LINE_END.sub(LINE_END, lines)
    return lines


def longest_line(lines: bytes) -> int:
    """The length of the longest of these complete lines, CRLF included."""
    return max(map(len, lines.split(LINE_END))) + len(LINE_END)


async def read_data(reader: asyncio.StreamReader, *, size_limit: int | None,
                    line_length_limit: int) -> ReadData:
    """Read DATA up to the lone dot line. Over a limit, the rest is still read (the
    refusal must come after the data, RFC 5321 4.2.5) but not kept."""
    buffer: io.BytesIO | None = io.BytesIO()
    refusal: str | None = None
    received = 0
    partial = b""   # the start of a line whose CRLF has not come yet
    midline = False  # partial is only the tail of a refused line, not a line's start
    while True:
        piece = await reader.read(READ_SIZE)
        if not piece:
            raise asyncio.IncompleteReadError(partial, None)
        data = partial + piece if partial else piece
        if not midline and data.startswith(END_OF_DATA):
            end = 0
        else:
            end = data.find(END_OF_DATA_AFTER_LINE)
            end = end + len(LINE_END) if end >= 0 else -1
        if end >= 0:
            lines, partial = data[:end], b""
            rest = data[end + len(END_OF_DATA):]
            if rest:   # pipelined commands: aiosmtpd reads them next
                reader._buffer[:0] = rest  # type: ignore[attr-defined]
        else:
            last = data.rfind(LINE_END)
            cut = last + len(LINE_END) if last >= 0 else 0   # 0: no line ended yet
            lines, partial = data[:cut], data[cut:]
            midline = midline and not cut
        received += len(lines)
        if refusal is None and lines and longest_line(lines) > line_length_limit:
            refusal, buffer = LINE_TOO_LONG, None
        if refusal is None and len(partial) > line_length_limit:
            refusal, buffer = LINE_TOO_LONG, None
        if refusal is None and size_limit and received > size_limit:
            refusal, buffer = TOO_MUCH_DATA, None
        if buffer is not None and lines:
            buffer.write(normalized_lines(lines))
        if end >= 0:
            break
        if refusal is not None and len(partial) > len(END_OF_DATA_AFTER_LINE):
            # Only what could begin the end-of-data line is kept of a refused line.
            partial, midline = partial[-len(END_OF_DATA_AFTER_LINE):], True
    if buffer is None:
        return ReadData(b"", refusal)
    return ReadData(buffer.getvalue())
