"""The benchmark's message set: the labelled corpus (tests/corpus) grown to realistic sizes.

The corpus messages are short (0.5 to 10 KB), while a helpdesk reply usually carries the
conversation below the new text. So each message is grown to the target size with its
own text quoted as earlier messages of the thread: `>` lines under an Outlook separator
in plain text, `<blockquote>` copies of the body in HTML. The engine parses and scans all
of it, but judges the seller's own text without the quoted history, so a grown message
keeps the decision of its label. Each message goes to its label's Amazon buyer alias, so
the full policy runs. Malformed corpus messages are used unchanged: growing them would
mean repairing them.

Order ids are renumbered per round and message (keeping the marketplace prefix): the
review-request ledger allows one request per order, so repeating the same ids would
turn later rounds into `review-repeat` quarantines.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

KINDS = ("html", "plain", "attachment")
ORDER_ID = re.compile(r"(?<![\w-])(?:\d{3}|[A-Z]\d{2})-\d{7}-\d{7}(?![\w-])")
OUTLOOK_SEPARATOR = "-----Original Message-----"
BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
BODY_START = re.compile(r"<body[^>]*>", re.IGNORECASE)
BIG_MESSAGE_SOURCE = "de-invoice-pdf.eml"
MAX_GROW_STEPS = 12


@dataclass(frozen=True, slots=True)
class Mix:
    """Shares of HTML messages, plain-text messages and messages with an attachment."""

    html: float = 0.5
    plain: float = 0.3
    attachment: float = 0.2

    @classmethod
    def parse(cls, text: str) -> Mix:
        """`html=0.5,plain=0.3,attachment=0.2` (missing kinds get 0; shares are normalised)."""
        shares = dict.fromkeys(KINDS, 0.0)
        for item in filter(None, (piece.strip() for piece in text.split(","))):
            kind, _, value = item.partition("=")
            if kind not in shares:
                raise ValueError(f"--mix: unknown kind {kind!r} (expected {', '.join(KINDS)})")
            try:
                shares[kind] = float(value)
            except ValueError as error:
                raise ValueError(f"--mix: {item!r} is not KIND=NUMBER") from error
        total = sum(shares.values())
        if total <= 0 or any(share < 0 for share in shares.values()):
            raise ValueError(f"--mix: {text!r} needs positive shares")
        return cls(**{kind: share / total for kind, share in shares.items()})

    def share(self, kind: str) -> float:
        return float(getattr(self, kind))

    def __str__(self) -> str:
        return ", ".join(f"{self.share(kind):.0%} {kind}" for kind in KINDS)


@dataclass(frozen=True, slots=True)
class Source:
    """One corpus message and what the benchmark needs to know about it."""

    name: str
    kind: str
    raw: bytes
    recipient: str
    sender: str
    malformed: bool


@dataclass(frozen=True, slots=True)
class BenchMessage:
    """One message of the set, ready to send."""

    source: str
    kind: str
    sender: str
    recipient: str
    data: bytes


def load_sources(corpus: Path) -> dict[str, list[Source]]:
    """The corpus messages by kind: with an attachment, else with HTML, else plain."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    by_kind: dict[str, list[Source]] = {kind: [] for kind in KINDS}
    for name, label in sorted(labels.items()):
        raw = (corpus / name).read_bytes()
        message = _parse(raw)
        leaves = [part for part in message.walk() if not part.is_multipart()]
        malformed = any(part.defects for part in message.walk()) or not leaves
        types = {part.get_content_type() for part in leaves}
        if types - {"text/plain", "text/html"} and not malformed:
            kind = "attachment"
        elif "text/html" in types and not malformed:
            kind = "html"
        else:
            kind = "plain"
        sender = parseaddr(str(message.get("From", "")))[1] or "seller@shop.example"
        by_kind[kind].append(Source(name, kind, raw, label["rcpt"], sender, malformed))
    return by_kind


def build_set(sources: dict[str, list[Source]], count: int, size: int, mix: Mix,
              round_no: int) -> list[BenchMessage]:
    """`count` messages of about `size` bytes in the proportions of `mix`.

    The same arguments give the same bytes; `round_no` only changes order ids and
    Message-IDs.
    """
    schedule = _kind_schedule(count, mix)
    used = dict.fromkeys(KINDS, 0)
    messages = []
    for index, kind in enumerate(schedule):
        pool = sources[kind]
        if not pool:
            raise ValueError(f"the corpus has no {kind} message for --mix {mix}")
        source = pool[used[kind] % len(pool)]
        used[kind] += 1
        key = f"{round_no}:{index}"
        data = (_renumber_bytes(source.raw, key) if source.malformed
                else _grow(source, size, key))
        messages.append(BenchMessage(source.name, kind, source.sender, source.recipient, data))
    return messages


def big_message(sources: dict[str, list[Source]], size: int) -> BenchMessage:
    """A message of about `size` bytes: a PDF invoice with a large (random) attachment."""
    source = next(s for s in sources["attachment"] if s.name == BIG_MESSAGE_SOURCE)
    message = _parse(source.raw)
    pdf = next(part for part in message.walk() if part.get_content_type() == "application/pdf")
    original = pdf.get_content()
    filename = pdf.get_filename() or "invoice.pdf"
    noise = random.Random(size).randbytes

    def with_attachment(length: int) -> bytes:
        payload = original + b"%" + noise(max(0, length - len(original)))
        pdf.set_content(payload, maintype="application", subtype="pdf",
                        disposition="attachment", filename=filename)
        return _serialize(message)

    data = _fit(with_attachment, size, start=int(size * 0.7))
    return BenchMessage(source.name, "attachment", source.sender, source.recipient, data)


def plain_text_messages(sources: dict[str, list[Source]], count: int, size: int
                        ) -> list[BenchMessage]:
    """`count` well-formed plain-text corpus messages spread over the corpus (so over
    its languages), each grown to about `size` bytes: the same sources at every size,
    so that their costs can be compared."""
    well_formed = [source for source in sources["plain"] if not source.malformed]
    chosen = well_formed[::max(1, len(well_formed) // max(1, count))][:count]
    return [BenchMessage(source.name, "plain", source.sender, source.recipient,
                         _grow(source, size, f"linear:{index}"))
            for index, source in enumerate(chosen)]


def _kind_schedule(count: int, mix: Mix) -> list[str]:
    """Kinds interleaved so that every prefix of the set follows the mix."""
    taken = dict.fromkeys(KINDS, 0)
    schedule = []
    for position in range(1, count + 1):
        kind = max(KINDS, key=lambda k: mix.share(k) * position - taken[k])
        taken[kind] += 1
        schedule.append(kind)
    return schedule


def _grow(source: Source, size: int, key: str) -> bytes:
    """The source with its text parts grown by quoted copies until it reaches `size`."""
    message = _parse(source.raw)
    subject = str(message.get("Subject", ""))
    message.replace_header("Subject", _renumber(subject, key))
    del message["Message-ID"]
    message["Message-ID"] = f"<bench-{key.replace(':', '-')}@vigile.invalid>"
    parts = [(part, part.get_content_subtype(), _renumber(part.get_content(), key))
             for part in message.walk()
             if part.get_content_type() in ("text/plain", "text/html")
             and not part.is_attachment()]

    def with_copies(copies: int) -> bytes:
        for part, subtype, text in parts:
            grown = _quote_html(text, copies) if subtype == "html" else _quote_plain(text, copies)
            part.set_content(grown, subtype=subtype, charset="utf-8")
        return _serialize(message)

    return _fit(with_copies, size, start=0)


def _fit(build: Callable[[int], bytes], size: int, start: int) -> bytes:
    """The first `build(n)` of at least `size` bytes, `n` found by linear extrapolation."""
    amount = start
    data = build(amount)
    base = len(build(0)) if start else len(data)
    for _ in range(MAX_GROW_STEPS):
        if len(data) >= size:
            break
        grown_per_unit = (len(data) - base) / amount if amount else 0
        step = math.ceil((size - len(data)) / grown_per_unit) if grown_per_unit else 1
        amount += max(1, step)
        data = build(amount)
    return data


def _quote_plain(text: str, copies: int) -> str:
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    history = "".join(f"\n\n{OUTLOOK_SEPARATOR}\n{quoted}" for _ in range(copies))
    return text.rstrip("\n") + history + "\n"


def _quote_html(html: str, copies: int) -> str:
    start = BODY_START.search(html)
    end = BODY_END.search(html)
    inner = html[start.end() if start else 0:end.start() if end else len(html)]
    history = f'<blockquote type="cite">{inner}</blockquote>\n' * copies
    at = end.start() if end else len(html)
    return html[:at] + history + html[at:]


def _renumber(text: str, key: str) -> str:
    return ORDER_ID.sub(lambda m: _new_order_id(m.group(0), key), text)


def _renumber_bytes(raw: bytes, key: str) -> bytes:
    return _renumber(raw.decode("latin-1"), key).encode("latin-1")


def _new_order_id(order_id: str, key: str) -> str:
    digest = hashlib.blake2b(f"{key}:{order_id}".encode(), digest_size=8).digest()
    digits = f"{int.from_bytes(digest) % 10**14:014d}"
    return f"{order_id[:3]}-{digits[:7]}-{digits[7:]}"


def _parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def _serialize(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=policy.SMTP)
