"""`promotional`: marketing in a message to a buyer.

Buyer-Seller Messaging is for completing an order, not for selling: coupons and
discount codes, sales and promotions, other products, the seller's own shop, social
media, and invitations to buy or pay outside Amazon are held. The words decide, not
the links: a link to the shop's home page with no invitation to buy is a link matter
(POLICY.md, settled detail 12). Free replacements and free return labels solve a
problem and are no offer, so "free" alone never counts. Newsletter copy ("sign up and
get started today", "we just added a new class") is marketing however it is dressed.
A code in a sentence that reports shipping is a tracking code, not a discount code.
"""

from __future__ import annotations

from policies import acts, lexicon
from policies.acts import Act
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = "promotional"
# What each category of promotional.toml is, as the seller reads it in the finding.
CATEGORIES = {
    "discount_code": "discount code",
    "discount_offer": "discount offered",
    "sale": "sale or promotion",
    "other_products": "other products",
    "own_shop": "the seller's own shop",
    "social_media": "social-media follow request",
    "outside_amazon": "buying or paying outside Amazon",
    "newsletter": "marketing copy",
}


class Promotional(Rule):
    id = "promotional"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits: list[Hit] = []
        for text in (message.subject, message.seller_text):
            for category, what in CATEGORIES.items():
                if category != "discount_code":
                    hits.extend(Hit(f"'{_one_line(m.text)}' ({what})")
                                for m in lexicon.find(text, FAMILY, category))
        # Codes sentence by sentence: a code in a shipping sentence is a tracking code.
        if not any(lexicon.first(text, FAMILY, "discount_code")
                   for text in (message.subject, message.seller_text)):
            return hits
        for sentence in (message.subject, *message.sentences):
            found = lexicon.find(sentence, FAMILY, "discount_code")
            if found and not acts.read(sentence).does(Act.SHIPPING):
                hits.extend(Hit(f"'{_one_line(m.text)}' ({CATEGORIES['discount_code']})")
                            for m in found)
        return hits


def _one_line(phrase: str) -> str:
    return " ".join(phrase.split())


RULES = (Promotional(),)
