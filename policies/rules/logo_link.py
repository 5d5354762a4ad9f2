"""`logo-link`: an image wrapped in a link that leads off Amazon (a linked logo or banner).

A clickable logo is a way back to the seller's shop. The link goes and the image stays
where it was; whether the image itself may stay is `tracking-pixel`'s call (it runs
after this rule). Links to Amazon or the allow-list, and `mailto:`/`tel:` links (which
`contact-details` owns), are left alone (POLICY.md settled detail 4).
"""

from __future__ import annotations

from policies import links
from policies.message import MessageView
from policies.model import Action, PolicyContext
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
            for anchor in body.soup.find_all("a", href=True):
                image = anchor.find(IMAGE_TAGS)
                href = str(anchor["href"])
                if image is None or links.allowed(href, context.settings):
                    continue
                name = str(image.get("alt") or "").strip() or "image"
                details[f"{name!r} linked to {links.site(links.host_of(href)) or href[:40]}"] = None
                anchor.unwrap()
                body.mark_changed()
        return [Hit(detail) for detail in details]


RULES = (LogoLink(),)
