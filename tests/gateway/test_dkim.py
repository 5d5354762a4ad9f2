"""DKIM signing after rewriting (issue 14), verified the way a receiver would: with dkimpy,
against the test keys' DNS records served through its `dnsfunc` hook (nothing leaves the
machine). The keys are generated here; none is committed."""

from __future__ import annotations

import base64
import email
import re
import smtplib
import subprocess
import sys
from dataclasses import dataclass
from email import policy
from pathlib import Path

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from gateway.config import ConfigError, load_config
from gateway.dkim import without_signatures
from tests.conftest import CORPUS, corpus_labels, write_config

LABELS = corpus_labels()
REWRITES = sorted(name for name, label in LABELS.items() if label["decision"] == "rewrite")
PIXEL = "en-rewrite-tracking-pixel-sendgrid.eml"
COMPLIANT = "it-delay-notice.eml"
VIGILE = str(Path(sys.executable).with_name("vigile"))


@dataclass
class KeyFile:
    """A private key file (0600) and the DNS TXT record that publishes its public half."""

    path: Path
    record: bytes
    private_pem: bytes


def rsa_key(folder: Path, name: str, bits: int = 2048) -> KeyFile:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return _write(folder / name, pem, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public))


def ed25519_key(folder: Path, name: str) -> KeyFile:
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    return _write(folder / name, pem, b"v=DKIM1; k=ed25519; p=" + base64.b64encode(public))


def _write(path: Path, pem: bytes, record: bytes) -> KeyFile:
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pem)
    path.chmod(0o600)
    return KeyFile(path, record, pem)


class Dns:
    """The TXT records a receiver would look up, for dkimpy's `dnsfunc` hook."""

    def __init__(self) -> None:
        self.records: dict[bytes, bytes] = {}

    def publish(self, selector: str, domain: str, key: KeyFile) -> None:
        self.records[f"{selector}._domainkey.{domain}.".encode()] = key.record

    def __call__(self, name: bytes, timeout: int = 5) -> bytes | None:
        return self.records.get(name)


def verifies(message: bytes, dns: Dns, index: int = 0) -> bool:
    """Whether the index-th DKIM-Signature (0: the topmost) verifies, as a receiver checks."""
    try:
        return bool(dkim.DKIM(message).verify(idx=index, dnsfunc=dns))
    except dkim.DKIMException:
        return False


def signatures(message: bytes) -> list[str]:
    parsed = email.message_from_bytes(message, policy=policy.compat32)
    return [re.sub(r"\s+", "", str(value)) for value in parsed.get_all("DKIM-Signature") or []]


def from_domain(name: str) -> str:
    parsed = email.message_from_bytes((CORPUS / name).read_bytes(), policy=policy.default)
    return str(parsed["From"].addresses[0].domain).lower()


def keys_config(entries: list[tuple[str, str, Path]], sign: str = "rewritten") -> str:
    tables = "".join(f'[[dkim.keys]]\ndomain = "{domain}"\nselector = "{selector}"\n'
                     f'key_file = "{path}"\n' for domain, selector, path in entries)
    return f'[dkim]\nsign = "{sign}"\n{tables}'


def wire_bytes(name: str) -> bytes:
    """A corpus message with CRLF line ends, as a mail client sends it (some corpus files
    are stored with LF)."""
    return re.sub(rb"\r?\n", b"\r\n", (CORPUS / name).read_bytes())


def send(port: int, data: bytes, rcpt: str) -> tuple[int, str]:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo("client.test")
        client.mail("seller@shop.example")
        code, reply = client.rcpt(rcpt)
        assert code == 250, reply
        code, reply = client.data(data)
        return code, reply.decode()


def seller_signature(name: str, key: KeyFile, selector: str = "mailer") -> bytes:
    """The DKIM-Signature header a seller's mailer that signs would put on a corpus message."""
    return dkim.sign(wire_bytes(name), selector.encode(), from_domain(name).encode(),
                     key.private_pem, canonicalize=(b"relaxed", b"relaxed"))


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, KeyFile]:
    folder = tmp_path / "dkim"
    return {"vigile": rsa_key(folder, "vigile.key"), "mailer": rsa_key(folder, "mailer.key"),
            "ed": ed25519_key(folder, "ed.key")}


def test_every_rewritten_corpus_message_verifies_after_the_gateway(
        start_gateway, upstream, keys) -> None:
    dns = Dns()
    domains = sorted({from_domain(name) for name in REWRITES})
    for domain in domains:
        dns.publish("vigile", domain, keys["vigile"])
    gateway = start_gateway(upstream.url, extra=keys_config(
        [(domain, "vigile", keys["vigile"].path) for domain in domains]))
    problems = []
    for name in REWRITES:
        before = len(upstream.received)
        code, reply = send(gateway.port, wire_bytes(name), LABELS[name]["rcpt"])
        if code != 250:
            problems.append(f"{name}: {code} {reply}")
            continue
        relayed = upstream.received[before].data
        found = signatures(relayed)
        if len(found) != 1 or f"d={from_domain(name)};" not in found[0]:
            problems.append(f"{name}: signatures {found}")
        elif not verifies(relayed, dns):
            problems.append(f"{name}: the signature does not verify")
    assert problems == []
    events = [e for e in gateway.log_events() if e.get("event") == "message"]
    rewritten = [e for e in events if e["decision"] == "rewrite"]
    assert rewritten and all(e["dkim"].startswith("signed d=") for e in rewritten)


def test_a_signature_the_rewrite_broke_is_replaced(start_gateway, upstream, keys) -> None:
    domain, dns = from_domain(PIXEL), Dns()
    dns.publish("mailer", domain, keys["mailer"])
    dns.publish("vigile", domain, keys["vigile"])
    seller = seller_signature(PIXEL, keys["mailer"])
    original = seller + wire_bytes(PIXEL)
    assert verifies(original, dns)
    gateway = start_gateway(upstream.url, extra=keys_config(
        [(domain, "vigile", keys["vigile"].path)]))
    code, reply = send(gateway.port, original, LABELS[PIXEL]["rcpt"])
    assert code == 250, reply
    relayed = upstream.received[0].data
    assert b"sendgrid.net/wf/open" not in relayed        # it was rewritten
    [ours] = signatures(relayed)
    assert "s=vigile;" in ours and "c=relaxed/relaxed;" in ours and "a=rsa-sha256;" in ours
    assert verifies(relayed, dns)
    # The seller's signature would fail on what left: removing it was right.
    assert not verifies(seller + without_signatures(relayed), dns)


def test_a_delivered_message_keeps_its_signature_byte_for_byte(start_gateway, upstream,
                                                               keys) -> None:
    domain, dns = from_domain(COMPLIANT), Dns()
    dns.publish("mailer", domain, keys["mailer"])
    original = seller_signature(COMPLIANT, keys["mailer"]) + wire_bytes(COMPLIANT)
    gateway = start_gateway(upstream.url, extra=keys_config(
        [(domain, "vigile", keys["vigile"].path)]))
    code, reply = send(gateway.port, original, LABELS[COMPLIANT]["rcpt"])
    assert code == 250, reply
    assert upstream.received[0].data == original
    assert verifies(upstream.received[0].data, dns)


def test_sign_always_adds_a_signature_to_delivered_mail(start_gateway, upstream, keys) -> None:
    domain, dns = from_domain(COMPLIANT), Dns()
    dns.publish("mailer", domain, keys["mailer"])
    dns.publish("vigile", domain, keys["vigile"])
    original = seller_signature(COMPLIANT, keys["mailer"]) + wire_bytes(COMPLIANT)
    gateway = start_gateway(upstream.url, extra=keys_config(
        [(domain, "vigile", keys["vigile"].path)], sign="always"))
    code, reply = send(gateway.port, original, LABELS[COMPLIANT]["rcpt"])
    assert code == 250, reply
    relayed = upstream.received[0].data
    assert relayed.endswith(original)                     # added on top, nothing changed
    ours, theirs = signatures(relayed)
    assert "s=vigile;" in ours and "s=mailer;" in theirs
    assert verifies(relayed, dns, 0) and verifies(relayed, dns, 1)


def test_ed25519_key_signs(start_gateway, upstream, keys) -> None:
    domain, dns = from_domain(PIXEL), Dns()
    dns.publish("ed", domain, keys["ed"])
    gateway = start_gateway(upstream.url, extra=keys_config([(domain, "ed", keys["ed"].path)]))
    code, reply = send(gateway.port, wire_bytes(PIXEL), LABELS[PIXEL]["rcpt"])
    assert code == 250, reply
    [ours] = signatures(upstream.received[0].data)
    assert "a=ed25519-sha256;" in ours
    assert verifies(upstream.received[0].data, dns)


def test_a_from_domain_without_a_key_is_relayed_unsigned(start_gateway, upstream,
                                                         keys) -> None:
    gateway = start_gateway(upstream.url, extra=keys_config(
        [("other.example", "vigile", keys["vigile"].path)]))
    code, reply = send(gateway.port, wire_bytes(PIXEL), LABELS[PIXEL]["rcpt"])
    assert code == 250, reply
    assert signatures(upstream.received[0].data) == []
    [event] = [e for e in gateway.log_events() if e.get("event") == "message"]
    assert event["decision"] == "rewrite" and "dkim" not in event


def test_keys_made_by_dknewkey_load(tmp_path: Path) -> None:
    """The README's way to make a key: dkimpy's dknewkey (RSA through openssl, Ed25519)."""
    for ktype in ("rsa", "ed25519"):
        made = subprocess.run([str(Path(sys.executable).with_name("dknewkey")), "--ktype",
                               ktype, ktype], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
        assert made.returncode == 0, made.stderr
    config = load_config(write_config(tmp_path, keys_config(
        [("shop.example", "rsa", tmp_path / "rsa.key"),
         ("ed.shop.example", "ed", tmp_path / "ed25519.key")])))
    assert [key.domain for key in config.dkim.keys] == ["shop.example", "ed.shop.example"]


def bad_config(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as refused:
        load_config(write_config(tmp_path, text))
    return str(refused.value)


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    error = bad_config(tmp_path, keys_config([("shop.example", "s1", tmp_path / "nope.key")]))
    assert error.startswith("dkim.keys[0] (shop.example, selector s1):")
    assert "nope.key: no such file" in error


def test_a_key_readable_by_others_is_refused(tmp_path: Path, keys) -> None:
    keys["vigile"].path.chmod(0o644)
    error = bad_config(tmp_path, keys_config([("shop.example", "s1", keys["vigile"].path)]))
    assert "dkim.keys[0] (shop.example" in error and "mode 0644" in error
    assert "chmod 600" in error


def test_a_key_that_does_not_parse_is_refused(tmp_path: Path) -> None:
    garbage = _write(tmp_path / "garbage.key", b"-----BEGIN PRIVATE KEY-----\nnot a key\n"
                     b"-----END PRIVATE KEY-----\n", b"")
    error = bad_config(tmp_path, keys_config([("shop.example", "s1", garbage.path)]))
    assert "garbage.key: not a usable PEM private key" in error
    text = _write(tmp_path / "text.key", b"hello\n", b"")
    error = bad_config(tmp_path, keys_config([("shop.example", "s1", text.path)]))
    assert "text.key: not a private key" in error


def test_a_short_rsa_key_is_refused(tmp_path: Path) -> None:
    short = rsa_key(tmp_path, "short.key", bits=1024)
    error = bad_config(tmp_path, keys_config([("shop.example", "s1", short.path)]))
    assert "RSA key of 1024 bits; at least 2048 are needed" in error


def test_bad_dkim_settings_are_named(tmp_path: Path, keys) -> None:
    path = keys["vigile"].path
    assert bad_config(tmp_path, keys_config([], sign="sometimes")) == \
        "dkim.sign: must be rewritten or always, not 'sometimes'"
    assert "dkim.keys[1].domain: shop.example has a key already" in bad_config(
        tmp_path, keys_config([("shop.example", "a", path), ("Shop.Example", "b", path)]))
    assert "dkim.keys[0].selector" in bad_config(
        tmp_path, keys_config([("shop.example", "a b", path)]))
    assert "dkim.keys[0].selector: must be set" in bad_config(
        tmp_path, f'[[dkim.keys]]\ndomain = "shop.example"\nkey_file = "{path}"\n')


def test_serve_stops_at_start_naming_the_bad_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, keys_config([("shop.example", "s1", tmp_path / "x.key")]))
    run = subprocess.run([VIGILE, "--config", str(config), "serve"], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2
    assert "config error: dkim.keys[0] (shop.example, selector s1)" in run.stderr


def test_release_rewritten_is_signed_and_the_original_goes_as_held(
        start_gateway, upstream, keys) -> None:
    """`vigile quarantine release --rewritten` does not pass the gateway's relay path, so
    release.py signs it the same way; the held original is relayed as it was."""
    name = "de-review-incentive-gift-card.eml"   # held (review-incentive) + a pixel to strip
    domain, dns = from_domain(name), Dns()
    dns.publish("vigile", domain, keys["vigile"])
    gateway = start_gateway(upstream.url, extra=keys_config(
        [(domain, "vigile", keys["vigile"].path)]))
    held_ids = []
    for _ in range(2):
        code, reply = send(gateway.port, wire_bytes(name), LABELS[name]["rcpt"])
        assert code == 550, reply
        held_ids.append(reply.rsplit("quarantine id ", 1)[1].strip())
    config = str(gateway.config.source)
    for entry_id, extra in zip(held_ids, (["--rewritten"], []), strict=True):
        run = subprocess.run([VIGILE, "--config", config, "quarantine", "release", entry_id,
                              *extra], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
    rewritten, original = (r.data for r in upstream.received)
    assert signatures(rewritten)[0].startswith("v=1;") and verifies(rewritten, dns)
    assert original == wire_bytes(name) and signatures(original) == []
