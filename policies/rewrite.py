"""Turning a MessageView whose working copy was edited back into message bytes.

Only what changed is re-encoded: edited body parts keep their charset and transfer
encoding where the new text allows it, removed attachments leave their multipart, and
every untouched header and part is written as it came.
"""

from __future__ import annotations

import base64
import io
import quopri
from email.generator import BytesGenerator
from email.message import Message

from policies.message import MessageView


def render(view: MessageView) -> bytes:
    """The bytes of the edited message."""
    for body in view.body_parts:
        if body.changed:
            _set_text(body.part, body.rendered())
    for removed in view.removed_parts:
        _detach(view.message, removed)
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=view.message.policy).flatten(view.message)
    return buffer.getvalue()


def _set_text(part: Message, text: str) -> None:
    charset = part.get_content_charset() or "us-ascii"
    try:
        data = text.encode(charset)
    except (LookupError, UnicodeEncodeError):
        charset = "utf-8"
        data = text.encode(charset)
    data = data.replace(b"\r\n", b"\n")
    encoding = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if encoding not in ("base64", "quoted-printable") and not data.isascii():
        encoding = "quoted-printable"
    if encoding == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(data).decode("ascii")
    else:
        payload = data.decode("ascii")
    if part.get_param("charset") is not None or charset != "us-ascii":
        part.set_param("charset", charset)
    if "Content-Transfer-Encoding" in part:
        part.replace_header("Content-Transfer-Encoding", encoding)
    elif encoding != "7bit":
        part["Content-Transfer-Encoding"] = encoding
    part.set_payload(payload)


def _detach(root: Message, target: Message) -> bool:
    """Remove a part from whichever multipart holds it."""
    if not root.is_multipart():
        return False
    children = root.get_payload()
    assert isinstance(children, list)
    for index, child in enumerate(children):
        if child is target:
            del children[index]
            return True
        if _detach(child, target):
            return True
    return False
