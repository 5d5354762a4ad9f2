"""Every word-reading rule in Arabic: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "positive or negative", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: Modern Standard Arabic as Gulf
shops write it, and Egyptian as Egyptian shops do, with and without diacritics, with
the conjunctions and prepositions attached (وبتقييم، للإلغاء).
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "a8r3b6c9d2e5f1g@marketplace.amazon.ae"
SAUDI_BUYER = "a8r3b6c9d2e5f1g@marketplace.amazon.sa"
EGYPTIAN_BUYER = "a8r3b6c9d2e5f1g@marketplace.amazon.eg"
SUBJECT = f"بخصوص طلبك رقم {ORDER_ID}"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<sual@marketplace.amazon.ae>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return " ".join(lines[2].split()[:4]) if len(lines) > 2 else value


def mail(body: str, greeting: str = "مرحبًا أستاذ سالم،", closing: str = "مع خالص التحية،"
         ) -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\nمتجر الواحة\n"


FIRES = [
    ("confirmation-only", mail(
        f"يسعدنا إبلاغك بأنه تم شحن طلبك رقم {ORDER_ID} اليوم مع أرامكس.\n"
        "رقم الشحنة: 3456789012\nالموعد المتوقع للتوصيل: خلال 2 إلى 3 أيام عمل.")),
    ("confirmation-only", mail(
        "طلبك اتشحن النهارده وهو في الطريق ليك.",
        greeting="أهلاً بيك،", closing="مع تحيات،")),
    ("thanks-only", mail(
        "شكرًا لاختيارك متجر الواحة، نتمنى أن ينال العطر إعجابك.\n"
        "إذا احتجت أي مساعدة فنحن في خدمتك دائمًا.")),
    ("thanks-only", mail(
        "نشكرك على ثقتك بنا وعلى طلبك الكريم، ونتمنى لك يومًا سعيدًا.")),
    ("promotional", mail(
        "استخدم كود الخصم WAHA15 واحصل على خصم 15% على طلبك القادم من متجرنا الإلكتروني.")),
    ("promotional", mail(
        "تابعونا على انستغرام واكتشف تشكيلتنا الجديدة من البخور.")),
    ("promotional", mail(
        "وصل حديثًا: دهن العود الكمبودي. اطلبه الآن، الكمية محدودة!")),
    ("review-incentive", mail(
        "يسعدنا دعمك بتقييم خمس نجوم على صفحة المنتج في أمازون.")),
    ("review-incentive", mail(
        "أرسل لنا لقطة شاشة من تقييمك وسنرسل لك بطاقة هدايا بقيمة 50 درهم.")),
    ("review-incentive", mail(
        "اكتب لنا تقييمك على أمازون، وهنبعتلك 100 جنيه كاش باك مقابل التقييم.",
        greeting="أهلاً يا فندم،", closing="مع تحيات،")),
    ("review-removal", mail(
        "بعد أن أرسلنا لك عطرًا بديلًا، نرجو منك تعديل تقييمك السلبي على أمازون.")),
    ("review-removal", mail(
        "رجعنالك فلوسك كاملة، ياريت تمسح التقييم اللي كتبته.",
        greeting="أهلاً يا أستاذ كريم،", closing="مع تحيات،")),
    ("review-gating", mail(
        "إذا كنت راضيًا عن المنتج، يسعدنا أن تترك لنا تقييمًا على أمازون.")),
    ("review-gating", mail(
        "في حال وجود أي مشكلة، نرجو أن تراسلنا أولاً قبل كتابة أي تقييم.")),
    ("cancellation-request", mail(
        "نعتذر، المنتج نفد من المخزون. نرجو منك إلغاء الطلب من صفحة طلباتك على أمازون.")),
    ("cancellation-request", mail(
        "للأسف مش هنقدر نشحن الطلب، علشان كده محتاجين من حضرتك تعمل طلب إلغاء.",
        greeting="أهلاً يا فندم،", closing="مع تحيات،")),
    ("cancellation-request", mail(
        "المنتج لم يعد متوفرًا لدى المورد. يمكنك إلغاء الطلب من صفحة طلباتك.")),
    ("cancellation-request", mail(
        "المنتج نفد من المخزون، ونوصيك بإلغاء الطلب من حسابك.")),
    ("missing-adjustment", mail(
        "نأسف لإبلاغك بأن المنتج غير متوفر حاليًا، ولا نعرف متى سيتوفر مرة أخرى.")),
    ("missing-adjustment", mail(
        "لا يمكننا شحن طلبك. بمجرد إلغاء الطلب سيتم رد المبلغ إليك.")),
    ("sensitive-content", mail(
        "لتحويل فرق السعر، نرجو إرسال رقم الآيبان واسم صاحب الحساب.")),
    ("sensitive-content", mail(
        "أرسل لنا رقم البطاقة والرمز السري لنخصم فرق السعر مباشرة.")),
    ("sensitive-content", mail("انت كداب يا حيوان، ومش عايزين زبون زيك.",
                               greeting="يا أستاذ،", closing="تكنو")),
    ("unsubscribe-link", mail(
        "سيتم شحن المبخرة غدًا، وننصح بتنظيفها بقطعة قماش جافة.\n\n"
        "إذا كنت لا ترغب في تلقي رسائلنا، يمكنك إلغاء الاشتراك من هنا.")),
]

QUIET = [
    ("confirmation-only", mail(
        "تم شحن طلبك اليوم، لكن الوسادة الثانية ستصل في شحنة منفصلة بعد يوم.")),
    ("confirmation-only", mail(
        "سيتم توصيل الكنبة الأسبوع القادم عن طريق شركة النقل. نرجو الرد باختيار الموعد "
        "المناسب لك.")),
    ("thanks-only", mail(
        "نعتذر عن التأخير في شحن طلبك بسبب إضراب في الميناء.\n"
        "الموعد الجديد للتوصيل هو 24 أبريل.\nشكرًا لصبرك وتفهمك.")),
    ("promotional", mail(
        "اكتشفنا عيبًا في غطاء بعض المباخر، لذلك سنرسل لك غطاءً جديدًا مجانًا.\n"
        "الاستبدال المجاني هو أقل ما يمكننا تقديمه.")),
    ("review-incentive", mail(
        "سواء كانت تجربتك إيجابية أو سلبية، فإن تقييمك الصادق يساعد المشترين الآخرين.")),
    ("review-incentive", mail(
        "انخفض سعر المنتج بعد طلبك، لذلك قمنا اليوم باسترداد فرق السعر وقدره 40 درهمًا.\n"
        "هل يعمل الجهاز بشكل جيد؟")),
    ("review-removal", mail(
        "شكرًا على تقييمك. عدلنا دليل التركيب بناءً على ملاحظاتك.")),
    ("review-gating", mail(
        "إن سمح وقتك، يسعدنا أن تشاركنا تقييمك للمنتج على أمازون.\n"
        "وإذا كان لديك أي استفسار عن طلبك، يكفي الرد على هذه الرسالة.")),
    ("cancellation-request", mail(
        "تأخر شحن طلبك، والموعد الجديد للتوصيل هو 2 مايو.\n"
        "إذا كنت لا ترغب في الانتظار، يمكنك إلغاء الطلب من صفحة طلباتك.")),
    ("cancellation-request", mail(
        "نفدت الكمية من المخزون، لذلك قمنا بإلغاء طلبك وتم استرداد المبلغ كاملًا.\n"
        "لا يلزمك القيام بأي إجراء.")),
    ("missing-adjustment", mail(
        "المنتج غير متوفر، لذلك ألغينا طلبك وقمنا باسترداد المبلغ بالكامل.")),
    ("missing-adjustment", mail(
        "الوسائد غير متوفرة حاليًا، لكن موعد الشحن الجديد هو 7 مايو.")),
    ("sensitive-content", mail(
        "تنبيه: لن نطلب منك أبدًا كلمة المرور أو بيانات البطاقة.")),
    ("sensitive-content", mail(
        "هذا المنتج آمن على الحيوانات الأليفة، ويمكن استخدامه مع سلة الزبالة.")),
    ("unsubscribe-link", mail(
        "سيزورك الفني يوم الثلاثاء للتركيب، وسيقوم بإلغاء الاشتراك القديم في خدمة الصيانة.")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_arabic(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_arabic(rule: str, text: str) -> None:
    assert rule not in findings(text)


@pytest.mark.parametrize("rcpt", [BUYER, SAUDI_BUYER, EGYPTIAN_BUYER])
def test_diacritics_and_tatweel_do_not_hide_a_review_incentive(rcpt: str) -> None:
    text = mail("يَسْعَدُنا دَعْمُكَ بِتَقْيِيمِ خَمْسِ نُجُومٍ، وسنرسل لك هديـــة مقابل التقييـــم.")
    assert "review-incentive" in findings(text, rcpt=rcpt)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("شكرًا جزيلًا على رسالتك اللطيفة، سعدنا بها كثيرًا!")
    assert "thanks-only" not in findings(text, reply=True)


ARABIC_LETTER = mail(
    "لكل لتر ماء نضيف ثلاث ملاعق كبيرة من القهوة، ثم نتركها تغلي على نار هادئة عشر "
    "دقائق. بعد ذلك نطفئ النار ونضيف ملعقة صغيرة من الهيل المطحون ونتركها ثلاث دقائق "
    "حتى تركد، ثم نصبها في الدلة بهدوء.")


def test_arabic_to_a_german_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(ARABIC_LETTER, rcpt=BUYERS["de"])


@pytest.mark.parametrize("rcpt", [BUYER, SAUDI_BUYER, EGYPTIAN_BUYER])
def test_arabic_to_a_gulf_or_egyptian_buyer_is_not(rcpt: str) -> None:
    assert "wrong-language" not in findings(ARABIC_LETTER, rcpt=rcpt)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("دليل التركيب موجود داخل العلبة. لو احتجت فني ابعتلنا على الواتساب "
                "0122 619 4083.")
    assert "contact-details" in findings(text, rcpt=EGYPTIAN_BUYER)


@pytest.mark.parametrize("sentence", [
    "لطلبات الضمان يمكنك التواصل مع الوكيل المعتمد على الرقم 920031742.",
    "يمكنك التواصل مباشرة مع خدمة عملاء شركة الشحن على الرقم 920031742.",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"سيتم توصيل الكنبة يوم الأربعاء. {sentence}")
    assert "contact-details" not in findings(text, rcpt=SAUDI_BUYER)


@pytest.mark.parametrize("sentence", [
    "الرقم الضريبي للمتجر: 100123456700003، السجل التجاري: 1010123456.",
    "موعد التوصيل 02/06/2025 من الساعة 9 إلى 1 ظهرًا.",
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
     'مرحبا أستاذ علي،\n\nتم تسليم '
     'طلبك إلى شركة سمسا اليوم، '
     'وسيصلك خلال يومين.\n\nمع التحية،\n'
     'المتجر'),
    (['thanks-only'], [],
     'أهلا وسهلا،\n\nنشكرك جزيل الشكر '
     'على ثقتك بمتجرنا، ونتمنى أن '
     'تستمتع بالمنتج.\n\nمع خالص '
     'التحية'),
    (['review-incentive'], [],
     'مرحبا،\n\nاكتب تقييما إيجابيا '
     'للمنتج واحصل على كوبون خصم 20% '
     'على طلبك القادم.\n\nمع التحية'),
    (['cancellation-request', 'missing-adjustment'], [],
     'مرحبا،\n\nللأسف المنتج غير متوفر '
     'حاليا، يرجى إلغاء الطلب من '
     'حسابك في أمازون.\n\nمع التحية'),
    (['review-removal'], [],
     'مرحبا،\n\nبعد حل المشكلة، هل '
     'يمكنك حذف التقييم السلبي؟\n\nمع '
     'التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nتم شحن طلبك اليوم. '
     'ملاحظة: المصباح يحتاج لمبة E27 '
     'وهي غير مرفقة مع المنتج.\n\nمع '
     'التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nنعتذر عن الخطأ في '
     'اللون، سنرسل لك اللون الصحيح '
     'مجانا ولا داعي لإرجاع القطعة '
     'الأخرى.\n\nمع التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nنتمنى أن يكون طلبك قد '
     'وصل بحالة جيدة. هل يمكنك كتابة '
     'تقييم للمنتج على أمازون؟ نقرأ '
     'جميع التقييمات.\n\nمع التحية'),
    (['review-gating', 'review-incentive'], [],
     'هلا أخوي،\n\nإذا عجبك المنتج لا '
     'تنسى تعطينا خمس نجوم، وإذا فيه '
     'مشكلة كلمنا قبل التقييم.\n\n'
     'تحياتي'),
    (['promotional'], [],
     'مرحبا،\n\nعروض الجمعة البيضاء '
     'بدأت! خصم حتى 50% على كل '
     'منتجاتنا في متجرنا الإلكتروني.\n'
     '\nمع التحية'),
    (['cancellation-request', 'missing-adjustment'], [],
     'مرحبا،\n\nالمنتج نفد من المخزون، '
     'ونوصيك بإلغاء الطلب من حسابك.\n\n'
     'مع التحية'),
    (['sensitive-content'], [],
     'مرحبا،\n\nلو سمحت ابعتلنا رقم '
     'الكارت وتاريخ الانتهاء علشان '
     'نرجعلك الفرق.\n\nمع التحية'),
    ([], ['confirmation-only'],
     'مرحبا،\n\nتم شحن طلبك اليوم. إذا '
     'لن تكون في المنزل يمكنك اختيار '
     'موعد آخر للتوصيل.\n\nمع التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nأرسلنا لك قطعة بديلة '
     'مجانا. إذا سمح وقتك، يسعدنا '
     'تقييمك الصادق.\n\nمع التحية'),
    (['missing-adjustment'], [],
     'مرحبا،\n\nالكرسي نفد. سنرد لك '
     'المبلغ بعد أن تلغي الطلب.\n\nمع '
     'التحية'),
    (['unsubscribe-link'], [],
     'مرحبا،\n\nلإلغاء الاشتراك في '
     'نشرتنا البريدية اضغط هنا.\n\nمع '
     'التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nإذا لم يعجبك اللون '
     'يمكنك إرجاع البطانية خلال 30 '
     'يوما من صفحة طلباتك.\n\nمع '
     'التحية'),
    (['promotional'], [],
     'مرحبا،\n\nفي المرة القادمة اطلب '
     'مباشرة من موقعنا واحصل على خصم '
     '10%.\n\nمع التحية'),
    (['review-removal'], [],
     'مرحبا،\n\nبعد أن استبدلنا '
     'المصباح، هل يمكنك إعادة النظر '
     'في تقييمك؟\n\nمع التحية'),
    (['confirmation-only'], [],
     'مرحبا سارة،\n\nتم تغليف شموعك '
     'اليوم بكل حب وسلمناها لشركة '
     'الشحن. قريبا بين يديك!\n\nمع '
     'الحب،\nنينا'),
    (['thanks-only'], [],
     'مرحبا،\n\nباسم عائلتنا كلها: '
     'شكرا لك! لولا عملاء مثلك لما '
     'استمر مشروعنا الصغير. كل عام '
     'وأنتم بخير.\n\nمع خالص التحية،\n'
     'عائلة أحمد'),
    (['confirmation-only'], [],
     'مرحبا،\n\nتم توصيل طردك واستلمه '
     'الجار.\n\nمع التحية'),
    (['review-incentive'], [],
     'مرحبا،\n\nاترك تقييمك واحصل على '
     'خصم 10% على طلبك القادم!\n\nمع '
     'التحية'),
    (['review-incentive'], [],
     'مرحبا،\n\nسنعيد لك المبلغ كاملا '
     'إذا أعطيتنا خمس نجوم.\n\nمع '
     'التحية'),
    (['review-gating'], [],
     'مرحبا،\n\nفقط إذا كنت راضيا '
     'تماما، نود أن نرى تقييمك على '
     'أمازون.\n\nمع التحية'),
    (['missing-adjustment'], ['cancellation-request'],
     'مرحبا،\n\nالمصنع لم يعد يورد هذا '
     'الموديل. سنلغي الطلب وسيصلك '
     'المبلغ خلال 3 أيام.\n\nمع التحية'),
    ([], ['cancellation-request', 'missing-adjustment'],
     'مرحبا،\n\nالمنتج غير متوفر، لذلك '
     'تم إلغاء طلبك ورد المبلغ '
     'بالكامل.\n\nمع التحية'),
    (['sensitive-content'], [],
     'مرحبا،\n\nإذا لم تحذف التقييم '
     'السلبي فستندم.\n\nمع التحية'),
    (['sensitive-content'], [],
     'مرحبا،\n\nلإتمام الاسترداد نحتاج '
     'كلمة المرور الخاصة بحسابك '
     'البنكي.\n\nمع التحية'),
    (['promotional'], [],
     'مرحبا،\n\nزورونا في فرعنا بدبي '
     'وتابعونا على فيسبوك.\n\nمع '
     'التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nمصباح النجوم له ثلاثة '
     'أوضاع؛ اضغط على الزر ثانيتين '
     'للتبديل. البطاريات مركبة '
     'مسبقا.\n\nمع التحية'),
    ([], WORD_RULES,
     'مرحبا،\n\nلا داعي لإلغاء الطلب، '
     'سنرسل لك المسامير الناقصة '
     'اليوم مجانا.\n\nمع التحية'),
    (['cancellation-request'], [],
     'مرحبا،\n\nهذا اللون لم يعد '
     'متوفرا. الأسهل أن تقوم بإلغاء '
     'الطلب بنفسك من صفحة طلباتك.\n\n'
     'مع التحية'),
    ([], ['cancellation-request'],
     'مرحبا،\n\nسيتأخر التوصيل أسبوعا، '
     'والموعد الجديد للتوصيل هو 12 '
     'يونيو. إذا كنت لا ترغب في '
     'الانتظار يمكنك إلغاء الطلب.\n\n'
     'مع التحية'),
    ([], ['review-gating', 'review-incentive'],
     'مرحبا،\n\nنتمنى أن تكون راضيا عن '
     'المصباح. هل يمكنك مشاركة '
     'تجربتك في تقييم على أمازون؟\n\n'
     'مع التحية'),
    ([], ['review-gating', 'review-incentive'],
     'مرحبا،\n\nإذا واجهت مشكلة في '
     'طلبك تواصل معنا. ويمكنك أيضا '
     'إن أردت كتابة تقييم على '
     'أمازون.\n\nمع التحية'),
    ([], ['promotional'],
     'مرحبا،\n\nطردك في نقطة الاستلام. '
     'استخدم الكود 4KX92M لاستلامه، '
     'وسيبقى محفوظا لمدة أسبوع.\n\nمع '
     'التحية'),
    (['review-gating'], [],
     'مرحبا،\n\nنتمنى أن يعجبك '
     'المصباح. إذا كان الأمر كذلك، '
     'اترك لنا تقييما على أمازون.\n\n'
     'مع التحية'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"يرجى تحويل الفرق إلى الحساب {IBAN} وسنشحن الطاولة فورا."


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
