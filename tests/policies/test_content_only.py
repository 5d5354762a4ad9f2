"""`confirmation-only` and `thanks-only`: held only when nothing in the message has a purpose."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from tests.policies.conftest import BUYERS, ORDER_ID, build_message, rules_found, run_policy

CONFIRMATION = "confirmation-only"
THANKS = "thanks-only"

CONFIRMATIONS = {
    "en": f"Hello,\n\nYour order {ORDER_ID} has been dispatched today.\n"
          "Carrier: DPD\nTracking number: 15501234567890\n\nKind regards,\nLumen Home",
    "it": f"Buongiorno,\n\nil tuo ordine {ORDER_ID} è stato spedito oggi.\n"
          "Corriere: BRT\nNumero di tracciamento: 084012345678\n\nCordiali saluti,\nCasa Lume",
    "de": f"Guten Tag,\n\nIhre Bestellung {ORDER_ID} wurde heute versandt.\n"
          "Sendungsnummer: 00340434161234567890\nVoraussichtliche Zustellung: Mittwoch\n\n"
          "Mit freundlichen Grüßen\nHolzwerk Brandauer",
    "fr": f"Bonjour,\n\nVotre commande {ORDER_ID} a été expédiée aujourd'hui.\n"
          "Transporteur : Colissimo\nNuméro de suivi : 6A12345678901\n\nCordialement,\n"
          "Maison Vernet",
    "es": f"Hola:\n\nSu pedido {ORDER_ID} ha sido enviado.\nTransportista: SEUR\n"
          "Número de seguimiento: 02913845520178\n\nUn saludo,\nCerámicas Olmedo",
}

THANKS_NOTES = {
    "en": f"Hi Anna,\n\nThank you so much for your order {ORDER_ID}! We hope you enjoy your "
          "new lamp.\nIf you have any questions, please don't hesitate to contact us.\n\n"
          "Best regards,\nLumen Home",
    "it": f"Ciao Marco,\n\ngrazie mille per il tuo acquisto ({ORDER_ID})! Speriamo che la "
          "lampada ti piaccia.\nPer qualsiasi domanda siamo a tua disposizione.\n\n"
          "Un caro saluto,\nCasa Lume",
    "de": f"Hallo Frau Berger,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}! Wir hoffen, der "
          "Tisch gefällt Ihnen.\nBei Fragen stehen wir Ihnen gerne zur Verfügung.\n\n"
          "Viele Grüße\nWohnwerk Lindholm",
    "fr": f"Bonjour Madame,\n\nMerci beaucoup pour votre commande {ORDER_ID} ! Nous espérons "
          "que votre plaid vous plaira.\nN'hésitez pas à nous contacter pour toute question.\n\n"
          "Belle journée,\nLinge de Provence",
    "es": f"Estimada Laura:\n\nMuchas gracias por su compra ({ORDER_ID}). Esperamos que "
          "disfrute de su nueva vajilla.\nSi tiene alguna duda, no dude en contactarnos.\n\n"
          "Saludos cordiales,\nCerámicas Olmedo",
}

# Thanks and confirmations inside messages that have a purpose (POLICY.md, detail 11).
WITH_A_PURPOSE = {
    "en": [
        f"Hello,\n\nThe carrier has reported a delay for your order {ORDER_ID}. The new "
        "estimated delivery date is Tuesday, March 11.\nThank you for your patience.\n\n"
        "Kind regards,\nBrassbell Kitchen",
        f"Hello,\n\nThank you for your order {ORDER_ID}. Please note that the lamp needs an "
        "E27 bulb, which is not included.\n\nBest regards,\nLumen Home",
        f"Hello,\n\nThank you for your order {ORDER_ID}: we will ship the chair in two "
        "parcels from different warehouses, so they may arrive on different days.\n\n"
        "Kind regards,\nOakline",
        f"Hello,\n\nYour order {ORDER_ID} has shipped.\nWould you like the courier to leave "
        "it with a neighbour if you are out?\n\nKind regards,\nOakline",
        # Opens like a greeting, but says something.
        f"Hi, we will ship the second chair from Milan next week!\nThank you for your order "
        f"{ORDER_ID}.\n\nBest,\nOakline",
    ],
    "it": [
        f"Gentile cliente,\n\nil corriere ci ha comunicato un ritardo per il tuo ordine "
        f"{ORDER_ID}: la nuova data di consegna prevista è martedì 18 marzo.\n"
        "Ci scusiamo per l'inconveniente e ti ringraziamo per la pazienza.\n\nBottega Vetrani",
        f"Buongiorno,\n\ngrazie per il tuo ordine {ORDER_ID}. Ti ricordiamo di lavare i "
        "bicchieri a mano, non in lavastoviglie.\n\nCordiali saluti,\nBottega Vetrani",
    ],
    "de": [
        f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}.\nWie gewünscht erhalten "
        "Sie im Anhang die Rechnung mit ausgewiesener Mehrwertsteuer.\n\n"
        "Mit freundlichen Grüßen\nGartenhaus Vogler",
        f"Guten Tag,\n\nIhre Bestellung {ORDER_ID} wurde heute versandt, leider fehlt noch "
        "die Glasplatte; sie folgt in einem zweiten Paket.\n\nViele Grüße\nWohnwerk",
        # Opens like a sign-off, but goes on.
        f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}.\nDanke für die Fotos!\n"
        "Wir schicken Ihnen morgen einen neuen Deckel.\n\nViele Grüße\nWohnwerk",
    ],
    "fr": [
        f"Bonjour,\n\nVotre nappe (commande {ORDER_ID}) aura quelques jours de retard.\n"
        "Elle devrait vous parvenir d'ici le 15 avril.\nMerci pour votre patience.\n\n"
        "Cordialement,\nLinge de Provence",
        f"Bonjour,\n\nMerci pour votre commande {ORDER_ID} ! Voici quelques conseils "
        "d'entretien : lavez le lin à 40 °C maximum.\n\nCordialement,\nLinge de Provence",
    ],
    "es": [
        f"Hola:\n\nSu pedido {ORDER_ID} llegará con retraso por una avería en nuestro horno.\n"
        "La nueva fecha estimada de entrega es el viernes 23 de mayo.\n"
        "¡Gracias por su paciencia!\n\nCerámicas Olmedo",
        f"Hola:\n\nMuchas gracias por su pedido {ORDER_ID}. Le recomendamos no pasar las "
        "piezas del frigorífico al horno caliente.\n\nUn saludo,\nCerámicas Olmedo",
    ],
}


@pytest.mark.parametrize("lang", sorted(CONFIRMATIONS))
def test_a_bare_shipping_confirmation_is_held(lang: str) -> None:
    decision = run_policy(build_message(CONFIRMATIONS[lang], to=BUYERS[lang]), BUYERS[lang])
    found = rules_found(decision)
    assert CONFIRMATION in found
    assert THANKS not in found


@pytest.mark.parametrize("lang", sorted(THANKS_NOTES))
def test_a_bare_thank_you_is_held(lang: str) -> None:
    decision = run_policy(build_message(THANKS_NOTES[lang], to=BUYERS[lang]), BUYERS[lang])
    found = rules_found(decision)
    assert THANKS in found
    assert CONFIRMATION not in found


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in WITH_A_PURPOSE.items() for text in texts])
def test_thanks_and_confirmations_inside_a_real_message_pass(lang: str, text: str) -> None:
    decision = run_policy(build_message(text, to=BUYERS[lang]), BUYERS[lang])
    assert not rules_found(decision) & {CONFIRMATION, THANKS}


def test_the_finding_names_the_phrases() -> None:
    decision = run_policy(build_message(CONFIRMATIONS["en"]))
    detail = next(f.detail for f in decision.findings if f.rule == CONFIRMATION)
    assert "'has been dispatched'" in detail
    assert "'Tracking number'" in detail


def test_html_only_thank_you_is_held() -> None:
    html = (f"<html><body><p>Dear customer,</p><p>Thank you for your order {ORDER_ID}!</p>"
            "<p>We are here to help if you need anything.</p><p>Kind regards,<br>Oakline</p>"
            "</body></html>")
    assert THANKS in rules_found(run_policy(build_message(html=html)))


def test_a_reply_answers_the_buyer_and_is_not_held() -> None:
    raw = build_message(THANKS_NOTES["en"],
                        headers={"In-Reply-To": "<q1@marketplace.amazon.co.uk>"})
    assert not rules_found(run_policy(raw)) & {CONFIRMATION, THANKS}


def test_a_subject_that_names_a_purpose_is_not_held() -> None:
    raw = build_message(THANKS_NOTES["en"], subject=f"Invoice for your order {ORDER_ID}")
    assert THANKS not in rules_found(run_policy(raw))


def test_an_attached_document_is_a_purpose() -> None:
    message = EmailMessage()
    message["From"] = "Shop <support@shop.example>"
    message["To"] = BUYERS["de"]
    message["Subject"] = f"Bestellung {ORDER_ID}"
    message["Message-ID"] = "<doc@shop.example>"
    message.set_content(f"Guten Tag,\n\nvielen Dank für Ihre Bestellung {ORDER_ID}!\n\n"
                        "Viele Grüße\nWohnwerk")
    message.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf",
                           filename="Rechnung.pdf")
    raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    assert THANKS not in rules_found(run_policy(raw, BUYERS["de"]))


# Written apart from the corpus: shipping notices, confirmations and thank-you notes
# worded the way nobody listed (held), and notes that tell the buyer a fact (not held).
VARIED_EMPTY = [
    ("de", "confirmation-only",
     "Hallo Herr Maier,\n"
     f"Ihre Ware ist auf dem Weg zu Ihnen! Wir haben Ihr Paket ({ORDER_ID}) soeben der Deutschen "
     "Post übergeben.\n"
     "Das Paket sollte in zwei bis drei Werktagen bei Ihnen sein.\n"
     "Sonnige Grüße\n"
     "Kerzenhof"),
    ("de", "confirmation-only",
     "Guten Tag,\n"
     f"Ihre Sendung zur Bestellung {ORDER_ID} wurde heute zugestellt.\n"
     "Wir wünschen Ihnen viel Vergnügen mit Ihrem neuen Rucksack.\n"
     "Ihr Team von Bergwerk"),
    ("de", "confirmation-only",
     "Guten Tag,\n"
     f"wir bestätigen den Eingang Ihrer Bestellung {ORDER_ID}. Ihre Bestellung wird nun von "
     "unserem Team sorgfältig zusammengestellt.\n"
     "Freundliche Grüße\n"
     "Bergwerk"),
    ("de", "thanks-only",
     "Liebe Familie Schulz,\n"
     f"wir möchten uns ganz herzlich bei Ihnen für Ihren Einkauf ({ORDER_ID}) bedanken. Als "
     "kleines Familienunternehmen bedeutet uns jede Bestellung sehr viel.\n"
     "Alles Gute und bleiben Sie gesund!\n"
     "Familie Roth"),
    ("es", "confirmation-only",
     "¡Hola, Marta!\n"
     f"Tu pedido {ORDER_ID} ya va de camino. Lo entregamos esta mañana a Correos Express y te "
     "llegará en 24-48 horas.\n"
     "¡Un abrazo!\n"
     "La Huerta"),
    ("es", "confirmation-only",
     "Hola, Marta:\n"
     f"Hemos recibido tu pedido {ORDER_ID} y ya lo estamos preparando con mucho cariño en nuestro "
     "obrador.\n"
     "Un saludo,\n"
     "La Huerta"),
    ("es", "thanks-only",
     "Querida Marta:\n"
     f"Nos hacía mucha ilusión escribirte para darte las gracias por tu compra {ORDER_ID}. Somos "
     "una familia de Jaén y cada pedido nos llena de alegría.\n"
     "¡Un fuerte abrazo!\n"
     "La Huerta"),
    ("it", "confirmation-only",
     "Ciao Paolo,\n"
     f"il pacco del tuo ordine {ORDER_ID} è stato consegnato al corriere GLS e sarà da te entro "
     "due giorni lavorativi.\n"
     "A presto!\n"
     "Olio Rossi"),
    ("it", "confirmation-only",
     "Ciao Paolo,\n"
     f"abbiamo ricevuto il tuo ordine {ORDER_ID} e lo stiamo preparando con cura nel nostro "
     "frantoio.\n"
     "Un caro saluto,\n"
     "Olio Rossi"),
    ("it", "thanks-only",
     "Caro Paolo,\n"
     f"ci tenevamo a ringraziarti personalmente per aver scelto il nostro olio ({ORDER_ID}). Siamo"
     " una piccola azienda di famiglia in Puglia.\n"
     "Un abbraccio,\n"
     "Famiglia Rossi"),
    ("fr", "thanks-only",
     "Cher Paul,\n"
     f"un immense merci pour votre confiance ({ORDER_ID}). Toute l'équipe de l'atelier vous "
     "souhaite de très belles fêtes de fin d'année.\n"
     "Chaleureusement,\n"
     "L'Atelier"),
    ("fr", "confirmation-only",
     "Bonjour Paul,\n"
     f"votre colis ({ORDER_ID}) vient d'être remis à Chronopost et arrivera demain avant 13 h.\n"
     "À bientôt,\n"
     "L'Atelier"),
    ("en", "confirmation-only",
     "Hi Jo,\n"
     f"Your parcel ({ORDER_ID}) is heading your way! Royal Mail picked it up this afternoon and it"
     " should land on your doormat in 2-3 days.\n"
     "Love,\n"
     "The Soap Shed"),
    ("en", "confirmation-only",
     "Hi Jo,\n"
     f"Just letting you know your order {ORDER_ID} was delivered today at 2:14 pm.\n"
     "Enjoy!\n"
     "The Soap Shed"),
    ("en", "thanks-only",
     "Hi Jo,\n"
     "We just wanted to say a huge thank you for supporting our tiny business with your order "
     f"{ORDER_ID}. It means the world to us.\n"
     "Lots of love,\n"
     "The Soap Shed"),
    ("de", "confirmation-only",
     "Moin Herr Jansen,\n"
     f"Ihr Päckchen ({ORDER_ID}) hat sich heute auf die Reise gemacht. GLS bringt es Ihnen in den "
     "nächsten Tagen vorbei.\n"
     "Tschüss\n"
     "Nordlicht"),
    ("de", "confirmation-only",
     "Sehr geehrte Frau Lang,\n"
     f"hiermit informieren wir Sie, dass Ihre Bestellung {ORDER_ID} unser Haus verlassen hat.\n"
     "Mit freundlichen Grüßen\n"
     "Firma Lang"),
    ("de", "confirmation-only",
     "Hallo,\n"
     f"Ihre Bestellung {ORDER_ID} ist bei uns eingegangen und wird in Kürze bearbeitet.\n"
     "Viele Grüße"),
    ("de", "confirmation-only",
     "Hallo,\n"
     f"Ihre Lieferung ({ORDER_ID}) ist angekommen – laut UPS wurde sie heute um 10:15 Uhr "
     "zugestellt.\n"
     "Viele Grüße"),
    ("es", "confirmation-only",
     "Buenas tardes:\n"
     f"Le informamos de que su pedido {ORDER_ID} ya ha salido de nuestras instalaciones y se "
     "encuentra en tránsito con MRW.\n"
     "Reciba un cordial saludo."),
    ("es", "confirmation-only",
     "Hola:\n"
     "¡Tu paquete ya está en manos de GLS! Lo tendrás en casa en 2-3 días laborables.\n"
     "Un saludo"),
    ("es", "confirmation-only",
     "Hola:\n"
     f"Tu pedido {ORDER_ID} ha sido procesado correctamente y lo estamos empaquetando.\n"
     "Saludos"),
    ("es", "confirmation-only",
     "Estimado cliente:\n"
     f"Su pedido {ORDER_ID} fue entregado correctamente el día de hoy.\n"
     "Atentamente"),
    ("it", "confirmation-only",
     "Gentile cliente,\n"
     f"la informiamo che il suo ordine {ORDER_ID} è stato evaso ed è ora in transito con SDA.\n"
     "Cordiali saluti"),
    ("it", "confirmation-only",
     "Ciao!\n"
     f"Il tuo pacco ({ORDER_ID}) è partito oggi e sarà da te tra un paio di giorni.\n"
     "Un abbraccio"),
    ("it", "confirmation-only",
     "Buongiorno,\n"
     f"confermiamo di aver ricevuto il suo ordine {ORDER_ID}, che verrà spedito entro 24 ore.\n"
     "Cordiali saluti"),
    ("it", "confirmation-only",
     "Buongiorno,\n"
     f"il suo ordine {ORDER_ID} risulta consegnato in data odierna.\n"
     "Cordiali saluti"),
    ("fr", "confirmation-only",
     "Bonjour,\n"
     f"nous vous informons que votre commande {ORDER_ID} a bien été prise en charge par DPD.\n"
     "Bien cordialement"),
    ("fr", "confirmation-only",
     "Bonjour,\n"
     f"votre commande {ORDER_ID} est bien arrivée à destination aujourd'hui.\n"
     "Bien cordialement"),
    ("en", "confirmation-only",
     "Dear customer,\n"
     f"This is to confirm that order {ORDER_ID} has been processed and will ship within 24 "
     "hours.\n"
     "Regards"),
    ("en", "confirmation-only",
     "Hey!\n"
     f"Your goodies ({ORDER_ID}) are packed and on the move. Expect them Thursday!\n"
     "xoxo"),
    ("es", "thanks-only",
     "Hola, Pablo:\n"
     "Solo queríamos darte las gracias de corazón por confiar en nuestro pequeño negocio "
     "familiar. ¡Eres genial!\n"
     "Besos"),
    ("it", "thanks-only",
     "Ciao Pablo,\n"
     "volevamo solo dirti un grande grazie per aver sostenuto la nostra piccola bottega. Sei "
     "fantastico!\n"
     "Un abbraccio"),
    ("de", "thanks-only",
     "Hallo Paul,\n"
     "wir wollten einfach mal Danke sagen, dass Sie unseren kleinen Laden unterstützen. Sie sind "
     "großartig!\n"
     "Liebe Grüße"),
    ("fr", "thanks-only",
     "Bonjour Paul,\n"
     "nous tenions simplement à vous dire merci de soutenir notre petite boutique. Vous êtes "
     "formidable !\n"
     "Bises"),
    ("de", "thanks-only",
     "Liebe Frau Sommer,\n"
     "es ist uns eine große Freude, dass Sie sich für unsere handgemachten Seifen entschieden "
     "haben. Hinter jeder Seife steckt viel Liebe zum Detail.\n"
     "Herzlichst\n"
     "Ihre Seifenmanufaktur"),
    ("de", "thanks-only",
     "Hallo Jonas,\n"
     "ein dickes Dankeschön für Deinen Einkauf! Wir hoffen, Du hast viel Freude mit Deinem neuen "
     "Kissen.\n"
     "Liebe Grüße\n"
     "Dein Nähstübchen-Team"),
    ("de", "confirmation-only",
     "Sehr geehrter Herr Kurz,\n"
     f"vielen Dank für Ihre Bestellung {ORDER_ID} vom 3. Juni. Hiermit bestätigen wir Ihnen den "
     "Auftrag über 2 Stück Gartenstuhl „Lina“.\n"
     "Mit freundlichen Grüßen\n"
     "Gartenmöbel Kurz"),
    ("es", "thanks-only",
     "Hola, Elena:\n"
     "¡Qué alegría que hayas elegido nuestras velas artesanales! Cada una está hecha a mano en "
     "nuestro pequeño taller de Valencia.\n"
     "Con cariño,\n"
     "Luz de Levante"),
    ("es", "confirmation-only",
     "Estimado Sr. Ruiz:\n"
     f"Le agradecemos su compra. Por medio del presente le confirmamos su pedido {ORDER_ID}, que "
     "ya se encuentra en preparación.\n"
     "Atentamente,\n"
     "Muebles Ruiz"),
    ("es", "thanks-only",
     "¡Hola, Marta!\n"
     "Solo queríamos decirte lo mucho que significa para nosotros tu compra. ¡Eres lo más!\n"
     "Un abrazo enorme,\n"
     "El equipo de Flor de Sal"),
    ("it", "confirmation-only",
     "Gentile Sig. Neri,\n"
     f"grazie per il suo acquisto. Con la presente confermiamo l'ordine {ORDER_ID}, attualmente in"
     " lavorazione nel nostro laboratorio.\n"
     "Cordiali saluti,\n"
     "Mobili Neri"),
    ("it", "thanks-only",
     "Cara Giulia,\n"
     "che gioia sapere che hai scelto le nostre candele! Ognuna è colata a mano nel nostro "
     "piccolo laboratorio di Lecce.\n"
     "Con affetto,\n"
     "Luce del Sud"),
    ("fr", "thanks-only",
     "Chère Claire,\n"
     "quelle joie de savoir que nos bougies vont illuminer votre maison ! Chacune est coulée à la"
     " main dans notre petit atelier de Nantes.\n"
     "Avec toute notre reconnaissance,\n"
     "Lumière d'Ouest"),
    ("fr", "confirmation-only",
     "Madame,\n"
     f"nous accusons réception de votre commande {ORDER_ID} et vous en remercions. Elle sera "
     "traitée dans les meilleurs délais.\n"
     "Veuillez agréer nos salutations distinguées.\n"
     "Mobilier Dupont"),
    ("en", "thanks-only",
     "Dear Olivia,\n"
     "What a joy to know our candles will be lighting up your home! Each one is hand-poured in "
     "our tiny Bristol studio.\n"
     "With gratitude,\n"
     "Wick & Wax"),
    ("en", "confirmation-only",
     "Dear Mr Hall,\n"
     f"We acknowledge receipt of your order {ORDER_ID} and thank you for it. It will be processed "
     "promptly.\n"
     "Yours faithfully,\n"
     "Hall Furniture"),
]
WITH_A_FACT = [
    ("en",
     "Hello,\n"
     f"Thank you for your order {ORDER_ID}. The lamp takes an E14 bulb, which is not in the box.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thanks for your order {ORDER_ID}! The candle burns best if you trim the wick to 5 mm before"
     " each use.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} has shipped. The sofa comes in three boxes; the legs are in the "
     "smallest one.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} has shipped with DHL. The driver will need someone to sign for it.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thank you for your order {ORDER_ID}. The personalised mug will be ready in 5 working days, "
     "as the name is hand-painted.\n"
     "Best,\n"
     "Lumen"),
    ("de",
     "Hallo,\n"
     f"vielen Dank für Ihre Bestellung {ORDER_ID}. Die Lampe benötigt eine E14-Glühbirne, die "
     "nicht im Lieferumfang ist.\n"
     "Grüße"),
    ("de",
     "Hallo,\n"
     f"Ihre Bestellung {ORDER_ID} wurde versandt. Das Sofa kommt in drei Kartons; die Füße liegen "
     "im kleinsten.\n"
     "Grüße"),
    ("de",
     "Hallo,\n"
     f"vielen Dank für Ihre Bestellung {ORDER_ID}. Die Kerze brennt am besten, wenn Sie den Docht "
     "vor jedem Anzünden auf 5 mm kürzen.\n"
     "Grüße"),
    ("fr",
     "Bonjour,\n"
     f"merci pour votre commande {ORDER_ID}. La lampe fonctionne avec une ampoule E14, qui n'est "
     "pas fournie.\n"
     "Cordialement"),
    ("fr",
     "Bonjour,\n"
     f"votre commande {ORDER_ID} a été expédiée. Le canapé arrive en trois cartons ; les pieds "
     "sont dans le plus petit.\n"
     "Cordialement"),
    ("es",
     "Hola:\n"
     f"Gracias por su pedido {ORDER_ID}. La lámpara usa una bombilla E14, que no viene en la "
     "caja.\n"
     "Saludos"),
    ("es",
     "Hola:\n"
     f"Su pedido {ORDER_ID} ha sido enviado. El sofá llega en tres cajas; las patas están en la "
     "más pequeña.\n"
     "Saludos"),
    ("it",
     "Ciao,\n"
     f"grazie per il tuo ordine {ORDER_ID}. La lampada funziona con una lampadina E14, che non è "
     "nella confezione.\n"
     "Saluti"),
    ("it",
     "Ciao,\n"
     f"il tuo ordine {ORDER_ID} è stato spedito. Il divano arriva in tre scatole; i piedini sono "
     "nella più piccola.\n"
     "Saluti"),
    ("en",
     "Hello,\n"
     f"A note on your order {ORDER_ID}: the blue variant is now made with a slightly darker dye, "
     "so it may look different from the photos.\n"
     "Best"),
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} contains a glass vase; please open the box from the top.\n"
     "Best"),
    ("en",
     "Hello,\n"
     f"For your order {ORDER_ID}: the wood is oiled, so a faint smell in the first week is "
     "normal.\n"
     "Best"),
    ("de",
     "Hallo,\n"
     f"zu Ihrer Bestellung {ORDER_ID}: Das Holz ist geölt, daher ist ein leichter Geruch in der "
     "ersten Woche normal.\n"
     "Grüße"),
    ("fr",
     "Bonjour,\n"
     f"concernant votre commande {ORDER_ID} : le bois est huilé, une légère odeur la première "
     "semaine est donc normale.\n"
     "Cordialement"),
    ("es",
     "Hola:\n"
     f"sobre su pedido {ORDER_ID}: la madera está aceitada, por lo que es normal un ligero olor la"
     " primera semana.\n"
     "Saludos"),
    ("it",
     "Ciao,\n"
     f"riguardo al tuo ordine {ORDER_ID}: il legno è oliato, quindi un leggero odore nella prima "
     "settimana è normale.\n"
     "Saluti"),
]


@pytest.mark.parametrize(("lang", "rule", "text"), VARIED_EMPTY)
def test_empty_messages_worded_freely_are_held(lang: str, rule: str, text: str) -> None:
    raw = build_message(text, subject=ORDER_ID, to=BUYERS[lang])
    assert rule in rules_found(run_policy(raw, BUYERS[lang]))


@pytest.mark.parametrize(("lang", "text"), WITH_A_FACT)
def test_a_fact_the_buyer_needs_is_a_purpose(lang: str, text: str) -> None:
    raw = build_message(text, subject=ORDER_ID, to=BUYERS[lang])
    assert not rules_found(run_policy(raw, BUYERS[lang])) & {CONFIRMATION, THANKS}


# Shipping notices and thanks that also ask, offer a choice or give delivery details
# the buyer acts on (settled detail 19): never held.
WITH_A_REQUEST = [
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} has shipped with DPD. If you need to change the delivery address, "
     "reply by Friday.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} is on its way. If you won't be home on Tuesday, you can choose a safe"
     " place in the DPD app.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thank you for your order {ORDER_ID}. Which engraving font would you like: script or block "
     "capitals?\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thank you for your order {ORDER_ID}. The pillowcases are pre-washed, so they will not "
     "shrink.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Your order {ORDER_ID} has been dispatched. It will be delivered by a two-person team, who "
     "will call you an hour before arrival.\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thanks for your order {ORDER_ID}. We noticed the address has no house number; could you "
     "send it to us?\n"
     "Best,\n"
     "Lumen"),
    ("en",
     "Hello,\n"
     f"Thank you for your order {ORDER_ID}. The size you chose runs small, so you may want to "
     "exchange it for the next size up.\n"
     "Best,\n"
     "Lumen"),
    ("de",
     "Hallo,\n"
     f"Ihre Bestellung {ORDER_ID} ist unterwegs. Falls Sie am Dienstag nicht zu Hause sind, können"
     " Sie in der DHL-App einen Ablageort wählen.\n"
     "Grüße"),
    ("de",
     "Hallo,\n"
     f"vielen Dank für Ihre Bestellung {ORDER_ID}. Welche Schriftart wünschen Sie für die "
     "Gravur?\n"
     "Grüße"),
    ("de",
     "Hallo,\n"
     f"vielen Dank für Ihre Bestellung {ORDER_ID}. In Ihrer Adresse fehlt die Hausnummer, könnten "
     "Sie uns diese schicken?\n"
     "Grüße"),
    ("fr",
     "Bonjour,\n"
     f"merci pour votre commande {ORDER_ID}. Il manque le numéro de rue dans votre adresse : "
     "pourriez-vous nous l'envoyer ?\n"
     "Cordialement"),
    ("es",
     "Hola:\n"
     f"Gracias por su pedido {ORDER_ID}. Falta el número de la calle en su dirección, ¿nos lo "
     "puede enviar?\n"
     "Saludos"),
    ("it",
     "Ciao,\n"
     f"grazie per il tuo ordine {ORDER_ID}. Nel tuo indirizzo manca il numero civico: puoi "
     "inviarcelo?\n"
     "Saluti"),
    ("en",
     "Hello,\n"
     f"DPD tried to deliver your order {ORDER_ID} today but nobody was home. It is waiting for you"
     " at the Pickup shop on High Street until Friday.\n"
     "Best"),
    ("de",
     "Hallo,\n"
     f"DHL hat heute versucht, Ihre Bestellung {ORDER_ID} zuzustellen, Sie wurden aber nicht "
     "angetroffen. Das Paket liegt bis Freitag zur Abholung in der Filiale.\n"
     "Grüße"),
    ("fr",
     "Bonjour,\n"
     f"Colissimo n'a pas pu livrer votre commande {ORDER_ID} aujourd'hui. Le colis vous attend au "
     "bureau de poste jusqu'à vendredi.\n"
     "Cordialement"),
    ("es",
     "Hola:\n"
     f"SEUR intentó entregar su pedido {ORDER_ID} hoy, pero no había nadie en casa. El paquete le "
     "espera en la oficina hasta el viernes.\n"
     "Saludos"),
    ("it",
     "Ciao,\n"
     f"BRT ha provato a consegnare il tuo ordine {ORDER_ID} oggi, ma non c'era nessuno. Il pacco è"
     " in giacenza presso il punto BRT fino a venerdì.\n"
     "Saluti"),
]


@pytest.mark.parametrize(("lang", "text"), WITH_A_REQUEST)
def test_a_request_or_choice_for_the_delivery_is_a_purpose(lang: str, text: str) -> None:
    raw = build_message(text, subject=ORDER_ID, to=BUYERS[lang])
    assert not rules_found(run_policy(raw, BUYERS[lang])) & {CONFIRMATION, THANKS}

