"""`review-repeat`: at most one review or feedback request per order.

The rule reads the gateway's ledger, so `vigile check` and the gateway agree on a
repeat sent after the first was accepted. Two requests racing through the gateway at
the same moment are separated by the ledger's atomic reservation in the gateway, which
reports the loser with this rule's id and `repeat_detail`.
"""

from __future__ import annotations

from policies import purpose
from policies.message import MessageView
from policies.model import Action, PolicyContext, ReviewRequest
from policies.rule import Hit, Rule


def repeat_detail(existing: ReviewRequest) -> str:
    if existing.in_flight:
        return (f"a review request for order {existing.order_id} is being sent right now "
                f"({existing.message_id or 'no Message-ID'})")
    return (f"a review request for order {existing.order_id} was already sent on "
            f"{existing.sent_at:%Y-%m-%d %H:%M} UTC ({existing.message_id or 'no Message-ID'})")


class ReviewRepeat(Rule):
    id = "review-repeat"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        if not message.order_ids or purpose.classify(message) != "review-request":
            return []
        existing = context.orders.review_request(message.order_ids[0])
        return [Hit(repeat_detail(existing))] if existing is not None else []


RULES = (ReviewRepeat(),)
