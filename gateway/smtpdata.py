"""Reading the DATA of one message into a single buffer, line ends normalized on the way.

aiosmtpd keeps every line of DATA as its own bytearray and joins them at the end: for a
25 MB attachment that is ~320,000 objects (about twice the message) plus the joined
copy, and the gateway then made a third copy to normalize bare CR and LF. Here each line
is un-stuffed and normalized as it arrives and appended to one `io.BytesIO`, whose
`getvalue()` hands its buffer over without copying: the message is in memory once.

The protocol is aiosmtpd's (RFC 5321 4.5.2 and 4.5.3.1.6): a line is what ends in CRLF,
a lone `.` line ends the data, a leading dot is removed, and a line longer than the
line-length limit or data over the size limit is read to its end and then refused.
Bare CR or LF inside a line is rewritten to CRLF (as Postfix's
`smtpd_forbid_bare_newline = normalize` does), so no end-of-data variant (`\\n.\\n`,
`\\r.\\r\\n`, …) can hide a second message: what the policy judges is exactly what the
relay sends, dot-stuffed again. Normalizing line by line gives the same bytes as
normalizing the whole message, since every line ends in CRLF.
"""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import dataclass

LINE_END = b"\r\n"
END_OF_DATA = b".\r\n"
BARE_LINE_END = re.compile(rb"\r\n|\r|\n")
LINE_TOO_LONG = "500 Line too long (see RFC5321 4.5.3.1.6)"
TOO_MUCH_DATA = "552 Error: Too much mail data"


@dataclass(frozen=True, slots=True)
class ReadData:
    """The message (un-stuffed, CRLF line ends), or the refusal once it was all read."""

    content: bytes
    refusal: str | None = None


def normalized_line(line: bytes) -> bytes:
    """One received line (ending in CRLF) without its transparency dot, every bare CR or
    LF inside it turned into CRLF."""
    if line[:1] == b".":
        line = line[1:]
    body_end = len(line) - 2
    if line.find(b"\r", 0, body_end) >= 0 or line.find(b"\n", 0, body_end) >= 0:
        return BARE_LINE_END.sub(LINE_END, line)
    return line


async def read_data(reader: asyncio.StreamReader, *, size_limit: int | None,
                    line_length_limit: int) -> ReadData:
    """Read DATA up to the lone dot line. Over a limit, the rest is still read (the
    refusal must come after the data, RFC 5321 4.2.5) but not kept."""
    buffer: io.BytesIO | None = io.BytesIO()
    refusal: str | None = None
    received = 0
    fragments: list[bytes] = []
    while True:
        try:
            line = await reader.readuntil(LINE_END)
        except asyncio.LimitOverrunError as overrun:
            # Longer than the reader's limit: drain it in pieces, keep nothing.
            refusal = refusal or LINE_TOO_LONG
            buffer = None
            line = await reader.read(overrun.consumed)
        if not fragments and line == END_OF_DATA:
            break
        received += len(line)
        if refusal is None and size_limit and received > size_limit:
            refusal, buffer = TOO_MUCH_DATA, None
        fragments.append(line)
        if not line.endswith(LINE_END):
            continue
        if buffer is not None:
            whole = line if len(fragments) == 1 else b"".join(fragments)
            if len(whole) > line_length_limit:
                refusal, buffer = LINE_TOO_LONG, None
            else:
                buffer.write(normalized_line(whole))
        fragments.clear()
    if buffer is None:
        return ReadData(b"", refusal)
    return ReadData(buffer.getvalue())
