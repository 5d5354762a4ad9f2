"""Turning message bodies into the text a buyer reads: HTML to text, quotes, sentences."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from policies import lexicon

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "td", "th", "ul",
})
INVISIBLE_TAGS = frozenset({"head", "script", "style", "title", "template"})
# Containers that mail clients put around the quoted history of a reply.
QUOTE_CONTAINER_XPATH = (
    "//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[@id='divRplyFwdMsg'] | //*[@id='appendonsend']"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]"
)
_OUTLOOK_SEPARATOR = re.compile(r"^\s*-{2,}\s*[^-\n]{3,40}\s*-{2,}\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n\s*\n|\n(?=\s*[-•*]\s)")


def html_to_text(html: str, *, drop_quotes: bool = False) -> str:
    """The visible text of an HTML body, blocks on their own lines, entities resolved."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    if drop_quotes:
        for element in root.xpath(QUOTE_CONTAINER_XPATH):
            if element.getparent() is not None:
                element.drop_tree()
    chunks: list[str] = []
    _collect_text(root, chunks)
    text = "".join(chunks)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _collect_text(element: etree._Element, chunks: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in INVISIBLE_TAGS or not isinstance(element.tag, str):
        if element.tail:
            chunks.append(element.tail)
        return
    block = tag in BLOCK_TAGS
    if block:
        chunks.append("\n")
    if element.text:
        chunks.append(element.text)
    for child in element:
        _collect_text(child, chunks)
    if block:
        chunks.append("\n")
    if element.tail:
        chunks.append(element.tail)


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
        if lexicon.first(stripped, "quoting", "reply_header") is not None:
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
