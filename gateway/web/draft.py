"""The "check a draft" page: a seller's template judged before a campaign goes out.

A pasted draft (text or HTML) becomes a message to a buyer alias of the chosen
marketplace; an uploaded .eml is judged as it is (to its own buyer recipients, or the
chosen marketplace's alias when it names none). The page shows the decision the gateway
would make now, the words that caused it, and the message the strip rules would send.
Nothing is sent, held or counted: the draft lives only in this one request.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, getaddresses, make_msgid

from aiohttp import web
from aiohttp.web_request import FileField

from gateway.headers import header_block
from gateway.quarantine import QuarantineError
from gateway.quarantine.release import rewritten_message
from gateway.web.app import render, review
from gateway.web.display import Shown, highlighter, marked_detail, show_message
from gateway.workers import decide
from policies.message import ORDER_ID
from policies.model import Decision, Verdict
from policies.scope import BUYER_ALIAS, MARKETPLACES

DRAFT_SENDER = "seller@example.com"
MARKETPLACE_CHOICES = sorted((m.code, f"amazon.{m.tld}") for m in MARKETPLACES.values())


class DraftError(ValueError):
    """A draft form that cannot be judged (no text, an unknown marketplace, ...)."""


@dataclass(frozen=True)
class Draft:
    """A draft as a message: its envelope and bytes, and what was added to it."""

    sender: str
    recipients: list[str]
    data: bytes
    note: str = ""


def buyer_alias(code: str) -> str:
    tld = next((m.tld for m in MARKETPLACES.values() if m.code == code), None)
    if tld is None:
        raise DraftError(f"no marketplace {code!r}")
    return f"draftcheck@marketplace.amazon.{tld}"


def pasted_draft(code: str, order_id: str, subject: str, body: str, is_html: bool,
                 sender: str) -> Draft:
    """A message made of a pasted draft, to the marketplace's buyer alias."""
    if not body.strip():
        raise DraftError("paste the text of the draft, or choose an .eml file")
    if order_id and not ORDER_ID.fullmatch(order_id):
        raise DraftError(f"{order_id!r} is not an Amazon order id (123-1234567-1234567)")
    note = ""
    if order_id and order_id not in subject and order_id not in body:
        subject = f"{subject} (order {order_id})".strip()
        note = f"The order id {order_id} was added to the subject."
    message = EmailMessage()
    message["From"] = sender or DRAFT_SENDER
    message["To"] = buyer_alias(code)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="draft.vigile.invalid")
    message.set_content(body, subtype="html" if is_html else "plain")
    return Draft(sender=sender or DRAFT_SENDER, recipients=[buyer_alias(code)],
                 data=message.as_bytes(policy=SMTP), note=note)


def uploaded_draft(code: str, data: bytes) -> Draft:
    """An uploaded message, with CRLF line ends as the gateway judges it."""
    data = re.sub(rb"\r?\n", b"\r\n", data)
    # compat32 values as they came: the structured headers raise on what senders write.
    headers = header_block(data)
    recipients = [address for _, address in getaddresses(
        [str(v) for v in headers.get_all("To", []) + headers.get_all("Cc", [])])
        if BUYER_ALIAS.fullmatch(address)]
    senders = [address for _, address in getaddresses(
        [str(v) for v in headers.get_all("From", [])]) if address]
    note = ""
    if not recipients:
        recipients = [buyer_alias(code)]
        note = f"The file names no Amazon buyer: it was judged as sent to {recipients[0]}."
    return Draft(sender=senders[0] if senders else DRAFT_SENDER, recipients=recipients,
                 data=data, note=note)


async def draft_form(request: web.Request) -> web.StreamResponse:
    return render(request, "draft.html", choices=MARKETPLACE_CHOICES, form={}, result=None,
                  error=None)


async def check_draft(request: web.Request) -> web.StreamResponse:
    context = review(request)
    form = await request.post()
    values = {key: str(form.get(key, "")) for key in
              ("marketplace", "order_id", "subject", "format", "body", "sender")}
    upload = form.get("file")
    try:
        if isinstance(upload, FileField) and upload.filename:
            draft = uploaded_draft(values["marketplace"], upload.file.read())
        else:
            draft = pasted_draft(values["marketplace"], values["order_id"].strip(),
                                 values["subject"], values["body"],
                                 values["format"] == "html", values["sender"].strip())
    except DraftError as error:
        return render(request, "draft.html", status=400, choices=MARKETPLACE_CHOICES,
                      form=values, result=None, error=str(error))
    decision = await asyncio.to_thread(decide, context.config, context.store, draft.sender,
                                       draft.recipients, draft.data, datetime.now(UTC))
    result = await _result(request, draft, decision)
    return render(request, "draft.html", choices=MARKETPLACE_CHOICES, form=values,
                  result=result, error=None)


async def _result(request: web.Request, draft: Draft, decision: Decision) -> dict[str, object]:
    """What the page shows of a judged draft: the decision, highlights, rewritten result."""
    context = review(request)
    findings = [f.as_json() for f in decision.findings]
    highlight = highlighter(findings)
    shown: Shown = await asyncio.to_thread(show_message, draft.data, highlight)
    rewritten_data = None
    if decision.verdict is Verdict.REWRITE:
        rewritten_data = decision.message
    elif any(f["action"] == "strip" for f in findings):
        # What "release rewritten" would send, were the draft held: the same function.
        try:
            rewritten_data = await asyncio.to_thread(
                rewritten_message, context.config, context.store, draft.sender,
                draft.recipients, datetime.now(UTC), draft.data)
        except QuarantineError:
            rewritten_data = None
    rewritten = (await asyncio.to_thread(show_message, rewritten_data, highlight)
                 if rewritten_data is not None else None)
    return {"decision": decision, "findings": findings, "note": draft.note,
            "recipients": draft.recipients, "shown": shown, "rewritten": rewritten,
            "marked_detail": marked_detail}


def add_routes(app: web.Application) -> None:
    app.router.add_get("/draft", draft_form)
    app.router.add_post("/draft", check_draft)
