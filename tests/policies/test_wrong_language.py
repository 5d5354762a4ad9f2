"""`wrong-language`: the seller's own text must be in the buyer's language (the order's
when known, else the marketplace's); short texts and quoted history are not judged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from policies.engine import evaluate
from policies.model import OrderRecord, PolicyContext, ReviewRequest
from policies.scope import buyer_marketplace
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

RULE = "wrong-language"
# A compliant delay notice of well over 20 words in each language.
NOTICES = {
    "en": "Hello, we are sorry to let you know that your order {oid} will arrive a few days "
          "later than we promised. Our supplier delivered the fabric late, and the new "
          "delivery date is Friday 23 May. Kind regards, the customer service team",
    "de": "Guten Tag, leider müssen wir Ihnen mitteilen, dass Ihre Bestellung {oid} einige "
          "Tage später als zugesagt bei Ihnen eintrifft. Unser Lieferant hat den Stoff "
          "verspätet geliefert, der neue Liefertermin ist Freitag, der 23. Mai. Mit "
          "freundlichen Grüßen, Ihr Kundenservice",
    "it": "Buongiorno, ci dispiace informarti che il tuo ordine {oid} arriverà qualche "
          "giorno più tardi del previsto. Il nostro fornitore ha consegnato il tessuto in "
          "ritardo e la nuova data di consegna è venerdì 23 maggio. Cordiali saluti, il "
          "servizio clienti",
    "fr": "Bonjour, nous sommes désolés de vous informer que votre commande {oid} arrivera "
          "quelques jours plus tard que prévu. Notre fournisseur a livré le tissu en retard "
          "et la nouvelle date de livraison est le vendredi 23 mai. Cordialement, le "
          "service clients",
    "es": "Hola, sentimos comunicarle que su pedido {oid} llegará unos días más tarde de lo "
          "previsto. Nuestro proveedor entregó la tela con retraso y la nueva fecha de "
          "entrega es el viernes 23 de mayo. Un saludo, el equipo de atención al cliente",
}
LANGS = sorted(NOTICES)
# Each language sent to a marketplace that does not read it.
WRONG_MARKET = {"en": "de", "de": "fr", "it": "es", "fr": "it", "es": "en"}


def notice(lang: str) -> str:
    return NOTICES[lang].format(oid=ORDER_ID)


class Orders:
    """An order book that knows the buyer's language of one order."""

    def __init__(self, language: str) -> None:
        self.language = language

    def order(self, order_id: str) -> OrderRecord | None:
        return OrderRecord(order_id, buyer_language=self.language)

    def review_request(self, order_id: str) -> ReviewRequest | None:
        return None


def with_orders(raw: bytes, rcpt: str, language: str) -> set[str]:
    context = PolicyContext(sender="support@shop.example", recipients=(rcpt,),
                            at=datetime(2025, 4, 16, tzinfo=UTC),
                            marketplace=buyer_marketplace(rcpt), orders=Orders(language))
    return rules_found(evaluate(raw, context))


@pytest.mark.parametrize("lang", LANGS)
def test_text_in_another_language_than_the_marketplace_is_held(lang: str) -> None:
    rcpt = BUYERS[WRONG_MARKET[lang]]
    decision = run_policy(build_message(text=notice(lang), to=rcpt), rcpt)
    assert RULE in rules_found(decision)
    detail = next(f.detail for f in decision.findings if f.rule == RULE)
    assert f"written in {lang}" in detail


@pytest.mark.parametrize("lang", LANGS)
def test_text_in_the_marketplace_language_passes(lang: str) -> None:
    rcpt = BUYERS[lang]
    assert RULE not in rules_found(run_policy(build_message(text=notice(lang), to=rcpt), rcpt))


def test_us_marketplace_takes_spanish() -> None:
    rcpt = BUYERS["us"]
    assert RULE not in rules_found(run_policy(build_message(text=notice("es"), to=rcpt), rcpt))


@pytest.mark.parametrize("lang", LANGS)
def test_order_buyer_language_overrides_the_marketplace(lang: str) -> None:
    other = WRONG_MARKET[lang]
    rcpt = BUYERS[other]
    raw = build_message(text=notice(lang), to=rcpt)
    assert RULE not in with_orders(raw, rcpt, lang)
    assert RULE in with_orders(build_message(text=notice(other), to=rcpt), rcpt, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_fewer_than_twenty_words_are_not_judged(lang: str) -> None:
    rcpt = BUYERS[WRONG_MARKET[lang]]
    short = " ".join(notice(lang).split()[:15])
    assert RULE not in rules_found(run_policy(build_message(text=short, to=rcpt), rcpt))


def test_quoted_buyer_text_in_another_language_is_not_judged() -> None:
    rcpt = BUYERS["de"]
    quoted = "\n".join("> " + line for line in notice("en").split(". "))
    text = f"{notice('de')}\n\nAm 14.04.2025 schrieb Buyer:\n{quoted}\n"
    raw = build_message(text=text, to=rcpt, headers={"In-Reply-To": "<q@amazon>"})
    assert RULE not in rules_found(run_policy(raw, rcpt))


JAPANESE_NOTICE = ("お客様、ご注文{oid}の商品は、仕入れ先からの入荷が"
                   "遅れているため、お約束より数日遅れてお届けとなります。"
                   "新しいお届け予定日は5月23日（金）です。"
                   "ご迷惑をおかけして申し訳ございません。")


def test_japanese_is_judged_by_characters_not_spaces() -> None:
    """Japanese has no spaces: 40 characters or more are judged (settled detail 20)."""
    text = JAPANESE_NOTICE.format(oid=ORDER_ID)
    assert RULE not in rules_found(run_policy(build_message(text, to=BUYERS["ja"]), BUYERS["ja"]))
    assert RULE in rules_found(run_policy(build_message(text, to=BUYERS["de"]), BUYERS["de"]))


def test_fewer_than_forty_japanese_characters_are_not_judged() -> None:
    text = f"ご注文{ORDER_ID}の商品を発送しました。"
    assert RULE not in rules_found(run_policy(build_message(text, to=BUYERS["de"]), BUYERS["de"]))
