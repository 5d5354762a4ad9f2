"""gateway/smtpdata.py reads DATA in pieces; it must end the data, un-stuff, normalize
and refuse exactly as reading it line by line does (aiosmtpd's way, plus the bare CR/LF
normalization), whatever pieces the socket delivers, and leave what follows the data
(pipelined commands) to be read next."""

from __future__ import annotations

import asyncio
import random
import re

import pytest

from gateway.smtpdata import LINE_TOO_LONG, TOO_MUCH_DATA, read_data

LIMIT = 1001
BARE_LINE_END = re.compile(rb"\r\n|\r|\n")
# Fragments that make every end-of-data look-alike, dots at line starts and long lines.
FRAGMENTS = [b"\r\n", b".", b"\r", b"\n", b"a", b"\x00", b".\r\n", b"\r\n.\r\n", b"..",
             b"x" * 300, b"\n.\n", b"\r.\r\n"]


def line_by_line(stream: bytes, size_limit: int | None) -> tuple[bytes, str | None, bytes]:
    """The reference: (content, refusal, what follows the lone dot line)."""
    lines, position, refusal, received = [], 0, None, 0
    while True:
        end = stream.find(b"\r\n", position)
        assert end >= 0, "every generated stream ends with the lone dot line"
        line = stream[position:end + 2]
        position = end + 2
        if line == b".\r\n":
            break
        received += len(line)
        if refusal is None and len(line) > LIMIT:
            refusal = LINE_TOO_LONG
        if refusal is None and size_limit and received > size_limit:
            refusal = TOO_MUCH_DATA
        lines.append(line[1:] if line.startswith(b".") else line)
    content = b"" if refusal else BARE_LINE_END.sub(b"\r\n", b"".join(lines))
    return content, refusal, stream[position:]


async def pieces_read(stream: bytes, pieces: list[int], size_limit: int | None
                      ) -> tuple[bytes, str | None, bytes]:
    reader = asyncio.StreamReader(limit=LIMIT)

    async def feed() -> None:
        position = 0
        for size in pieces:
            reader.feed_data(stream[position:position + size])
            position += size
            await asyncio.sleep(0)
        reader.feed_data(stream[position:])
        reader.feed_eof()

    feeding = asyncio.create_task(feed())
    result = await read_data(reader, size_limit=size_limit, line_length_limit=LIMIT)
    await feeding
    return result.content, result.refusal, await reader.read()


@pytest.mark.parametrize("seed", range(40))
def test_pieces_give_what_lines_give(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(60):
        body = b"".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(0, 40)))
        if rnd.random() < 0.1:
            body += b"y" * rnd.randint(900, 3000)   # a line near or over the limit
        stream = body + b"\r\n.\r\nQUIT\r\n"
        size_limit = rnd.choice([None, None, 2000, 200])
        pieces = [rnd.randint(1, 64) for _ in range(rnd.randint(0, 60))]
        expected = line_by_line(stream, size_limit)
        got = asyncio.run(pieces_read(stream, pieces, size_limit))
        assert got[2] == expected[2], stream
        assert (got[1] is None) == (expected[1] is None), stream
        if expected[1] is None:
            assert got[0] == expected[0], stream
        elif size_limit is None:
            assert got[1] == expected[1] == LINE_TOO_LONG


def test_a_dot_line_split_across_pieces_ends_the_data() -> None:
    stream = b"hello\r\n.\r\nMAIL FROM:<a@b.example>\r\n"
    for first in range(1, len(stream)):
        got = asyncio.run(pieces_read(stream, [first], None))
        assert got == (b"hello\r\n", None, b"MAIL FROM:<a@b.example>\r\n")
