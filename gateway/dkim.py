"""DKIM signing of what Vigile relays, as the last step before the upstream.

Receivers judge the From domain by DMARC, and a rewrite (a stripped pixel, link or
attachment) breaks the body hash of any signature the seller's mailer made. So, for a
From domain with a configured key (`[[dkim.keys]]`):

- a `rewrite` decision loses every `DKIM-Signature` it arrived with and is signed anew.
  All of them go: the rewrite changed the body, so their body hashes no longer match,
  and checking which ones might still hold would need their public keys from DNS;
- a `deliver` decision is relayed byte for byte (its signature, if any, stays valid),
  unless `dkim.sign = "always"`: then one signature is added on top of what it has;
- a From domain without a key, or a message without a single From address: unchanged.

The crypto and the RFC 6376 canonicalization (relaxed/relaxed) are dkimpy's; the headers
signed are its RFC 6376 list (From, To, Cc, Subject, Date, Message-ID, Reply-To,
In-Reply-To, References, MIME-Version, Content-Type, … as present), with From signed one
extra time so a second From cannot be added. Keys are RSA of 2048 bits or more or
Ed25519, in a PEM file (PKCS#1 or PKCS#8, as openssl writes them) or dkimpy's
`dknewkey` format, and must not be readable by group or others.

dkimpy computes RSA with Python integers: ~20 ms of CPU (holding the GIL, so the event
loop stalls too) per signed message. The one RSA step, RSASSA-PKCS1-v1_5 over the
header hash, is handed to OpenSSL through cryptography instead (`openssl_rsa_sign`,
~1 ms); the scheme is deterministic, so the signature is the same bytes.

dkimpy (with dnspython's resolver) and cryptography take ~0.2 s to import: they are
imported where a key is loaded or a message signed, so `vigile check` and a gateway
without keys start without them.
"""

from __future__ import annotations

import base64
import binascii
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # gateway.config imports this module to read and check [dkim]
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    from gateway.config import Config

MIN_RSA_BITS = 2048
CANONICALIZATION = (b"relaxed", b"relaxed")
# A DKIM-Signature field and its folded continuation lines, at the start of a line.
_SIGNATURE_FIELD = re.compile(rb"^DKIM-Signature[ \t]*:.*?\n(?:[ \t].*?\n)*",
                              re.IGNORECASE | re.MULTILINE)


class DkimError(ValueError):
    """A `[dkim]` setting or key that cannot be used; the message names it."""


@dataclass(frozen=True)
class DkimKeyConfig:
    """One `[[dkim.keys]]` entry: the key that signs mail From `domain`."""

    domain: str
    selector: str
    key_file: str


@dataclass(frozen=True)
class DkimConfig:
    """The `[dkim]` section of the config (gateway/config.py reads it with these helpers)."""

    # "rewritten": sign only what a rewrite changed (deliver stays byte for byte);
    # "always": sign every relayed message whose From domain has a key.
    sign: str = "rewritten"
    keys: list[DkimKeyConfig] = field(default_factory=list)


def dkim_keys(raw: object) -> list[DkimKeyConfig]:
    """The `[[dkim.keys]]` tables of the TOML file, each with all three keys set."""
    if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
        raise DkimError("dkim.keys: must be a list of [[dkim.keys]] tables")
    names = [spec.name for spec in fields(DkimKeyConfig)]
    keys = []
    for index, table in enumerate(raw):
        unknown = sorted(set(table) - set(names))
        if unknown:
            raise DkimError(f"dkim.keys[{index}].{unknown[0]}: unknown key "
                            f"(known: {', '.join(names)})")
        for name in names:
            if not isinstance(table.get(name), str) or not table[name].strip():
                raise DkimError(f"dkim.keys[{index}].{name}: must be set (a non-empty string)")
        keys.append(DkimKeyConfig(**table))
    return keys


def check_dkim(config: Config) -> None:
    """Every key loads (exists, private to its owner, parses, RSA of 2048+ bits or
    Ed25519), one key per domain: the gateway never starts unable to sign."""
    dkim = config.dkim
    if dkim.sign not in ("rewritten", "always"):
        raise DkimError(f"dkim.sign: must be rewritten or always, not {dkim.sign!r}")
    domains = [key.domain.lower().rstrip(".") for key in dkim.keys]
    for index, (domain, key) in enumerate(zip(domains, dkim.keys, strict=True)):
        if domains.index(domain) != index:
            raise DkimError(f"dkim.keys[{index}].domain: {domain} has a key already "
                            f"(dkim.keys[{domains.index(domain)}])")
        if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", domain):
            raise DkimError(f"dkim.keys[{index}].domain: {key.domain!r} is not a domain "
                            "name (write internationalized ones as xn--)")
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", key.selector):
            raise DkimError(f"dkim.keys[{index}].selector: {key.selector!r} is not a DNS "
                            "label (letters, digits, '-', '.', '_')")
    open_signer(config)


@dataclass(frozen=True, slots=True)
class Signed:
    """A message ready for the upstream, and the domain it was signed for (None: as it was)."""

    message: bytes
    domain: str | None


@dataclass(frozen=True, slots=True)
class SigningKey:
    """One From domain's key, in the form dkimpy signs with."""

    domain: str
    selector: str
    algorithm: bytes   # b"rsa-sha256" or b"ed25519-sha256"
    private_key: bytes  # PKCS#1 PEM (RSA) or the base64 32-byte seed (Ed25519)


def open_signer(config: Config) -> DkimSigner:
    """The signer of `[dkim]`: every key loaded; DkimError names the first bad one."""
    keys = []
    for index, spec in enumerate(config.dkim.keys):
        try:
            keys.append(load_key(spec.domain, spec.selector, config.path(spec.key_file)))
        except DkimError as error:
            raise DkimError(f"dkim.keys[{index}] ({spec.domain}, selector "
                               f"{spec.selector}): {error}") from error
    return DkimSigner(keys, always=config.dkim.sign == "always")


def load_key(domain: str, selector: str, path: Path) -> SigningKey:
    """Read and check one key file; DkimError says what is wrong with it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DkimError(f"{path}: no such file") from error
    except OSError as error:
        raise DkimError(f"{path}: cannot read: {error.strerror}") from error
    if not stat.S_ISREG(mode):
        raise DkimError(f"{path}: not a regular file")
    if mode & 0o077:
        raise DkimError(f"{path}: readable by group or others (mode {stat.S_IMODE(mode):04o});"
                           " a private key must be 0600 or 0400 (chmod 600)")
    key = _parse_private_key(path, data)
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise DkimError(f"{path}: RSA key of {key.key_size} bits; at least "
                               f"{MIN_RSA_BITS} are needed")
        pem = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
        return SigningKey(domain, selector, b"rsa-sha256", pem)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
        return SigningKey(domain, selector, b"ed25519-sha256", base64.b64encode(seed))
    raise DkimError(f"{path}: a {type(key).__name__.removeprefix('_')} key; "
                       "DKIM signs with RSA or Ed25519")


def _parse_private_key(path: Path, data: bytes) -> object:
    """A PEM private key without a password, or dknewkey's base64 Ed25519 seed."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    if b"-----BEGIN" in data:
        try:
            return serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as error:
            raise DkimError(f"{path}: not a usable PEM private key (it must not have a "
                               f"password): {error}") from error
        except Exception as error:  # cryptography's UnsupportedAlgorithm and kin
            raise DkimError(f"{path}: unsupported private key: {error}") from error
    try:
        seed = base64.b64decode(data.strip(), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise DkimError(f"{path}: not a private key (neither PEM nor a base64 Ed25519 "
                           "key as dknewkey writes it)")
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed)


class DkimSigner:
    """Signs relayed messages by their From domain (see the module docstring)."""

    def __init__(self, keys: Iterable[SigningKey], *, always: bool = False) -> None:
        self.keys = {key.domain.lower().rstrip("."): key for key in keys}
        self.always = always

    def applies(self, *, rewritten: bool) -> bool:
        """Whether `sign` may change a message of this kind (cheap: no parsing)."""
        return bool(self.keys) and (rewritten or self.always)

    def sign(self, message: bytes, *, rewritten: bool) -> Signed:
        """The message as it must be relayed: `rewritten` is True for a `rewrite` decision
        (and a release of the rewritten form), False for bytes relayed as the client sent
        them. Takes a few milliseconds of CPU with RSA: call it off the event loop."""
        if not self.applies(rewritten=rewritten):
            return Signed(message, None)
        key = self.keys.get(from_domain(message) or "")
        if key is None:
            return Signed(message, None)
        if rewritten:
            message = without_signatures(message)
        import dkim  # dkimpy: see the module docstring

        dkim.RSASSA_PKCS1_v1_5_sign = openssl_rsa_sign
        linesep = b"\r\n" if b"\r\n" in message[:message.find(b"\n") + 1] else b"\n"
        signature = dkim.sign(message, key.selector.encode("ascii"), key.domain.encode("ascii"),
                              key.private_key, canonicalize=CANONICALIZATION,
                              signature_algorithm=key.algorithm, linesep=linesep)
        return Signed(bytes(signature) + message, key.domain)


def openssl_rsa_sign(digest: Any, private_key: dict[str, int]) -> bytes:
    """dkimpy's `RSASSA_PKCS1_v1_5_sign(hash, key)` by OpenSSL: the same signature
    bytes (PKCS#1 v1.5 is deterministic) for ~1 ms of CPU instead of ~20. `digest` is
    dkimpy's hash object, `private_key` its dict of the key's numbers."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, utils

    algorithm = {"sha256": hashes.SHA256(), "sha1": hashes.SHA1()}[digest.name.lower()]
    key = _rsa_key(*(private_key[name] for name in _RSA_NUMBERS))
    return key.sign(digest.digest(), padding.PKCS1v15(), utils.Prehashed(algorithm))


# The fields of dkimpy's private-key dict, in the order `_rsa_key` takes them.
_RSA_NUMBERS = ("prime1", "prime2", "privateExponent", "exponent1", "exponent2",
                "coefficient", "publicExponent", "modulus")


@lru_cache(maxsize=64)
def _rsa_key(p: int, q: int, d: int, dmp1: int, dmq1: int, iqmp: int, e: int, n: int
             ) -> RSAPrivateKey:
    """cryptography's key from the numbers (built once per key: it checks them)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp,
                                 rsa.RSAPublicNumbers(e, n)).private_key()


def from_domain(message: bytes) -> str | None:
    """The domain of the message's one From address (lower case), None when there is not
    exactly one."""
    headers = BytesHeaderParser(policy=compat32).parsebytes(split_header(message)[0])
    fields = headers.get_all("From") or []
    addresses = [address for _, address in getaddresses([str(f) for f in fields]) if address]
    if len(fields) != 1 or len(addresses) != 1 or "@" not in addresses[0]:
        return None
    return addresses[0].rsplit("@", 1)[1].lower().rstrip(".")


def without_signatures(message: bytes) -> bytes:
    """The message without its DKIM-Signature header fields; the body is untouched."""
    head, rest = split_header(message)
    return _SIGNATURE_FIELD.sub(b"", head) + rest


def split_header(message: bytes) -> tuple[bytes, bytes]:
    """The header block (each field ending in its line end) and the rest (the blank line
    and the body); a message without a blank line is all header."""
    cuts = [end + len(blank) // 2 for blank in (b"\r\n\r\n", b"\n\n")
            if (end := message.find(blank)) >= 0]
    if not cuts:
        return message, b""
    return message[:min(cuts)], message[min(cuts):]
