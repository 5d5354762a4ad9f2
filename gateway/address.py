"""Envelope addresses (MAIL FROM / RCPT TO), parsed once per RFC 5321 and RFC 6531.

The gateway judges, logs and relays one and the same normalized string per address.
Parsing is strict where leniency lets an address mean two things: a control character
(CR, LF, NUL, ESC, DEL, any C0/C1 control, a bidi control) anywhere in the path is a
`501 5.1.3`, because a later hop may cut the address at it and see another one (a
buyer alias hidden in a quoted local part, a second RCPT smuggled into MAIL FROM).

Choices, all deliberate (README: "Envelope addresses"):

- Quoted local parts are accepted and written in their shortest form: `"buyer"@x` is
  `buyer@x` (so it is judged as the buyer alias it is); a local part that needs quotes
  keeps them, with only `"` and `\\` escaped.
- Source routes (`<@relay1,@relay2:user@host>`) are checked and stripped, as RFC 5321
  (section 3.3 and appendix C) lets a server do; the route is never relayed.
- Percent-hack and bang-path routing (`buyer%marketplace.amazon.com@relay`,
  `relay!buyer@host`) are refused (`553 5.1.3`): they would let a relay further on
  deliver to an address the policy never judged.
- Domains are lower-cased; internationalized ones are mapped with UTS 46 (so fullwidth
  look-alikes of an ASCII domain become that domain) and written as A-labels.
- Address literals: IPv4 and `IPv6:` literals are accepted and written canonically;
  general (tagged) literals are refused.
- Non-ASCII local parts or domains need SMTPUTF8 on MAIL FROM (`553 5.6.7` without).
- The null reverse-path `<>` is accepted for MAIL FROM only, and is the empty string.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import idna

MAX_LOCAL_OCTETS = 64     # RFC 5321 section 4.5.3.1.1
MAX_DOMAIN_OCTETS = 255   # 4.5.3.1.2
MAX_PATH_OCTETS = 256     # 4.5.3.1.3

ATEXT_SPECIALS = frozenset("!#$%&'*+-/=?^_`{|}~")
ROUTING_CHARACTERS = ("%", "!")
# Bidi controls are format characters (Cf), not controls (Cc), but they change what an
# operator sees in a terminal or a list of recipients.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
# Controls (C0, DEL, C1) and the Unicode line and paragraph separators.
LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})
LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class AddressError(ValueError):
    """An address the gateway refuses; `reply` is the SMTP reply naming why."""

    def __init__(self, reason: str, *, code: int = 501, status: str = "5.1.3") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.status = status

    @property
    def reply(self) -> str:
        """The reply line, in ASCII: the reason may quote the client's bytes."""
        reason = self.reason.encode("ascii", "backslashreplace").decode("ascii")
        return f"{self.code} {self.status} Bad address: {reason}"


@dataclass(frozen=True, slots=True)
class Address:
    """A normalized envelope address; `local` and `domain` are empty for the null sender."""

    local: str
    domain: str

    @property
    def text(self) -> str:
        """`local@domain`, or "" for the null reverse-path: what is judged, logged, relayed."""
        return f"{self.local}@{self.domain}" if self.domain else ""

    @property
    def needs_smtputf8(self) -> bool:
        return not self.text.isascii()

    def __str__(self) -> str:
        return self.text


NULL_SENDER = Address("", "")


def split_path(argument: str) -> tuple[str, str]:
    """The path of a MAIL/RCPT argument and the parameters after it.

    The path ends at the `>` that closes it outside a quoted string (or, without angle
    brackets, at the first space outside one). Never fails: an unterminated path is
    returned whole, for `parse_path` to refuse with a reason.
    """
    text = argument.lstrip()
    closing = ">" if text.startswith("<") else " "
    quoted = escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == closing and not quoted:
            end = index + 1 if closing == ">" else index
            return text[:end], text[end:].strip()
    return text.rstrip(), ""


def parse_path(path: str, *, smtputf8: bool, null_allowed: bool) -> Address:
    """Parse a reverse-path or forward-path (`<...>`, or a bare address) into an Address.

    Raises AddressError with the reply to send when the path is refused.
    """
    _refuse_controls(path)
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_OCTETS + 2:
        raise AddressError(f"longer than {MAX_PATH_OCTETS} octets")
    if path.startswith("<"):
        if not path.endswith(">") or len(path) < 2:
            raise AddressError("no closing '>'")
        inner = path[1:-1]
    else:
        inner = path
    if inner == "":
        if null_allowed:
            return NULL_SENDER
        raise AddressError("the null address <> is only a sender")
    if inner.startswith("@"):
        inner = _strip_source_route(inner)
    if not smtputf8 and not inner.isascii():
        raise AddressError("non-ASCII address without SMTPUTF8 on MAIL FROM",
                           code=553, status="5.6.7")
    local, domain = _split_mailbox(inner)
    address = Address(_normalize_local(local), _normalize_domain(domain))
    if any(char in address.local for char in ROUTING_CHARACTERS):
        raise AddressError(f"{address.text}: routing in the local part ('%' or '!') is "
                           "not accepted", code=553)
    if len(address.local.encode()) > MAX_LOCAL_OCTETS:
        raise AddressError(f"local part longer than {MAX_LOCAL_OCTETS} octets")
    return address


def _refuse_controls(path: str) -> None:
    for char in path:
        if "\udc80" <= char <= "\udcff":
            raise AddressError("not valid UTF-8")
        if unicodedata.category(char) in LINE_BREAKING or char in BIDI_CONTROLS:
            raise AddressError(f"control character U+{ord(char):04X} in the address")


def _strip_source_route(inner: str) -> str:
    """`@a,@b:mailbox` -> `mailbox`, after checking that each hop is a domain."""
    route, colon, mailbox = inner.partition(":")
    if not colon:
        raise AddressError("source route without ':'")
    for hop in route.split(","):
        if not hop.startswith("@"):
            raise AddressError(f"source route hop {hop!r} does not start with '@'")
        _normalize_domain(hop[1:])
    return mailbox


def _split_mailbox(mailbox: str) -> tuple[str, str]:
    """Local part (as written, quotes included) and domain, split at the right '@'."""
    if mailbox.startswith('"'):
        end = _closing_quote(mailbox)
        local, rest = mailbox[:end + 1], mailbox[end + 1:]
        if not rest.startswith("@"):
            raise AddressError("quoted local part must be followed by '@domain'")
        return local, rest[1:]
    local, at, domain = mailbox.rpartition("@")
    if not at:
        raise AddressError("no '@domain'")
    return local, domain


def _closing_quote(text: str) -> int:
    escaped = False
    for index, char in enumerate(text[1:], start=1):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return index
    raise AddressError("unterminated quoted local part")


def _normalize_local(local: str) -> str:
    """The shortest RFC 5321 form: a dot-string when possible, else a quoted string."""
    if not local.startswith('"'):
        if not _is_dot_string(local):
            raise AddressError(f"local part {local!r} is not a dot-string (quote it)")
        return local
    content, escaped = [], False
    for char in local[1:-1]:
        if escaped:
            content.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            content.append(char)
    value = "".join(content)
    if _is_dot_string(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _is_dot_string(text: str) -> bool:
    atoms = text.split(".")
    return all(atom and all(_is_atext(char) for char in atom) for atom in atoms)


def _is_atext(char: str) -> bool:
    if not char.isascii():
        # RFC 6531 UTF8-non-ascii; controls were refused before, spaces need quotes.
        return not char.isspace()
    return char.isalnum() or char in ATEXT_SPECIALS


def _normalize_domain(domain: str) -> str:
    if domain.startswith("["):
        return _normalize_literal(domain)
    if not domain:
        raise AddressError("empty domain")
    ascii_domain = domain.lower()
    if not domain.isascii() or "xn--" in ascii_domain:
        try:
            ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError as error:
            raise AddressError(f"domain {domain!r} is not a valid IDN: {error}") from error
    labels = ascii_domain.split(".")
    if not all(LDH_LABEL.fullmatch(label) for label in labels):
        raise AddressError(f"domain {domain!r} is not a valid host name")
    if len(ascii_domain) > MAX_DOMAIN_OCTETS:
        raise AddressError(f"domain longer than {MAX_DOMAIN_OCTETS} octets")
    return ascii_domain


def _normalize_literal(literal: str) -> str:
    if not literal.endswith("]"):
        raise AddressError(f"address literal {literal!r} has no closing ']'")
    content = literal[1:-1]
    ipv6 = content[:5].lower() == "ipv6:"
    if "%" in content or (":" in content and not ipv6):
        raise AddressError(f"address literal {literal!r}: only IPv4 and IPv6: literals "
                           "are accepted")
    try:
        if ipv6:
            return f"[IPv6:{ipaddress.IPv6Address(content[5:]).compressed}]"
        return f"[{ipaddress.IPv4Address(content)}]"
    except ValueError as error:
        raise AddressError(f"address literal {literal!r}: {error}") from error
