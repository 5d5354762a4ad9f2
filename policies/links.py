"""Which links a message to a buyer may carry, shared by the link-rewriting rules.

A link is acceptable when it is an `https` link to Amazon, to a carrier's tracking site
(the default allow-list, `data/link_allowlist.toml`) or to a domain the operator allowed,
and nothing about it hides where it leads. Domains are compared as registered domains
from tldextract's bundled public suffix list, so `amazon.it.evil.example` is not Amazon;
the list is never fetched.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from urllib.parse import urlsplit

import tldextract

from policies.model import PolicySettings

DATA = resources.files("policies") / "data"
# Links that `contact-details` owns (POLICY.md settled detail 4).
CONTACT_SCHEMES = frozenset({"mailto", "tel", "callto", "sms"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
# What mail clients turn into links in text: a scheme URL or a `www.` host.
BARE_URL = re.compile(
    r"(?<![\w@/.-])(?:(?:https?|ftp|file)://|www\.)[^\s<>\"'«»]+", re.IGNORECASE)
# A host name as people write one in link text ("amazon.fr", "www.shop.example").
DOMAIN_TOKEN = re.compile(
    r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?![\w-])", re.IGNORECASE)
SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"»›"
CLOSING = {")": "(", "]": "[", "}": "{"}
# The attributes an element names its link target in (HTML, then SVG 1.1).
LINK_ATTRIBUTES = ("href", "xlink:href")
# Decimal, octal or hex IPv4 forms ("3232235777", "0x7f.1") that browsers also accept.
NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}$", re.IGNORECASE)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache directory: the bundled snapshot, no network, no disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(host: str) -> str:
    """The registered domain of a host (`shop.example.co.uk` for `www.shop.example.co.uk`),
    or "" when the host has no public suffix (an IP address, `localhost`, `.example`)."""
    parts = _extractor()(host.lower().rstrip("."))
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else ""


def _load(name: str) -> dict[str, object]:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def _flatten(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value.strip().lower()
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)


@functools.cache
def default_allowlist() -> frozenset[str]:
    """Amazon's marketplaces and the carriers' tracking sites."""
    return frozenset(_flatten(_load("link_allowlist.toml")))


@functools.cache
def shorteners() -> frozenset[str]:
    return frozenset(_flatten(_load("url_shorteners.toml")))


def _matches(host: str, domains: frozenset[str]) -> bool:
    """Whether the host is one of the domains or a subdomain of one."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def host_of(url: str) -> str:
    """The lower-case host a URL leads to ("" when it has none); `www.x` counts as a host."""
    url = url.strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def scheme_of(url: str) -> str:
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


def target_of(attributes: dict[str, object]) -> str | None:
    """Where an element links to: `href`, or SVG's `xlink:href` (`<a>`, `<image>`,
    `<use>` in inline SVG, which Apple Mail and Thunderbird render and follow)."""
    for name in LINK_ATTRIBUTES:
        value = attributes.get(name)
        if value:
            return str(value)
    return None


def is_contact_link(url: str) -> bool:
    return scheme_of(url) in CONTACT_SCHEMES


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(NUMERIC_HOST.match(host))
    return True


def site(host: str) -> str:
    """How a host is named to the seller: its registered domain, else the host itself."""
    return registered_domain(host) or host


def problem(url: str, settings: PolicySettings, text: str = "") -> str | None:
    """Why a link may not go to a buyer (a short description naming it), or None.

    `text` is the link's visible text, checked for naming another domain than the
    target. `mailto:`/`tel:` links and in-page anchors are not judged here.
    """
    url = url.strip()
    scheme = scheme_of(url)
    if not url or url.startswith("#") or scheme in CONTACT_SCHEMES:
        return None
    if scheme in SCRIPT_SCHEMES:
        return f"{scheme}: URL"
    host = host_of(url)
    if not host:
        return f"link without a host ({url[:40]!r})"
    if is_ip_literal(host):
        return f"link to IP-literal host {host}"
    if _matches(host, shorteners()):
        return f"URL shortener {host}"
    # A bare `www.` host has no scheme of its own; its host alone decides.
    if scheme != "https" and not url.lower().startswith("www."):
        return f"{scheme or 'relative'} link to {host} (not https)"
    shown = _other_domain_shown(text, host)
    if shown:
        return f"link text shows {shown} but the link goes to {site(host)}"
    if not allowed_host(host, settings):
        return f"link to {site(host)} (not Amazon or allow-listed)"
    return None


def allowed_host(host: str, settings: PolicySettings) -> bool:
    """Amazon, a carrier on the default allow-list, or a domain the operator allowed."""
    operator = frozenset(d.strip().lower().rstrip(".") for d in settings.link_allowlist)
    return _matches(host, default_allowlist()) or _matches(host, operator)


def allowed(url: str, settings: PolicySettings) -> bool:
    """Whether a link target is acceptable (contact links count as acceptable here)."""
    return problem(url, settings) is None


def _other_domain_shown(text: str, host: str) -> str:
    """A domain named in the link text that is not the target's registered domain."""
    target = registered_domain(host) or host
    for token in DOMAIN_TOKEN.findall(text):
        shown = registered_domain(token)
        if shown and shown != target:
            return shown
    return ""


def bare_urls(text: str) -> list[tuple[int, int, str]]:
    """The URLs written out in a text: `(start, end, url)`, trailing punctuation left out."""
    found = []
    for match in BARE_URL.finditer(text):
        url = _trim(match.group(0))
        found.append((match.start(), match.start() + len(url), url))
    return found


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        unbalanced = last in CLOSING and url.count(last) > url.count(CLOSING[last])
        if last in TRAILING_PUNCTUATION or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def is_url_text(text: str) -> bool:
    """Whether a link's visible words are only a URL or a host name (nothing to keep)."""
    words = text.strip().strip(TRAILING_PUNCTUATION + "<>()[]")
    if not words or any(c.isspace() for c in words):
        return False
    return bool(BARE_URL.fullmatch(words) or (DOMAIN_TOKEN.fullmatch(words)
                                              and registered_domain(words)))
