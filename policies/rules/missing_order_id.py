"""`missing-order-id`: a proactive message must name the Amazon order it is about."""

from __future__ import annotations

from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule


class MissingOrderId(Rule):
    id = "missing-order-id"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        # A reply may answer a pre-sale question, which has no order (POLICY.md, 1).
        if message.is_reply or message.order_ids:
            return []
        return [Hit("no Amazon order id (123-1234567-1234567) in the subject or the body")]


RULES = (MissingOrderId(),)
