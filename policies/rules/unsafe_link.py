"""`unsafe-link`: links a buyer should not be sent, in HTML and written out in text.

Only `https` links to Amazon, to a carrier's tracking site or to a domain the operator
allowed may stay (`policies.links` decides). A removed link keeps its words ("guía en
PDF") unless its words are the address itself; an address written out in text goes,
and so does a lead-in it leaves dangling ("See:"). `mailto:` and `tel:` links belong to
`contact-details`.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString

from policies import conditional, links, textcut
from policies.message import MessageView
from policies.model import Action, PolicyContext, PolicySettings
from policies.rule import Hit, Rule

LINK_TAGS = ["a", "area"]
# Every pass removes one address; a block cannot hold more than this many.
MAX_BARE_URLS = 2000


class UnsafeLink(Rule):
    id = "unsafe-link"
    default_action = Action.STRIP
    rewrites = True
    order = 40

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        details: dict[str, None] = {}
        settings = context.settings
        for body in message.plain_parts:
            body.text = _clean_text(body.text, settings, details)
        for body in message.html_parts:
            changed = _clean_links(body.soup, settings, details)
            if _clean_html_text(body.soup, settings, details) or changed:
                body.mark_changed()
        return [Hit(detail) for detail in details]


def _clean_text(text: str, settings: PolicySettings, details: dict[str, None]) -> str:
    for start, end, url in reversed(links.bare_urls(text)):
        problem = links.problem(url, settings)
        if problem is not None:
            details[problem] = None
            text = textcut.without_url(text, start, end)
    return text


def _clean_links(soup: BeautifulSoup, settings: PolicySettings,
                 details: dict[str, None]) -> bool:
    changed = _clean_conditional_blocks(soup, settings, details)
    anchors = [e for e in textcut.tags(soup)
               if e.name in LINK_TAGS and links.target_of(e.attrs) is not None]
    for anchor in anchors:
        if anchor.parent is None:
            continue
        words = anchor.get_text(" ", strip=True)
        problem = links.problem(str(links.target_of(anchor.attrs)), settings, words)
        if problem is None:
            continue
        details[problem] = None
        changed = True
        if anchor.name == "area" or (words and not links.is_url_text(words)):
            anchor.unwrap()
            continue
        block = textcut.HtmlBlock.of(textcut.block_of(anchor))
        span = block.span_of(anchor)
        if span is None:
            anchor.decompose()
            continue
        block.rewrite(textcut.without_url(block.text, *span), removing=anchor)
    return changed


def _clean_conditional_blocks(soup: BeautifulSoup, settings: PolicySettings,
                              details: dict[str, None]) -> bool:
    """Drop an Outlook-only block holding a link that may not go (a VML button's
    `<v:roundrect href>`, an `<a>`): Outlook would render and follow it."""
    changed = False
    for comment, elements in conditional.blocks(soup):
        targets = [links.target_of(e.attrs) for e in elements]
        problems = [links.problem(t, settings) for t in targets if t is not None]
        found = [p for p in problems if p is not None]
        if found:
            details.update(dict.fromkeys(found))
            comment.extract()
            changed = True
    return changed


def _clean_html_text(soup: BeautifulSoup, settings: PolicySettings,
                     details: dict[str, None]) -> bool:
    """Remove unsafe addresses written out in the HTML text (outside links)."""
    changed = False
    for element in textcut.text_blocks(soup):
        for _ in range(MAX_BARE_URLS):
            found = _first_unsafe_text_url(textcut.HtmlBlock.of(element), settings)
            if found is None:
                break
            block, start, end, problem = found
            details[problem] = None
            block.rewrite(textcut.without_url(block.text, start, end))
            changed = True
    return changed


def _first_unsafe_text_url(block: textcut.HtmlBlock, settings: PolicySettings
                           ) -> tuple[textcut.HtmlBlock, int, int, str] | None:
    for piece in block.pieces:
        node = piece.node
        if not isinstance(node, NavigableString):
            continue
        urls = links.bare_urls(str(node))
        if not urls or _inside_link(node):
            continue
        for start, end, url in urls:
            problem = links.problem(url, settings)
            if problem is not None:
                return block, piece.start + start, piece.start + end, problem
    return None


def _inside_link(node: NavigableString) -> bool:
    """`node.find_parent(LINK_TAGS) is not None`, without bs4's filter machinery (the
    most expensive step of this rule when it ran for every text node)."""
    return any(parent.name in LINK_TAGS for parent in node.parents)


RULES = (UnsafeLink(),)
