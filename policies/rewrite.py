"""Turning a MessageView whose working copy was edited back into message bytes.

Only what changed is re-encoded: edited body parts keep their charset and transfer
encoding where the new text allows it, removed attachments leave their multipart, and
every untouched header and part is written as it came. The view was parsed with the
cheap compat32 policy; rendering re-parses the original with `policy.SMTP` (which
never refolds a header it did not change) and applies the edits to the same parts, by
their position in the tree, so only messages that are rewritten pay for it.
"""

from __future__ import annotations

import base64
import io
import quopri
from email import policy
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesParser

from policies.message import MessageView

RENDER_POLICY = policy.SMTP.clone(refold_source="none")


def render(view: MessageView) -> bytes:
    """The bytes of the edited message."""
    tree = BytesParser(policy=RENDER_POLICY).parsebytes(view.raw)
    position = {id(part): index for index, part in enumerate(view.message.walk())}
    parts = list(tree.walk())
    for body in view.body_parts:
        if body.changed:
            _set_text(parts[position[id(body.part)]], body.rendered())
    for name, value in view.header_edits.items():
        if value is None:
            del tree[name]
        else:
            tree.replace_header(name, value)
    for removed in view.removed_parts:
        _detach(tree, parts[position[id(removed)]])
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=RENDER_POLICY).flatten(tree)
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
