"""Every word-reading rule in Turkish: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: siz-mail as Turkish shops write it,
with the verb at the end of the sentence.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "t5r9k3m7n2b8v4c@marketplace.amazon.com.tr"
SUBJECT = f"{ORDER_ID} numaralı siparişiniz"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<soru@marketplace.amazon.com.tr>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:5]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "Merhaba Elif Hanım,", closing: str = "Saygılarımızla,"
         ) -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nNar Ev Tekstili\n"


FIRES = [
    ("confirmation-only", mail(
        f"{ORDER_ID} numaralı siparişiniz bugün Yurtiçi Kargo ile gönderildi. Kargo "
        "takip numarası: 123456789012. Tahmini teslimat 2-3 iş günüdür.")),
    ("confirmation-only", mail(
        "Güzel haber: paketiniz yola çıktı! Bu sabah kargo firmasına teslim ettik.")),
    ("thanks-only", mail(
        "Nar Ev Tekstili'ni tercih ettiğiniz için çok teşekkür ederiz. Umarız "
        "havlularımızı çok beğenirsiniz. Aklınıza takılan bir şey olursa bize her zaman "
        "ulaşabilirsiniz.")),
    ("thanks-only", mail(
        "Siparişiniz için teşekkürler! Güle güle kullanın, iyi günlerde kullanmanızı "
        "dileriz.", greeting="Merhaba,", closing="Sevgiyle,")),
    ("promotional", mail(
        "Bir sonraki siparişinizde NAR15 koduyla %15 indirim sizi bekliyor.")),
    ("promotional", mail(
        "Bizi Instagram'da takip edin, yeni koleksiyonumuzu ilk siz görün.")),
    ("promotional", mail(
        "Yeni sezon geldi! Keten nevresim takımları stoklarla sınırlı, kaçırmayın.")),
    ("review-incentive", mail(
        "Amazon'da bize 5 yıldız vererek küçük atölyemize büyük destek olabilirsiniz.")),
    ("review-incentive", mail(
        "Yorumunuzun ekran görüntüsünü gönderin, size 100 TL değerinde hediye çeki "
        "tanımlayalım.")),
    ("review-incentive", mail(
        "Lütfen Amazon'da bir yorum bırakın. Teşekkür olarak size 50 TL iade edeceğiz.")),
    ("review-removal", mail(
        "Sorun çözüldüğüne göre olumsuz yorumunuzu kaldırmanızı rica ederiz.")),
    ("review-removal", mail(
        "Ücretin tamamını iade ettik. Değerlendirmenizi bu son duruma göre güncellemeyi "
        "düşünür müsünüz?")),
    ("review-gating", mail(
        "Ürünümüzden memnun kaldıysanız Amazon'da bir değerlendirme bırakabilirsiniz.")),
    ("review-gating", mail(
        "Bir sorun yaşadıysanız lütfen yorum yazmadan önce bize ulaşın.")),
    ("cancellation-request", mail(
        "Maalesef bu renk tükendi. Siparişinizi Amazon hesabınızdan iptal etmenizi rica "
        "ederiz.")),
    ("cancellation-request", mail(
        "Ürünü temin edemiyoruz; bu nedenle siparişi iptal etmeniz gerekiyor.")),
    ("cancellation-request", mail(
        "Masa lambası artık üretilmiyor. Siparişinizi Siparişlerim sayfasından iptal "
        "edebilirsiniz.")),
    ("missing-adjustment", mail(
        "Maalesef örtü stokta kalmadı ve tedarikçimiz henüz bir tarih veremiyor. "
        "Yaşanan aksaklık için özür dileriz.")),
    ("missing-adjustment", mail(
        "Siparişinizi gönderemiyoruz. İptal ettiğinizde ücret iadeniz başlatılacaktır.")),
    ("sensitive-content", mail(
        "Fiyat farkını iade etmek için IBAN numaranızı ve hesap sahibinin adını bu "
        "mesaja yanıt olarak yazın.")),
    ("sensitive-content", mail(
        "Kredi kartı numaranızı ve güvenlik kodunu gönderin, farkı tahsil edelim.")),
    ("sensitive-content", mail(
        "Fark ücretini iade edebilmemiz için kart numaranızı ve son kullanma tarihini "
        "gönderir misiniz?")),
    ("sensitive-content", mail("Yeter artık, siktir git şerefsiz.",
                               greeting="Merhaba,", closing="Selam,")),
    ("unsubscribe-link", mail(
        "Havlunuz yarın kargoya verilecek; 40 derecede yıkanabilir.\n\nBu tür e-postalar "
        "almak istemiyorsanız abonelikten çıkabilirsiniz.")),
]

QUIET = [
    ("confirmation-only", mail(
        "Siparişiniz gönderildi, ancak ikinci yastık ayrı bir koli ile bir gün sonra "
        "ulaşacak.")),
    ("confirmation-only", mail(
        "Kanepeniz gelecek hafta nakliye firmasıyla teslim edilecek. Hangi gün sizin "
        "için uygun?")),
    ("thanks-only", mail(
        "Limandaki grev nedeniyle siparişiniz gecikecek. Yeni kargo tarihi 24 Nisan. "
        "Sabrınız için teşekkür ederiz.")),
    ("promotional", mail(
        "Bazı lambaların duyu gevşek çıktı. Size ücretsiz yeni bir duy gönderiyoruz; "
        "ücretsiz değişim yapabileceğimizin en azı.")),
    ("review-incentive", mail(
        "Olumlu da olsa olumsuz da olsa, dürüst yorumunuz diğer alıcılara yardımcı olur.")),
    ("review-incentive", mail(
        "Lambanın fiyatı düştüğü için aradaki 80 TL farkı iade ettik. Lamba sorunsuz "
        "çalışıyor mu?")),
    ("review-removal", mail(
        "Yorumunuz için teşekkürler. Kurulum kılavuzunu yorumunuz sayesinde güncelledik.")),
    ("review-gating", mail(
        "Vaktiniz olursa Amazon'da ürünü değerlendirebilirsiniz. Siparişinizle ilgili "
        "bir sorunuz olursa bu mesajı yanıtlamanız yeterli.")),
    ("cancellation-request", mail(
        "Siparişiniz gecikti; yeni kargo tarihi 2 Mayıs. Beklemek istemezseniz "
        "siparişinizi iptal edebilirsiniz.")),
    ("cancellation-request", mail(
        "Vazo tükendi, bu yüzden siparişinizi iptal ettik ve tutarın tamamı iade edildi. "
        "Herhangi bir işlem yapmanıza gerek yoktur.")),
    ("missing-adjustment", mail(
        "Sandalye stokta kalmadı; siparişinizi iptal ettik ve ödemeniz iade edildi.")),
    ("missing-adjustment", mail(
        "Yastıklar şu an stokta yok ancak 6 Mayıs'ta tekrar stoklara giriyor. "
        "Siparişiniz 7 Mayıs'ta kargoya verilecek.")),
    ("sensitive-content", mail(
        "Lütfen şifrenizi veya kart bilgilerinizi asla kimseyle paylaşmayın.")),
    ("unsubscribe-link", mail(
        "Kurulum salı günü yapılacak. Teknisyen eski cihazın abonelik kaydını da "
        "kapatacak.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_turkish(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_turkish(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("Bu güzel mesajınız için asıl biz teşekkür ederiz!")
    assert "thanks-only" not in findings(text, reply=True)


TURKISH_LETTER = mail(
    "Dresuarın ikinci kat doğal yağ cilası atölyemizdeki nem nedeniyle beklediğimizden "
    "uzun sürede kuruyor. Cila tam kurumadan ürünü paketlersek yüzeyde ambalaj izi "
    "kalıyor, bu yüzden aceleye getirmek istemiyoruz.")


def test_turkish_to_a_german_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(TURKISH_LETTER, rcpt=BUYERS["de"])


def test_turkish_to_a_turkish_buyer_is_not() -> None:
    assert "wrong-language" not in findings(TURKISH_LETTER)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("Kurulum kılavuzu kutunun içinde. Sorun olursa 0216 487 60 24 numaralı "
                "hattımızdan bizi arayabilirsiniz.")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "Garanti işlemleri için üreticinin yetkili servisi 0216 487 60 24 numarasından "
    "hizmet veriyor.",
    "Kargo firması Aras Kargo'nun müşteri hattı 0216 487 60 24.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"Kanepeniz salı günü teslim edilecek. {sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "Faturamız vergi no 1234567890 ve MERSİS 0123456789012345 ile düzenlenmiştir.",
    "Teslimat 02.06.2025 tarihinde 08:00-12:00 arasında yapılacak.",
])
def test_dates_and_register_numbers_are_not_contact_details(sentence: str) -> None:
    assert "contact-details" not in findings(mail(sentence))


# Unseen messages written in rounds while the lists grew (each round measured before
# fixing it): whole messages, with the rules that must and must not be found.
WORD_RULES = ["confirmation-only", "thanks-only", "promotional", "review-incentive",
              "review-removal", "review-gating", "cancellation-request",
              "missing-adjustment", "sensitive-content"]
ROUNDS = [
    (['confirmation-only'], [],
     "Merhaba,\n\nSiparişiniz bugün Aras Kargo'ya teslim edilmiştir. "
     'Kargo takip numaranız: 1234567890.\n\nİyi günler'),
    (['thanks-only'], [],
     'Merhaba Ayşe Hanım,\n\nBizden alışveriş yaptığınız için çok '
     'teşekkür ederiz. Umarız ürünümüzü çok seversiniz.\n\n'
     'Saygılarımızla'),
    (['review-incentive'], [],
     "Merhaba,\n\nAmazon'a 5 yıldızlı yorum yazarsanız size 50 TL "
     'hediye çeki göndereceğiz.\n\nSaygılarımızla'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Merhaba,\n\nÜrün stoklarımızda kalmadı. Lütfen siparişinizi '
     'iptal ediniz.\n\nSaygılarımızla'),
    (['review-removal'], [],
     'Merhaba,\n\nSorun çözüldüyse lütfen yorumunuzu silebilir '
     'misiniz?\n\nSaygılarımızla'),
    ([], WORD_RULES,
     'Merhaba,\n\nSiparişiniz kargoya verildi. Not: lamba E27 ampul '
     'ile çalışır, ampul pakete dahil değildir.\n\nİyi günler'),
    ([], WORD_RULES,
     'Merhaba,\n\nYanlış renk gönderdiğimiz için özür dileriz. Doğru '
     'rengi ücretsiz olarak yarın kargoya veriyoruz.\n\n'
     'Saygılarımızla'),
    ([], WORD_RULES,
     "Merhaba,\n\nÜrününüzün sorunsuz ulaştığını umuyoruz. Amazon'da "
     'bir değerlendirme yazabilir misiniz? Tüm yorumları okuyoruz.\n'
     '\nSaygılarımızla'),
    (['review-gating'], [],
     'Merhaba,\n\nÜrünü beğendiyseniz bize yorum bırakır mısınız? '
     'Beğenmediyseniz önce bize yazın.\n\nSaygılar'),
    (['promotional'], [],
     'Merhaba,\n\nYaz indirimi başladı! Web sitemizde tüm ürünlerde '
     '%30 indirim.\n\nSaygılar'),
    (['cancellation-request', 'missing-adjustment'], [],
     'Merhaba,\n\nÜrün artık üretilmiyor. Siparişi iptal etmenizi '
     'öneririz.\n\nSaygılar'),
    (['sensitive-content'], [],
     'Merhaba,\n\nFark ücretini iade edebilmemiz için kart '
     'numaranızı ve son kullanma tarihini gönderir misiniz?\n\n'
     'Saygılar'),
    ([], ['confirmation-only'],
     'Merhaba,\n\nSiparişiniz kargoya verildi. Evde olmayacaksanız '
     'teslimat gününü değiştirebilirsiniz.\n\nSaygılar'),
    ([], WORD_RULES,
     'Merhaba,\n\nSize ücretsiz yedek parça gönderdik. Vaktiniz '
     'olursa dürüst bir yorum bizi çok mutlu eder.\n\nSaygılar'),
    (['missing-adjustment'], [],
     'Merhaba,\n\nSandalye tükendi. Siparişi iptal ettiğinizde '
     'ücretinizi iade edeceğiz.\n\nSaygılar'),
    (['unsubscribe-link'], [],
     'Merhaba,\n\nBültenimizden çıkmak için buraya tıklayın.\n\n'
     'Saygılar'),
    ([], WORD_RULES,
     'Merhaba,\n\nRengi beğenmediyseniz battaniyeyi 30 gün içinde '
     'Siparişlerim üzerinden iade edebilirsiniz.\n\nSaygılar'),
    (['promotional'], [],
     'Merhaba,\n\nBir dahaki sefere doğrudan web sitemizden sipariş '
     'verin, %10 indirim kazanın.\n\nSaygılar'),
    (['review-removal'], [],
     'Merhaba,\n\nLambayı değiştirdiğimize göre puanınızı yeniden '
     'gözden geçirebilir misiniz?\n\nSaygılar'),
    (['confirmation-only'], [],
     'Merhaba Elif,\n\nMumlarınız bugün özenle paketlendi ve kargoya '
     'teslim edildi. Çok yakında sizinle!\n\nSevgiyle,\nNina'),
    (['thanks-only'], [],
     'Merhaba,\n\nTüm ailemiz adına çok teşekkür ederiz! Sizin gibi '
     'müşteriler olmasa küçük işletmemiz var olamazdı. Mutlu '
     'yıllar dileriz.\n\nSevgiyle,\nYılmaz Ailesi'),
    (['confirmation-only'], [],
     'Merhaba,\n\nPaketiniz teslim edildi ve komşunuz tarafından '
     'teslim alındı.\n\nSaygılarımızla'),
    (['review-incentive'], [],
     'Merhaba,\n\nYorum bırakın, bir sonraki alışverişinizde %10 '
     'indirim kazanın!\n\nSaygılar'),
    (['review-incentive'], [],
     'Merhaba,\n\nBize beş yıldız verirseniz ürün bedelinin tamamını '
     'iade ediyoruz.\n\nSaygılar'),
    (['review-gating'], [],
     "Merhaba,\n\nSadece tamamen memnun kaldıysanız Amazon'daki "
     'yorumunuzu bekliyoruz.\n\nSaygılar'),
    (['missing-adjustment'], ['cancellation-request'],
     'Merhaba,\n\nÜretici bu modeli artık göndermiyor. Siparişi '
     'iptal edeceğiz, paranız 3 gün içinde iade edilecek.\n\n'
     'Saygılar'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'Merhaba,\n\nVazo stokta kalmadığı için siparişiniz iptal '
     'edildi ve ödemenin tamamı iade edildi.\n\nSaygılar'),
    (['sensitive-content'], [],
     'Merhaba,\n\nO olumsuz yorumu silmezseniz pişman olacaksınız.\n\n'
     'Saygılar'),
    (['sensitive-content'], [],
     'Merhaba,\n\nİade için banka şifrenizi ve internet bankacılığı '
     'bilgilerinizi göndermeniz gerekiyor.\n\nSaygılar'),
    (['promotional'], [],
     "Merhaba,\n\nİzmir'deki mağazamızı ve Facebook sayfamızı da "
     'ziyaret edin.\n\nSaygılar'),
    ([], WORD_RULES,
     'Merhaba,\n\nYıldızlı gece lambasının üç modu var; değiştirmek '
     'için düğmeye iki saniye basılı tutun. Piller takılı olarak '
     'gelir.\n\nSaygılar'),
    ([], WORD_RULES,
     'Merhaba,\n\nKoli içinde ücretsiz iade etiketi var. Siparişi '
     'iptal etmenize gerek yok, eksik vidaları bugün gönderiyoruz.\n'
     '\nSaygılar'),
    (['cancellation-request'], [],
     'Merhaba,\n\nBu renk artık mevcut değil. En kolayı siparişi '
     'Siparişlerim sayfasından sizin iptal etmeniz.\n\nSaygılar'),
    ([], ['cancellation-request'],
     'Merhaba,\n\nTeslimat bir hafta gecikecek, yeni teslimat tarihi '
     '12 Haziran. Beklemek istemezseniz siparişi iptal '
     'edebilirsiniz.\n\nSaygılar'),
    ([], ['review-gating', 'review-incentive'],
     'Merhaba,\n\nLambadan memnun kaldığınızı umuyoruz. Deneyiminizi '
     "Amazon'da bir yorumla paylaşır mısınız?\n\nSaygılar"),
    ([], ['review-gating', 'review-incentive'],
     'Merhaba,\n\nSiparişinizle ilgili bir sorun olursa bize yazın. '
     "İsterseniz Amazon'da bir değerlendirme de bırakabilirsiniz.\n\n"
     'Saygılar'),
    ([], ['promotional'],
     'Merhaba,\n\nPaketiniz teslim noktasında. Teslim almak için '
     '4KX92M kodunu kullanın; paket bir hafta bekletilir.\n\n'
     'Saygılar'),
    (['review-gating'], [],
     "Merhaba,\n\nLambayı beğendiğinizi umuyoruz. Öyleyse Amazon'da "
     'bir yorum bırakın.\n\nSaygılar'),
    ([], ['cancellation-request'],
     'Merhaba,\n\nSiparişiniz gecikecek, yeni teslimat tarihi 20 '
     'Haziran. Bu size çok geç kalıyorsa siparişi iptal '
     'edebilirsiniz.\n\nSaygılar'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"Farkı {IBAN} hesabına havale edin, masayı hemen gönderelim."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
