"""Held-out cases: load the per-language TOML files and turn each case into RFC 5322 bytes.

The held-out set measures how well the engine judges mail nobody tuned it on (issue 11,
point 5). Its messages are written apart from `../shared/corpus`, and the people tuning
the phrase lists do not read them: a score here is an honest estimate of how new
sellers' mail will be judged.

A case file (`<lang>.toml`) has top-level defaults `lang` and `sender`, then `[[case]]`
tables with: `id`, `rcpt` (the buyer alias), `subject`, `text` and/or `html`, optional
`headers`, `reply = true` (adds `In-Reply-To`/`References`), `attachments` (name and
content type; PDFs get a small valid body), `decision`, `rules` (must be among the
findings) and `note`. In subject and bodies, `{order}` becomes the case's order id,
`{order_fw}` the same id in full-width digits and `{order_ar}` in Arabic-Indic digits
(settled detail 21); every proactive case needs one unless it is labelled
`missing-order-id`.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime
from pathlib import Path

from policies.scope import buyer_marketplace

HELDOUT_DIR = Path(__file__).resolve().parent
LANGUAGES = ("en", "it", "de", "fr", "es", "nl", "sv", "pl", "pt", "tr", "ja", "ar")
DECISIONS = frozenset({"deliver", "rewrite", "quarantine"})
# The moment every case is checked at; each message's Date is 2-4 days earlier.
CHECKED_AT = datetime(2025, 6, 12, 9, 0, tzinfo=UTC)
ORDER_PLACEHOLDERS = ("{order}", "{order_fw}", "{order_ar}")
_CRLF_POLICY = default_policy.clone(linesep="\r\n")
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class CaseError(ValueError):
    """A case file that does not say what a held-out case must say."""


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content_type: str


@dataclass(frozen=True, slots=True)
class Case:
    """One held-out message and the outcome the policy requires for it."""

    id: str
    group: str  # the case file's language: the one it is scored under
    lang: str  # the language the message is written in (differs for wrong-language)
    rcpt: str
    sender: str
    subject: str
    decision: str
    note: str
    rules: tuple[str, ...] = ()
    text: str | None = None
    html: str | None = None
    reply: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    @property
    def order_id(self) -> str:
        """A stable `\\d{3}-\\d{7}-\\d{7}` id derived from the case id."""
        digits = str(int.from_bytes(_digest(self.id, "order")[:12], "big")).zfill(17)[-17:]
        return f"{digits[:3]}-{digits[3:10]}-{digits[10:]}"

    @property
    def date(self) -> datetime:
        hours = 48 + int.from_bytes(_digest(self.id, "date")[:2], "big") % 49
        return CHECKED_AT - timedelta(hours=hours)

    def fill(self, template: str) -> str:
        """The template with the order id placeholders replaced."""
        return (template.replace("{order_fw}", self.order_id.translate(_FULL_WIDTH))
                .replace("{order_ar}", self.order_id.translate(_ARABIC_INDIC))
                .replace("{order}", self.order_id))


def _digest(case_id: str, purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{case_id}".encode()).digest()


def _case(raw: dict[str, object], defaults: dict[str, object], source: Path) -> Case:
    """A Case from one `[[case]]` table, refusing anything incomplete or contradictory."""
    where = f"{source.name} case {raw.get('id', '?')!r}"
    merged = {"lang": defaults.get("lang"), "sender": defaults.get("sender"), **raw}
    for key in ("id", "lang", "rcpt", "sender", "subject", "decision", "note"):
        if not isinstance(merged.get(key), str) or not merged[key]:
            raise CaseError(f"{where}: '{key}' is missing or not a string")
    if merged.get("text") is None and merged.get("html") is None:
        raise CaseError(f"{where}: needs 'text' or 'html'")
    if merged["decision"] not in DECISIONS:
        raise CaseError(f"{where}: decision {merged['decision']!r} not one of {sorted(DECISIONS)}")
    if buyer_marketplace(str(merged["rcpt"])) is None:
        raise CaseError(f"{where}: rcpt {merged['rcpt']!r} is not a buyer alias")
    rules = tuple(merged.get("rules", ()))  # type: ignore[arg-type]
    if (merged["decision"] == "deliver") == bool(rules):
        raise CaseError(f"{where}: 'rules' must be empty exactly when the decision is deliver")
    attachments = tuple(
        Attachment(str(a["name"]), str(a["type"]))
        for a in merged.get("attachments", ())  # type: ignore[union-attr]
    )
    case = Case(
        id=str(merged["id"]), group=source.stem, lang=str(merged["lang"]), rcpt=str(merged["rcpt"]),
        sender=str(merged["sender"]), subject=str(merged["subject"]),
        decision=str(merged["decision"]), note=str(merged["note"]), rules=rules,
        text=merged.get("text"), html=merged.get("html"),  # type: ignore[arg-type]
        reply=bool(merged.get("reply", False)),
        headers=dict(merged.get("headers", {})),  # type: ignore[arg-type]
        attachments=attachments,
    )
    bodies = " ".join(filter(None, (case.subject, case.text, case.html)))
    has_order = any(p in bodies for p in ORDER_PLACEHOLDERS)
    if not case.reply and "missing-order-id" not in rules and not has_order:
        raise CaseError(f"{where}: a proactive message needs an order id placeholder")
    return case


def load_cases(languages: tuple[str, ...] = LANGUAGES) -> list[Case]:
    """Every held-out case of the given languages, in file order; ids must be unique.

    A language without a case file contributes nothing (the test counts per language).
    """
    cases: list[Case] = []
    for lang in languages:
        source = HELDOUT_DIR / f"{lang}.toml"
        if not source.exists():
            continue
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        defaults = {k: v for k, v in data.items() if k != "case"}
        cases.extend(_case(raw, defaults, source) for raw in data.get("case", []))
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"case id {case.id!r} is used twice")
        seen.add(case.id)
    return cases


def _minimal_pdf(title: str) -> bytes:
    """A small, valid one-page PDF whose only text is `title` (ASCII)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build(case: Case) -> bytes:
    """The case as an RFC 5322 message: UTF-8, CRLF line ends, MIME 1.0."""
    message = EmailMessage(policy=_CRLF_POLICY)
    message["From"] = case.sender
    message["To"] = case.rcpt
    message["Subject"] = case.fill(case.subject)
    message["Date"] = format_datetime(case.date)
    message["Message-ID"] = f"<{_digest(case.id, 'mid').hex()[:20]}@heldout.example>"
    if case.reply:
        buyer_message = f"<{_digest(case.id, 'buyer').hex()[:24]}@marketplace.amazon.example>"
        message["In-Reply-To"] = buyer_message
        message["References"] = buyer_message
    for name, value in case.headers.items():
        message[name] = value
    if case.text is not None:
        message.set_content(case.fill(case.text), charset="utf-8")
        if case.html is not None:
            message.add_alternative(case.fill(case.html), subtype="html", charset="utf-8")
    else:
        message.set_content(case.fill(case.html or ""), subtype="html", charset="utf-8")
    for attachment in case.attachments:
        maintype, subtype = attachment.content_type.split("/", 1)
        payload = _minimal_pdf(case.fill(attachment.name)) if subtype == "pdf" else b"\x00" * 64
        message.add_attachment(payload, maintype=maintype, subtype=subtype,
                               filename=case.fill(attachment.name))
    # Fixed boundaries, so a case always builds into the same bytes.
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_heldout_{_digest(case.id, 'boundary').hex()[:16]}_{number}")
    return message.as_bytes()
