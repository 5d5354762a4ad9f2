"""The RSA step of DKIM signing runs in OpenSSL (gateway/dkim.py) and must give the very
signature dkimpy's own Python arithmetic gives: PKCS#1 v1.5 is deterministic."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from dkim import crypto

from gateway.dkim import openssl_rsa_sign


@pytest.mark.parametrize("algorithm", ["sha256", "sha1"])
def test_openssl_signature_is_dkimpys(algorithm: str) -> None:
    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption())
    numbers = crypto.parse_pem_private_key(pem)
    for text in (b"", b"From: a@shop.example", b"x" * 5000):
        digest = hashlib.new(algorithm, text)
        assert openssl_rsa_sign(digest, numbers) == \
            crypto.RSASSA_PKCS1_v1_5_sign(digest, numbers)
