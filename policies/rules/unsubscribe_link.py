"""`unsubscribe-link`: mailing-list headers and offers to unsubscribe or opt out.

A message to a buyer is not a newsletter: Amazon forbids unsubscribe links and opt-out
wording, and the `List-Unsubscribe` headers make mail clients show an unsubscribe
button. The headers go; so does every sentence offering to unsubscribe, with its link,
in the plain and the HTML part alike, and with the list boilerplate that shares its
footer ("You are receiving this email because…", "Update your preferences").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import Tag

from policies import lexicon, links, textcut
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post")
FAMILY = "unsubscribe"
# The line that opens a plain-text footer: a signature dash, or a rule of = - _ * ~.
ANGLE_BRACKETED = re.compile(r"<([^>]+)>")
SEPARATOR = re.compile(r"^[ \t]*(?:--[ \t]*|[-=_*~]{3,}[ \t]*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Offer:
    """An unsubscribe offer found in a sentence: what gave it away."""

    detail: str


class UnsubscribeLink(Rule):
    id = "unsubscribe-link"
    default_action = Action.STRIP
    rewrites = True
    order = 10

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        list_urls = _header_urls(message)
        hits = [Hit(f"{name} header") for name in HEADERS if message.remove_header(name)]
        details: dict[str, None] = {}
        for body in message.plain_parts:
            body.text = _clean_plain(body.text, list_urls, details)
        for body in message.html_parts:
            if _clean_html(body.soup, list_urls, details):
                body.mark_changed()
        return hits + [Hit(detail) for detail in details]


def _header_urls(message: MessageView) -> frozenset[str]:
    """The web addresses of the `List-Unsubscribe` header: links to them are offers."""
    value = str(message.message.get("List-Unsubscribe") or "")
    return frozenset(url.strip() for url in ANGLE_BRACKETED.findall(value)
                     if not links.is_contact_link(url))


def _kind(sentence: str) -> str | None:
    for category in ("offer", "in_context", "list_notice", "preferences"):
        if lexicon.first(sentence, FAMILY, category) is not None:
            return category
    return None


def _offer(sentence: str, urls: list[str], list_urls: frozenset[str], *, in_footer: bool,
           link_words: list[str]) -> Offer | None:
    """Whether a sentence offers to unsubscribe, and what says so.

    Words that only mean "unsubscribe" near mail (`in_context`: "abmelden", "opt out",
    "cancelar la suscripción") count when the sentence names the mail, links to the
    list's unsubscribe address, sits in a mail footer, or is the text of a link.
    """
    strong = lexicon.first(sentence, FAMILY, "offer")
    if strong is not None:
        return Offer(f"offer to unsubscribe: {strong.text!r}")
    listed = next((url for url in urls if url in list_urls), None)
    weak = lexicon.first(sentence, FAMILY, "in_context")
    if weak is not None and (
            listed or in_footer or lexicon.first(sentence, FAMILY, "mail") is not None
            or any(lexicon.first(words, FAMILY, "in_context") for words in link_words)):
        return Offer(f"offer to unsubscribe: {weak.text!r}")
    if listed:
        return Offer(f"unsubscribe link to {links.host_of(listed)}")
    return None


def _url_only(sentence: str) -> bool:
    rest = links.BARE_URL.sub("", sentence)
    return textcut.WORD.search(rest) is None


# --- plain text ----------------------------------------------------------------------

def may_offer(text: str, list_urls: frozenset[str]) -> bool:
    """A test of the whole text that must be true whenever `_offer` finds an offer in one
    of its sentences: an `offer` or `in_context` phrase, or a `List-Unsubscribe` address.

    One search of the text instead of several per sentence: a phrase found in a sentence
    is found in the text that holds it (sentences end at whitespace, so the word
    boundaries around a phrase are the same).
    """
    return (any(url in text for url in list_urls)
            or any(lexicon.first(text, FAMILY, category) is not None
                   for category in ("offer", "in_context")))


def _clean_plain(text: str, list_urls: frozenset[str], details: dict[str, None]) -> str:
    if not may_offer(text, list_urls):
        return text
    separators = list(SEPARATOR.finditer(text))
    if not separators:
        return _clean_plain_block(text, list_urls, details, in_footer=False)[0]
    footer_line = separators[-1]
    body = _clean_plain_block(text[:footer_line.start()], list_urls, details, in_footer=False)[0]
    footer, emptied = _clean_plain_block(text[footer_line.end():], list_urls, details,
                                         in_footer=True)
    if emptied:
        return body.rstrip() + "\n"
    return body + text[footer_line.start():footer_line.end()] + footer


def _clean_plain_block(text: str, list_urls: frozenset[str], details: dict[str, None], *,
                       in_footer: bool) -> tuple[str, bool]:
    """The text without its offers (and, in a footer, the list boilerplate); and whether
    nothing but offers and boilerplate was there."""
    spans = textcut.sentence_spans(text)
    offers = []
    for start, end in spans:
        sentence = text[start:end]
        urls = [url for _, _, url in links.bare_urls(sentence)]
        offer = _offer(sentence, urls, list_urls, in_footer=in_footer, link_words=[])
        if offer is not None:
            details[offer.detail] = None
            offers.append((start, end))
    if not offers:
        return text, False
    doomed = offers + [
        (start, end) for start, end in spans if (start, end) not in offers and in_footer
        and (_kind(text[start:end]) in ("list_notice", "preferences")
             or _url_only(text[start:end]))]
    for start, end in sorted(doomed, reverse=True):
        text = textcut.without_span(text, start, end)
    return text, len(doomed) == len(spans)


# --- HTML ----------------------------------------------------------------------------

def _clean_html(soup: Tag, list_urls: frozenset[str], details: dict[str, None]) -> bool:
    words = soup.get_text(" ")
    listed = any(str(a["href"]).strip() in list_urls for a in soup.find_all("a", href=True))
    if not listed and all(lexicon.first(words, FAMILY, category) is None
                          for category in ("offer", "in_context")):
        return False
    changed = False
    for element in textcut.text_blocks(soup):
        if element.parent is None or getattr(element, "decomposed", False):
            continue
        if _clean_html_block(element, list_urls, details):
            changed = True
    for anchor in soup.find_all("a", href=True):
        if str(anchor["href"]).strip() in list_urls:
            details[f"unsubscribe link to {links.host_of(str(anchor['href']))}"] = None
            anchor.decompose()
            changed = True
    return changed


def _clean_html_block(element: Tag, list_urls: frozenset[str],
                      details: dict[str, None]) -> bool:
    block = textcut.HtmlBlock.of(element)
    anchors = [(a, block.span_of(a)) for a in element.find_all("a", href=True)]
    spans = textcut.sentence_spans(block.text)
    offers = []
    for start, end in spans:
        inside = [(a, s) for a, s in anchors if s is not None and s[0] < end and s[1] > start]
        urls = [str(a["href"]).strip() for a, _ in inside]
        words = [block.text[max(s[0], start):min(s[1], end)] for _, s in inside]
        offer = _offer(block.text[start:end], urls, list_urls, in_footer=False,
                       link_words=words)
        if offer is not None:
            details[offer.detail] = None
            offers.append((start, end))
    if not offers:
        return False
    doomed = offers + [
        (start, end) for start, end in spans if (start, end) not in offers
        and (_kind(block.text[start:end]) in ("list_notice", "preferences")
             or _url_only(block.text[start:end]))]
    for start, end in sorted(doomed, reverse=True):
        current = textcut.HtmlBlock.of(element)
        current.rewrite(textcut.without_span(current.text, start, end))
    if textcut.is_empty(element):
        textcut.remove_block(element)
    return True


RULES = (UnsubscribeLink(),)
