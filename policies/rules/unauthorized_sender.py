"""`unauthorized-sender`: only the seller's authorized addresses may write to buyers.

Amazon drops mail from addresses not registered in Seller Central; holding it tells
the seller instead of losing it silently. Both the envelope sender and the From
addresses must be on `policy.authorized_senders` (compared without case).
"""

from __future__ import annotations

from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule


class UnauthorizedSender(Rule):
    id = "unauthorized-sender"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        allowed = context.settings.authorized_senders
        if not allowed:
            return []
        senders = {"envelope sender": [context.sender], "From": list(message.from_addresses)}
        hits = []
        for where, addresses in senders.items():
            if not addresses:
                hits.append(Hit(f"no {where} address"))
            hits.extend(Hit(f"{where} {address} is not an authorized sender")
                        for address in addresses if address.lower() not in allowed)
        return hits


RULES = (UnauthorizedSender(),)
