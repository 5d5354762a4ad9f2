"""A message made safe to show in a browser, with the words that held it highlighted.

Nothing a seller wrote reaches the page as markup it chose. Text is escaped and only the
words a finding quotes are wrapped in `<mark>`. HTML goes through two passes before it
is shown (in a sandboxed frame, under the page's strict CSP, which is the third wall):
links lose their target (kept as a tooltip, never followed), images that are not
inside the message become placeholders naming where they would have come from (never
fetched: that is what a tracking pixel wants), then nh3 (ammonia) keeps only harmless
tags and attributes, which drops scripts, event handlers, forms, frames and styles.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from markupsafe import Markup, escape

from gateway.headers import display_headers
from policies.message import MessageView

# The words a finding's detail quotes ('…' or “…”), and the domains it names.
_QUOTED = re.compile(r"'([^']{2,200})'|“([^”]{2,200})”")
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b", re.IGNORECASE)
# Tags and attributes a held message may keep (links without their target).
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "code", "dd", "div", "dl",
    "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
SAFE_ATTRIBUTES = {
    "*": {"title", "class", "dir", "lang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"},
}
# Bytes of raw source a page shows (a held message can be 25 MB; the .eml has it all).
SOURCE_LIMIT = 512 * 1024
# Bytes of inline (cid:) images the preview embeds; the others become placeholders.
INLINE_IMAGES_LIMIT = 4 * 1024 * 1024
# The frame's own document: the sanitized body and the frame stylesheet, nothing else.
FRAME_DOCUMENT = ('<!doctype html><html><head><meta charset="utf-8">'
                  '<link rel="stylesheet" href="/static/frame.css"></head>'
                  '<body>{body}</body></html>')


@dataclass(frozen=True)
class Highlight:
    """A phrase to mark, and the rules whose findings quote or name it."""

    pattern: re.Pattern[str]
    rules: dict[str, str]   # lower-cased matched text -> rule ids
    domains: frozenset[str] = frozenset()   # hosts named by findings (links, images)

    def names_host(self, host: str | None) -> bool:
        host = (host or "").lower()
        return any(host == d or host.endswith(f".{d}") for d in self.domains)


def finding_terms(detail: str) -> list[str]:
    """The words a finding's detail quotes, and the domains it names outside quotes."""
    quoted = [a or b for a, b in _QUOTED.findall(detail)]
    rest = _QUOTED.sub(" ", detail)
    return [t.strip() for t in quoted if t.strip()] + _DOMAIN.findall(rest)


def highlighter(findings: list[dict[str, object]]) -> Highlight | None:
    """One pattern for every term of every finding, longest first (None: nothing to mark)."""
    rules: dict[str, list[str]] = {}
    for finding in findings:
        for term in finding_terms(str(finding.get("detail", ""))):
            ids = rules.setdefault(" ".join(term.lower().split()), [])
            if finding["rule"] not in ids:
                ids.append(str(finding["rule"]))
    if not rules:
        return None
    alternatives = sorted(rules, key=len, reverse=True)
    # Whitespace in a quoted phrase matches any run of whitespace (lines wrap in mail).
    pattern = "|".join(r"\s+".join(re.escape(word) for word in term.split())
                       for term in alternatives)
    return Highlight(re.compile(pattern, re.IGNORECASE),
                     {term: ", ".join(ids) for term, ids in rules.items()},
                     frozenset(term for term in rules if _DOMAIN.fullmatch(term)))


def marked(text: str, highlight: Highlight | None) -> Markup:
    """`text` escaped, with every highlighted term wrapped in <mark> naming its rules."""
    if highlight is None:
        return escape(text)
    pieces: list[str] = []
    position = 0
    for match in highlight.pattern.finditer(text):
        found = match.group(0)
        rules = highlight.rules.get(" ".join(found.lower().split()), "")
        pieces.append(escape(text[position:match.start()]))
        pieces.append(Markup('<mark title="{}">{}</mark>').format(rules, found))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def marked_detail(detail: str) -> Markup:
    """A finding's detail, its quoted words marked as they are in the text."""
    pieces: list[str] = []
    position = 0
    for match in _QUOTED.finditer(detail):
        pieces.append(escape(detail[position:match.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(match.group(0)))
        position = match.end()
    pieces.append(escape(detail[position:]))
    return Markup("").join(pieces)


@dataclass(frozen=True)
class Shown:
    """What a page shows of one message; the texts escaped, the findings' words marked."""

    headers: list[tuple[str, str]]
    seller_text: Markup          # what the rules read: the body without quoted history
    body_text: Markup            # the whole body as text
    frame: str | None            # the srcdoc of the HTML preview, or None for plain text
    attachments: list[str]
    source: Markup
    source_cut: bool             # the source is longer than SOURCE_LIMIT and was cut


def show_message(data: bytes, highlight: Highlight | None = None) -> Shown:
    """Parse a message for the page: headers, texts, a safe HTML preview (with what the
    findings name marked), its source."""
    view = MessageView.parse(data)
    headers = display_headers(data, ("From", "To", "Cc", "Subject", "Date", "Message-ID"))
    html_parts = view.html_parts
    frame = None
    if html_parts:
        images: dict[str, str] = {}
        budget = INLINE_IMAGES_LIMIT
        for part in view.attachments:
            if part.content_id and part.content_type.startswith("image/") and \
                    len(part.data) <= budget:
                budget -= len(part.data)
                images[part.content_id] = (f"data:{part.content_type};base64,"
                                           f"{base64.b64encode(part.data).decode()}")
        frame = FRAME_DOCUMENT.format(
            body=safe_html(html_parts[0].original, images, highlight))
    attachments = [f"{a.label} ({a.content_type}, {_size(len(a.data))})"
                   for a in view.attachments]
    return Shown(headers=headers, seller_text=marked(view.seller_text, highlight),
                 body_text=marked(view.visible_text, highlight), frame=frame,
                 attachments=attachments,
                 source=marked(data[:SOURCE_LIMIT].decode("utf-8", errors="replace"),
                               highlight),
                 source_cut=len(data) > SOURCE_LIMIT)


def safe_html(html: str, images: dict[str, str], highlight: Highlight | None = None) -> str:
    """The HTML with links disarmed, outside images replaced, the findings' words and
    hosts marked, and then sanitized."""
    soup = BeautifulSoup(html, "lxml")
    for link in soup.find_all("a"):
        target = str(link.get("href") or "")
        flagged = highlight is not None and highlight.names_host(_host(target))
        link.attrs = {"class": "link flagged" if flagged else "link",
                      "title": f"link to {target}"} if target else {}
    if highlight is not None:
        _mark_text(soup, highlight)
    for image in soup.find_all("img"):
        source = str(image.get("src") or "").strip()
        if source.lower().startswith("cid:") and source[4:].strip("<>") in images:
            image["src"] = images[source[4:].strip("<>")]
        elif not source.lower().startswith("data:image/"):
            flagged = highlight is not None and highlight.names_host(_host(source))
            placeholder = soup.new_tag("span", attrs={
                "class": "remote-image flagged" if flagged else "remote-image",
                "title": f"not loaded: {source}"})
            placeholder.string = f"[image from {_where(source)}, not loaded]"
            image.replace_with(placeholder)
    body = soup.body or soup
    return nh3.clean(body.decode_contents(), tags=set(SAFE_TAGS),
                     attributes={k: set(v) for k, v in SAFE_ATTRIBUTES.items()},
                     url_schemes={"data"}, strip_comments=True, link_rel=None)


def _mark_text(soup: BeautifulSoup, highlight: Highlight) -> None:
    """Wrap the findings' words in the HTML's text in <mark>, as in the seller's text."""
    for text in list(soup.find_all(string=True)):
        if text.parent is None or text.parent.name in ("script", "style", "title", "head"):
            continue
        value = str(text)
        matches = list(highlight.pattern.finditer(value))
        if not matches:
            continue
        pieces: list[object] = []
        position = 0
        for match in matches:
            pieces.append(value[position:match.start()])
            mark = soup.new_tag("mark", attrs={"title": highlight.rules.get(
                " ".join(match.group(0).lower().split()), "")})
            mark.string = match.group(0)
            pieces.append(mark)
            position = match.end()
        pieces.append(value[position:])
        text.replace_with(*[p for p in pieces if p != ""])


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname if "//" in url else None
    except ValueError:
        return None


def _where(source: str) -> str:
    if source.lower().startswith("cid:"):
        return "an attachment"
    return _host(source) or "elsewhere"


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"
