"""Every word-reading rule in Japanese: a message that must fire it, and a look-alike
that must not (free replacements, price-adjustment refunds, the seller cancelling
itself, cancellation offered as a choice, thanks for patience in a delay notice, an
honest review "good points and bad", carrier and manufacturer numbers).

Written for these tests, not taken from the corpus: polite mail (です/ます, 敬語) as
shops on amazon.co.jp write it, one sentence a line, with full-width digits where
Japanese mailers put them.
"""

from __future__ import annotations

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

BUYER = "j2p7q4w9e3r8t1y@marketplace.amazon.co.jp"
SUBJECT = f"ご注文（{ORDER_ID}）について"


def findings(text: str, *, rcpt: str = BUYER, reply: bool = False) -> set[str]:
    headers = {"In-Reply-To": "<toiawase@marketplace.amazon.co.jp>"} if reply else None
    raw = build_message(text=text, to=rcpt, subject=SUBJECT, headers=headers)
    return rules_found(run_policy(raw, rcpt))


def case_id(value: str) -> str:
    """The rule, or the first words of the message body, as the test id."""
    lines = value.splitlines()
    return lines[2][:16] if len(lines) > 2 else value


def mail(body: str, greeting: str = "山田 様", closing: str = "今後ともよろしくお願いいたします。"
         ) -> str:
    return f"{greeting}\n\n{body}\n\n{closing}\n雑貨店 ひだまり\n"


FIRES = [
    ("confirmation-only", mail(
        "この度はご注文いただき、誠にありがとうございます。\n"
        "ご注文の商品を本日発送いたしました。\n"
        f"■ご注文番号：{ORDER_ID}\n■配送業者：佐川急便\n■お問い合わせ伝票番号：３６４０１２３４５６７８\n"
        "到着まで今しばらくお待ちくださいませ。")),
    ("thanks-only", mail(
        "この度は当店の商品をお買い上げいただき、誠にありがとうございます。\n"
        "末永くご愛用いただけましたら幸いです。\n"
        "ご不明な点がございましたら、お気軽にお問い合わせください。")),
    ("promotional", mail(
        "次回のお買い物で使える10%OFFクーポンをお送りいたします。\n"
        "当店の公式オンラインショップでもご利用いただけます。")),
    ("promotional", mail(
        "ただいま新商品の発売を記念してタイムセールを開催中です。\n"
        "この機会にぜひご検討ください。")),
    ("review-incentive", mail(
        "よろしければ、商品レビューで星5の評価をいただけますと幸いです。")),
    ("review-incentive", mail(
        "レビューを投稿していただいたお客様には、Amazonギフトカード500円分をお送りしております。")),
    ("review-removal", mail(
        "交換品をお送りいたしました。\n"
        "お手数ですが、先日の★1のレビューを削除していただけないでしょうか。")),
    ("review-removal", mail(
        "全額を返金いたしました。\n差し支えなければ、評価の見直しをお願いできますでしょうか。")),
    ("review-gating", mail(
        "商品をお気に召していただけましたら、ぜひレビューをお願いいたします。")),
    ("review-gating", mail(
        "万が一不具合がございましたら、レビューを書く前に当店までご連絡ください。")),
    ("cancellation-request", mail(
        "大変申し訳ございませんが、ご注文の商品は在庫切れとなっております。\n"
        "お手数ですが、注文履歴よりキャンセルのお手続きをお願いいたします。")),
    ("cancellation-request", mail(
        "メーカーの生産終了により、商品をご用意できなくなりました。\n"
        "Amazonの注文履歴からキャンセルしていただけますでしょうか。")),
    ("missing-adjustment", mail(
        "ご注文の商品は欠品しており、入荷の見込みが立っておりません。\n"
        "ご迷惑をおかけし、誠に申し訳ございません。")),
    ("missing-adjustment", mail(
        "ご注文の商品を発送することができなくなりました。\n"
        "キャンセルが確認でき次第、返金の処理を行います。")),
    ("sensitive-content", mail(
        "返金は銀行振込にて対応いたしますので、金融機関名、口座番号、口座名義をご返信ください。")),
    ("sensitive-content", mail(
        "差額のお支払いのため、クレジットカードの番号と有効期限、セキュリティコードをお知らせください。")),
    ("sensitive-content", mail("ふざけるな、二度と連絡してくるな。死ね。",
                               greeting="山田", closing="以上")),
    ("unsubscribe-link", mail(
        "ご注文の加湿器は明日発送予定です。フィルターは月に一度お手入れください。\n\n"
        "今後のメールマガジンの配信停止をご希望の方はこちらからお手続きください。")),
]

QUIET = [
    ("confirmation-only", mail(
        "ご注文の商品を本日発送いたしました。\n"
        "ただし、収納ケースのみ別便でのお届けとなり、到着が一日遅れます。")),
    ("confirmation-only", mail(
        "大型家具のため、配送業者より日時指定のご連絡をさせていただきます。\n"
        "ご希望の日時をご返信いただけますでしょうか。")),
    ("thanks-only", mail(
        "物流センターの混雑により、発送が遅れております。\n"
        "新しいお届け予定日は4月24日です。\n"
        "お待たせして申し訳ございません。ご理解いただき、ありがとうございます。")),
    ("promotional", mail(
        "一部の商品でフタの不具合が見つかりました。\n"
        "無料交換として、新しいフタを無償でお送りいたします。")),
    ("review-incentive", mail(
        "良かった点もお気づきの点も、率直なご感想をレビューでお聞かせいただけますと幸いです。")),
    ("review-incentive", mail(
        "商品の価格改定により、差額の800円を返金いたしました。\n"
        "その後、商品の調子はいかがでしょうか。")),
    ("review-removal", mail(
        "レビューをいただき、ありがとうございました。\n"
        "いただいたご意見をもとに、説明書を修正いたしました。")),
    ("review-gating", mail(
        "お時間のある際に、商品レビューをお寄せいただけますと幸いです。\n"
        "なお、ご注文についてご不明な点がございましたら、本メールにご返信ください。")),
    ("cancellation-request", mail(
        "入荷が遅れており、発送予定日は5月2日となります。\n"
        "お急ぎの場合は、キャンセルしていただいても構いません。")),
    ("cancellation-request", mail(
        "在庫切れのため、当店にてご注文をキャンセルさせていただき、全額の返金手続きを完了いたしました。\n"
        "お客様にお手続きいただくことはございません。")),
    ("missing-adjustment", mail(
        "ご注文の商品は品切れとなったため、ご注文をキャンセルさせていただき、返金を完了いたしました。")),
    ("missing-adjustment", mail(
        "ご注文の商品は一時的に在庫切れですが、5月6日に入荷予定です。\n"
        "5月7日に発送いたします。")),
    ("sensitive-content", mail(
        "当店からパスワードやカード番号をお伺いすることはございません。")),
    ("sensitive-content", mail(
        "送料が馬鹿にならないため、まとめてお送りいたします。")),
    ("unsubscribe-link", mail(
        "ご注文の加湿器は明日発送予定です。\n"
        "チャイルドロックの解除はこちらの手順で行ってください。")),
]


@pytest.mark.parametrize(("rule", "text"), FIRES, ids=case_id)
def test_rule_fires_in_japanese(rule: str, text: str) -> None:
    assert rule in findings(text)


@pytest.mark.parametrize(("rule", "text"), QUIET, ids=case_id)
def test_look_alike_does_not_fire_in_japanese(rule: str, text: str) -> None:
    assert rule not in findings(text)


def test_a_reply_that_only_thanks_is_not_thanks_only() -> None:
    text = mail("温かいお言葉をいただき、誠にありがとうございます。")
    assert "thanks-only" not in findings(text, reply=True)


def test_an_order_id_in_full_width_digits_counts() -> None:
    full_width = ORDER_ID.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    text = mail(f"ご注文（{full_width}）の説明書に誤りがございましたので、"
                "訂正版をご案内いたします。")
    raw = build_message(text=text, to=BUYER, subject="取扱説明書の訂正について")
    assert "missing-order-id" not in rules_found(run_policy(raw, BUYER))


JAPANESE_LETTER = mail(
    "同梱の取扱説明書の水量表に誤りがございました。\n"
    "玄米を炊く場合は、内釜の目盛り「玄米」の線まで水を入れてください。\n"
    "このまま炊飯されますと、芯が残る場合がございますのでご注意ください。")


def test_japanese_to_a_german_buyer_is_wrong_language() -> None:
    assert "wrong-language" in findings(JAPANESE_LETTER, rcpt=BUYERS["de"])


def test_japanese_to_a_japanese_buyer_is_not() -> None:
    assert "wrong-language" not in findings(JAPANESE_LETTER)


def test_the_shops_own_number_is_stripped() -> None:
    text = mail("取扱説明書は箱の中に同梱しております。\n"
                "組み立てでお困りの際は、当店 ０３－１２３４－５６７８ までお電話ください。")
    assert "contact-details" in findings(text)


@pytest.mark.parametrize("sentence", [
    "メーカー保証による修理は、製造元のお客様相談センター（０１２０－４８３－２１７）にて承っております。",
    "配送についてのお問い合わせは、配送業者の西濃運輸（０３－１２３４－５６７８）までお願いいたします。",
])
def test_carrier_and_manufacturer_numbers_stay(sentence: str) -> None:
    text = mail(f"ご注文の炊飯器は本日発送予定です。\n{sentence}")
    assert "contact-details" not in findings(text)


@pytest.mark.parametrize("sentence", [
    "適格請求書発行事業者登録番号：T1234567890123",
    "お届け予定日：2025年6月2日（月）午前中",
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
     '田中 様\n\nご注文の商品は本日出荷いたしました。\n'
     '明日中にお届けの予定です。\n\nよろしくお願いいたします。'),
    (['thanks-only'], [],
     '田中 様\n\n'
     'この度は数あるショップの中から当店をお選びいただき、誠にあり'
     'がとうございます。\nスタッフ一同、心より感謝申し上げます。\n\n'
     '今後ともよろしくお願いいたします。'),
    (['review-incentive'], [],
     '田中 様\n\n'
     'レビューを書いていただいた方に、次回使える500円クーポンを'
     'プレゼントいたします。\n\nよろしくお願いいたします。'),
    (['cancellation-request', 'missing-adjustment'], [],
     '田中 様\n\n'
     '申し訳ございませんが、ご注文の商品は完売いたしました。\n'
     'お手数ですが、ご注文のキャンセルをお願いいたします。\n\n'
     'よろしくお願いいたします。'),
    (['review-removal'], [],
     '田中 様\n\n'
     '交換品がお手元に届きましたら、評価を変更していただけますと幸'
     'いです。\n\nよろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\nご注文の商品を本日発送いたしました。\n'
     'なお、本製品は単三電池2本で動作いたしますが、電池は付属して'
     'おりません。\n\nよろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n'
     'この度は誤った色の商品をお送りしてしまい、誠に申し訳ございま'
     'せん。\n正しい商品を無料で再発送いたします。\n\n'
     'よろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n商品は無事お手元に届きましたでしょうか。\n'
     'よろしければ、Amazonの商品レビューにご感想をお寄せくだ'
     'さい。\n\nよろしくお願いいたします。'),
    (['review-gating', 'review-incentive'], [],
     '佐藤 様\n\n'
     'お気に召しましたら、星5つのレビューをいただけますと大変励み'
     'になります。\n\nよろしくお願いいたします。'),
    (['promotional'], [],
     '佐藤 様\n\n'
     '当店の公式ショップでは、ただいま全品20%OFFのセールを開'
     '催中です。\n\nよろしくお願いいたします。'),
    (['sensitive-content'], [],
     '佐藤 様\n\n'
     'ご返金のため、お振込先の口座番号と口座名義をご返信ください。\n'
     '\nよろしくお願いいたします。'),
    ([], ['confirmation-only'],
     '佐藤 様\n\n本日発送いたしました。\n'
     'ご不在の場合は、配達日時の変更をお選びいただけます。\n\n'
     'よろしくお願いいたします。'),
    (['promotional'], [],
     '佐藤 様\n\n'
     '同シリーズのクッションとお揃いでお使いいただけます。数量限定'
     'です。\n\nよろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n交換部品を無償でお送りいたしました。\n'
     'お時間がございましたら、率直なレビューをいただけますと幸いで'
     'す。\n\nよろしくお願いいたします。'),
    (['missing-adjustment'], [],
     '佐藤 様\n\nご注文の椅子は完売いたしました。\n'
     'キャンセル後に返金いたします。\n\nよろしくお願いいたします。'),
    (['unsubscribe-link'], [],
     '佐藤 様\n\nメールマガジンの購読解除はこちらから行えます。\n\n'
     'よろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n'
     '色がお気に召さない場合は、30日以内であれば注文履歴から返品'
     'いただけます。\n\nよろしくお願いいたします。'),
    (['promotional'], [],
     '佐藤 様\n\n'
     '次回は当店の公式サイトから直接ご注文いただくと10%割引にな'
     'ります。\n\nよろしくお願いいたします。'),
    (['review-removal'], [],
     '佐藤 様\n\n'
     '照明を交換いたしましたので、評価を見直していただけないでしょ'
     'うか。\n\nよろしくお願いいたします。'),
    (['confirmation-only'], [],
     '佐藤 様\n\n'
     'キャンドルを心を込めて梱包し、本日郵便局にお預けいたしました'
     '。\nもうすぐお手元に届きます。\n\nよろしくお願いいたします。'),
    (['thanks-only'], [],
     '佐藤 様\n\nスタッフ一同、心より御礼申し上げます。\n'
     'お客様のおかげで小さな工房を続けることができております。\n'
     '良いお年をお迎えください。\n\nよろしくお願いいたします。'),
    (['confirmation-only'], [],
     '佐藤 様\n\n'
     'お荷物は本日配達され、宅配ボックスに投函されました。\n\n'
     'よろしくお願いいたします。'),
    (['review-incentive'], [],
     '佐藤 様\n\n'
     'レビューを投稿いただくと、次回のお買い物で使える10%OFF'
     'クーポンを差し上げます。\n\nよろしくお願いいたします。'),
    (['review-incentive'], [],
     '佐藤 様\n\n'
     '星5の評価をいただけましたら、ご注文代金を全額返金いたします'
     '。\n\nよろしくお願いいたします。'),
    (['review-gating'], [],
     '佐藤 様\n\n'
     'ご満足いただけた場合のみ、Amazonでのレビューをお願いい'
     'たします。\n\nよろしくお願いいたします。'),
    (['missing-adjustment'], ['cancellation-request'],
     '佐藤 様\n\nメーカーでの取り扱いが終了いたしました。\n'
     'ご注文はキャンセルとさせていただき、3日以内に返金いたします'
     '。\n\nよろしくお願いいたします。'),
    ([], ['cancellation-request', 'missing-adjustment'],
     '佐藤 様\n\n在庫切れのため、ご注文をキャンセルいたしました。\n'
     'ご請求は発生いたしません。\n\nよろしくお願いいたします。'),
    (['sensitive-content'], [],
     '佐藤 様\n\n'
     '低評価のレビューを削除しないなら、後悔することになりますよ。\n'
     '\n以上'),
    (['sensitive-content'], [],
     '佐藤 様\n\n'
     '返金のため、ネットバンキングのパスワードをご返信ください。\n\n'
     'よろしくお願いいたします。'),
    (['promotional'], [],
     '佐藤 様\n\n'
     '当店の実店舗や公式インスタグラムもぜひご覧ください。\n\n'
     'よろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n'
     '星空ライトには3つのモードがございます。ボタンを2秒長押しす'
     'ると切り替わります。\n電池はあらかじめ本体に入っております。\n'
     '\nよろしくお願いいたします。'),
    ([], WORD_RULES,
     '佐藤 様\n\n'
     '不足していたネジを本日発送いたしますので、ご注文をキャンセル'
     'いただく必要はございません。\n\nよろしくお願いいたします。'),
    (['cancellation-request'], [],
     '佐藤 様\n\nご注文のカラーは販売終了となりました。\n'
     'お客様ご自身で注文履歴からキャンセルしていただくのが最も早い'
     '方法です。\n\nよろしくお願いいたします。'),
    ([], ['cancellation-request'],
     '佐藤 様\n\n'
     'お届けが1週間遅れ、6月12日頃の予定となります。\n'
     'お待ちいただけない場合は、注文履歴からキャンセルも可能です。\n'
     '\nよろしくお願いいたします。'),
    ([], ['cancellation-request'],
     '佐藤 様\n\nご注文のカラーは販売終了となりました。\n'
     '当店でキャンセル手続きを行いますので、お客様ご自身でキャンセ'
     'ルいただく必要はございません。\n\nよろしくお願いいたします。'),
    ([], ['review-gating', 'review-incentive'],
     '佐藤 様\n\n照明にご満足いただけていれば幸いです。\n'
     'よろしければAmazonでレビューをお寄せください。\n\n'
     'よろしくお願いいたします。'),
    ([], ['review-gating', 'review-incentive'],
     '佐藤 様\n\nご注文に問題がございましたらご連絡ください。\n'
     'また、よろしければAmazonでレビューもお寄せください。\n\n'
     'よろしくお願いいたします。'),
    ([], ['promotional'],
     '佐藤 様\n\nお荷物は営業所でお預かりしております。\n'
     '受取コード4KX92Mをご提示ください。保管期間は7日間です'
     '。\n\nよろしくお願いいたします。'),
    (['review-gating'], [],
     '佐藤 様\n\n照明を気に入っていただけたでしょうか。\n'
     'もしそうでしたら、Amazonでレビューをお願いいたします。\n'
     '\nよろしくお願いいたします。'),
]


@pytest.mark.parametrize(("must", "must_not", "text"), ROUNDS,
                         ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_unseen_rounds(must: list[str], must_not: list[str], text: str) -> None:
    raw = build_message(text=text, to=BUYER, subject=f"Order {ORDER_ID}")
    found = rules_found(run_policy(raw, BUYER))
    assert set(must) <= found and not set(must_not) & found, found


IBAN = "NL91 ABNA 0417 1643 00"
PAY_TO_IBAN = f"差額を{IBAN}へお振込みください。"


def test_paying_to_an_iban_outside_amazon_is_sensitive_content() -> None:
    """Settled detail 25: a valid IBAN in a sentence that moves money."""
    assert "sensitive-content" in findings(mail(PAY_TO_IBAN))
