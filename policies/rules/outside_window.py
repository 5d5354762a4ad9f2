"""`outside-window`: proactive messages only within 30 days of the order's completion.

Completion comes from the store (imported order reports). Replies are exempt: a buyer
may write at any time and deserves an answer. Orders the store does not know follow
`policy.unknown_order`.
"""

from __future__ import annotations

from datetime import timedelta

from policies.message import MessageView
from policies.model import Action, PolicyContext, Verdict
from policies.rule import Hit, Rule


class OutsideWindow(Rule):
    id = "outside-window"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        if message.is_reply:
            return []
        settings = context.settings
        window = timedelta(days=settings.window_days)
        hits = []
        for order_id in message.order_ids:
            order = context.orders.order(order_id)
            if order is None:
                if settings.unknown_order is Verdict.QUARANTINE:
                    hits.append(Hit(f"order {order_id} is not in the store "
                                    "(policy.unknown_order = quarantine)"))
                continue
            if order.completed_at is None:
                continue
            age = context.at - order.completed_at
            if age > window:
                hits.append(Hit(f"order {order_id} completed {age.days} days ago, on "
                                f"{order.completed_at:%Y-%m-%d} (window: "
                                f"{settings.window_days} days)"))
        return hits


RULES = (OutsideWindow(),)
