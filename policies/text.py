"""Turning message bodies into the text a buyer reads: HTML to text, quotes, sentences."""

from __future__ import annotations

import re
import unicodedata

from selectolax.lexbor import LexborNode

from policies import html as htmllib
from policies import lexicon

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul",
})
INVISIBLE_TAGS = frozenset({"head", "script", "style", "title", "template"})
# Containers that mail clients put around the quoted history of a reply.
QUOTE_CONTAINERS = (
    "blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend, .moz-cite-prefix"
)
_OUTLOOK_SEPARATOR = re.compile(r"^\s*-{2,}\s*[^-\n]{3,40}\s*-{2,}\s*$")
# A reply header ("On … wrote:", "-----Original Message-----") holds a colon or opens
# with a dash run, in the text as the lexicon folds it (NFKC). Other lines are not
# searched: the `.{1,200}` patterns of every language cost more than the rest of the
# engine on each line of a long body.
_MAY_BE_REPLY_HEADER = re.compile("[:\uff1a\ufe13\ufe55]|^[-\ufe63\uff0d]")
# Sentence ends: Latin and Arabic marks before a space; Japanese marks (。！？) end a
# sentence without one, since Japanese puts no space between sentences.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…؟])\s+(?=\S)|(?<=[。！？])\s*(?=[^\s」』）)])|\n\s*\n|\n(?=\s*[-•*]\s)")


class _AsciiDigitsAndDashes(dict[int, int | str]):
    """A `str.translate` table, filled as characters are met: every Unicode decimal digit
    (full-width, Arabic-Indic, …) to its ASCII digit, every dash (Pd, and the minus
    sign) to `-`, everything else to itself."""

    def __missing__(self, code: int) -> int | str:
        character = chr(code)
        value = unicodedata.decimal(character, None)
        if value is not None:
            result: int | str = str(value)
        elif unicodedata.category(character) == "Pd" or character == "\u2212":
            result = "-"
        else:
            result = code
        self[code] = result
        return result


_ASCII_DIGITS = _AsciiDigitsAndDashes()


def ascii_digits(text: str) -> str:
    """Digits in any script as ASCII digits and any dash as `-`, one character for one,
    so offsets stay valid (POLICY.md, settled detail 21)."""
    return text if text.isascii() else text.translate(_ASCII_DIGITS)


def comparable(text: str) -> str:
    """Text in the form rules compare: NFKC (full-width letters and digits, ligatures),
    then `ascii_digits`. Offsets do not survive it."""
    return text if text.isascii() else ascii_digits(unicodedata.normalize("NFKC", text))


def html_to_text(html: str, *, drop_quotes: bool = False) -> str:
    """The visible text of an HTML body, blocks on their own lines, entities resolved,
    read from the HTML5 tree a mail client builds (`policies.html`)."""
    if not html.strip():
        return ""
    tree = htmllib.parse(html)
    root = tree.root
    if root is None:
        return ""
    skipped = {element.mem_id for element in tree.css(QUOTE_CONTAINERS)} if drop_quotes \
        else set()
    text = "".join(_visible_chunks(root, skipped))
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _visible_chunks(root: LexborNode, skipped: set[int]) -> list[str]:
    """The text of the tree in document order, a line break around each block; without
    invisible elements and the subtrees in `skipped`. Iterative: mail can nest deeper
    than Python's recursion limit."""
    chunks: list[str] = []
    stack: list[LexborNode | str] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            chunks.append(item)
            continue
        if item.is_text_node:
            chunks.append(item.text_content or "")
            continue
        if not item.is_element_node or item.tag in INVISIBLE_TAGS or item.mem_id in skipped:
            continue
        if item.tag in BLOCK_TAGS:
            chunks.append("\n")
            stack.append("\n")
        children = []
        child = item.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return chunks


def own_text(plain: str) -> str:
    """The sender's new text of a plain-text reply: quoted history left out.

    Drops `>` lines, and everything from a reply header ("On … wrote:", "Le … a écrit :",
    an Outlook "-----Original Message-----" block) to the end.
    """
    lines = plain.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _OUTLOOK_SEPARATOR.match(stripped) and index > 0:
            break
        if _MAY_BE_REPLY_HEADER.search(stripped) is not None \
                and lexicon.first(stripped, "quoting", "reply_header") is not None:
            break
        if _is_outlook_header_block(lines, index):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _is_outlook_header_block(lines: list[str], index: int) -> bool:
    """An Outlook reply header: `From:` followed within two lines by `Sent:`/`Date:`."""
    if not re.match(r"^\s*\*?(from|von|de|da|van|från|od)\s*:", lines[index], re.IGNORECASE):
        return False
    following = " ".join(lines[index + 1:index + 3])
    return re.search(
        r"\b(sent|date|gesendet|datum|envoyé|date|inviato|data|enviado|fecha)\s*:",
        following, re.IGNORECASE) is not None


def sentences(text: str) -> list[str]:
    """Split text into sentences (and list items and paragraphs), whitespace normalized."""
    pieces = _SENTENCE_END.split(text)
    result = []
    for piece in pieces:
        for line in _split_lines(piece):
            cleaned = re.sub(r"\s+", " ", line).strip()
            if cleaned:
                result.append(cleaned)
    return result


def _split_lines(piece: str) -> list[str]:
    """Lines that do not continue a sentence (a line ending without punctuation and
    followed by a lower-case start is a wrapped line) are kept as their own sentence."""
    lines = piece.split("\n")
    merged: list[str] = []
    for line in lines:
        if merged and line[:1].islower() and not merged[-1].rstrip().endswith((":",)):
            merged[-1] = merged[-1] + " " + line
        else:
            merged.append(line)
    return merged


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
