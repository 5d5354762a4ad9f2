"""Finding contact details in text: phone numbers and e-mail addresses, and what only
looks like a phone number.

Phone numbers are found with `phonenumbers` in the marketplace's region at the `VALID`
leniency, so order ids, prices, invoice and tracking numbers are not taken for phones; a
digit run right after a phone label ("Tel.:", "WhatsApp:") counts too, valid or not.
Digits are read in any script (full-width, Arabic-Indic: POLICY.md, settled detail 21).
Dates (`02.06.2025`) and tax or company register numbers (`USt-IdNr.`, `P.IVA`, `NIF`,
`REA`, `KvK`, …) are valid phone numbers to `phonenumbers` in some regions, and never
contact details. Amazon's buyer aliases are not contact details either.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumber, PhoneNumberMatch

from policies import lexicon
from policies.message import ORDER_ID
from policies.scope import BUYER_ALIAS
from policies.text import ascii_digits

FAMILY = "contact_details"
EMAIL = re.compile(
    r"(?<![\w.+-])(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])",
    re.IGNORECASE)
URL_TOKEN = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
# A digit run that a phone label introduces is a phone number even if not a valid one.
DIGIT_RUN = r"\+?\(?\d[\d ()./-]{4,}\d"
_DIGIT_RUN = re.compile(DIGIT_RUN)
# How every compiled lexicon pattern opens (policies.lexicon): no word character before.
WORD_START = r"(?<!\w)"
# Unicode decimal digits, as `phonenumbers` reads them (full-width ones included).
ANY_DIGIT = re.compile(r"\d")
# A calendar date written with dots, slashes or dashes: 02.06.2025, 2025-06-02, 2/6/25.
DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}")
# Labels of tax, VAT and company register numbers in the marketplaces' countries: the
# number after one is an identifier, not a phone number. Abbreviations shared across
# languages, so one list rather than one per lexicon.
REGISTRY_LABEL = re.compile(
    r"(?<!\w)(?:ust\.?[- ]?id(?:[.-]? ?nr)?|umsatzsteuer[- ]?id\w*|steuer[- ]?(?:nr|nummer)"
    r"|st\.?[- ]?nr|hr[ab]|handelsregister\w*|amtsgericht \w+|uid(?:[- ]?nr)?"
    r"|p\.? ?iva|partita iva|c\.? ?f|codice fiscale|rea|sdi"
    r"|n\.?i\.?f|c\.?i\.?f|n\.?i\.?e|siret|siren|tva(?: intracom\w*)?|rcs|ape|naf"
    r"|vat(?: (?:no|number|reg\w*|id))?|tax (?:id|no|number)|ein|abn|gst(?:in)?|utr"
    r"|company (?:no|number|reg\w*)|reg(?:istration)?\.? (?:no|number)|crn"
    r"|kvk(?:[- ]?nummer)?|btw(?:[- ]?(?:id|nummer|nr))?|org\.? ?nr|organisationsnummer"
    r"|moms(?:reg)?\.? ?nr|nip|regon|krs|cnpj|cpf|nipc|vergi (?:no|numarası|dairesi)"
    r"|mersis(?: no)?|vkn|tckn|法人番号|登録番号|インボイス|الرقم الضريبي|رقم ضريبي"
    r"|السجل التجاري|سجل تجاري)\W{0,4}(?:[a-z]{2}\W{0,3})?$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Contact:
    """A phone number or e-mail address at `start:end` of some text."""

    kind: str  # "phone" or "e-mail"
    key: str  # the number in E.164 or the address in lower case: one hit per contact
    start: int
    end: int
    raw: str


def may_hold_contact(text: str) -> bool:
    """A cheap test that must be true of every text `find_contacts` finds something in:
    an e-mail address needs an `@`, a phone number (labelled or not) a digit."""
    return "@" in text or ANY_DIGIT.search(text) is not None


def find_contacts(text: str, region: str) -> list[Contact]:
    """The phone numbers and e-mail addresses in a text, in order, without overlaps."""
    if not may_hold_contact(text):
        return []
    return list(_contacts_in(text, region))


@functools.lru_cache(maxsize=2048)
def _contacts_in(text: str, region: str) -> tuple[Contact, ...]:
    """Memoized: the plain and HTML alternatives of a message carry the same sentences,
    and the phone matcher is the costliest step of the rule."""
    found = [*_emails(text), *_phones(text, region)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    result: list[Contact] = []
    for contact in found:
        if not result or contact.start >= result[-1].end:
            result.append(contact)
    return tuple(result)


def _emails(text: str) -> Iterator[Contact]:
    for match in EMAIL.finditer(text):
        address = match.group(0)
        bare = address.removeprefix("mailto:").removeprefix("MAILTO:")
        if BUYER_ALIAS.fullmatch(bare) or _inside_url(text, match.start()):
            continue
        yield Contact("e-mail", bare.lower(), match.start(), match.end(), address)


def _inside_url(text: str, position: int) -> bool:
    token_start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
    return bool(URL_TOKEN.match(text, token_start)) or text[token_start:position].count("/") > 0


def _phones(text: str, region: str) -> Iterator[Contact]:
    # Digits in any script read as ASCII, one character for one (positions hold).
    digits = ascii_digits(text)
    # Order ids are never phone numbers; blanking them (same length, so positions hold)
    # spares the matcher about a third of its candidates.
    masked = ORDER_ID.sub(lambda m: " " * len(m.group(0)), digits)
    spans = []
    for start, end, number in _phone_matches(masked, region):
        spans.append((start, end))
        if looks_alike(masked, start, end):
            continue
        key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        yield Contact("phone", key, start, end, text[start:end])
    if not may_hold_labelled_number(masked):
        return
    for match in _labelled_digits().finditer(masked):
        start, end = match.span("number")
        if not any(s < end and start < e for s, e in spans) \
                and not looks_alike(masked, start, end):
            yield Contact("phone", re.sub(r"\D", "", match["number"]), start, end,
                          text[start:end])


def _phone_matches(text: str, region: str) -> Iterator[tuple[int, int, PhoneNumber]]:
    """What `PhoneNumberMatcher(text, region, VALID)` finds, skipping the parse of
    candidates with too few digits to be a valid number in the region."""
    matcher = _LongCandidateMatcher(text, region, _shortest_number(region))
    for match in matcher:
        yield match.start, match.end, match.number


class _LongCandidateMatcher(phonenumbers.PhoneNumberMatcher):
    """The VALID-leniency matcher, but a candidate with fewer digits than the shortest
    valid number is rejected before it is parsed: the matcher parses every run of digits
    it meets (0.1 ms each), and digit-dense text (logs, stack traces, tables of figures)
    has thousands of short ones; an 87 KB stack trace took 15-17 s. The candidates, their
    order and the try limit stay the matcher's own, so what it finds is unchanged (the
    digits of a candidate include every digit of the number it may hold)."""

    def __init__(self, text: str, region: str, shortest: int) -> None:
        super().__init__(text, region, leniency=phonenumbers.Leniency.VALID)
        self._shortest = shortest

    def _extract_match(self, candidate: str, offset: int) -> PhoneNumberMatch | None:
        if sum(character.isdigit() for character in candidate) < self._shortest:
            return None
        return super()._extract_match(candidate, offset)


@functools.cache
def _shortest_number(region: str) -> int:
    """The fewest digits a valid number can be written with in a region: its shortest
    national number, or the shortest international one (country code and number)."""
    def shortest_national(metadata: PhoneMetadata | None) -> int | None:
        lengths = [n for n in metadata.general_desc.possible_length if n > 0] \
            if metadata is not None and metadata.general_desc is not None else []
        return min(lengths) if lengths else None
    international = min(
        (len(str(phonenumbers.country_code_for_region(code))) + length
         for code in phonenumbers.SUPPORTED_REGIONS
         if (length := shortest_national(PhoneMetadata.metadata_for_region(code))) is not None),
        default=1)
    national = shortest_national(PhoneMetadata.metadata_for_region(region))
    return min(international, national) if national is not None else international


def looks_alike(text: str, start: int, end: int) -> bool:
    """A digit run that only looks like a phone number: a date, or the number after a
    tax, VAT or company register label."""
    return DATE.fullmatch(text, start, end) is not None \
        or REGISTRY_LABEL.search(text, max(0, start - 40), start) is not None


def may_hold_labelled_number(text: str) -> bool:
    """A cheap test that must be true of every text `_labelled_digits` matches in: its
    number is a `DIGIT_RUN`, so the text holds one. One plain search instead of the
    alternation of every language's labels tried at each position."""
    return _DIGIT_RUN.search(text) is not None


@functools.cache
def _labelled_digits() -> re.Pattern[str]:
    patterns = [p.pattern for p in lexicon.category(FAMILY, "label").values()]
    return re.compile(rf"{_common_lookbehind(patterns)}\s*[:.]?\s*(?P<number>{DIGIT_RUN})",
                      re.IGNORECASE)


def _common_lookbehind(patterns: list[str]) -> str:
    """The alternation of the patterns, with the word-start lookbehind they all open with
    tested once instead of once per language: the same matches, tried at a third fewer
    cost, since most positions of a text are inside a word."""
    opening = WORD_START
    if patterns and all(p.startswith(opening) for p in patterns):
        return opening + "(?:" + "|".join(p[len(opening):] for p in patterns) + ")"
    return "(?:" + "|".join(patterns) + ")"


def phone_key(target: str, region: str) -> str:
    """A `tel:` link's number in E.164 (or its digits when it does not parse)."""
    try:
        number = phonenumbers.parse(target, region)
    except phonenumbers.NumberParseException:
        return re.sub(r"[^\d+]", "", target)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
