"""`wrong-language`: a message not written in the buyer's language.

The buyer's language is the order's when the store knows it, else any language of the
marketplace (the US takes English and Spanish). Only the seller's own text is judged,
by the language most of it is written in; fewer than 20 words are not judged (POLICY.md,
settled details 2 and 8).
"""

from __future__ import annotations

from policies.language import identify_language
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule


class WrongLanguage(Rule):
    id = "wrong-language"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        expected, source = expected_languages(message, context)
        if not expected:
            return []
        written = identify_language(message.seller_text)
        if written is None or written in expected:
            return []
        return [Hit(f"written in {written}, {source} expects {' or '.join(expected)}")]


def expected_languages(message: MessageView,
                       context: PolicyContext) -> tuple[tuple[str, ...], str]:
    """The languages the buyer reads, and where that came from (for the finding)."""
    for order_id in message.order_ids:
        record = context.orders.order(order_id)
        if record is not None and record.buyer_language:
            return (record.buyer_language.lower(),), f"order {order_id}"
    if context.marketplace is None:
        return (), ""
    return context.marketplace.languages, f"amazon.{context.marketplace.tld}"


RULES = (WrongLanguage(),)
