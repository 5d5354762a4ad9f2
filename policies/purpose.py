"""The purpose of an in-scope message (POLICY.md "Purpose"), for logs, ledger and rules.

Purposes are recognized by phrases in `lexicons/<lang>/purpose.toml`, one category per
purpose; the first purpose in PRIORITY whose phrases appear in the seller's text wins.
"""

from __future__ import annotations

from policies import lexicon
from policies.message import MessageView

PURPOSES = (
    "order-problem", "delivery-delay", "additional-info", "return", "invoice",
    "review-request", "delivery-scheduling", "home-service", "custom-design", "warranty",
    "other",
)
# Most specific first: a review request inside a return message is still a review request.
PRIORITY = (
    "review-request", "invoice", "custom-design", "warranty", "return", "delivery-scheduling",
    "home-service", "delivery-delay", "order-problem", "additional-info",
)


def classify(message: MessageView) -> str:
    text = f"{message.subject}\n{message.seller_text}"
    for purpose in PRIORITY:
        if lexicon.first(text, "purpose", purpose) is not None:
            return purpose
    return "other"
