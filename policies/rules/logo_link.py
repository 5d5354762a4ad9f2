"""`logo-link`: an image wrapped in a link that leads off Amazon (a linked logo or banner).

A clickable logo is a way back to the seller's shop. The link goes and the image stays
where it was; whether the image itself may stay is `tracking-pixel`'s call (it runs
after this rule). Links to Amazon or the allow-list, and `mailto:`/`tel:` links (which
`contact-details` owns), are left alone (POLICY.md settled detail 4).
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from policies import conditional, links, textcut
from policies.message import MessageView
from policies.model import Action, PolicyContext, PolicySettings
from policies.rule import Hit, Rule

IMAGE_TAGS = ["img", "image", "picture", "svg"]


class LogoLink(Rule):
    id = "logo-link"
    default_action = Action.STRIP
    rewrites = True
    order = 20

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        details: dict[str, None] = {}
        for body in message.html_parts:
            if _drop_conditional_logos(body.soup, context.settings, details):
                body.mark_changed()
            anchors = [e for e in textcut.tags(body.soup)
                       if e.name == "a" and links.target_of(e.attrs) is not None]
            for anchor in anchors:
                image = anchor.find(IMAGE_TAGS)
                href = str(links.target_of(anchor.attrs))
                if image is None or links.allowed(href, context.settings):
                    continue
                name = str(image.get("alt") or "").strip() or "image"
                details[f"{name!r} linked to {links.site(links.host_of(href)) or href[:40]}"] = None
                anchor.unwrap()
                body.mark_changed()
        return [Hit(detail) for detail in details]


def _drop_conditional_logos(soup: BeautifulSoup, settings: PolicySettings,
                            details: dict[str, None]) -> bool:
    """Drop an Outlook-only block whose link (an `<a>`, a VML shape's `href`) wraps an
    image and leads off Amazon: the image stays only in what other clients show."""
    changed = False
    for comment, elements in conditional.blocks(soup):
        for element in elements:
            href = links.target_of(element.attrs)
            linked = element.find(IMAGE_TAGS + sorted(conditional.VML_IMAGES))
            if href is None or linked is None or links.allowed(href, settings):
                continue
            details[f"image linked to {links.site(links.host_of(href)) or href[:40]}"
                    " (in an Outlook-only block)"] = None
            comment.extract()
            changed = True
            break
    return changed


RULES = (LogoLink(),)
