"""One parsed message, as the rules read it and as the rewriting rules change it.

The message is parsed once. The text the rules read (`seller_text`, `subject`, the
attachments) is taken from the original; the rewriting rules edit a working copy of
each body part (`BodyPart.soup` for HTML, `BodyPart.text` for plain text) and of the
headers, which `policies.rewrite.render` turns back into bytes.
"""

from __future__ import annotations

import codecs
import email.errors
import functools
import re
from dataclasses import dataclass, field
from email import policy
from email.header import Header, decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses

from bs4 import BeautifulSoup

from policies import html as htmllib
from policies import text as textlib

MAX_MIME_DEPTH = 20
MAX_PARTS = 500
# Larger HTML would cost more memory to examine than a mail gateway should spend on one
# message; Amazon's own limit for a whole message is 10 MB of attachments.
MAX_HTML_BYTES = 4 * 1024 * 1024
ORDER_ID = re.compile(r"(?<![\w-])(?:\d{3}|[A-Z]\d{2})-\d{7}-\d{7}(?![\w-])")
# compat32 keeps header values as the strings that came in: no refolding of headers we
# do not change, and several times cheaper than the header registry of policy.default
# (which cost a fifth of the engine's time), since the rules decode only what they read.
PARSE_POLICY = policy.compat32.clone(linesep="\r\n")
# Python codecs that are no mail charset: a mail client shows such a part as plain
# bytes, so the engine must not read escapes or punycode into it that the buyer never sees.
NOT_MAIL_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "punycode", "idna"})
STRUCTURAL_DEFECTS = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
)


@dataclass(eq=False)
class BodyPart:
    """A text/plain or text/html part that the buyer reads."""

    part: Message
    subtype: str
    original: str
    _soup: BeautifulSoup | None = None
    _text: str | None = None
    changed: bool = False

    @property
    def is_html(self) -> bool:
        return self.subtype == "html"

    @property
    def soup(self) -> BeautifulSoup:
        """The working HTML tree (built on first use; edits to it rewrite the part): the
        tree of the HTML5 algorithm, as every reader of the HTML sees it."""
        if self._soup is None:
            self._soup = BeautifulSoup(htmllib.html5_markup(self.original), "lxml")
        return self._soup

    @property
    def text(self) -> str:
        """The working plain text (assign to it to rewrite the part)."""
        return self.original if self._text is None else self._text

    @text.setter
    def text(self, value: str) -> None:
        if value != self.text:
            self._text = value
            self.changed = True

    def mark_changed(self) -> None:
        """Record an edit made to `soup` in place (plain text edits record themselves)."""
        self.changed = True

    def rendered(self) -> str:
        if self.is_html and self._soup is not None:
            return str(self._soup)
        return self.text


@dataclass(frozen=True, eq=False)
class Attachment:
    """A leaf part that is not body text: attached files and inline images."""

    part: Message
    content_type: str
    filename: str
    content_id: str
    inline: bool
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def label(self) -> str:
        return self.filename or self.content_id or self.content_type


@dataclass(eq=False)
class MessageView:
    """A parsed message: what the rules read, and the working copy they edit."""

    raw: bytes
    message: Message
    body_parts: list[BodyPart] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    structural_defects: list[str] = field(default_factory=list)
    removed_parts: list[Message] = field(default_factory=list)
    # Header edits for the rendered message: (name, new value) or (name, None) to remove.
    header_edits: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: bytes) -> MessageView:
        message = BytesParser(policy=PARSE_POLICY).parsebytes(raw)
        view = cls(raw=raw, message=message)
        view._walk(message, depth=0)
        return view

    def _walk(self, part: Message, depth: int) -> None:
        if depth > MAX_MIME_DEPTH:
            self.structural_defects.append(f"MIME nesting deeper than {MAX_MIME_DEPTH} levels")
            return
        for defect in part.defects:
            if isinstance(defect, STRUCTURAL_DEFECTS):
                self.structural_defects.append(
                    f"{part.get_content_type()}: {type(defect).__name__}")
        if part.get_content_maintype() == "message":
            # An attached message is an attachment (not an allowed type), not more body.
            self.attachments.append(Attachment(
                part=part, content_type=part.get_content_type(),
                filename=part.get_filename() or "", content_id="", inline=False, data=b""))
            return
        if part.is_multipart():
            for child in part.get_payload():
                if len(self.body_parts) + len(self.attachments) >= MAX_PARTS:
                    self.structural_defects.append(f"more than {MAX_PARTS} MIME parts")
                    return
                self._walk(child, depth + 1)
            return
        content_type = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename() or ""
        if (content_type in ("text/plain", "text/html") and disposition != "attachment"
                and not filename):
            if content_type == "text/html" and len(part.get_payload()) > MAX_HTML_BYTES:
                self.structural_defects.append(
                    f"HTML part larger than {MAX_HTML_BYTES // (1024 * 1024)} MB")
                return
            self.body_parts.append(
                BodyPart(part=part, subtype=part.get_content_subtype(), original=decode_text(part)))
            return
        data = part.get_payload(decode=True)
        self.attachments.append(Attachment(
            part=part,
            content_type=content_type,
            filename=filename,
            content_id=(part.get("Content-ID") or "").strip().strip("<>"),
            inline=disposition != "attachment" and bool(part.get("Content-ID")),
            data=data if isinstance(data, bytes) else b"",
        ))

    # --- what the rules read (from the original) -------------------------------------

    @functools.cached_property
    def subject(self) -> str:
        return header_text(self.message, "Subject")

    @functools.cached_property
    def is_reply(self) -> bool:
        return bool(self.message.get("In-Reply-To") or self.message.get("References"))

    @functools.cached_property
    def message_id(self) -> str:
        return header_text(self.message, "Message-ID")

    @functools.cached_property
    def from_addresses(self) -> tuple[str, ...]:
        values = [str(v) for v in self.message.get_all("From", [])]
        return tuple(address for _, address in getaddresses(values) if "@" in address)

    @functools.cached_property
    def reading_part(self) -> BodyPart | None:
        """The body part a buyer reads: the plain alternative if there is one, else HTML."""
        plain = [p for p in self.body_parts if not p.is_html]
        html = [p for p in self.body_parts if p.is_html]
        return (plain or html or [None])[0]

    @functools.cached_property
    def visible_text(self) -> str:
        """The whole body as the buyer reads it, quoted history included."""
        part = self.reading_part
        if part is None:
            return ""
        return textlib.html_to_text(part.original) if part.is_html else part.original

    @functools.cached_property
    def seller_text(self) -> str:
        """The seller's own text: the body without the quoted history of a reply, in the
        form rules compare (`text.comparable`)."""
        part = self.reading_part
        if part is None:
            return ""
        if part.is_html:
            own = textlib.own_text(textlib.html_to_text(part.original, drop_quotes=True))
        else:
            own = textlib.own_text(part.original)
        # Compared after NFKC, digits in any script as ASCII (settled detail 21).
        return textlib.comparable(own)

    @functools.cached_property
    def sentences(self) -> list[str]:
        return textlib.sentences(self.seller_text)

    @functools.cached_property
    def order_ids(self) -> tuple[str, ...]:
        """Amazon order ids in the subject and the seller's text, first seen first."""
        found = (ORDER_ID.findall(textlib.comparable(self.subject))
                 + ORDER_ID.findall(self.seller_text))
        return tuple(dict.fromkeys(found))

    # --- what the rewriting rules change ---------------------------------------------

    @property
    def html_parts(self) -> list[BodyPart]:
        return [p for p in self.body_parts if p.is_html]

    @property
    def plain_parts(self) -> list[BodyPart]:
        return [p for p in self.body_parts if not p.is_html]

    def remove_attachment(self, attachment: Attachment) -> None:
        self.removed_parts.append(attachment.part)

    def remove_header(self, name: str) -> bool:
        """Drop every instance of a header from the rewritten message; False if absent."""
        if name not in self.message or self.header_edits.get(name.lower(), "") is None:
            return False
        self.header_edits[name.lower()] = None
        return True

    def nothing_left(self) -> bool:
        """True when the edits leave the buyer nothing to read: no attachment and no
        body part with text or an image (POLICY.md, settled detail 23)."""
        removed = {id(part) for part in self.removed_parts}
        if any(id(a.part) not in removed for a in self.attachments):
            return False
        for body in sorted(self.body_parts, key=lambda b: b.is_html):
            if id(body.part) in removed:
                continue
            if not body.is_html:
                if body.text.strip():
                    return False
            elif body.changed or body is not self.reading_part:
                if body.soup.get_text().strip() or body.soup.find("img") is not None:
                    return False
            elif self.visible_text or "<img" in body.original.lower():
                return False
        return True

    def replace_subject(self, subject: str) -> None:
        self.header_edits["subject"] = encode_header(subject)


def encode_header(value: str) -> str:
    """A header value as the rewrite writes it: RFC 2047 encoded-words folded with CRLF
    (the renderer writes values as they are), plain when it is one line of ASCII."""
    value = re.sub(r"[\r\n]+", " ", value)
    if value.isascii():
        return value
    return Header(value, "utf-8").encode(linesep="\r\n")


def codec_name(charset: str) -> str:
    """Python's name for a charset's codec ("" when Python has none)."""
    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError):
        return ""


def decode_text(part: Message) -> str:
    """A text part's content as str, whatever its charset claims; never raises."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "us-ascii"
    if codec_name(charset) in NOT_MAIL_CHARSETS:
        charset = "utf-8"
    for candidate in (charset, "utf-8"):
        try:
            return data.decode(candidate).replace("\r\n", "\n")
        except (LookupError, UnicodeError):
            continue
    return data.decode("windows-1252", errors="replace").replace("\r\n", "\n")


def header_text(message: Message, name: str) -> str:
    """A header decoded from RFC 2047 (adjacent encoded words joined), whitespace folded."""
    value = message.get(name)
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        text = str(value)
    return re.sub(r"\s+", " ", text).strip()
