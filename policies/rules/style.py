"""`style`: the decoration Amazon's messaging does not allow, normalized away.

What counts (POLICY.md, settled detail 6): emoji (Unicode `Extended_Pictographic`
except ©, ® and ™, in the subject and the body), animated GIF images, alignment
overrides (`text-align`, `align=`, `<center>`), font family, text colour (`color:`,
not background or border colours) and line-height overrides, more than three font sizes
(headings count), more than two line breaks in a row, and an `[Important]` subject
flag. Each is removed where it is: the override, the character, the extra breaks, the
image, the flag. What an emoji is: `policies.emoji`; what an animated GIF is:
`policies.gif`.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from policies import css, textcut
from policies.emoji import strip_emoji
from policies.gif import data_uri, is_animated_gif
from policies.message import Attachment, BodyPart, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

# "[Important]" in the marketplaces' languages and bracket styles (POLICY.md, settled
# detail 22); only these words: a shop's name in brackets is not a flag.
IMPORTANT_WORDS = ("important", "importante", "wichtig", "belangrijk", "viktigt", "ważne",
                   "önemli", "重要", "هام", "مهم")
IMPORTANT_FLAG = re.compile(
    r"\s*[\[【［〔(（〈「『<]\s*(?:" + "|".join(IMPORTANT_WORDS) + r")\s*[!！]?\s*"
    r"[\]】］〕)）〉」』>]\s*", re.IGNORECASE)
DEFAULT_ALIGNMENTS = frozenset({"left", "start", "initial", "inherit", "unset", "auto"})
OVERRIDDEN_PROPERTIES = {"font-family": "font family", "color": "text colour",
                         "line-height": "line height", "font": "font"}
FONT_ATTRIBUTES = {"face": "font family", "color": "text colour"}
MAX_FONT_SIZES = 3
MAX_BREAKS = 2
EXCESS_BLANK_LINES = re.compile(r"(?<=\S)([ \t]*\n)(?:[ \t]*\n){2,}(?=[ \t]*\S)")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
STYLE_ATTRIBUTE = re.compile(
    r"""<[a-z][^>]*?\sstyle\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""",
    re.IGNORECASE)
# Declarations in a <style> sheet that set what inline styles may not.
SHEET_OVERRIDE = re.compile(
    r"(?<![-\w])(?P<property>font-family|color|line-height|text-align)\s*:(?P<value>[^;}]*);?",
    re.IGNORECASE)


class Style(Rule):
    id = "style"
    default_action = Action.STRIP
    rewrites = True
    order = 70

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        found: Counter[str] = Counter()
        _normalize_subject(message, found)
        for body in message.plain_parts:
            body.text = _normalize_plain(body.text, found)
        animated = _animated_gifs(message)
        for body in message.html_parts:
            if _normalize_html(body, animated, found):
                body.mark_changed()
            for detail in _original_overrides(body.original):
                if detail not in found:
                    found[detail] += 1
        for attachment in animated:
            found[f"animated GIF {attachment.label!r}"] += 1
            message.remove_attachment(attachment)
        return [Hit(detail, count) for detail, count in found.items()]


# --- subject and plain text ----------------------------------------------------------


def _normalize_subject(message: MessageView, found: Counter[str]) -> None:
    subject = message.subject
    new = subject
    flag = IMPORTANT_FLAG.search(new)
    if flag is not None:
        found[f"'{flag.group(0).strip()}' in the subject"] += 1
        new = IMPORTANT_FLAG.sub(" ", new).strip()
    new = strip_emoji(new, found, " in the subject").strip()
    if new != subject:
        message.replace_subject(new)


def _normalize_plain(text: str, found: Counter[str]) -> str:
    text = strip_emoji(text, found)
    for match in EXCESS_BLANK_LINES.finditer(text):
        found[f"{match.group(0).count(chr(10))} line breaks in a row"] += 1
    return EXCESS_BLANK_LINES.sub(r"\1\n", text)


# --- HTML ----------------------------------------------------------------------------


def _normalize_html(body: BodyPart, animated: list[Attachment], found: Counter[str]) -> bool:
    soup = body.soup
    before = sum(found.values())
    for node in textcut.strings(soup):
        if type(node) is NavigableString and node.parent is not None \
                and node.parent.name not in ("style", "script"):
            new = strip_emoji(str(node), found)
            if new != str(node):
                node.replace_with(NavigableString(new))
    removed_images = _remove_animated_images(soup, animated, found)
    _remove_overrides(soup, found)
    _limit_font_sizes(soup, found)
    _collapse_breaks(soup, found)
    _clean_style_sheets(soup, found)
    return removed_images or sum(found.values()) != before


def _remove_overrides(soup: BeautifulSoup, found: Counter[str]) -> None:
    """Alignment, font family, text colour and line height, inline and in old tags."""
    for center in soup.find_all("center"):
        found["alignment override <center>"] += 1
        center.unwrap()
    for element in textcut.tags(soup):
        align = str(element.get("align") or "").strip().lower()
        if align and align not in DEFAULT_ALIGNMENTS and element.name != "img":
            found[f"alignment override align=\"{align}\""] += 1
            del element["align"]
        if element.name == "font":
            for attribute, what in FONT_ATTRIBUTES.items():
                if element.has_attr(attribute):
                    found[f"{what} override <font {attribute}=\"{element[attribute]}\">"] += 1
                    del element[attribute]
        style = element.get("style")
        if style is None:
            continue
        declarations = css.declarations(str(style))
        kept = []
        for name, value in declarations:
            what = _override(name, value)
            if what:
                found[f"{what} override {name}:{value}"] += 1
            else:
                kept.append((name, value))
        if len(kept) != len(declarations):
            if kept:
                element["style"] = css.serialize(kept)
            else:
                del element["style"]
    for font in soup.find_all("font"):
        if not font.attrs:
            font.unwrap()


def _original_overrides(html: str) -> list[str]:
    """Inline overrides of the original HTML, described as `_remove_overrides` does.

    Findings are computed on the original message (POLICY.md, settled detail 2): an
    override on an element an earlier rule removed (a styled link) still counts. A regex
    over the source is enough here and spares a second HTML parse.
    """
    details = []
    for match in STYLE_ATTRIBUTE.finditer(html):
        for name, value in css.declarations(unescape(match["double"] or match["single"] or "")):
            what = _override(name, value)
            if what:
                details.append(f"{what} override {name}:{value}")
    return details


def _override(name: str, value: str) -> str | None:
    """What a declaration overrides, or None when it may stay."""
    if name == "text-align":
        if value.strip().lower().removesuffix("!important").strip() in DEFAULT_ALIGNMENTS:
            return None
        return "alignment"
    return OVERRIDDEN_PROPERTIES.get(name)


def _font_sizes(soup: BeautifulSoup) -> dict[str, list[Tag]]:
    """Each distinct font size set in the HTML, with the elements that set it."""
    sizes: dict[str, list[Tag]] = {}
    for element in textcut.tags(soup):
        if element.name in HEADINGS:
            sizes.setdefault(f"<{element.name}>", []).append(element)
        if element.name == "font" and element.has_attr("size"):
            sizes.setdefault(f"<font size={element['size']}>", []).append(element)
        for name, value in css.declarations(str(element.get("style") or "")):
            if name == "font-size":
                sizes.setdefault(re.sub(r"\s+", "", value.lower()), []).append(element)
    return sizes


def _limit_font_sizes(soup: BeautifulSoup, found: Counter[str]) -> None:
    """More than three sizes: drop the inline sizes, then the smallest heading levels."""
    sizes = _font_sizes(soup)
    if len(sizes) <= MAX_FONT_SIZES:
        return
    found[f"{len(sizes)} font sizes ({', '.join(sizes)})"] += 1
    for element in textcut.tags(soup):
        if element.name == "font" and element.has_attr("size"):
            del element["size"]
            if not element.attrs:
                element.unwrap()
                continue
        declarations = css.declarations(str(element.get("style") or ""))
        kept = [(n, v) for n, v in declarations if n != "font-size"]
        if len(kept) != len(declarations):
            if kept:
                element["style"] = css.serialize(kept)
            else:
                del element["style"]
    levels = sorted({h.name for h in soup.find_all(HEADINGS)})
    for heading in soup.find_all(levels[MAX_FONT_SIZES:]):
        heading.name = "p"
        strong = soup.new_tag("strong")
        for child in list(heading.contents):
            strong.append(child.extract())
        heading.append(strong)


def _is_break(node: object) -> bool:
    """A `<br>` or an empty paragraph: one line break of a run."""
    if not isinstance(node, Tag):
        return False
    if node.name == "br":
        return True
    # Children first: it is cheap, and get_text() on every nested block would be quadratic.
    return (node.name in ("p", "div")
            and all(isinstance(c, NavigableString) or c.name == "br" for c in node.contents)
            and not node.get_text().replace("\xa0", " ").strip())


def _collapse_breaks(soup: BeautifulSoup, found: Counter[str]) -> None:
    """Runs of three or more `<br>`/empty paragraphs keep at most two `<br>`."""
    for parent in textcut.tags(soup):
        run: list[Tag] = []
        for child in [*parent.contents, None]:
            if isinstance(child, NavigableString) and not isinstance(child, Comment) \
                    and not child.strip():
                continue
            if child is not None and _is_break(child):
                run.append(child)
                continue
            if len(run) > MAX_BREAKS:
                found[f"{len(run)} line breaks in a row"] += 1
                kept_breaks = [node for node in run if node.name == "br"][:MAX_BREAKS]
                for node in run:
                    if not any(node is kept for kept in kept_breaks):
                        node.decompose()
            run = []


def _clean_style_sheets(soup: BeautifulSoup, found: Counter[str]) -> None:
    """The same overrides set in a `<style>` sheet."""
    for sheet in soup.find_all("style"):
        source = sheet.string or ""

        def drop(match: re.Match[str]) -> str:
            what = _override(match["property"].lower(), match["value"])
            if what is None:
                return match.group(0)
            found[f"{what} override {match['property']}:{match['value'].strip()} "
                  "in a style sheet"] += 1
            return ""

        cleaned = SHEET_OVERRIDE.sub(drop, source)
        if cleaned != source:
            sheet.string = cleaned


# --- animated GIFs -------------------------------------------------------------------


def _animated_gifs(message: MessageView) -> list[Attachment]:
    """Attached or inline GIFs with more than one frame, not already removed."""
    return [a for a in message.attachments
            if is_animated_gif(a.data)
            and not any(a.part is removed for removed in message.removed_parts)]


def _remove_animated_images(soup: BeautifulSoup, animated: list[Attachment],
                            found: Counter[str]) -> bool:
    """Remove each `<img>` showing an animated GIF (an inline part, or a `data:` URI)."""
    content_ids = {a.content_id.lower() for a in animated if a.content_id}
    removed = False
    for image in soup.find_all("img"):
        src = str(image.get("src") or "").strip()
        if src.lower().startswith("cid:") and src[4:].strip("<>").lower() in content_ids:
            _remove_image(image)
            removed = True
        elif src.lower().startswith("data:image/gif") and is_animated_gif(data_uri(src)):
            found["animated GIF (data: URI)"] += 1
            _remove_image(image)
            removed = True
    return removed


def _remove_image(image: Tag) -> None:
    """Remove an image, and the link or container that held nothing else."""
    holder = image.parent
    image.decompose()
    while (holder is not None and holder.name in ("a", "div", "p", "span", "center")
           and not holder.get_text(strip=True) and holder.find("img") is None):
        parent = holder.parent
        holder.decompose()
        holder = parent


RULES = (Style(),)
