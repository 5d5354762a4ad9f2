"""`contact-details`: e-mail addresses and telephone numbers the buyer could use to leave
Amazon's messaging, in text, in HTML and in `mailto:`/`tel:` links.

What counts as a contact is `policies.contacts`; which sentence makes it an exception
and which words go with it is `policies.contact_words`. This module strips them from
the plain and HTML parts of the working copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import Comment, NavigableString, Tag

from policies import textcut
from policies.contact_words import (
    QUOTE_MARKERS,
    SEPARATORS,
    cut_before,
    exception_named,
    only_invites_contact,
    says_nothing,
    sentence_around,
    sentence_spans,
    tidy,
)
from policies.contacts import Contact, find_contacts, phone_key
from policies.message import BodyPart, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule
from policies.scope import PHONE_REGIONS
from policies.text import BLOCK_TAGS, INVISIBLE_TAGS

LINK_SCHEMES = ("mailto:", "tel:", "callto:", "sms:")


class ContactDetails(Rule):
    id = "contact-details"
    default_action = Action.STRIP
    rewrites = True
    order = 50

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        stripper = _Stripper(
            region=PHONE_REGIONS.get(context.marketplace.code, "ZZ")
            if context.marketplace else "ZZ",
            placeholder=context.settings.contact_placeholder,
        )
        for body in message.plain_parts:
            body.text = stripper.strip_text(body.text)
        for body in message.html_parts:
            if stripper.strip_html(body):
                body.mark_changed()
        return [Hit(detail) for detail in stripper.found.values()]


class _Stripper:
    """Strips contacts from the parts of one message, remembering what it found."""

    def __init__(self, region: str, placeholder: str) -> None:
        self.region = region
        self.placeholder = placeholder
        self.found: dict[str, str] = {}

    def _note(self, kind: str, key: str, raw: str) -> None:
        self.found.setdefault(key, f"{'phone number' if kind == 'phone' else 'e-mail address'}"
                                   f" {raw.strip()!r}")

    def _to_strip(self, text: str, context: Callable[[], str] | None = None
                  ) -> list[Contact]:
        """The contacts of `text` whose sentence (in `context()`, else `text`) is no
        exception; the context is only worked out when `text` holds a contact."""
        kept = []
        contacts = find_contacts(text, self.region)
        if contacts and context is not None:
            context_text = context()
        for contact in contacts:
            if context is None:
                sentence = sentence_around(text, contact.start, contact.end)
            else:
                where = context_text.find(contact.raw)
                sentence = (sentence_around(context_text, where, where + len(contact.raw))
                            if where >= 0 else context_text)
            if exception_named(sentence) is None:
                kept.append(contact)
        return kept

    # plain text

    def strip_text(self, text: str) -> str:
        contacts = self._to_strip(text)
        if not contacts:
            return text
        lines = text.split("\n")
        offsets = [0]
        for line in lines[:-1]:
            offsets.append(offsets[-1] + len(line) + 1)
        result: list[str] = []
        dropped_after_blank = False
        for line, offset in zip(lines, offsets, strict=True):
            mine = [Contact(c.kind, c.key, c.start - offset, c.end - offset, c.raw)
                    for c in contacts if offset <= c.start < offset + len(line) + 1]
            if not mine:
                if dropped_after_blank and not line.strip() and result and not result[-1].strip():
                    dropped_after_blank = False
                    continue
                dropped_after_blank = False
                result.append(line)
                continue
            for contact in mine:
                self._note(contact.kind, contact.key, contact.raw)
            new_line = self._strip_line(line, mine)
            if new_line is None:
                dropped_after_blank = not result or not result[-1].strip()
                continue
            result.append(new_line)
        return "\n".join(result)

    def _strip_line(self, line: str, contacts: list[Contact]) -> str | None:
        """The line without its contacts, or None when nothing useful is left of it."""
        if self.placeholder:
            for contact in reversed(contacts):
                line = line[:contact.start] + self.placeholder + line[contact.end:]
            return line
        pieces: list[str] = []
        position = 0
        for sentence_start, sentence_end in sentence_spans(line):
            mine = [c for c in contacts if sentence_start <= c.start < sentence_end]
            sentence = line[sentence_start:sentence_end]
            pieces.append(line[position:sentence_start])
            position = sentence_end
            if not mine:
                pieces.append(sentence)
                continue
            for contact in reversed(mine):
                start, end = contact.start - sentence_start, contact.end - sentence_start
                start = cut_before(sentence[:start])
                sentence = sentence[:start] + sentence[end:]
            if not says_nothing(sentence) and not only_invites_contact(sentence):
                pieces.append(tidy(sentence))
        pieces.append(line[position:])
        new_line = "".join(pieces).rstrip()
        marker = QUOTE_MARKERS.match(line)
        quote = marker.group(0) if marker else ""
        body = new_line[len(quote):] if new_line.startswith(quote) else new_line
        body = body.strip(" \t" + SEPARATORS)
        if says_nothing(body):
            return None
        return quote + body

    # HTML

    def strip_html(self, body: BodyPart) -> bool:
        soup = body.soup
        touched: list[NavigableString] = []
        for link in soup.find_all("a", href=True):
            if isinstance(link, Tag):
                self._strip_link(link, touched)
        for node in textcut.strings(soup):
            if isinstance(node, NavigableString) and not isinstance(node, Comment) \
                    and node.parent is not None and not _invisible(node):
                self._strip_node(node, touched)
        for marker in touched:
            _drop_empty_line(marker)
        return bool(touched)

    def _strip_link(self, link: Tag, touched: list[NavigableString]) -> bool:
        if link.parent is None:
            return False
        href = str(link.get("href") or "").strip()
        scheme = next((s for s in LINK_SCHEMES if href.lower().startswith(s)), None)
        if scheme is None:
            return False
        target = href[len(scheme):].split("?")[0]
        words = link.get_text()
        context = _block_text(_block_of(link)) or words
        where = context.find(words.strip()) if words.strip() else -1
        sentence = sentence_around(context, where, where + len(words.strip())) \
            if where >= 0 else context
        if exception_named(sentence) is not None:
            return False
        if scheme == "mailto:":
            self._note("e-mail", target.lower(), target)
        else:
            self._note("phone", phone_key(target, self.region), target)
        shown = find_contacts(words, self.region)
        shows_contact = (not words.strip() or bool(shown)
                         or _digits(words) == _digits(target) != "")
        if self.placeholder:
            replacement = NavigableString(self.placeholder if shows_contact else words)
        elif shows_contact:
            # "write to info@shop.example": the words stay, the address goes.
            rest = _without_contacts(words, shown)
            replacement = NavigableString("" if says_nothing(rest) else rest)
            if not replacement:
                _cut_label_before(link)
        else:
            replacement = NavigableString(words)
        link.replace_with(replacement)
        _close_gap(replacement)
        touched.append(replacement)
        return True

    def _strip_node(self, node: NavigableString, touched: list[NavigableString]) -> None:
        text = str(node)
        contacts = self._to_strip(text, lambda: _block_text(_block_of(node)) or text)
        if not contacts:
            return
        for contact in contacts:
            self._note(contact.kind, contact.key, contact.raw)
        if self.placeholder:
            new_text = text
            for contact in reversed(contacts):
                new_text = new_text[:contact.start] + self.placeholder + new_text[contact.end:]
        else:
            new_text = text
            for contact in reversed(contacts):
                start = cut_before(new_text[:contact.start])
                new_text = new_text[:start] + new_text[contact.end:]
            new_text = tidy(new_text)
        replacement = NavigableString(new_text)
        node.replace_with(replacement)
        touched.append(replacement)


def _without_contacts(words: str, contacts: list[Contact]) -> str:
    """A link's words without the contacts they show (and their labels), spacing kept at
    the ends so the words do not glue to their neighbours."""
    for contact in reversed(contacts):
        start = cut_before(words[:contact.start])
        words = words[:start] + words[contact.end:]
    inner = tidy(words).strip()
    if not inner:
        return ""
    leading = " " if words[:1].isspace() else ""
    trailing = " " if words[-1:].isspace() else ""
    return leading + inner + trailing


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _invisible(node: NavigableString) -> bool:
    return any(parent.name in INVISIBLE_TAGS for parent in node.parents)


def _block_of(element: Tag | NavigableString) -> Tag | None:
    """The nearest block-level ancestor (a paragraph, a table cell, the body); None for
    an element an earlier edit already took out of the document (a decomposed element
    has no `parent` attribute left at all)."""
    if getattr(element, "parent", None) is None:
        return None
    for parent in element.parents:
        if parent.name in BLOCK_TAGS or parent.name in ("body", "[document]"):
            return parent
    return None


def _block_text(block: Tag | None) -> str:
    """A block's text with its `<br>` and nested blocks as line breaks."""
    if block is None:
        return ""
    chunks = []
    for element in block.descendants:
        if isinstance(element, Tag) and (element.name == "br" or element.name in BLOCK_TAGS):
            chunks.append("\n")
        elif isinstance(element, NavigableString) and not isinstance(element, Comment):
            chunks.append(str(element))
    return "".join(chunks)


def _cut_label_before(link: Tag) -> None:
    """Remove the label or lead-in ("Tel.: ", "scriverci a ") in the text before a link."""
    previous = link.previous_sibling
    if not isinstance(previous, NavigableString) or isinstance(previous, Comment):
        return
    text = str(previous)
    cut = cut_before(text)
    if cut < len(text):
        previous.replace_with(NavigableString(text[:cut].rstrip() + (" " if cut else "")))


def _close_gap(gap: NavigableString) -> None:
    """No space left before the punctuation that followed a removed link ("scriverci ."),
    and one space, not two, where it stood between words."""
    previous, following = gap.previous_sibling, gap.next_sibling
    if not (isinstance(previous, NavigableString) and isinstance(following, NavigableString)):
        return
    before, after = str(previous), str(following)
    if str(gap) or before == before.rstrip():
        return
    if re.match(r"[,.;!?)]", after):
        previous.replace_with(NavigableString(before.rstrip()))
    elif after[:1] in (" ", "\t"):
        following.replace_with(NavigableString(after.lstrip(" \t")))


def _line_of(block: Tag, node: NavigableString | Tag) -> list[Tag | NavigableString]:
    """The children of `block` on the same `<br>`-separated line as `node`."""
    top: Tag | NavigableString = node
    while top.parent is not None and top.parent is not block:
        top = top.parent
    line: list[Tag | NavigableString] = []
    for child in block.children:
        if isinstance(child, Tag) and child.name == "br":
            if any(item is top for item in line):
                return line
            line = []
            continue
        line.append(child)
    return line


def _drop_empty_line(marker: NavigableString) -> None:
    """Remove the line that held a stripped contact when nothing useful is left on it."""
    block = _block_of(marker)
    if block is None:
        return
    line = _line_of(block, marker)
    text = "".join(item.get_text() if isinstance(item, Tag) else str(item) for item in line)
    if not says_nothing(text) or any(
            isinstance(item, Tag) and (item.name == "img" or item.find("img")) for item in line):
        return
    following = line[-1].next_sibling if line else None
    preceding = line[0].previous_sibling if line else None
    for item in line:
        item.extract()
    for neighbour in (following, preceding):
        if isinstance(neighbour, Tag) and neighbour.name == "br":
            neighbour.extract()
            break
    _drop_if_empty(block)


def _drop_if_empty(element: Tag) -> None:
    """Remove a block (and its emptied containers) that has no text or image left."""
    while (element.name not in ("body", "html", "[document]") and element.parent is not None
           and not element.get_text(strip=True) and element.find("img") is None):
        parent = element.parent
        following = element.next_sibling
        if isinstance(following, NavigableString) and not following.strip():
            following.extract()
        element.decompose()
        element = parent


RULES = (ContactDetails(),)
