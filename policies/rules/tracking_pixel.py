"""`tracking-pixel`: images the buyer's mail client would fetch, and tiny or hidden images.

Any image loaded from the network tells the sender when and where the mail was opened,
so every remote image goes (an `<img>`, a `background` attribute, a CSS `url()`), and so
do 1×1 or hidden images wherever they come from. Inline `cid:` images of a real size
stay.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import Tag

from policies import conditional, css, links, textcut
from policies.message import BodyPart, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

# HTML's and SVG's images, and the VML images Outlook renders (`policies.conditional`).
IMAGE_TAGS = frozenset({"img", "image"}) | conditional.VML_IMAGES
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
TRACKING_PATH = re.compile(r"/(?:wf/)?open\b|/track|/o/|/pixel|/beacon|/e/o", re.IGNORECASE)
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\b",
                    re.IGNORECASE)


class TrackingPixel(Rule):
    id = "tracking-pixel"
    default_action = Action.STRIP
    rewrites = True
    order = 30

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits: list[Hit] = []
        for body in message.html_parts:
            found = _strip_images(body) + _strip_backgrounds(body) + _strip_conditional(body)
            if found:
                body.mark_changed()
                hits.extend(found)
        return hits


def _strip_images(body: BodyPart) -> list[Hit]:
    hits = []
    for image in [e for e in textcut.tags(body.soup) if e.name in IMAGE_TAGS]:
        reason = _image_problem(image)
        if reason:
            hits.append(Hit(reason))
            image.decompose()
    return hits


def _strip_conditional(body: BodyPart) -> list[Hit]:
    """Drop an Outlook-only block that loads an image Outlook would fetch or hide (a
    newsletter's `<v:fill src>` background)."""
    hits = []
    for comment, elements in conditional.blocks(body.soup):
        reasons = [_image_problem(e) for e in elements if e.name in IMAGE_TAGS]
        found = [f"{reason} (in an Outlook-only block)" for reason in reasons if reason]
        if found:
            hits.extend(Hit(reason) for reason in found)
            comment.extract()
    return hits


def _image_problem(image: Tag) -> str:
    # SVG's `<image>` names its source in `href`/`xlink:href`, VML's elements in `src`.
    src = str(image.get("src") or links.target_of(image.attrs) or "")
    srcset = str(image.get("srcset") or "")
    if REMOTE.match(src) or REMOTE.search(srcset):
        url = src if REMOTE.match(src) else srcset.split()[0]
        host = urlsplit(url.strip() if "//" in url else "").hostname or "?"
        kind = "open-tracking image" if TRACKING_PATH.search(url) or _tiny(image) else \
            "remote image"
        return f"{kind} from {host}"
    if _tiny(image):
        return f"tiny image {src[:60]!r}"
    if HIDDEN.search(str(image.get("style") or "")) or image.has_attr("hidden"):
        return f"hidden image {src[:60]!r}"
    return ""


def _tiny(image: Tag) -> bool:
    declared = dict(css.declarations(str(image.get("style") or "")))
    for dimension in ("width", "height"):
        for value in (image.get(dimension), declared.get(dimension)):
            size = css.pixels(str(value)) if value is not None else None
            if size is not None and size <= 1:
                return True
    return False


def _strip_backgrounds(body: BodyPart) -> list[Hit]:
    hits = []
    for element in textcut.tags(body.soup):
        background = str(element.get("background") or "")
        if REMOTE.match(background):
            hits.append(Hit(f"remote background image from {urlsplit(background).hostname}"))
            del element["background"]
        style = element.get("style")
        if style:
            kept = []
            for name, value in css.declarations(str(style)):
                remote = [u for u in css.urls(value) if REMOTE.match(u)]
                if remote:
                    hits.append(Hit(f"remote CSS image from {urlsplit(remote[0]).hostname}"))
                else:
                    kept.append((name, value))
            if len(kept) != len(css.declarations(str(style))):
                element["style"] = css.serialize(kept)
    for sheet in body.soup.find_all("style"):
        source = sheet.string or ""
        cleaned, count = re.subn(r"url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", "none", source,
                                 flags=re.IGNORECASE)
        if count:
            hits.append(Hit(f"{count} remote CSS image(s) in a style sheet", count))
            sheet.string = cleaned
    return hits


RULES = (TrackingPixel(),)
