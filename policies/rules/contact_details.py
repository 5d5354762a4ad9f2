"""`contact-details`: e-mail addresses and telephone numbers the buyer could use to leave
Amazon's messaging, in text, in HTML and in `mailto:`/`tel:` links.

Phone numbers are found with `phonenumbers` in the marketplace's region at the `VALID`
leniency, so order ids, dates, prices, invoice and tracking numbers are not taken for
phones; a digit run right after a phone label ("Tel.:", "WhatsApp:") counts too, valid or
not. A number or address stays when its sentence or signature line names a warranty, a
carrier or a manufacturer (POLICY.md, settled detail 7). Amazon's buyer aliases are not
contact details. What is stripped takes its label or lead-in ("Tel.:", "call us at")
with it, and a signature line or sentence left with nothing to say goes entirely, so
that no dangling "E-Mail:" stays behind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers
from bs4 import Comment, NavigableString, Tag

from policies import lexicon, textcut
from policies.message import ORDER_ID, BodyPart, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule
from policies.scope import BUYER_ALIAS, PHONE_REGIONS
from policies.text import BLOCK_TAGS, INVISIBLE_TAGS

FAMILY = "contact_details"
EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE)
URL_TOKEN = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
LINK_SCHEMES = ("mailto:", "tel:", "callto:", "sms:")
# A digit run that a phone label introduces is a phone number even if not a valid one.
DIGIT_RUN = r"\+?\(?\d[\d ()./-]{4,}\d"
_DIGIT_RUN = re.compile(DIGIT_RUN)
# How every compiled lexicon pattern opens (policies.lexicon): no word character before.
WORD_START = r"(?<!\w)"
SEPARATORS = "|·•–—-,;/"
QUOTE_MARKERS = re.compile(r"^[\s>]*")
# A sentence ends at . ! ? followed by a capital or an opening quote (not "Tel. +39").
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"'«„“¿¡(]?[A-ZÀ-ÖØ-Þ])")
WRAP_WIDTH = 50
MIN_USEFUL_WORDS = 2
# Unicode decimal digits, as `phonenumbers` reads them (full-width ones included).
ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Contact:
    """A phone number or e-mail address at `start:end` of some text."""

    kind: str  # "phone" or "e-mail"
    key: str  # the number in E.164 or the address in lower case: one hit per contact
    start: int
    end: int
    raw: str


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


# --- finding -------------------------------------------------------------------------


def may_hold_contact(text: str) -> bool:
    """A cheap test that must be true of every text `find_contacts` finds something in:
    an e-mail address needs an `@`, a phone number (labelled or not) a digit."""
    return "@" in text or ANY_DIGIT.search(text) is not None


def find_contacts(text: str, region: str) -> list[Contact]:
    """The phone numbers and e-mail addresses in a text, in order, without overlaps."""
    if not may_hold_contact(text):
        return []
    found = [*_emails(text), *_phones(text, region)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    result: list[Contact] = []
    for contact in found:
        if not result or contact.start >= result[-1].end:
            result.append(contact)
    return result


def _emails(text: str) -> Iterator[Contact]:
    for match in EMAIL.finditer(text):
        address = match.group(0)
        bare = address.removeprefix("mailto:").removeprefix("MAILTO:")
        if BUYER_ALIAS.fullmatch(bare) or _inside_url(text, match.start()):
            continue
        yield Contact("e-mail", bare.lower(), match.start(), match.end(), address)


def _inside_url(text: str, position: int) -> bool:
    token_start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
    return bool(URL_TOKEN.match(text, token_start)) or text[token_start:position].count("/") > 0


def _phones(text: str, region: str) -> Iterator[Contact]:
    # Order ids are never phone numbers; blanking them (same length, so positions hold)
    # spares the matcher about a third of its candidates.
    masked = ORDER_ID.sub(lambda m: " " * len(m.group(0)), text)
    spans = []
    if ANY_DIGIT.search(masked) is not None:
        for match in phonenumbers.PhoneNumberMatcher(masked, region,
                                                     leniency=phonenumbers.Leniency.VALID):
            key = phonenumbers.format_number(match.number,
                                             phonenumbers.PhoneNumberFormat.E164)
            spans.append((match.start, match.end))
            yield Contact("phone", key, match.start, match.end, match.raw_string)
    if not may_hold_labelled_number(text):
        return
    for match in _labelled_digits().finditer(text):
        start, end = match.span("number")
        if not any(s < end and start < e for s, e in spans):
            yield Contact("phone", re.sub(r"\D", "", match["number"]), start, end,
                          match["number"])


def may_hold_labelled_number(text: str) -> bool:
    """A cheap test that must be true of every text `_labelled_digits` matches in: its
    number is a `DIGIT_RUN`, so the text holds one. One plain search instead of the
    alternation of every language's labels tried at each position."""
    return _DIGIT_RUN.search(text) is not None


@functools.cache
def _labelled_digits() -> re.Pattern[str]:
    patterns = [p.pattern for p in lexicon.category(FAMILY, "label").values()]
    return re.compile(rf"{_common_lookbehind(patterns)}\s*[:.]?\s*(?P<number>{DIGIT_RUN})",
                      re.IGNORECASE)


def _common_lookbehind(patterns: list[str]) -> str:
    """The alternation of the patterns, with the word-start lookbehind they all open with
    tested once instead of once per language: the same matches, tried at a third fewer
    cost, since most positions of a text are inside a word."""
    opening = WORD_START
    if patterns and all(p.startswith(opening) for p in patterns):
        return opening + "(?:" + "|".join(p[len(opening):] for p in patterns) + ")"
    return "(?:" + "|".join(patterns) + ")"


def phone_key(target: str, region: str) -> str:
    """A `tel:` link's number in E.164 (or its digits when it does not parse)."""
    try:
        number = phonenumbers.parse(target, region)
    except phonenumbers.NumberParseException:
        return re.sub(r"[^\d+]", "", target)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- the exception -------------------------------------------------------------------


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence or signature line of `text` that holds `start:end`.

    Lines wrapped at a fixed width are joined again; short lines (a signature) stand
    alone.
    """
    line_start = text.rfind("\n", 0, start) + 1
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        previous = text[previous_start:line_start - 1].rstrip()
        if len(previous) < WRAP_WIDTH or previous.endswith((".", "!", "?", ":")):
            break
        line_start = previous_start
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    while line_end < len(text):
        current = text[text.rfind("\n", 0, line_end) + 1:line_end].rstrip()
        following_end = text.find("\n", line_end + 1)
        following_end = len(text) if following_end < 0 else following_end
        if (len(current) < WRAP_WIDTH or current.endswith((".", "!", "?", ":"))
                or not text[line_end + 1:following_end].strip()):
            break
        line_end = following_end
    sentence_start, sentence_end = line_start, line_end
    for match in SENTENCE_BREAK.finditer(text, line_start, line_end):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            sentence_end = match.start()
            break
    return text[sentence_start:sentence_end]


def exception_named(sentence: str) -> str | None:
    """The warranty, carrier or manufacturer the sentence names, if any."""
    match = lexicon.first(sentence, FAMILY, "exception")
    return match.text if match else None


# --- stripping -----------------------------------------------------------------------


@functools.cache
def _before_pattern(category_name: str) -> re.Pattern[str]:
    """A phrase of a category right before a contact, with its colon or dot."""
    phrases = "|".join(p.pattern for p in lexicon.category(FAMILY, category_name).values())
    return re.compile(rf"(?:{phrases})(?P<colon>\s*[.:]?\s*:?)\s*$", re.IGNORECASE)


@functools.cache
def _filler_pattern() -> re.Pattern[str]:
    """Labels and invitations to get in touch: words that are nothing on their own."""
    phrases = [p.pattern for name in ("label", "call_to_contact")
               for p in lexicon.category(FAMILY, name).values()]
    return re.compile("|".join(phrases), re.IGNORECASE)


def cut_before(prefix: str) -> int:
    """Where the label or lead-in that introduces a contact begins in `prefix`.

    A label goes when a colon follows it or it opens the line ("Tel. +39 …"); a lead-in
    preposition ("at", "unter", "al", "au", "en") always goes with its contact.
    """
    label = _before_pattern("label").search(prefix)
    if label is not None:
        opening = prefix[:label.start()].strip(" \t>" + SEPARATORS)
        if ":" in label["colon"] or not opening:
            return label.start()
    lead_in = _before_pattern("lead_in").search(prefix)
    if lead_in is not None:
        return lead_in.start()
    return len(prefix.rstrip(" \t")) if prefix.rstrip(" \t").endswith(":") else len(prefix)


def says_nothing(text: str) -> bool:
    """True when what is left is labels, invitations to call and punctuation only."""
    remainder = _filler_pattern().sub(" ", QUOTE_MARKERS.sub("", text))
    return len(re.findall(r"[^\W\d_]{2,}|\d+", remainder)) < MIN_USEFUL_WORDS


def only_invites_contact(sentence: str) -> bool:
    """True for a sentence that ends by inviting a call or mail it no longer says how to
    make ("If anything is missing, call us."): without the contact it serves nothing."""
    ending = re.sub(r"[\s.!:;,)]+$", "", sentence)
    return any(match.end == len(ending)
               for match in lexicon.find(ending, FAMILY, "call_to_contact"))


def tidy(text: str) -> str:
    """Spaces and punctuation around the gap a removed contact left."""
    text = re.sub(r"\(\s*\)|\[\s*\]|<\s*>", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([,.;!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(rf"(\s[{re.escape(SEPARATORS)}])(?:\s*[{re.escape(SEPARATORS)}])+", r"\1",
                  text)
    return text


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
        for sentence_start, sentence_end in _sentence_spans(line):
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
        shows_contact = (not words.strip() or bool(find_contacts(words, self.region))
                         or _digits(words) == _digits(target) != "")
        if self.placeholder:
            replacement = NavigableString(self.placeholder if shows_contact else words)
        elif shows_contact:
            replacement = NavigableString("")
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


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_BREAK.finditer(line):
        spans.append((start, match.start()))
        start = match.start()
    spans.append((start, len(line)))
    return spans


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
    """No space left before the punctuation that followed a removed link ("scriverci .")."""
    previous, following = gap.previous_sibling, gap.next_sibling
    if (isinstance(previous, NavigableString) and isinstance(following, NavigableString)
            and re.match(r"[,.;!?)]", str(following)) and str(previous) != str(previous).rstrip()):
        previous.replace_with(NavigableString(str(previous).rstrip()))


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
