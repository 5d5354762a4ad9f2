"""`sensitive-content`: offensive language, payment card numbers, requests for payment data.

Three things a seller must never put in a message to a buyer: adult, violent, hateful
or profane words; a payment card number; and a request for the buyer's card data,
bank login or password (payment happens on Amazon, never by message). The word lists
are narrow on purpose, since one word holds the whole message. A card number is a run
of 13 to 19 digits, plain or grouped the way cards print them, that starts like a
card network's number and passes the Luhn check; order ids, tracking and invoice
numbers are grouped differently, labelled as such, or fail the check. A threat inside
quotation marks is someone else's words (a fable on the product's box: "I will beat
you in a race!", said the hare), not the seller threatening the buyer. A valid IBAN in
a sentence that moves money ("transfer the difference to DE89 …") is payment outside
Amazon, whichever way the money goes (settled detail 25); in a signature's bank line
it is the seller's imprint.
"""

from __future__ import annotations

import re

from policies import lexicon
from policies.lexicon import PhraseMatch
from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

FAMILY = "sensitive_content"
LANGUAGE_CATEGORIES = {
    "profanity": "profane",
    "hate": "hateful",
    "adult": "adult",
    "violence": "violent",
}
# Plain runs, or groups as printed on cards: 4-4-4-4(-3), 4-4-4-1..3, 4-6-4(5).
CARD_CANDIDATE = re.compile(
    r"(?<![\w.,/-])(?<!\d[ -])(?:"
    r"\d{13,19}"
    r"|\d{4}([ -])\d{4}\1\d{4}(?:\1\d{1,4}(?:\1\d{3})?)?"
    r"|\d{4}([ -])\d{6}\2\d{4,5}"
    r")(?![\w/-]|[.,]\d|[ -]\d)"
)
# Quoted speech, in the quotation marks of the marketplace languages.
QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»'
                    r'|「[^」\n]{1,300}」|『[^』\n]{1,300}』')
# Two letters, two check digits, then 11 to 30 letters and digits, printed in groups of
# four or not at all.
IBAN_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?(?![A-Za-z0-9])")
# Where a label ("tracking number", "Rechnung") may stand before a number it names.
LABEL_REACH = 30


class SensitiveContent(Rule):
    id = "sensitive-content"
    default_action = Action.QUARANTINE

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        texts = [message.subject, *message.sentences] if message.subject else \
            message.sentences
        hits = []
        for sentence in texts:
            hits.extend(_offensive_words(sentence))
            request = _payment_request(sentence)
            if request:
                hits.append(Hit(f"asks for payment details: {request.text!r}"))
            hits.extend(Hit(f"{network} card number ending {digits[-4:]}")
                        for network, digits in _card_numbers(sentence))
            hits.extend(Hit(f"bank account {iban[:2]}… ending {iban[-4:]} for a payment "
                            f"outside Amazon: {moved.text!r}")
                        for iban, moved in _ibans_moving_money(sentence))
        return hits


def _offensive_words(sentence: str) -> list[Hit]:
    quoted = [m.span() for m in QUOTED.finditer(sentence)]
    return [
        Hit(f"{kind} language: {found.text!r}")
        for category, kind in LANGUAGE_CATEGORIES.items()
        for found in lexicon.find(sentence, FAMILY, category)
        if category != "violence"
        or not any(start <= found.start and found.end <= end for start, end in quoted)
    ]


def _payment_request(sentence: str) -> PhraseMatch | None:
    """The payment detail a sentence asks for, unless it tells the buyer never to."""
    detail = lexicon.first(sentence, FAMILY, "payment_detail")
    if detail is None or lexicon.first(sentence, FAMILY, "ask") is None:
        return None
    return None if lexicon.first(sentence, FAMILY, "never") else detail


def _card_numbers(sentence: str) -> list[tuple[str, str]]:
    """(network, digits) of each payment card number written in the sentence."""
    found = []
    for match in CARD_CANDIDATE.finditer(sentence):
        digits = re.sub(r"\D", "", match.group(0))
        network = card_network(digits)
        if network and luhn_valid(digits) and not _labelled(sentence, match.start()):
            found.append((network, digits))
    return found


def _ibans_moving_money(sentence: str) -> list[tuple[str, PhraseMatch]]:
    """(IBAN, the words moving money) for each valid IBAN in a sentence about paying."""
    ibans = [iban for m in IBAN_CANDIDATE.finditer(sentence)
             if iban_valid(iban := re.sub(r"\s", "", m.group(0)))]
    if not ibans:
        return []
    moved = lexicon.first(sentence, FAMILY, "transfer") or lexicon.first(sentence, FAMILY, "ask")
    return [(iban, moved) for iban in ibans] if moved else []


def iban_valid(iban: str) -> bool:
    """ISO 13616: 15 to 34 characters whose rearranged digits leave 1 modulo 97."""
    if not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _labelled(sentence: str, start: int) -> bool:
    """Whether a label just before the number names it as something else."""
    before = sentence[max(0, start - LABEL_REACH):start]
    return lexicon.first(before, FAMILY, "number_label") is not None


def card_network(digits: str) -> str:
    """The card network whose numbers start and are as long as these digits, or ''."""
    length = len(digits)
    if digits[0] == "4" and length in (13, 16, 19):
        return "Visa"
    if (51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720) and length == 16:
        return "Mastercard"
    if digits[:2] in ("34", "37") and length == 15:
        return "American Express"
    if (digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649) \
            and 16 <= length <= 19:
        return "Discover"
    if digits.startswith("35") and 16 <= length <= 19:
        return "JCB"
    if digits.startswith(("36", "38", "30")) and 14 <= length <= 19:
        return "Diners Club"
    if digits.startswith("62") and 16 <= length <= 19:
        return "UnionPay"
    if digits.startswith(("50", "56", "57", "58", "6")) and 13 <= length <= 19:
        return "Maestro"
    return ""


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


RULES = (SensitiveContent(),)
