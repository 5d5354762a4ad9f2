"""`malformed`: multiparts whose parts cannot be found, and nesting beyond 20 levels, are
held, even though no other rule can read them."""

from __future__ import annotations

import pytest

from policies.model import Verdict
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

RULE = "malformed"
HEAD = (f"From: shop@shop.example\r\nTo: {{to}}\r\nSubject: Order {ORDER_ID}\r\n"
        "MIME-Version: 1.0\r\n")
TEXTS = {
    "en": "Your order {oid} will arrive on Friday.",
    "de": "Ihre Bestellung {oid} kommt am Freitag an.",
    "it": "Il tuo ordine {oid} arriverà venerdì.",
    "fr": "Votre commande {oid} arrivera vendredi.",
    "es": "Su pedido {oid} llegará el viernes.",
}
LANGS = sorted(TEXTS)


def text(lang: str) -> str:
    return TEXTS[lang].format(oid=ORDER_ID)


@pytest.mark.parametrize("lang", LANGS)
def test_multipart_without_boundary_is_held(lang: str) -> None:
    raw = (HEAD.format(to=BUYERS[lang]) + "Content-Type: multipart/alternative\r\n\r\n"
           f"--x\r\nContent-Type: text/plain\r\n\r\n{text(lang)}\r\n--x--\r\n").encode()
    decision = run_policy(raw, BUYERS[lang])
    assert RULE in rules_found(decision) and decision.verdict is Verdict.QUARANTINE
    assert decision.message == raw


@pytest.mark.parametrize("lang", LANGS)
def test_boundary_that_never_occurs_is_held(lang: str) -> None:
    raw = (HEAD.format(to=BUYERS[lang])
           + 'Content-Type: multipart/mixed; boundary="=_declared"\r\n\r\n'
           f"--=_used\r\nContent-Type: text/plain\r\n\r\n{text(lang)}\r\n--=_used--\r\n"
           ).encode()
    decision = run_policy(raw, BUYERS[lang])
    assert RULE in rules_found(decision)
    assert "boundary never occurs" in next(f.detail for f in decision.findings if f.rule == RULE)


@pytest.mark.parametrize("lang", LANGS)
def test_well_formed_multipart_passes(lang: str) -> None:
    raw = build_message(text=text(lang), html=f"<p>{text(lang)}</p>", to=BUYERS[lang])
    assert RULE not in rules_found(run_policy(raw, BUYERS[lang]))


def test_nesting_deeper_than_twenty_levels_is_held() -> None:
    depth = 22
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n'
                      for n in range(depth))
    closing = "".join(f"\r\n--b{n}--" for n in reversed(range(depth)))
    raw = (HEAD.format(to=BUYERS["it"]) + opening
           + f"Content-Type: text/plain\r\n\r\n{text('it')}" + closing + "\r\n").encode()
    assert RULE in rules_found(run_policy(raw, BUYERS["it"]))
