"""sensitive-content in five languages: profane, hateful, violent and adult words;
payment card numbers (Luhn-checked, so order ids and tracking numbers do not count);
requests for card data, bank logins or passwords. The look-alikes are the words a
compliant message uses: damaged goods, refunds to the buyer's card, "we will never
ask for your password", and words that are harmless in another language."""

from __future__ import annotations

import pytest

from policies.rules.sensitive_content import card_network, luhn_valid
from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

SUBJECT = "Order 405-1234567-7654321"
RULE = "sensitive-content"


def findings(text: str, lang: str, subject: str = SUBJECT) -> set[str]:
    raw = build_message(text=f"Hello,\n\n{text}\n\nThe shop\n", to=BUYERS[lang],
                        subject=subject)
    return rules_found(run_policy(raw, BUYERS[lang]))


SENSITIVE = [
    ("en", "This is bullshit, stop wasting our time."),
    ("en", "Please send us your card number, the expiry date and the CVV."),
    ("en", "We charged the difference to card 4111 1111 1111 1111."),
    ("de", "Wir haben keine Lust mehr auf diesen Scheiß und lassen uns nicht verarschen."),
    ("de", "Bitte teilen Sie uns Ihre Kreditkartennummer und den Sicherheitscode mit."),
    ("fr", "Merci de nous répondre avec le numéro de votre carte bancaire et le "
           "cryptogramme."),
    ("fr", "Ce connard de transporteur a encore perdu le colis."),
    ("it", "Mandaci il numero della carta di credito e il codice di sicurezza."),
    ("it", "Non ci rompere più con queste stronzate."),
    ("es", "No nos haga perder el tiempo con esta mierda."),
    ("es", "Por favor, envíenos el número de su tarjeta y la fecha de caducidad."),
]


@pytest.mark.parametrize(("lang", "text"), SENSITIVE)
def test_offensive_words_card_numbers_and_payment_requests_are_held(
        lang: str, text: str) -> None:
    assert "sensitive-content" in findings(text, lang)


COMPLIANT = [
    ("en", "The shelf was damaged in transit; we will send a replacement. The refund goes "
           "to the card you paid with. We will never ask for your password or card details."),
    ("en", "Your tracking number is 1Z999AA10123456784; tracking number 4111111111111111 "
           "belongs to the carrier. Order 405-1234567-7654321, invoice 2025041712345678."),
    ("de", "Das Regal wurde beim Transport beschädigt. Die Erstattung erfolgt auf die Karte, "
           "mit der Sie bezahlt haben. Sendungsnummer: 00340434161094042557."),
    ("fr", "Votre colis a du retard. Le remboursement apparaîtra sur votre carte bancaire "
           "sous 3 à 5 jours. Ne communiquez jamais le numéro de votre carte."),
    ("it", "Il rimborso sarà accreditato sulla carta usata per l'acquisto. Non inviarci mai i "
           "dati della tua carta: il pagamento avviene solo su Amazon."),
    ("es", "El embalaje era deficiente y el color negro no coincide con la foto. Le hemos "
           "reembolsado el importe en la tarjeta que utilizó."),
    ("it", "Purtroppo c'è una crepa nel vaso: ti abbiamo spedito un vaso nuovo."),
    ("fr", "Nous sommes désolés du retard de livraison de votre commande."),
]


@pytest.mark.parametrize(("lang", "text"), COMPLIANT)
def test_compliant_look_alikes_pass(lang: str, text: str) -> None:
    assert "sensitive-content" not in findings(text, lang)


def test_the_subject_is_read_too() -> None:
    assert "sensitive-content" in findings("Your order.", "en",
                                           subject=f"What the fuck – {SUBJECT}")


@pytest.mark.parametrize("number", ["4111111111111111", "5500000000000004",
                                    "378282246310005", "6011111111111117"])
def test_test_card_numbers_are_cards(number: str) -> None:
    assert card_network(number) and luhn_valid(number)


@pytest.mark.parametrize("number", ["4111111111111112", "4051234567765432"])
def test_numbers_failing_luhn_are_not_cards(number: str) -> None:
    assert not luhn_valid(number)


# Settled detail 25: a bank account to pay or be paid outside Amazon, whichever way the
# money goes. The IBANs are valid (ISO 13616 check digits); a label or a bank line in a
# signature is the seller's imprint, not a payment.
IBAN_PAYMENTS = {
    "en": "Please transfer the £20 difference to our account: IBAN GB82 WEST 1234 5698 7654 32.",
    "de": "Bitte überweisen Sie die Differenz von 20 € auf unser Konto DE89 3704 0044 0532 "
          "0130 00.",
    "fr": "Merci de virer la différence de 20 € sur notre compte FR14 2004 1010 0505 0001 "
          "3M02 606.",
    "es": "Haga una transferencia de la diferencia de 20 € a nuestra cuenta ES91 2100 0418 "
          "4502 0005 1332.",
    "it": "Fai un bonifico della differenza di 20 € sul nostro conto IT60 X054 2811 1010 0000 "
          "0123 456.",
}


@pytest.mark.parametrize("lang", sorted(IBAN_PAYMENTS))
def test_a_bank_account_for_a_payment_outside_amazon_is_held(lang: str) -> None:
    text = f"Hello,\n{IBAN_PAYMENTS[lang]}\nOrder {ORDER_ID}\n"
    decision = run_policy(build_message(text, to=BUYERS[lang]), BUYERS[lang])
    detail = next(f.detail for f in decision.findings if f.rule == RULE)
    assert "bank account" in detail


@pytest.mark.parametrize("text", [
    f"Your order {ORDER_ID} has shipped.\n\nHolzwerk GmbH\nBankverbindung: IBAN DE89 3704 "
    "0044 0532 0130 00",
    f"Your order {ORDER_ID} has shipped: DE89 3704 0044 0532 0130 01 is the parcel label.",
])
def test_a_bank_line_in_a_signature_or_an_invalid_iban_passes(text: str) -> None:
    assert RULE not in rules_found(run_policy(build_message(text)))
