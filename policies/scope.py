"""Which recipients are Amazon buyers, and which marketplace (and languages) they belong to."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Marketplace:
    """An Amazon marketplace: its buyer-alias domain suffix, country code and languages."""

    tld: str
    code: str
    languages: tuple[str, ...]


MARKETPLACES: dict[str, Marketplace] = {
    m.tld: m
    for m in (
        Marketplace("com", "us", ("en", "es")),
        Marketplace("ca", "ca", ("en", "fr")),
        Marketplace("com.mx", "mx", ("es",)),
        Marketplace("com.br", "br", ("pt",)),
        Marketplace("co.uk", "uk", ("en",)),
        Marketplace("ie", "ie", ("en",)),
        Marketplace("de", "de", ("de",)),
        Marketplace("fr", "fr", ("fr",)),
        Marketplace("in", "in", ("en", "hi")),
        Marketplace("sg", "sg", ("en",)),
        Marketplace("it", "it", ("it",)),
        Marketplace("es", "es", ("es",)),
        Marketplace("nl", "nl", ("nl",)),
        Marketplace("se", "se", ("sv",)),
        Marketplace("pl", "pl", ("pl",)),
        Marketplace("com.be", "be", ("fr", "nl")),
        Marketplace("com.tr", "tr", ("tr",)),
        Marketplace("co.jp", "jp", ("ja",)),
        Marketplace("com.au", "au", ("en",)),
        Marketplace("ae", "ae", ("ar", "en")),
        Marketplace("sa", "sa", ("ar", "en")),
        Marketplace("eg", "eg", ("ar", "en")),
    )
}

# Phone-number regions per marketplace, for parsing numbers written in local format.
PHONE_REGIONS: dict[str, str] = {
    "us": "US", "ca": "CA", "mx": "MX", "br": "BR", "uk": "GB", "ie": "IE", "de": "DE",
    "fr": "FR", "in": "IN", "sg": "SG", "it": "IT", "es": "ES", "nl": "NL", "se": "SE",
    "pl": "PL", "be": "BE", "tr": "TR", "jp": "JP", "au": "AU", "ae": "AE", "sa": "SA",
    "eg": "EG",
}

_TLDS = "|".join(sorted((re.escape(t) for t in MARKETPLACES), key=len, reverse=True))
BUYER_ALIAS = re.compile(
    rf"(?P<local>[a-z0-9]+)(?:\+(?P<thread>[a-z0-9-]+))?@marketplace\.amazon\.(?P<tld>{_TLDS})",
    re.IGNORECASE,
)


def buyer_marketplace(address: str) -> Marketplace | None:
    """The marketplace of an Amazon buyer alias, or None when the address is not one."""
    match = BUYER_ALIAS.fullmatch(address.strip().strip("<>"))
    if match is None:
        return None
    return MARKETPLACES[match["tld"].lower()]


def message_marketplace(recipients: Iterable[str]) -> Marketplace | None:
    """The marketplace of the first buyer among the recipients (None: out of scope)."""
    for address in recipients:
        marketplace = buyer_marketplace(address)
        if marketplace is not None:
            return marketplace
    return None
