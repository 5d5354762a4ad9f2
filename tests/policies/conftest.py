"""Helpers for rule tests: build a message, run the engine on it, read the findings."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from policies.engine import evaluate
from policies.model import Action, Decision, PolicyContext, PolicySettings
from policies.scope import buyer_marketplace

BUYERS = {
    "en": "a1b2c3d4e5f6g7h@marketplace.amazon.co.uk",
    "us": "a1b2c3d4e5f6g7h@marketplace.amazon.com",
    "it": "a1b2c3d4e5f6g7h@marketplace.amazon.it",
    "de": "a1b2c3d4e5f6g7h@marketplace.amazon.de",
    "fr": "a1b2c3d4e5f6g7h@marketplace.amazon.fr",
    "es": "a1b2c3d4e5f6g7h@marketplace.amazon.es",
    "nl": "a1b2c3d4e5f6g7h@marketplace.amazon.nl",
    "sv": "a1b2c3d4e5f6g7h@marketplace.amazon.se",
    "pl": "a1b2c3d4e5f6g7h@marketplace.amazon.pl",
    "pt": "a1b2c3d4e5f6g7h@marketplace.amazon.com.br",
    "tr": "a1b2c3d4e5f6g7h@marketplace.amazon.com.tr",
    "ja": "a1b2c3d4e5f6g7h@marketplace.amazon.co.jp",
    "ar": "a1b2c3d4e5f6g7h@marketplace.amazon.ae",
    # Marketplaces beyond one per language.
    "ca": "a1b2c3d4e5f6g7h@marketplace.amazon.ca",
    "mx": "a1b2c3d4e5f6g7h@marketplace.amazon.com.mx",
    "be": "a1b2c3d4e5f6g7h@marketplace.amazon.com.be",
    "sa": "a1b2c3d4e5f6g7h@marketplace.amazon.sa",
    "eg": "a1b2c3d4e5f6g7h@marketplace.amazon.eg",
    "in": "a1b2c3d4e5f6g7h@marketplace.amazon.in",
    "au": "a1b2c3d4e5f6g7h@marketplace.amazon.com.au",
}
# The twelve languages of the marketplaces (POLICY.md).
LANGUAGES = ("en", "it", "de", "fr", "es", "nl", "sv", "pl", "pt", "tr", "ja", "ar")
ORDER_ID = "405-1234567-7654321"


def build_message(
    text: str | None = None,
    html: str | None = None,
    *,
    subject: str = f"Your order {ORDER_ID}",
    to: str = BUYERS["en"],
    sender: str = "Shop <support@shop.example>",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A message with a plain part, an HTML part, or both as alternatives."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Mon, 14 Apr 2025 09:00:00 +0000"
    message["Message-ID"] = "<test@shop.example>"
    for name, value in (headers or {}).items():
        message[name] = value
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def run_policy(raw: bytes, rcpt: str = BUYERS["en"], **settings: object) -> Decision:
    """The engine's decision with default actions (override via `actions={id: action}`)."""
    actions = {k: Action(v) for k, v in dict(settings.pop("actions", {})).items()}
    context = PolicyContext(
        sender="support@shop.example",
        recipients=(rcpt,),
        at=datetime(2025, 4, 16, 9, 0, tzinfo=UTC),
        marketplace=buyer_marketplace(rcpt),
        settings=PolicySettings(actions=actions, **settings),  # type: ignore[arg-type]
    )
    return evaluate(raw, context)


def rules_found(decision: Decision) -> set[str]:
    return {f.rule for f in decision.findings}


@pytest.fixture
def buyers() -> dict[str, str]:
    return BUYERS
