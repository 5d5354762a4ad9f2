"""Messages written for the per-language rule tests, apart from the corpus.

Each language has the same eighteen situations (the keys of EXPECTED in
test_languages.py): each rule firing, and its look-alikes not firing (a free
replacement, a price-drop refund next to a review, cancellation offered as a choice,
the seller cancelling itself, a bank-details warning). They were written without
looking at the phrase lists, to measure whether the engine understands wording nobody
listed. `{order}` stands for the order id.
"""

from __future__ import annotations

UNSEEN: dict[str, dict[str, str]] = {
    "en": {
        "shipped": (
            "Hello Sam,\n"
            "Great news: your order {order} left our warehouse this morning with Evri and should "
            "be with you by Friday.\n"
            "Tracking: EV123456789GB\n"
            "Best wishes,\n"
            "Pine & Co"
        ),
        "delivery_need": (
            "Hello Sam,\n"
            "Your order {order} is on its way with DPD. Your building has a door code: please "
            "reply with it so the driver can get in.\n"
            "Best wishes,\n"
            "Pine & Co"
        ),
        "thanks": (
            "Dear Sam,\n"
            "A heartfelt thank you for choosing our little studio for your order {order}. Every "
            "mug is thrown by hand here in Cornwall, one at a time.\n"
            "Enjoy your morning coffee!\n"
            "Warmly,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Dear Sam,\n"
            "Thank you for your order {order}. The glaze is food-safe, but the mugs must not go in"
            " the microwave.\n"
            "Warmly,\n"
            "Mira"
        ),
        "incentive": (
            "Hi Sam,\n"
            "If you post a review of the lamp on Amazon, we will send you a £10 gift card as a "
            "thank-you.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Hi Sam,\n"
            "We have refunded £10 on order {order} because the price dropped after you bought the "
            "lamp.\n"
            "You are welcome to leave a review on Amazon.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "removal": (
            "Hi Sam,\n"
            "We saw your review of order {order} and have sent a replacement lamp. Would you "
            "consider updating your review now that it is sorted?\n"
            "Cheers,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Hi Sam,\n"
            "We read your review and we are sorry the shade arrived cracked. We have sent a free "
            "replacement for order {order}.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "gating": (
            "Hi Sam,\n"
            "Happy with your new lamp? Leave us a review on Amazon!\n"
            "Something not right? Contact us first and we will fix it.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Hi Sam,\n"
            "We would be grateful for an honest review of order {order} on Amazon. If you have a "
            "question about your order, just reply to this message.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "promo": (
            "Hi Sam,\n"
            "Our summer collection is here: use code SUMMER20 for 20% off your next order in our "
            "online store.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Hi Sam,\n"
            "We are sorry the shade of order {order} arrived cracked. A free replacement is on its"
            " way, with a free return label for the broken one.\n"
            "Cheers,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Hello,\n"
            "Unfortunately the walnut desk from order {order} is out of stock. Please cancel the "
            "order from your Amazon account.\n"
            "Regards,\n"
            "Oakline"
        ),
        "cancel_choice": (
            "Hello,\n"
            "The walnut desk from order {order} is delayed and will now ship on 14 June. If you "
            "would rather not wait, you can cancel the order in Your Orders and the full amount "
            "will be refunded.\n"
            "Regards,\n"
            "Oakline"
        ),
        "seller_cancelled": (
            "Hello,\n"
            "Unfortunately the walnut desk from order {order} is out of stock, so we have "
            "cancelled your order and refunded the full amount.\n"
            "Regards,\n"
            "Oakline"
        ),
        "cannot_ship": (
            "Hello,\n"
            "We are sorry: the walnut desk from order {order} has been discontinued and we cannot "
            "ship it.\n"
            "Regards,\n"
            "Oakline"
        ),
        "bank_ask": (
            "Hello,\n"
            "To refund the difference on order {order}, please send us your IBAN and the name of "
            "the account holder.\n"
            "Regards,\n"
            "Oakline"
        ),
        "bank_never": (
            "Hello,\n"
            "We have refunded the difference on order {order} through Amazon. You never need to "
            "send us your bank details.\n"
            "Regards,\n"
            "Oakline"
        ),
    },
    "de": {
        "shipped": (
            "Hallo Frau Keller,\n"
            "Ihr Paket mit der Bestellung {order} ist heute Morgen bei uns losgefahren und wird "
            "von Hermes zugestellt, voraussichtlich am Freitag.\n"
            "Sendungsnummer: H1234567890123\n"
            "Beste Grüße\n"
            "Pinienhaus"
        ),
        "delivery_need": (
            "Hallo Frau Keller,\n"
            "Ihre Bestellung {order} ist unterwegs. Für die Zustellung braucht der Fahrer den Code"
            " Ihrer Haustür: bitte teilen Sie uns diesen mit.\n"
            "Beste Grüße\n"
            "Pinienhaus"
        ),
        "thanks": (
            "Liebe Frau Keller,\n"
            "von Herzen danke, dass Sie unsere kleine Töpferei für Ihre Bestellung {order} gewählt"
            " haben. Jede Tasse wird hier am Bodensee von Hand gedreht.\n"
            "Genießen Sie Ihren Morgenkaffee!\n"
            "Herzlich\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Liebe Frau Keller,\n"
            "vielen Dank für Ihre Bestellung {order}. Die Glasur ist lebensmittelecht, die Tassen "
            "dürfen aber nicht in die Mikrowelle.\n"
            "Herzlich\n"
            "Mira"
        ),
        "incentive": (
            "Hallo Herr Brandt,\n"
            "wenn Sie die Lampe auf Amazon bewerten, schicken wir Ihnen als Dankeschön einen "
            "Gutschein über 10 €.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Hallo Herr Brandt,\n"
            "wir haben Ihnen für die Bestellung {order} 10 € erstattet, weil der Preis nach Ihrem "
            "Kauf gesunken ist.\n"
            "Gerne können Sie eine Bewertung auf Amazon hinterlassen.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "removal": (
            "Hallo Herr Brandt,\n"
            "wir haben Ihre Bewertung zur Bestellung {order} gesehen und eine neue Lampe "
            "verschickt. Würden Sie Ihre Bewertung jetzt aktualisieren?\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Hallo Herr Brandt,\n"
            "wir haben Ihre Bewertung gelesen und bedauern, dass der Schirm beschädigt ankam. Ein "
            "kostenloser Ersatz für die Bestellung {order} ist unterwegs.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "gating": (
            "Hallo Herr Brandt,\n"
            "Zufrieden mit Ihrer neuen Lampe? Dann hinterlassen Sie uns eine Bewertung auf "
            "Amazon!\n"
            "Etwas nicht in Ordnung? Schreiben Sie uns zuerst, wir kümmern uns darum.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "neutral_review": (
            "Hallo Herr Brandt,\n"
            "wir freuen uns über eine ehrliche Bewertung Ihrer Bestellung {order} auf Amazon. Wenn"
            " Sie Fragen zu Ihrer Bestellung haben, antworten Sie einfach auf diese Nachricht.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "promo": (
            "Hallo Herr Brandt,\n"
            "unsere Sommerkollektion ist da: mit dem Code SOMMER20 erhalten Sie 20 % Rabatt auf "
            "Ihre nächste Bestellung in unserem Onlineshop.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "free_replacement": (
            "Hallo Herr Brandt,\n"
            "es tut uns leid, dass der Schirm der Bestellung {order} gesprungen ankam. Ein "
            "kostenloser Ersatz ist unterwegs, mit einem kostenlosen Rücksendeetikett für den "
            "alten.\n"
            "Viele Grüße\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Guten Tag,\n"
            "leider ist der Nussbaumtisch aus der Bestellung {order} nicht mehr auf Lager. Bitte "
            "stornieren Sie die Bestellung in Ihrem Amazon-Konto.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
        "cancel_choice": (
            "Guten Tag,\n"
            "der Nussbaumtisch aus der Bestellung {order} verzögert sich und wird nun am 14. Juni "
            "versandt. Falls Sie nicht so lange warten möchten, können Sie die Bestellung unter "
            "Meine Bestellungen stornieren und erhalten den vollen Betrag zurück.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
        "seller_cancelled": (
            "Guten Tag,\n"
            "leider ist der Nussbaumtisch aus der Bestellung {order} ausverkauft. Wir haben Ihre "
            "Bestellung deshalb storniert und den vollen Betrag erstattet.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
        "cannot_ship": (
            "Guten Tag,\n"
            "es tut uns leid: der Nussbaumtisch aus der Bestellung {order} wird nicht mehr "
            "hergestellt und wir können ihn nicht liefern.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
        "bank_ask": (
            "Guten Tag,\n"
            "um Ihnen die Differenz für die Bestellung {order} zu erstatten, senden Sie uns bitte "
            "Ihre IBAN und den Namen des Kontoinhabers.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
        "bank_never": (
            "Guten Tag,\n"
            "wir haben Ihnen die Differenz für die Bestellung {order} über Amazon erstattet. Sie "
            "müssen uns niemals Ihre Bankdaten schicken.\n"
            "Mit freundlichen Grüßen\n"
            "Holzwerk"
        ),
    },
    "fr": {
        "shipped": (
            "Bonjour Madame Roux,\n"
            "Bonne nouvelle : votre commande {order} a quitté notre atelier ce matin avec "
            "Colissimo et devrait arriver vendredi.\n"
            "Suivi : 6A12345678901\n"
            "Belle journée,\n"
            "Maison Pin"
        ),
        "delivery_need": (
            "Bonjour Madame Roux,\n"
            "Votre commande {order} est en route. Votre immeuble a un digicode : merci de nous "
            "l'indiquer pour que le livreur puisse entrer.\n"
            "Belle journée,\n"
            "Maison Pin"
        ),
        "thanks": (
            "Chère Madame Roux,\n"
            "un grand merci d'avoir choisi notre petit atelier pour votre commande {order}. Chaque"
            " tasse est tournée à la main, ici en Bretagne.\n"
            "Profitez bien de votre café du matin !\n"
            "Bien à vous,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Chère Madame Roux,\n"
            "merci pour votre commande {order}. L'émail est alimentaire, mais les tasses ne "
            "doivent pas aller au micro-ondes.\n"
            "Bien à vous,\n"
            "Mira"
        ),
        "incentive": (
            "Bonjour,\n"
            "si vous publiez un avis sur la lampe sur Amazon, nous vous offrirons une carte cadeau"
            " de 10 € pour vous remercier.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Bonjour,\n"
            "nous vous avons remboursé 10 € sur la commande {order} car le prix a baissé après "
            "votre achat.\n"
            "Vous pouvez laisser un avis sur Amazon si vous le souhaitez.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "removal": (
            "Bonjour,\n"
            "nous avons vu votre avis sur la commande {order} et vous avons envoyé une nouvelle "
            "lampe. Pourriez-vous mettre à jour votre avis maintenant que tout est réglé ?\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Bonjour,\n"
            "nous avons lu votre avis et sommes désolés que l'abat-jour soit arrivé fêlé. Un "
            "remplacement gratuit pour la commande {order} est en route.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "gating": (
            "Bonjour,\n"
            "Satisfait de votre nouvelle lampe ? Laissez-nous un avis sur Amazon !\n"
            "Un souci ? Contactez-nous d'abord, nous allons arranger ça.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Bonjour,\n"
            "nous serions reconnaissants pour un avis sincère sur la commande {order} sur Amazon. "
            "Si vous avez une question sur votre commande, répondez simplement à ce message.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "promo": (
            "Bonjour,\n"
            "notre collection d'été est arrivée : avec le code ETE20, profitez de 20 % de "
            "réduction sur votre prochaine commande dans notre boutique en ligne.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Bonjour,\n"
            "nous sommes désolés que l'abat-jour de la commande {order} soit arrivé fêlé. Un "
            "remplacement gratuit est en route, avec une étiquette de retour gratuite pour "
            "l'ancien.\n"
            "Cordialement,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Bonjour,\n"
            "malheureusement le bureau en noyer de la commande {order} est en rupture de stock. "
            "Merci d'annuler la commande depuis votre compte Amazon.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
        "cancel_choice": (
            "Bonjour,\n"
            "le bureau en noyer de la commande {order} a du retard et sera expédié le 14 juin. Si "
            "vous préférez ne pas attendre, vous pouvez annuler la commande dans Vos commandes et "
            "le montant total sera remboursé.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
        "seller_cancelled": (
            "Bonjour,\n"
            "malheureusement le bureau en noyer de la commande {order} est épuisé : nous avons "
            "donc annulé votre commande et remboursé le montant total.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
        "cannot_ship": (
            "Bonjour,\n"
            "nous sommes désolés : le bureau en noyer de la commande {order} n'est plus fabriqué "
            "et nous ne pouvons pas l'expédier.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
        "bank_ask": (
            "Bonjour,\n"
            "pour vous rembourser la différence sur la commande {order}, merci de nous envoyer "
            "votre IBAN et le nom du titulaire du compte.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
        "bank_never": (
            "Bonjour,\n"
            "nous avons remboursé la différence sur la commande {order} via Amazon. Vous n'avez "
            "jamais besoin de nous envoyer vos coordonnées bancaires.\n"
            "Cordialement,\n"
            "Bois & Co"
        ),
    },
    "it": {
        "shipped": (
            "Ciao Giulia,\n"
            "buone notizie: il tuo ordine {order} è partito stamattina dal nostro magazzino con "
            "BRT e dovrebbe arrivare venerdì.\n"
            "Tracking: 084012345678\n"
            "Un saluto,\n"
            "Casa Pino"
        ),
        "delivery_need": (
            "Ciao Giulia,\n"
            "il tuo ordine {order} è in viaggio. Il tuo palazzo ha un codice al portone: per "
            "favore indicacelo così il corriere può entrare.\n"
            "Un saluto,\n"
            "Casa Pino"
        ),
        "thanks": (
            "Cara Giulia,\n"
            "grazie di cuore per aver scelto la nostra piccola bottega per il tuo ordine {order}. "
            "Ogni tazza è tornita a mano, qui in Umbria.\n"
            "Goditi il tuo caffè del mattino!\n"
            "Un abbraccio,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Cara Giulia,\n"
            "grazie per il tuo ordine {order}. Lo smalto è adatto agli alimenti, ma le tazze non "
            "vanno nel microonde.\n"
            "Un abbraccio,\n"
            "Mira"
        ),
        "incentive": (
            "Ciao Marco,\n"
            "se pubblichi una recensione della lampada su Amazon, ti regaliamo un buono da 10 € "
            "come ringraziamento.\n"
            "A presto,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Ciao Marco,\n"
            "ti abbiamo rimborsato 10 € sull'ordine {order} perché il prezzo è sceso dopo il tuo "
            "acquisto.\n"
            "Se vuoi, puoi lasciare una recensione su Amazon.\n"
            "A presto,\n"
            "Lumen"
        ),
        "removal": (
            "Ciao Marco,\n"
            "abbiamo visto la tua recensione sull'ordine {order} e ti abbiamo spedito una lampada "
            "nuova. Potresti aggiornare la tua recensione ora che è tutto risolto?\n"
            "A presto,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Ciao Marco,\n"
            "abbiamo letto la tua recensione e ci dispiace che il paralume sia arrivato incrinato."
            " Una sostituzione gratuita per l'ordine {order} è in viaggio.\n"
            "A presto,\n"
            "Lumen"
        ),
        "gating": (
            "Ciao Marco,\n"
            "Soddisfatto della tua nuova lampada? Lasciaci una recensione su Amazon!\n"
            "Qualcosa non va? Contattaci prima e lo sistemiamo.\n"
            "A presto,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Ciao Marco,\n"
            "ti saremmo grati per una recensione sincera dell'ordine {order} su Amazon. Se hai "
            "domande sul tuo ordine, rispondi pure a questo messaggio.\n"
            "A presto,\n"
            "Lumen"
        ),
        "promo": (
            "Ciao Marco,\n"
            "è arrivata la collezione estiva: con il codice ESTATE20 hai il 20% di sconto sul tuo "
            "prossimo ordine nel nostro negozio online.\n"
            "A presto,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Ciao Marco,\n"
            "ci dispiace che il paralume dell'ordine {order} sia arrivato incrinato. Una "
            "sostituzione gratuita è in viaggio, con un'etichetta di reso gratuita per quello "
            "rotto.\n"
            "A presto,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Buongiorno,\n"
            "purtroppo la scrivania in noce dell'ordine {order} è esaurita. La preghiamo di "
            "annullare l'ordine dal suo account Amazon.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
        "cancel_choice": (
            "Buongiorno,\n"
            "la scrivania in noce dell'ordine {order} è in ritardo e sarà spedita il 14 giugno. Se"
            " preferisce non aspettare, può annullare l'ordine da I miei ordini e l'importo le "
            "sarà rimborsato per intero.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
        "seller_cancelled": (
            "Buongiorno,\n"
            "purtroppo la scrivania in noce dell'ordine {order} è esaurita: abbiamo quindi "
            "annullato il suo ordine e rimborsato l'intero importo.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
        "cannot_ship": (
            "Buongiorno,\n"
            "ci dispiace: la scrivania in noce dell'ordine {order} è fuori produzione e non "
            "possiamo spedirla.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
        "bank_ask": (
            "Buongiorno,\n"
            "per rimborsarle la differenza sull'ordine {order}, ci invii per favore il suo IBAN e "
            "il nome dell'intestatario del conto.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
        "bank_never": (
            "Buongiorno,\n"
            "abbiamo rimborsato la differenza sull'ordine {order} tramite Amazon. Non deve mai "
            "inviarci i suoi dati bancari.\n"
            "Cordiali saluti,\n"
            "Legno & Co"
        ),
    },
    "es": {
        "shipped": (
            "Hola, Lucía:\n"
            "¡Buenas noticias! Su pedido {order} salió esta mañana de nuestro almacén con SEUR y "
            "debería llegar el viernes.\n"
            "Seguimiento: 02913845520178\n"
            "Un saludo,\n"
            "Casa Pino"
        ),
        "delivery_need": (
            "Hola, Lucía:\n"
            "Su pedido {order} está en camino. Su edificio tiene un código de acceso: por favor, "
            "indíquenoslo para que el repartidor pueda entrar.\n"
            "Un saludo,\n"
            "Casa Pino"
        ),
        "thanks": (
            "Querida Lucía:\n"
            "Mil gracias por elegir nuestro pequeño taller para su pedido {order}. Cada taza se "
            "tornea a mano aquí, en Toledo.\n"
            "¡Que disfrute de su café de la mañana!\n"
            "Un abrazo,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Querida Lucía:\n"
            "Gracias por su pedido {order}. El esmalte es apto para alimentos, pero las tazas no "
            "pueden ir al microondas.\n"
            "Un abrazo,\n"
            "Mira"
        ),
        "incentive": (
            "Hola, Carlos:\n"
            "Si publica una reseña de la lámpara en Amazon, le enviaremos una tarjeta regalo de 10"
            " € como agradecimiento.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Hola, Carlos:\n"
            "Le hemos reembolsado 10 € del pedido {order} porque el precio bajó después de su "
            "compra.\n"
            "Si lo desea, puede dejar una reseña en Amazon.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "removal": (
            "Hola, Carlos:\n"
            "Hemos visto su reseña del pedido {order} y le hemos enviado una lámpara nueva. "
            "¿Podría actualizar su reseña ahora que todo está resuelto?\n"
            "Saludos,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Hola, Carlos:\n"
            "Hemos leído su reseña y sentimos que la pantalla llegara rota. Un reemplazo gratuito "
            "para el pedido {order} ya está en camino.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "gating": (
            "Hola, Carlos:\n"
            "¿Contento con su nueva lámpara? ¡Déjenos una reseña en Amazon!\n"
            "¿Algo no va bien? Escríbanos primero y lo solucionamos.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Hola, Carlos:\n"
            "Le agradeceríamos una reseña sincera del pedido {order} en Amazon. Si tiene alguna "
            "pregunta sobre su pedido, responda a este mensaje.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "promo": (
            "Hola, Carlos:\n"
            "Ya llegó nuestra colección de verano: con el código VERANO20 tiene un 20 % de "
            "descuento en su próximo pedido en nuestra tienda online.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Hola, Carlos:\n"
            "Sentimos que la pantalla del pedido {order} llegara rota. Un reemplazo gratuito ya "
            "está en camino, con una etiqueta de devolución gratuita para la rota.\n"
            "Saludos,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Buenos días:\n"
            "Lamentablemente el escritorio de nogal del pedido {order} está agotado. Por favor, "
            "cancele el pedido desde su cuenta de Amazon.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
        "cancel_choice": (
            "Buenos días:\n"
            "El escritorio de nogal del pedido {order} se retrasa y se enviará el 14 de junio. Si "
            "prefiere no esperar, puede cancelar el pedido en Mis pedidos y se le reembolsará el "
            "importe completo.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
        "seller_cancelled": (
            "Buenos días:\n"
            "Lamentablemente el escritorio de nogal del pedido {order} está agotado, así que hemos"
            " cancelado su pedido y reembolsado el importe completo.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
        "cannot_ship": (
            "Buenos días:\n"
            "Lo sentimos: el escritorio de nogal del pedido {order} está descatalogado y no "
            "podemos enviarlo.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
        "bank_ask": (
            "Buenos días:\n"
            "Para reembolsarle la diferencia del pedido {order}, envíenos por favor su IBAN y el "
            "nombre del titular de la cuenta.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
        "bank_never": (
            "Buenos días:\n"
            "Hemos reembolsado la diferencia del pedido {order} a través de Amazon. Nunca tiene "
            "que enviarnos sus datos bancarios.\n"
            "Atentamente,\n"
            "Madera & Co"
        ),
    },
    "nl": {
        "shipped": (
            "Hallo Sanne,\n"
            "Goed nieuws: je bestelling {order} is vanochtend ons magazijn uit gegaan met PostNL "
            "en wordt naar verwachting vrijdag bezorgd.\n"
            "Track & trace: 3SABCD1234567\n"
            "Groetjes,\n"
            "Huis Den"
        ),
        "delivery_need": (
            "Hallo Sanne,\n"
            "Je bestelling {order} is onderweg. Je flat heeft een toegangscode: laat ons die "
            "alsjeblieft weten, zodat de bezorger naar binnen kan.\n"
            "Groetjes,\n"
            "Huis Den"
        ),
        "thanks": (
            "Beste Sanne,\n"
            "Hartelijk dank dat je ons kleine atelier hebt gekozen voor je bestelling {order}. "
            "Elke mok wordt hier in Zeeland met de hand gedraaid.\n"
            "Geniet van je ochtendkoffie!\n"
            "Warme groet,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Beste Sanne,\n"
            "Bedankt voor je bestelling {order}. Het glazuur is voedselveilig, maar de mokken "
            "mogen niet in de magnetron.\n"
            "Warme groet,\n"
            "Mira"
        ),
        "incentive": (
            "Hoi Daan,\n"
            "Als je een review van de lamp op Amazon plaatst, sturen we je als bedankje een "
            "cadeaubon van 10 euro.\n"
            "Groet,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Hoi Daan,\n"
            "We hebben je 10 euro terugbetaald voor bestelling {order}, omdat de prijs na je "
            "aankoop is gedaald.\n"
            "Je bent van harte welkom om een review op Amazon te schrijven.\n"
            "Groet,\n"
            "Lumen"
        ),
        "removal": (
            "Hoi Daan,\n"
            "We zagen je review van bestelling {order} en hebben een nieuwe lamp gestuurd. Zou je "
            "je review willen aanpassen nu alles is opgelost?\n"
            "Groet,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Hoi Daan,\n"
            "We hebben je review gelezen en het spijt ons dat de kap gebarsten aankwam. Een gratis"
            " vervanging voor bestelling {order} is onderweg.\n"
            "Groet,\n"
            "Lumen"
        ),
        "gating": (
            "Hoi Daan,\n"
            "Tevreden met je nieuwe lamp? Laat een review achter op Amazon!\n"
            "Iets niet goed? Neem eerst contact met ons op, dan lossen we het op.\n"
            "Groet,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Hoi Daan,\n"
            "We zouden een eerlijke review van bestelling {order} op Amazon erg waarderen. Heb je "
            "een vraag over je bestelling, beantwoord dan gewoon dit bericht.\n"
            "Groet,\n"
            "Lumen"
        ),
        "promo": (
            "Hoi Daan,\n"
            "Onze zomercollectie is er: met de code ZOMER20 krijg je 20% korting op je volgende "
            "bestelling in onze webshop.\n"
            "Groet,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Hoi Daan,\n"
            "Het spijt ons dat de kap van bestelling {order} gebarsten aankwam. Een gratis "
            "vervanging is onderweg, met een gratis retourlabel voor de kapotte.\n"
            "Groet,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Goedendag,\n"
            "Helaas is het notenhouten bureau uit bestelling {order} niet meer op voorraad. Wilt u"
            " de bestelling annuleren via uw Amazon-account?\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
        "cancel_choice": (
            "Goedendag,\n"
            "Het notenhouten bureau uit bestelling {order} heeft vertraging en wordt nu op 14 juni"
            " verzonden. Als u liever niet wacht, kunt u de bestelling annuleren via Mijn "
            "bestellingen en krijgt u het volledige bedrag terug.\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
        "seller_cancelled": (
            "Goedendag,\n"
            "Helaas is het notenhouten bureau uit bestelling {order} uitverkocht. Daarom hebben "
            "wij uw bestelling geannuleerd en het volledige bedrag terugbetaald.\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
        "cannot_ship": (
            "Goedendag,\n"
            "Het spijt ons: het notenhouten bureau uit bestelling {order} wordt niet meer gemaakt "
            "en wij kunnen het niet leveren.\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
        "bank_ask": (
            "Goedendag,\n"
            "Om u het verschil voor bestelling {order} terug te betalen, stuur ons alstublieft uw "
            "IBAN en de naam van de rekeninghouder.\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
        "bank_never": (
            "Goedendag,\n"
            "Wij hebben het verschil voor bestelling {order} via Amazon terugbetaald. U hoeft ons "
            "nooit uw bankgegevens te sturen.\n"
            "Met vriendelijke groet,\n"
            "Hout & Co"
        ),
    },
    "sv": {
        "shipped": (
            "Hej Anna,\n"
            "Goda nyheter: din beställning {order} lämnade vårt lager i morse med PostNord och "
            "beräknas levereras på fredag.\n"
            "Spårningsnummer: 00370712345678901234\n"
            "Vänliga hälsningar,\n"
            "Tallhuset"
        ),
        "delivery_need": (
            "Hej Anna,\n"
            "Din beställning {order} är på väg. Ditt hus har en portkod: svara gärna med den så "
            "att budet kommer in.\n"
            "Vänliga hälsningar,\n"
            "Tallhuset"
        ),
        "thanks": (
            "Kära Anna,\n"
            "Tack av hela hjärtat för att du valde vår lilla verkstad för din beställning {order}."
            " Varje mugg drejas för hand här i Dalarna.\n"
            "Njut av morgonkaffet!\n"
            "Varma hälsningar,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Kära Anna,\n"
            "Tack för din beställning {order}. Glasyren är livsmedelssäker, men muggarna får inte "
            "köras i mikrovågsugnen.\n"
            "Varma hälsningar,\n"
            "Mira"
        ),
        "incentive": (
            "Hej Erik,\n"
            "Om du skriver en recension av lampan på Amazon skickar vi dig ett presentkort på 100 "
            "kr som tack.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Hej Erik,\n"
            "Vi har återbetalat 100 kr för beställning {order} eftersom priset sänktes efter ditt "
            "köp.\n"
            "Du får gärna lämna en recension på Amazon.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "removal": (
            "Hej Erik,\n"
            "Vi såg din recension av beställning {order} och har skickat en ny lampa. Skulle du "
            "kunna uppdatera din recension nu när allt är löst?\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Hej Erik,\n"
            "Vi har läst din recension och beklagar att skärmen kom fram sprucken. En kostnadsfri "
            "ersättning för beställning {order} är på väg.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "gating": (
            "Hej Erik,\n"
            "Nöjd med din nya lampa? Lämna en recension på Amazon!\n"
            "Något som inte stämmer? Kontakta oss först så löser vi det.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Hej Erik,\n"
            "Vi skulle uppskatta en ärlig recension av beställning {order} på Amazon. Har du "
            "frågor om din beställning kan du svara på det här meddelandet.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "promo": (
            "Hej Erik,\n"
            "Vår sommarkollektion är här: med koden SOMMAR20 får du 20 % rabatt på din nästa "
            "beställning i vår webbutik.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Hej Erik,\n"
            "Vi beklagar att skärmen i beställning {order} kom fram sprucken. En kostnadsfri "
            "ersättning är på väg, med en gratis returetikett för den trasiga.\n"
            "Hälsningar,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Hej,\n"
            "Tyvärr är skrivbordet i valnöt från beställning {order} slut i lager. Vänligen avbryt"
            " beställningen via ditt Amazon-konto.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
        "cancel_choice": (
            "Hej,\n"
            "Skrivbordet i valnöt från beställning {order} är försenat och skickas nu den 14 juni."
            " Om du hellre inte vill vänta kan du avbryta beställningen under Mina beställningar "
            "och få hela beloppet återbetalat.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
        "seller_cancelled": (
            "Hej,\n"
            "Tyvärr är skrivbordet i valnöt från beställning {order} slutsålt, så vi har avbrutit "
            "din beställning och återbetalat hela beloppet.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
        "cannot_ship": (
            "Hej,\n"
            "Vi beklagar: skrivbordet i valnöt från beställning {order} tillverkas inte längre och"
            " vi kan inte leverera det.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
        "bank_ask": (
            "Hej,\n"
            "För att återbetala mellanskillnaden för beställning {order}, skicka oss ditt "
            "kontonummer och namnet på kontoinnehavaren.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
        "bank_never": (
            "Hej,\n"
            "Vi har återbetalat mellanskillnaden för beställning {order} via Amazon. Du behöver "
            "aldrig skicka oss dina bankuppgifter.\n"
            "Med vänliga hälsningar,\n"
            "Trä & Co"
        ),
    },
    "pl": {
        "shipped": (
            "Dzień dobry, Pani Anno,\n"
            "Mamy dobrą wiadomość: Pani zamówienie {order} opuściło dziś rano nasz magazyn i "
            "zostało przekazane kurierowi InPost. Przesyłka powinna dotrzeć w piątek.\n"
            "Numer przesyłki: 620012345678901234567890\n"
            "Pozdrawiamy,\n"
            "Dom Sosna"
        ),
        "delivery_need": (
            "Dzień dobry, Pani Anno,\n"
            "Pani zamówienie {order} jest w drodze. Budynek ma kod do bramy: prosimy o jego "
            "podanie, aby kurier mógł wejść.\n"
            "Pozdrawiamy,\n"
            "Dom Sosna"
        ),
        "thanks": (
            "Droga Pani Anno,\n"
            "serdecznie dziękujemy, że wybrała Pani naszą małą pracownię przy zamówieniu {order}. "
            "Każdy kubek toczymy ręcznie, tutaj w Bolesławcu.\n"
            "Życzymy smacznej porannej kawy!\n"
            "Serdeczności,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Droga Pani Anno,\n"
            "dziękujemy za zamówienie {order}. Szkliwo jest bezpieczne dla żywności, ale kubków "
            "nie wolno wkładać do mikrofalówki.\n"
            "Serdeczności,\n"
            "Mira"
        ),
        "incentive": (
            "Dzień dobry,\n"
            "jeśli wystawi Pan opinię o lampie na Amazon, w podziękowaniu wyślemy Panu kartę "
            "podarunkową o wartości 50 zł.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Dzień dobry,\n"
            "zwróciliśmy Panu 50 zł za zamówienie {order}, ponieważ cena spadła po Pana zakupie.\n"
            "Zachęcamy do wystawienia opinii na Amazon.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "removal": (
            "Dzień dobry,\n"
            "widzieliśmy Pana opinię o zamówieniu {order} i wysłaliśmy nową lampę. Czy mógłby Pan "
            "zaktualizować swoją opinię teraz, gdy wszystko jest załatwione?\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Dzień dobry,\n"
            "przeczytaliśmy Pana opinię i bardzo nam przykro, że klosz dotarł pęknięty. Bezpłatna "
            "wymiana w ramach zamówienia {order} jest już w drodze.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "gating": (
            "Dzień dobry,\n"
            "Jest Pan zadowolony z nowej lampy? Wystaw nam opinię na Amazon!\n"
            "Coś jest nie tak? Najpierw skontaktuj się z nami, a wszystko naprawimy.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Dzień dobry,\n"
            "będziemy wdzięczni za szczerą opinię o zamówieniu {order} na Amazon. Jeśli ma Pan "
            "pytanie dotyczące zamówienia, wystarczy odpowiedzieć na tę wiadomość.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "promo": (
            "Dzień dobry,\n"
            "nasza letnia kolekcja już jest: z kodem LATO20 otrzyma Pan 20% rabatu na kolejne "
            "zamówienie w naszym sklepie internetowym.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Dzień dobry,\n"
            "przykro nam, że klosz z zamówienia {order} dotarł pęknięty. Bezpłatna wymiana jest w "
            "drodze, razem z darmową etykietą zwrotną na uszkodzony.\n"
            "Pozdrawiamy,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Dzień dobry,\n"
            "niestety biurko z orzecha z zamówienia {order} jest niedostępne w magazynie. Prosimy "
            "o anulowanie zamówienia na koncie Amazon.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
        "cancel_choice": (
            "Dzień dobry,\n"
            "biurko z orzecha z zamówienia {order} jest opóźnione i zostanie wysłane 14 czerwca. "
            "Jeśli woli Pan nie czekać, może Pan anulować zamówienie w sekcji Moje zamówienia i "
            "otrzyma Pan zwrot pełnej kwoty.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
        "seller_cancelled": (
            "Dzień dobry,\n"
            "niestety biurko z orzecha z zamówienia {order} zostało wyprzedane, dlatego "
            "anulowaliśmy Pana zamówienie i zwróciliśmy pełną kwotę.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
        "cannot_ship": (
            "Dzień dobry,\n"
            "przykro nam: biurko z orzecha z zamówienia {order} nie jest już produkowane i nie "
            "możemy go wysłać.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
        "bank_ask": (
            "Dzień dobry,\n"
            "aby zwrócić różnicę za zamówienie {order}, prosimy o przesłanie numeru konta "
            "bankowego i imienia i nazwiska właściciela rachunku.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
        "bank_never": (
            "Dzień dobry,\n"
            "zwróciliśmy różnicę za zamówienie {order} przez Amazon. Nigdy nie musi Pan przesyłać "
            "nam swoich danych bankowych.\n"
            "Z poważaniem,\n"
            "Drewno & Co"
        ),
    },
    "pt": {
        "shipped": (
            "Olá, Ana,\n"
            "Boas notícias: o seu pedido {order} saiu hoje de manhã do nosso armazém pelos "
            "Correios e deve chegar na sexta-feira.\n"
            "Código de rastreamento: AB123456789BR\n"
            "Abraços,\n"
            "Casa Pinho"
        ),
        "delivery_need": (
            "Olá, Ana,\n"
            "O seu pedido {order} está a caminho. O seu prédio tem um código de acesso: por favor,"
            " informe-nos para que o entregador possa entrar.\n"
            "Abraços,\n"
            "Casa Pinho"
        ),
        "thanks": (
            "Querida Ana,\n"
            "Muito obrigada por escolher o nosso pequeno ateliê para o seu pedido {order}. Cada "
            "caneca é feita à mão aqui em Minas Gerais.\n"
            "Aproveite o seu café da manhã!\n"
            "Um abraço,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Querida Ana,\n"
            "Obrigada pelo seu pedido {order}. O esmalte é seguro para alimentos, mas as canecas "
            "não podem ir ao micro-ondas.\n"
            "Um abraço,\n"
            "Mira"
        ),
        "incentive": (
            "Olá, Pedro,\n"
            "Se você publicar uma avaliação da luminária na Amazon, enviaremos um vale-presente de"
            " R$ 50 como agradecimento.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Olá, Pedro,\n"
            "Reembolsamos R$ 50 do pedido {order} porque o preço baixou depois da sua compra.\n"
            "Fique à vontade para deixar uma avaliação na Amazon.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "removal": (
            "Olá, Pedro,\n"
            "Vimos a sua avaliação do pedido {order} e enviamos uma luminária nova. Você poderia "
            "atualizar a sua avaliação agora que tudo foi resolvido?\n"
            "Abraços,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Olá, Pedro,\n"
            "Lemos a sua avaliação e sentimos muito que a cúpula tenha chegado rachada. Uma "
            "substituição gratuita do pedido {order} já está a caminho.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "gating": (
            "Olá, Pedro,\n"
            "Gostou da sua nova luminária? Deixe uma avaliação na Amazon!\n"
            "Algo deu errado? Fale conosco primeiro e nós resolvemos.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Olá, Pedro,\n"
            "Agradeceríamos uma avaliação sincera do pedido {order} na Amazon. Se tiver alguma "
            "dúvida sobre o seu pedido, basta responder a esta mensagem.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "promo": (
            "Olá, Pedro,\n"
            "A nossa coleção de verão chegou: com o cupom VERAO20 você ganha 20% de desconto na "
            "próxima compra na nossa loja online.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Olá, Pedro,\n"
            "Sentimos muito que a cúpula do pedido {order} tenha chegado rachada. Uma substituição"
            " gratuita está a caminho, com uma etiqueta de devolução grátis para a quebrada.\n"
            "Abraços,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "Bom dia,\n"
            "Infelizmente a escrivaninha de nogueira do pedido {order} está esgotada. Por favor, "
            "cancele o pedido na sua conta da Amazon.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
        "cancel_choice": (
            "Bom dia,\n"
            "A escrivaninha de nogueira do pedido {order} está atrasada e será enviada em 14 de "
            "junho. Se preferir não esperar, pode cancelar o pedido em Seus pedidos e o valor "
            "total será reembolsado.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
        "seller_cancelled": (
            "Bom dia,\n"
            "Infelizmente a escrivaninha de nogueira do pedido {order} esgotou, por isso "
            "cancelamos o seu pedido e reembolsamos o valor total.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
        "cannot_ship": (
            "Bom dia,\n"
            "Lamentamos: a escrivaninha de nogueira do pedido {order} saiu de linha e não "
            "conseguimos enviá-la.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
        "bank_ask": (
            "Bom dia,\n"
            "Para reembolsar a diferença do pedido {order}, envie-nos por favor os seus dados "
            "bancários: banco, agência e número da conta.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
        "bank_never": (
            "Bom dia,\n"
            "Reembolsamos a diferença do pedido {order} pela Amazon. Você nunca precisa nos enviar"
            " os seus dados bancários.\n"
            "Atenciosamente,\n"
            "Madeira & Co"
        ),
    },
    "tr": {
        "shipped": (
            "Merhaba Ayşe Hanım,\n"
            "Sevindirici bir haber: {order} numaralı siparişiniz bu sabah depomuzdan Yurtiçi Kargo"
            " ile yola çıktı ve cuma günü teslim edilmesi bekleniyor.\n"
            "Takip numarası: 123456789012\n"
            "Sevgiler,\n"
            "Çam Evi"
        ),
        "delivery_need": (
            "Merhaba Ayşe Hanım,\n"
            "{order} numaralı siparişiniz yolda. Binanızın kapı şifresi var: kuryenin girebilmesi "
            "için lütfen bize iletin.\n"
            "Sevgiler,\n"
            "Çam Evi"
        ),
        "thanks": (
            "Sevgili Ayşe Hanım,\n"
            "{order} numaralı siparişiniz için küçük atölyemizi seçtiğiniz için yürekten teşekkür "
            "ederiz. Her kupa burada, Kütahya'da elde şekillendiriliyor.\n"
            "Sabah kahvenizin tadını çıkarın!\n"
            "Sevgiyle,\n"
            "Mira"
        ),
        "thanks_caveat": (
            "Sevgili Ayşe Hanım,\n"
            "{order} numaralı siparişiniz için teşekkürler. Sır gıdaya uygundur, ancak kupalar "
            "mikrodalgaya girmemelidir.\n"
            "Sevgiyle,\n"
            "Mira"
        ),
        "incentive": (
            "Merhaba Mehmet Bey,\n"
            "Amazon'da lamba hakkında bir yorum yazarsanız, teşekkür olarak size 100 TL'lik bir "
            "hediye kartı göndereceğiz.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "refund_then_review": (
            "Merhaba Mehmet Bey,\n"
            "Satın aldıktan sonra fiyat düştüğü için {order} numaralı sipariş için size 100 TL "
            "iade ettik.\n"
            "Dilerseniz Amazon'da bir değerlendirme bırakabilirsiniz.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "removal": (
            "Merhaba Mehmet Bey,\n"
            "{order} numaralı sipariş hakkındaki yorumunuzu gördük ve yeni bir lamba gönderdik. "
            "Her şey çözüldüğüne göre yorumunuzu güncelleyebilir misiniz?\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "replacement_after_review": (
            "Merhaba Mehmet Bey,\n"
            "Yorumunuzu okuduk ve abajurun çatlak gelmesine çok üzüldük. {order} numaralı sipariş "
            "için ücretsiz bir yenisi yolda.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "gating": (
            "Merhaba Mehmet Bey,\n"
            "Yeni lambanızdan memnun musunuz? Amazon'da bize bir yorum bırakın!\n"
            "Bir sorun mu var? Önce bize yazın, hemen çözelim.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "neutral_review": (
            "Merhaba Mehmet Bey,\n"
            "{order} numaralı sipariş için Amazon'da dürüst bir değerlendirme yaparsanız çok "
            "seviniriz. Siparişinizle ilgili bir sorunuz varsa bu mesajı yanıtlamanız yeterli.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "promo": (
            "Merhaba Mehmet Bey,\n"
            "Yaz koleksiyonumuz geldi: YAZ20 koduyla online mağazamızdaki bir sonraki "
            "siparişinizde %20 indirim kazanın.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "free_replacement": (
            "Merhaba Mehmet Bey,\n"
            "{order} numaralı siparişteki abajurun çatlak gelmesine çok üzüldük. Ücretsiz bir "
            "yenisi yolda; kırık olan için ücretsiz bir iade etiketi de ekledik.\n"
            "Selamlar,\n"
            "Lumen"
        ),
        "ask_cancel": (
            "İyi günler,\n"
            "Maalesef {order} numaralı siparişteki ceviz masa stokta kalmadı. Lütfen siparişi "
            "Amazon hesabınızdan iptal edin.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
        "cancel_choice": (
            "İyi günler,\n"
            "{order} numaralı siparişteki ceviz masa gecikti ve 14 Haziran'da kargoya verilecek. "
            "Beklemek istemezseniz siparişi Siparişlerim bölümünden iptal edebilirsiniz; tutarın "
            "tamamı iade edilir.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
        "seller_cancelled": (
            "İyi günler,\n"
            "Maalesef {order} numaralı siparişteki ceviz masa tükendi, bu nedenle siparişinizi "
            "iptal ettik ve tutarın tamamını iade ettik.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
        "cannot_ship": (
            "İyi günler,\n"
            "Üzgünüz: {order} numaralı siparişteki ceviz masanın üretimi durduruldu ve masayı "
            "gönderemiyoruz.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
        "bank_ask": (
            "İyi günler,\n"
            "{order} numaralı siparişteki farkı iade edebilmemiz için lütfen bize IBAN numaranızı "
            "ve hesap sahibinin adını gönderin.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
        "bank_never": (
            "İyi günler,\n"
            "{order} numaralı siparişteki farkı Amazon üzerinden iade ettik. Banka bilgilerinizi "
            "bize asla göndermeniz gerekmez.\n"
            "Saygılarımızla,\n"
            "Ahşap & Co"
        ),
    },
    "ja": {
        "shipped": (
            "山田様\n"
            "ご注文（{order}）の商品を本日ヤマト運輸にて発送いたしました。金曜日にお届け予定です。\n"
            "お問い合わせ伝票番号：1234-5678-9012\n"
            "松の家"
        ),
        "delivery_need": (
            "山田様\n"
            "ご注文（{order}）の商品は配送中です。マンションのオートロックの暗証番号をお知らせいただけますでしょうか。配達員が入館するために必要です。\n"
            "松の家"
        ),
        "thanks": (
            "山田様\n"
            "この度は当工房をお選びいただき、ご注文（{order}）を誠にありがとうございました。マグカップはすべて益子で一つずつ手作りしております。\n"
            "朝のコーヒーをお楽しみください。\n"
            "ミラ"
        ),
        "thanks_caveat": (
            "山田様\n"
            "ご注文（{order}）ありがとうございました。なお、釉薬は食品衛生上安全ですが、電子レンジではご使用いただけませんのでご注意ください。\n"
            "ミラ"
        ),
        "incentive": (
            "佐藤様\n"
            "Amazonでランプのレビューを投稿していただいた方には、お礼として1000円分のギフト券をお送りします。\n"
            "ルーメン"
        ),
        "refund_then_review": (
            "佐藤様\n"
            "ご購入後に価格が下がったため、ご注文（{order}）について1000円を返金いたしました。\n"
            "よろしければAmazonでレビューをお寄せください。\n"
            "ルーメン"
        ),
        "removal": (
            "佐藤様\n"
            "ご注文（{order}）のレビューを拝見し、新しいランプを発送いたしました。解決いたしましたので、レビューを更新していただけないでしょうか。\n"
            "ルーメン"
        ),
        "replacement_after_review": (
            "佐藤様\n"
            "レビューを拝見しました。シェードが割れた状態で届き、大変申し訳ございません。ご注文（{order}）の代替品を無償でお送りしました。\n"
            "ルーメン"
        ),
        "gating": (
            "佐藤様\n"
            "新しいランプにご満足いただけましたか？Amazonでレビューをお願いします！\n"
            "何か問題がありましたら、レビューの前にまずご連絡ください。\n"
            "ルーメン"
        ),
        "neutral_review": (
            "佐藤様\n"
            "ご注文（{order}）について、Amazonで率直なレビューをいただけると幸いです。ご注文に関するご質問は、このメッセージにご返信ください。\n"
            "ルーメン"
        ),
        "promo": (
            "佐藤様\n"
            "夏の新作コレクションが登場しました。クーポンコードSUMMER20で、公式オンラインショップでの次回のお買い物が20%オフになります。\n"
            "ルーメン"
        ),
        "free_replacement": (
            "佐藤様\n"
            "ご注文（{order}）のシェードが割れた状態で届き、申し訳ございません。無償の交換品を発送いたしました。破損品用の返送ラベルも無料でお送りします。\n"
            "ルーメン"
        ),
        "ask_cancel": (
            "お客様\n"
            "誠に申し訳ございませんが、ご注文（{order}）のウォールナットデスクは在庫切れとなりました。お手数ですが、Amazonのアカウントからご注文をキャンセルしてください。"
            "\n"
            "木工房"
        ),
        "cancel_choice": (
            "お客様\n"
            "ご注文（{order}）のウォールナットデスクは発送が遅れており、6月14日の発送となります。お待ちいただけない場合は、注文履歴からキャンセルしていただくことも可能で、全"
            "額返金されます。\n"
            "木工房"
        ),
        "seller_cancelled": (
            "お客様\n"
            "誠に申し訳ございませんが、ご注文（{order}）のウォールナットデスクは在庫切れとなったため、当店にてご注文をキャンセルし、全額を返金いたしました。\n"
            "木工房"
        ),
        "cannot_ship": (
            "お客様\n"
            "申し訳ございません。ご注文（{order}）のウォールナットデスクは生産終了となり、発送することができません。\n"
            "木工房"
        ),
        "bank_ask": (
            "お客様\n"
            "ご注文（{order}）の差額を返金いたしますので、振込先の銀行名、支店名、口座番号をお知らせください。\n"
            "木工房"
        ),
        "bank_never": (
            "お客様\n"
            "ご注文（{order}）の差額はAmazonを通じて返金いたしました。口座情報をお送りいただく必要は一切ございません。\n"
            "木工房"
        ),
    },
    "ar": {
        "shipped": (
            "مرحباً سارة،\n"
            "أخبار سارة: تم شحن طلبك {order} صباح اليوم مع أرامكس، ومن المتوقع أن يصل يوم "
            "الجمعة.\n"
            "رقم التتبع: 12345678901\n"
            "مع أطيب التحيات،\n"
            "بيت الصنوبر"
        ),
        "delivery_need": (
            "مرحباً سارة،\n"
            "طلبك {order} في الطريق إليك. يحتاج المندوب إلى رمز دخول المبنى، فيرجى إرساله إلينا.\n"
            "مع أطيب التحيات،\n"
            "بيت الصنوبر"
        ),
        "thanks": (
            "عزيزتي سارة،\n"
            "شكراً من القلب لاختيارك ورشتنا الصغيرة لطلبك {order}. كل كوب يُصنع يدوياً هنا في "
            "عمّان.\n"
            "استمتعي بقهوة الصباح!\n"
            "مع خالص المودة،\n"
            "ميرا"
        ),
        "thanks_caveat": (
            "عزيزتي سارة،\n"
            "شكراً لطلبك {order}. الطلاء آمن للطعام، لكن يجب عدم وضع الأكواب في الميكروويف.\n"
            "مع خالص المودة،\n"
            "ميرا"
        ),
        "incentive": (
            "مرحباً أحمد،\n"
            "إذا كتبت تقييماً للمصباح على أمازون، سنرسل لك بطاقة هدية بقيمة 50 درهماً كشكر منا.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "refund_then_review": (
            "مرحباً أحمد،\n"
            "لقد رددنا لك 50 درهماً من الطلب {order} لأن السعر انخفض بعد شرائك.\n"
            "يسعدنا أن تترك تقييماً على أمازون إن رغبت.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "removal": (
            "مرحباً أحمد،\n"
            "رأينا تقييمك للطلب {order} وأرسلنا لك مصباحاً جديداً. هل يمكنك تحديث تقييمك الآن بعد "
            "حل المشكلة؟\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "replacement_after_review": (
            "مرحباً أحمد،\n"
            "قرأنا تقييمك ونأسف لوصول الغطاء مكسوراً. تم إرسال بديل مجاني للطلب {order} وهو في "
            "الطريق إليك.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "gating": (
            "مرحباً أحمد،\n"
            "هل أنت راضٍ عن مصباحك الجديد؟ اترك لنا تقييماً على أمازون!\n"
            "هل هناك مشكلة؟ تواصل معنا أولاً وسنحلها.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "neutral_review": (
            "مرحباً أحمد،\n"
            "سنكون ممتنين لتقييم صادق للطلب {order} على أمازون. إذا كان لديك سؤال عن طلبك، فقط قم "
            "بالرد على هذه الرسالة.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "promo": (
            "مرحباً أحمد،\n"
            "وصلت مجموعتنا الصيفية: استخدم الكود SUMMER20 للحصول على خصم 20% على طلبك القادم من "
            "متجرنا الإلكتروني.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "free_replacement": (
            "مرحباً أحمد،\n"
            "نأسف لوصول غطاء الطلب {order} مكسوراً. بديل مجاني في الطريق إليك، مع ملصق إرجاع مجاني"
            " للقطعة المكسورة.\n"
            "تحياتنا،\n"
            "لومن"
        ),
        "ask_cancel": (
            "مرحباً،\n"
            "للأسف نفدت الطاولة الخشبية من الطلب {order} من المخزون. يرجى إلغاء الطلب من حسابك على"
            " أمازون.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
        "cancel_choice": (
            "مرحباً،\n"
            "تأخرت الطاولة الخشبية من الطلب {order} وسيتم شحنها في 14 يونيو. إذا كنت تفضل عدم "
            "الانتظار، يمكنك إلغاء الطلب من صفحة طلباتك وسيتم رد المبلغ بالكامل.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
        "seller_cancelled": (
            "مرحباً،\n"
            "للأسف نفدت الطاولة الخشبية من الطلب {order} من المخزون، لذلك قمنا بإلغاء طلبك ورد "
            "المبلغ بالكامل.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
        "cannot_ship": (
            "مرحباً،\n"
            "نأسف: توقف إنتاج الطاولة الخشبية من الطلب {order} ولا يمكننا شحنها.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
        "bank_ask": (
            "مرحباً،\n"
            "لرد الفرق في الطلب {order}، يرجى إرسال رقم الآيبان واسم صاحب الحساب.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
        "bank_never": (
            "مرحباً،\n"
            "لقد رددنا الفرق في الطلب {order} عبر أمازون. لا تحتاج أبداً إلى إرسال بياناتك "
            "المصرفية إلينا.\n"
            "مع التحية،\n"
            "خشب وشركاه"
        ),
    },
}
