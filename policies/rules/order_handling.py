"""Order handling: `cancellation-request` and `missing-adjustment`.

A seller who cannot fulfil an order must cancel and refund it themselves; asking the
buyer to cancel shifts the cancellation (and its defect-rate cost) onto the buyer.
And a message saying the order cannot be shipped must tell the buyer that the amount
was adjusted or refunded. Both read the seller's own words sentence by sentence (the
subject counts as a sentence): a buyer's quoted "can I cancel?" is not the seller's
text, and "we have cancelled your order" is the seller acting, not a request.
"""

from __future__ import annotations

import weakref

from policies import lexicon
from policies.lexicon import PhraseMatch
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = "order_handling"


class CancellationRequest(Rule):
    """Asking the buyer to cancel the order, or to request its cancellation.

    "You can cancel the order" counts only when the order cannot be fulfilled: there it
    is the seller's way of handing the cancellation to the buyer; in a delay notice it
    is an option the buyer has anyway. Cancellation offered as the buyer's choice ("if
    you would rather not wait, you can cancel it yourself") is not a request (settled
    detail 15), unless the order cannot be fulfilled at all: then there is nothing to
    wait for, and the choice is the seller's way of not cancelling.
    """

    id = "cancellation-request"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits = []
        for sentence in _texts(message):
            asked = _find(sentence, "ask_cancel")
            offered = None if asked else _find(sentence, "may_cancel")
            words = asked or offered
            if words is None:
                continue
            unfulfillable = _unfulfillable(message) is not None
            if offered and not unfulfillable:
                continue
            if _find(sentence, "no_need") or (not unfulfillable and _find(sentence, "choice")):
                continue
            hits.append(Hit(f"asks the buyer to cancel: {words.text.strip()!r}"))
        return hits


class MissingAdjustment(Rule):
    """Saying the order cannot be fulfilled without confirming the amount was refunded.

    Settled detail 9: a delay with a new date is a delay notice and not covered; a
    refund promised for later, or only once the buyer cancels, is no confirmation. A
    seller who says it cancelled the order itself has adjusted the amount (Amazon does
    not charge a cancelled order).
    """

    id = "missing-adjustment"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        problem = _unfulfillable(message)
        if problem is None or _adjusted(message):
            return []
        return [Hit(f"{problem.text!r} without confirming the amount was refunded or "
                    "adjusted")]


_unfulfillable_phrase: weakref.WeakKeyDictionary[MessageView, PhraseMatch | None] = \
    weakref.WeakKeyDictionary()


def _unfulfillable(message: MessageView) -> PhraseMatch | None:
    """The phrase saying the order cannot be fulfilled, unless a new date is given
    (computed once per message: both rules ask)."""
    if message not in _unfulfillable_phrase:
        _unfulfillable_phrase[message] = _find_unfulfillable(message)
    return _unfulfillable_phrase[message]


def _find_unfulfillable(message: MessageView) -> PhraseMatch | None:
    texts = _texts(message)
    if any(_find(s, "new_date") and not _find(s, "no_date") for s in texts):
        return None
    return next((m for s in texts if (m := _find(s, "unfulfillable"))), None)


def _adjusted(message: MessageView) -> bool:
    return any(_find(s, "adjusted") and not _find(s, "pending") for s in _texts(message))


def _texts(message: MessageView) -> list[str]:
    return [message.subject, *message.sentences] if message.subject else message.sentences


def _find(text: str, category: str) -> PhraseMatch | None:
    return lexicon.first(text, FAMILY, category)


RULES = (CancellationRequest(), MissingAdjustment())
