"""`unsubscribe-link`: list headers and unsubscribe offers go, in plain text and HTML."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest

from policies.rules import all_rules
from tests.policies.conftest import BUYERS, build_message, rules_found, run_policy

RULE = "unsubscribe-link"
ONLY_THIS_RULE = {rule.id: "off" for rule in all_rules() if rule.id != RULE}
LIST_URL = "https://news.shop.example/u?id=91f2"
HEADERS = {"List-Unsubscribe": f"<{LIST_URL}>, <mailto:off@news.shop.example>",
           "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

# language: (the seller's message, a footer line offering to unsubscribe, what the
# footer says; an HTML body sentence with an inline unsubscribe link)
CASES = {
    "en": ("We have refunded your return of the kettle in full through Amazon today.",
           "You no longer want these emails? Unsubscribe here:",
           "Unsubscribe",
           'Thanks again. If you prefer, you can <a href="{url}">opt out of these emails</a>.'),
    "it": ("Abbiamo rimborsato oggi l'intero importo del reso tramite Amazon.",
           "Non vuoi più ricevere queste comunicazioni? Disiscriviti:",
           "Disiscriviti",
           'Grazie ancora. Se preferisci, puoi <a href="{url}">annullare l\'iscrizione</a>.'),
    "de": ("Wir haben Ihnen den vollen Betrag der Rücksendung heute über Amazon erstattet.",
           "Sie möchten keine E-Mails mehr von uns erhalten? Hier können Sie sich abmelden:",
           "abmelden",
           'Vielen Dank. Vom Newsletter können Sie sich <a href="{url}">hier abmelden</a>.'),
    "fr": ("Nous vous avons remboursé aujourd'hui le montant total du retour via Amazon.",
           "Pour vous désabonner, cliquez ici :",
           "désabonner",
           'Merci encore. Si vous le souhaitez, vous pouvez <a href="{url}">vous désinscrire</a>.'),
    "es": ("Hoy le hemos reembolsado el importe completo de la devolución a través de Amazon.",
           "Si no desea recibir más correos nuestros, puede darse de baja aquí:",
           "darse de baja",
           'Gracias de nuevo. Si lo prefiere, puede <a href="{url}">darse de baja</a>.'),
    "nl": ("We hebben het volledige bedrag van uw retour vandaag via Amazon terugbetaald.",
           "Wilt u deze e-mails niet meer ontvangen? Meld u hier af:",
           "Meld u hier af",
           'Nogmaals bedankt. Wilt u geen nieuwsbrief meer, <a href="{url}">schrijf u dan '
           "uit</a>."),
    "sv": ("Vi har i dag återbetalat hela beloppet för din retur via Amazon.",
           "Vill du inte längre få våra e-postmeddelanden? Avregistrera dig här:",
           "Avregistrera",
           'Tack igen. Om du vill kan du <a href="{url}">avsluta prenumerationen</a>.'),
    "pl": ("Dzisiaj zwróciliśmy pełną kwotę za zwrot przez Amazon.",
           "Nie chcesz już otrzymywać tych wiadomości? Wypisz się tutaj:",
           "Wypisz się",
           'Dziękujemy raz jeszcze. Jeśli wolisz, możesz <a href="{url}">wypisać się z '
           "newslettera</a>."),
    "pt": ("Hoje reembolsámos o valor total da sua devolução através da Amazon.",
           "Não quer receber mais estes e-mails? Cancele a inscrição aqui:",
           "Cancele a inscrição",
           'Obrigado mais uma vez. Se preferir, pode <a href="{url}">cancelar a '
           "inscrição</a>."),
    "tr": ("İadenizin tutarının tamamını bugün Amazon üzerinden geri ödedik.",
           "Bu e-postaları artık almak istemiyor musunuz? Abonelikten çıkmak için:",
           "Abonelikten çıkmak",
           'Tekrar teşekkürler. Dilerseniz <a href="{url}">abonelikten çıkabilirsiniz</a>.'),
    "ja": ("本日、Amazonを通じて返品分の全額を返金いたしました。",
           "今後メールの配信を希望されない場合は、こちらから配信停止できます：",
           "配信停止",
           'ありがとうございました。 メールマガジンの<a href="{url}">配信停止はこちら</a>。'),
    "ar": ("لقد رددنا لك اليوم المبلغ الكامل للمرتجع عبر أمازون.",
           "لا ترغب في تلقي هذه الرسائل؟ يمكنك إلغاء الاشتراك من هنا:",
           "إلغاء الاشتراك",
           'شكرا مرة أخرى. إذا أردت يمكنك <a href="{url}">إلغاء الاشتراك في النشرة</a>.'),
}

# Compliant look-alikes: unsubscribe-like words that do not offer to stop the mail.
LOOK_ALIKES = {
    "en": "You can cancel your Subscribe & Save subscription at any time in your Amazon "
          "account; the replacement filter ships today for your order.",
    "it": "La garanzia del produttore non richiede alcuna iscrizione: riceverai tutte le "
          "comunicazioni sulla spedizione del ricambio direttamente da Amazon.",
    "de": "Falls der Liefertermin nicht passt, können Sie ihn bei der Spedition abmelden und "
          "einen neuen Termin für die Zustellung vereinbaren.",
    "fr": "Vous ne recevrez plus de relance de notre part : le remplacement du miroir est "
          "parti aujourd'hui et arrivera jeudi.",
    "es": "Puede cancelar su suscripción de «Suscríbete y ahorra» desde su cuenta de Amazon; "
          "el filtro de repuesto sale hoy.",
    "nl": "U kunt uw abonnement op Sparen via abonnement altijd in uw Amazon-account "
          "opzeggen; het vervangende filter wordt vandaag verzonden.",
    "sv": "Du behöver inte registrera dig för garantin: reservdelen skickas i dag och "
          "kommer på torsdag.",
    "pl": "Nie musisz się nigdzie zapisywać, aby skorzystać z gwarancji: część zamienna "
          "wyjdzie dzisiaj.",
    "pt": "Não precisa de se inscrever em nada para a garantia: a peça de substituição "
          "segue hoje.",
    "tr": "Garanti için herhangi bir üyelik gerekmiyor: yedek parça bugün kargoya "
          "verilecek.",
    "ja": "保証のための会員登録は不要です。交換部品は本日発送いたします。",
    "ar": "لا تحتاج إلى أي اشتراك للاستفادة من الضمان: سيتم شحن القطعة البديلة اليوم.",
}


def bodies(raw: bytes) -> dict[str, str]:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert not message.defects
    return {part.get_content_subtype(): part.get_content() for part in message.walk()
            if part.get_content_maintype() == "text"}


def check(raw: bytes, rcpt: str) -> dict[str, str]:
    """Run the rule alone; it must fire, leave valid MIME, and find nothing the second time."""
    decision = run_policy(raw, rcpt, actions=ONLY_THIS_RULE)
    assert rules_found(decision) == {RULE}, decision.as_json()
    again = run_policy(decision.message, rcpt, actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(again), again.as_json()
    parsed = BytesParser(policy=policy.default).parsebytes(decision.message)
    assert "List-Unsubscribe" not in parsed and "List-Unsubscribe-Post" not in parsed
    return bodies(decision.message)


@pytest.mark.parametrize("lang", CASES)
def test_footer_with_headers_goes_from_both_parts(lang: str) -> None:
    message, footer, offer_word, _ = CASES[lang]
    text = f"{message}\n\nShop\n\n--\n{footer} {LIST_URL}\n"
    html = (f"<p>{message}</p><p>Shop</p><hr><p>{footer} "
            f'<a href="{LIST_URL}">{LIST_URL}</a></p>')
    raw = build_message(text, html, to=BUYERS[lang], headers=HEADERS)
    result = check(raw, BUYERS[lang])
    for body in result.values():
        assert message in body
        assert offer_word.lower() not in body.lower()
        assert LIST_URL not in body
    assert result["plain"].rstrip().endswith("Shop")
    assert "<hr" not in result["html"]


@pytest.mark.parametrize("lang", CASES)
def test_sentence_with_inline_link_goes_and_the_rest_stays(lang: str) -> None:
    message, _, _, sentence = CASES[lang]
    thanks = re.split(r"(?<=[.。]) ", sentence)[0]
    html = f"<p>{message}</p><p>{sentence.format(url='https://shop.example/u/1')}</p>"
    result = check(build_message(html=html, to=BUYERS[lang]), BUYERS[lang])
    assert message in result["html"]
    assert thanks in result["html"]
    assert "shop.example/u/1" not in result["html"]


@pytest.mark.parametrize("lang", LOOK_ALIKES)
def test_look_alikes_are_left_alone(lang: str) -> None:
    text = LOOK_ALIKES[lang]
    raw = build_message(text, f"<p>{text}</p>", to=BUYERS[lang])
    decision = run_policy(raw, BUYERS[lang], actions=ONLY_THIS_RULE)
    assert RULE not in rules_found(decision)
    assert decision.message == raw


def test_headers_alone_are_removed() -> None:
    message = CASES["en"][0]
    result = check(build_message(message, headers=HEADERS), BUYERS["en"])
    assert message in result["plain"]


def test_link_to_the_list_address_goes_whatever_its_words() -> None:
    html = f'<p>{CASES["en"][0]}</p><p><a href="{LIST_URL}">Click here</a></p>'
    result = check(build_message(html=html, headers=HEADERS), BUYERS["en"])
    assert "Click here" not in result["html"] and CASES["en"][0] in result["html"]


def test_newsletter_footer_block_goes_with_its_boilerplate() -> None:
    text = (f"{CASES['en'][0]}\n\nThe team\n\n=====================\n"
            "You are receiving this email because you bought from us on Amazon.\n\n"
            f"Unsubscribe from this list:\n{LIST_URL}\n\n"
            "Update your preferences:\nhttps://news.shop.example/p?id=91f2\n")
    html = (f"<p>{CASES['en'][0]}</p><table><tr><td>"
            "<em>You are receiving this email because you bought from us on Amazon.</em><br>"
            f'<a href="{LIST_URL}">Unsubscribe from this list</a> | '
            '<a href="https://news.shop.example/p?id=91f2">Update your preferences</a>'
            "</td></tr></table>")
    result = check(build_message(text, html, headers=HEADERS), BUYERS["en"])
    assert result["plain"].rstrip().endswith("The team")
    for body in result.values():
        assert "receiving" not in body and "preferences" not in body and "|" not in body
