"""Every word-reading rule in seven marketplace languages (nl, sv, pl, pt, tr, ja, ar):
a message that must fire it, a look-alike that must not, one-off checks (wrong language,
the shop's own number against carrier numbers, register numbers, IBANs) and unseen
messages written in rounds while the phrase lists grew (each round measured before fixing
it).

The cases are data, one file per language in tests/policies/languages/<lang>.toml, so a
new case or a new language is a few lines of TOML rather than another copy of this code.
The messages were written for these tests, not taken from the corpus.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.policies.conftest import ORDER_ID, build_message, rules_found, run_policy

LANGUAGE_FILES = sorted((Path(__file__).parent / "languages").glob("*.toml"))
CASES: dict[str, dict[str, Any]] = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8")) for path in LANGUAGE_FILES}

# A round's `must_not = "word rules"` means none of these may be found.
WORD_RULES = {"confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"}
ROUND_SUBJECT = "Order {order}"


def with_order(template: str) -> str:
    """{order} in the data stands for the order id (replaced, not str.format: texts
    may hold braces)."""
    return template.replace("{order}", ORDER_ID)


def message_text(language: str, case: dict[str, Any]) -> str:
    """A case's whole text: `text` as written, or `body` in the language's letter
    (greeting, body, closing, signature), with the case's own greeting/closing if set."""
    if "text" in case:
        return with_order(case["text"])
    letter = CASES[language]["letter"]
    greeting = case.get("greeting", letter["greeting"])
    closing = case.get("closing", letter["closing"])
    return f"{greeting}\n\n{with_order(case['body'])}\n\n{closing}\n{letter['signature']}\n"


def findings(language: str, case: dict[str, Any], subject: str | None = None) -> set[str]:
    """The rules the policy finds in the case sent to its recipient (the language's
    buyer unless it names one), as a reply if it has an In-Reply-To."""
    data = CASES[language]
    rcpt = case.get("rcpt", data["buyer"])
    headers = {"In-Reply-To": case["in_reply_to"]} if "in_reply_to" in case else None
    raw = build_message(text=message_text(language, case), to=rcpt,
                        subject=with_order(subject or case.get("subject", data["subject"])),
                        headers=headers)
    return rules_found(run_policy(raw, rcpt))


def first_words(case: dict[str, Any]) -> str:
    """The first five words of the body (or of the text's third line) for a test id."""
    if "body" in case:
        return " ".join(case["body"].split()[:5])
    lines = case["text"].splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else case["text"][:30]


def params(table: str) -> list[Any]:
    """Every language's cases of one table, with readable ids."""
    found = []
    for language, data in CASES.items():
        for index, case in enumerate(data.get(table, [])):
            if table in ("fires", "quiet"):
                case_id = f"{language}-{case['rule']}-{first_words(case)}"
            elif table == "checks":
                case_id = f"{language}-{case['name']}"
            else:
                case_id = f"{language}-round-{index}"
            found.append(pytest.param(language, case, id=case_id))
    return found


def test_the_seven_languages_are_there() -> None:
    assert set(CASES) == {"nl", "sv", "pl", "pt", "tr", "ja", "ar"}


@pytest.mark.parametrize(("language", "case"), params("fires"))
def test_rule_fires(language: str, case: dict[str, Any]) -> None:
    assert case["rule"] in findings(language, case)


@pytest.mark.parametrize(("language", "case"), params("quiet"))
def test_look_alike_does_not_fire(language: str, case: dict[str, Any]) -> None:
    assert case["rule"] not in findings(language, case)


@pytest.mark.parametrize(("language", "case"), params("checks"))
def test_one_off_check(language: str, case: dict[str, Any]) -> None:
    found = findings(language, case)
    must, must_not = set(case.get("must", [])), set(case.get("must_not", []))
    assert must <= found and not must_not & found, (case.get("why", case["name"]), found)


@pytest.mark.parametrize(("language", "case"), params("rounds"))
def test_unseen_rounds(language: str, case: dict[str, Any]) -> None:
    found = findings(language, case, subject=ROUND_SUBJECT)
    must_not = WORD_RULES if case["must_not"] == "word rules" else set(case["must_not"])
    assert set(case["must"]) <= found and not must_not & found, found
