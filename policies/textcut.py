"""Cutting words out of a body, in plain text and in HTML, leaving readable text behind.

The link rules remove URLs and whole sentences. What is left must still read well: no
dangling "see:" before a removed URL, no paragraph glued to the next, no stray blank
lines. The edits are worked out on text (`without_url`, `without_span`); for HTML the
text of one block is edited and the change is carried back to the block's text nodes
(`HtmlBlock.rewrite`), so the markup around the words that stay is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from policies import lexicon
from policies.text import BLOCK_TAGS, INVISIBLE_TAGS, word_count

# A sentence ends at . ! ? … ؟ before a space, after 。！？ (Japanese needs no space),
# at a blank line, at a line that starts with a capital or a list mark, and at the
# separators of footer link rows (" | ").
SENTENCE_END = re.compile(
    r"(?<=[.!?…؟])[ \t]+|(?<=[。！？])[ \t]*(?=[^\s」』）)])|\n[ \t]*(?=\n)"
    r"|\n(?=[ \t]*[^\W\d_a-zß-ÿ])|\n(?=[ \t]*[-•*]\s)|[ \t]+[|•·][ \t]+")
CLAUSE_END = re.compile(r"[ \t]*[.!?;,:。、：！？]*[ \t]*(?:\n|$)|[.!?]+[ \t]|[。！？]")
WORD = re.compile(r"\w")
CLAUSE_START = re.compile(r".*(?:[.!?…][ \t]+|[。！？]|\n)", re.DOTALL)
# Scripts written without spaces: a run of their characters is several words.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
UNSPACED_CHARS_PER_WORD = 3
# A lead-in this short ("See:", "Link:", "Scopri il negozio:") means nothing on its own.
SHORT_LEAD_IN_WORDS = 3
# A clause longer than this is not a short lead-in whatever its start; no need to look further.
LEAD_IN_CLAUSE = 200
LEAD_IN_FAMILY = "links"
# How far back from a removed URL a lead-in word is looked for.
LEAD_IN_TAIL = 40
EMPTY_OK_TAGS = frozenset({"img", "image", "picture", "svg", "video", "input", "hr", "iframe"})
CLEARED_NOT_REMOVED = frozenset({"td", "th", "body", "html"})


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences (list items, paragraphs, footer link labels) as `(start, end)` offsets
    of their words, surrounding whitespace left out."""
    spans = []
    position = 0
    for boundary in [*SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        piece = text[position:end]
        if piece.strip():
            start = position + len(piece) - len(piece.lstrip())
            spans.append((start, position + len(piece.rstrip())))
        if boundary:
            position = boundary.end()
    return spans


def join(before: str, after: str) -> str:
    """Two pieces of text around a cut, with the whitespace between them made sensible:
    as many line breaks as the larger side had, else one space; no doubled full stop."""
    head = before.rstrip()
    if head.endswith((".", "!", "?")) and after.lstrip(" \t")[:1] in (".", "!", "?", ",", ";", ":"):
        after = after.lstrip(" \t")[1:]
    tail = after.lstrip()
    if not head:
        return tail
    gap_before, gap_after = before[len(head):], after[:len(after) - len(tail)]
    newlines = max(gap_before.count("\n"), gap_after.count("\n"))
    if not tail:
        return head + ("\n" if newlines else "")
    if newlines:
        return head + "\n" * newlines + tail
    return head + ("" if tail[:1] in ".,;:!?)" else " ") + tail


def tidy_lead_in(before: str) -> str:
    """The text before a removed URL, without a lead-in left dangling.

    "See:" or "Scopri il negozio:" goes; a longer lead-in ("Our care guide in PDF:",
    "install firmware 2.1 from") ends with a full stop instead.
    """
    body = before.rstrip()
    if body.endswith((":", "：")):
        head = body[:-1].rstrip()
    else:
        dangling = _dangling_word(body)
        if dangling is None:
            return before
        head = body[:dangling].rstrip(" \t,;")
    window = max(0, len(head) - LEAD_IN_CLAUSE)
    clause = CLAUSE_START.match(head, window)
    clause_start = clause.end() if clause else window
    if _words(head[clause_start:]) <= SHORT_LEAD_IN_WORDS:
        return head[:clause_start]
    return head + "."


def _words(text: str) -> int:
    """Words of a clause; Japanese, written without spaces, counts a word per three
    characters ("こちら：" is short, "お手入れの方法はすべてPDFガイド：" is not)."""
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return word_count(text)
    return word_count(UNSPACED.sub(" ", text)) + unspaced // UNSPACED_CHARS_PER_WORD


def _dangling_word(text: str) -> int | None:
    """Where a lead-in word ("see", "visit", "unter", "qui", "sur", "aquí") ends the text."""
    offset = max(0, len(text) - LEAD_IN_TAIL)
    tail = text[offset:]
    for match in lexicon.find(tail, LEAD_IN_FAMILY, "lead_in_end"):
        if match.end == len(tail):
            return offset + match.start
    return None


def ends_clause(after: str) -> bool:
    """Whether the text after a URL starts a new clause (nothing, punctuation, a line end)."""
    return CLAUSE_END.match(after) is not None


def without_url(text: str, start: int, end: int) -> str:
    """The text with the URL at `start:end` removed, with its brackets and its lead-in."""
    if start and end < len(text) and text[start - 1] + text[end] in ("<>", "()", "[]"):
        start, end = start - 1, end + 1
    before, after = text[:start], text[end:]
    if ends_clause(after):
        before = tidy_lead_in(before)
    return join(before, after)


def without_span(text: str, start: int, end: int) -> str:
    """The text with `start:end` removed and the whitespace around the cut made sensible."""
    return join(text[:start], text[end:])


# --- HTML -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a block's text: a text node, a `<br>`, or a nested block (node None)."""

    node: NavigableString | Tag | None
    start: int
    end: int


@dataclass(slots=True)
class HtmlBlock:
    """The text of one block element as the buyer reads it, tied to the nodes holding it."""

    element: Tag
    text: str
    pieces: list[Piece]

    @classmethod
    def of(cls, element: Tag) -> HtmlBlock:
        chunks: list[str] = []
        pieces: list[Piece] = []
        _collect(element, chunks, pieces, top=True)
        return cls(element, "".join(chunks), pieces)

    def span_of(self, element: Tag) -> tuple[int, int] | None:
        """Where an inline element's text lies in the block's text."""
        inside = [p for p in self.pieces
                  if p.node is not None and (p.node is element or element in p.node.parents)]
        return (inside[0].start, inside[-1].end) if inside else None

    def rewrite(self, new_text: str, removing: Tag | None = None) -> None:
        """Make the block read `new_text`, changing only the stretch that differs.

        `removing` is an inline element whose words all go (a link): the edited stretch
        is widened to cover it so the edit is not shifted onto a neighbour, and the
        replacement text is never put inside it.
        """
        old = self.text
        prefix = _common_prefix(old, new_text)
        suffix = _common_prefix(old[prefix:][::-1], new_text[prefix:][::-1])
        start, end = prefix, len(old) - suffix
        span = self.span_of(removing) if removing is not None else None
        if span is not None:
            start, end = min(start, span[0]), max(end, span[1])
        replacement = new_text[start:len(new_text) - (len(old) - end)]
        self._replace(start, end, replacement, removing)
        if removing is not None and removing.parent is not None:
            removing.decompose()

    def _replace(self, start: int, end: int, replacement: str, removing: Tag | None) -> None:
        touched: list[Tag] = []
        placed = not replacement
        for piece in self.pieces:
            node = piece.node
            if node is None or (piece.end <= start and not (start == end == piece.end)):
                continue
            if piece.start >= end and not (start == end == piece.start):
                break
            if isinstance(node, Tag):  # a <br> inside the cut
                if node.parent is not None:
                    touched.append(node.parent)
                node.decompose()
                continue
            value = str(node)
            head = value[:max(0, start - piece.start)]
            tail = value[end - piece.start:] if end < piece.end else ""
            inside_removed = removing is not None and removing in node.parents
            if not placed and not inside_removed:
                head, placed = head + replacement, True
            parent = node.parent
            if head + tail:
                node.replace_with(NavigableString(head + tail))
            else:
                node.extract()
            if parent is not None:
                touched.append(parent)
        if not placed:
            anchor = removing if removing is not None and removing.parent is not None else None
            if anchor is not None:
                anchor.insert_before(NavigableString(replacement))
            else:
                self.element.append(NavigableString(replacement))
        for parent in touched:
            _drop_if_empty(parent, self.element)


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def _collect(element: Tag, chunks: list[str], pieces: list[Piece], top: bool = False) -> None:
    for child in element.children:
        # Every chunk has its piece, so the last piece ends where the text ends: a
        # running offset (summing the chunks per child was quadratic in the links of a
        # paragraph: 1,000 links took 4-6 s).
        offset = pieces[-1].end if pieces else 0
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                chunks.append(str(child))
                pieces.append(Piece(child, offset, offset + len(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                chunks.append("\n")
                pieces.append(Piece(child, offset, offset + 1))
            elif child.name in INVISIBLE_TAGS:
                continue
            elif child.name in BLOCK_TAGS:
                chunks.append("\n\n")
                pieces.append(Piece(None, offset, offset + 2))
            else:
                _collect(child, chunks, pieces)


def _drop_if_empty(element: Tag, stop: Tag) -> None:
    """Remove inline elements the cut left without words or images, up to the block."""
    while element is not stop and element.parent is not None and is_empty(element):
        parent = element.parent
        element.decompose()
        element = parent


def is_empty(element: Tag) -> bool:
    """No words left (only spaces or separators such as "|") and no image."""
    if element.name in EMPTY_OK_TAGS or element.find(list(EMPTY_OK_TAGS)) is not None:
        return False
    return WORD.search(element.get_text()) is None


def block_of(node: NavigableString | Tag) -> Tag:
    """The nearest block element holding a node (the body when there is none)."""
    parent = node.parent
    while parent is not None and parent.parent is not None:
        if parent.name in BLOCK_TAGS or parent.name == "body":
            return parent
        parent = parent.parent
    assert parent is not None, "a node outside any document"
    return parent


def tags(root: Tag) -> list[Tag]:
    """`root.find_all(True)`: every element under `root`, in document order, without
    bs4's filter machinery, which costs more than the walk itself."""
    return [node for node in root.descendants if isinstance(node, Tag)]


def strings(root: Tag) -> list[NavigableString]:
    """`root.find_all(string=True)`: every string under `root` (comments included), in
    document order, without bs4's filter machinery."""
    return [node for node in root.descendants if isinstance(node, NavigableString)]


def text_blocks(soup: BeautifulSoup) -> list[Tag]:
    """Every block of the body that holds words of its own, in document order."""
    blocks: dict[int, Tag] = {}
    for node in strings(soup.body or soup):
        if type(node) is NavigableString and node.strip() and not any(
                p.name in INVISIBLE_TAGS for p in node.parents):
            block = block_of(node)
            blocks.setdefault(id(block), block)
    return list(blocks.values())


def remove_block(block: Tag) -> None:
    """Remove an emptied block, and a rule (`<hr>`) left with nothing after it."""
    rule = _rule_before(block)
    if block.name in CLEARED_NOT_REMOVED:
        block.clear()
    else:
        block.decompose()
    if rule is not None and not _words_after(rule):
        rule.decompose()


def _rule_before(block: Tag) -> Tag | None:
    previous = block.find_previous_sibling(True)
    return previous if previous is not None and previous.name == "hr" else None


def _words_after(element: Tag) -> bool:
    for following in element.find_all_next(string=True):
        if type(following) is NavigableString and following.strip() and not any(
                p.name in INVISIBLE_TAGS for p in following.parents):
            return True
    return False
