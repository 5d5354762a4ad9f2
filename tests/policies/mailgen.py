"""Mail written the way real mailers write it, generated deterministically for the
robustness test (issue 11): Outlook/Word HTML, Gmail/Apple/Thunderbird replies,
newsletter templates, calendar invites, signed messages, attached messages and
winmail.dat, nested multiparts, many charsets and transfer encodings, folded and broken
RFC 2047 headers, long lines.

`generate(count, seed)` yields `(name, raw bytes, recipient)`; the same seed gives the
same messages. The messages are built as bytes by hand, not with `email.message`, so
that they can carry what real mailers send and the stdlib would not write (unquoted
boundaries with `=`, raw 8-bit headers, broken encoded words).
"""

from __future__ import annotations

import base64
import quopri
import random
from collections.abc import Callable, Iterator

ORDER_IDS = ("405-1234567-7654321", "302-7719028-5531649", "250-4418273-1234567",
             "D01-1234567-1234567")
MARKETPLACES = {
    "en": "co.uk", "de": "de", "fr": "fr", "it": "it", "es": "es", "nl": "nl", "sv": "se",
    "pl": "pl", "pt": "com.br", "tr": "com.tr", "ja": "co.jp", "ar": "sa",
}
# A delay notice per language (permitted content), and what real mail adds around it.
NOTICES = {
    "en": "Your order {oid} will arrive two days later than planned. The new delivery date "
          "is Friday 23 May. We are sorry for the wait.",
    "de": "Ihre Bestellung {oid} trifft zwei Tage später ein als geplant. Der neue "
          "Liefertermin ist Freitag, der 23. Mai. Entschuldigen Sie die Verzögerung.",
    "fr": "Votre commande {oid} arrivera avec deux jours de retard. La nouvelle date de "
          "livraison est le vendredi 23 mai. Nous sommes désolés.",
    "it": "Il tuo ordine {oid} arriverà con due giorni di ritardo. La nuova data di "
          "consegna è venerdì 23 maggio. Ci scusiamo per l'attesa.",
    "es": "Su pedido {oid} llegará dos días más tarde de lo previsto. La nueva fecha de "
          "entrega es el viernes 23 de mayo. Disculpe la espera.",
    "nl": "Uw bestelling {oid} komt twee dagen later aan dan gepland. De nieuwe "
          "leverdatum is vrijdag 23 mei. Excuses voor het wachten.",
    "sv": "Din beställning {oid} kommer två dagar senare än planerat. Nytt leveransdatum "
          "är fredag den 23 maj. Vi ber om ursäkt för väntan.",
    "pl": "Twoje zamówienie {oid} dotrze dwa dni później niż planowano. Nowa data "
          "dostawy to piątek 23 maja. Przepraszamy za opóźnienie.",
    "pt": "O seu pedido {oid} vai chegar dois dias mais tarde do que o previsto. A nova "
          "data de entrega é sexta-feira, 23 de maio. Pedimos desculpa pela espera.",
    "tr": "{oid} numaralı siparişiniz planlanandan iki gün sonra ulaşacak. Yeni teslim "
          "tarihi 23 Mayıs Cuma. Bekleme için özür dileriz.",
    "ja": "ご注文 {oid} のお届けが予定より二日遅れます。新しいお届け日は5月23日（金）です。"
          "お待たせして申し訳ございません。",
    "ar": "سيصل طلبك {oid} متأخرا يومين عن الموعد المحدد. موعد التسليم الجديد هو يوم "
          "الجمعة 23 مايو. نعتذر عن الانتظار.",
}
SIGNATURES = (
    "Tel.: +49 30 1234567\nE-Mail: info@shop.example",
    "Phone: 020 7946 0958 | support@shop.example",
    "WhatsApp: +39 347 123 4567",
    "電話：０３－１２３４－５６７８",
    "هاتف: ٠٥٠١٢٣٤٥٦٧",
    "Shop GmbH · Musterstraße 1 · 10115 Berlin · USt-IdNr. DE 287654321",
    "Bottega Rossi s.n.c. - P.IVA 02918450366",
)
EXTRAS = ("Rechnung vom 02.06.2025.", "🎁 Thank you! 😊", "Visit https://shop.example/sale",
          "Track it at https://www.dhl.de/track?id=123", "[Important]", "【重要】",
          "Download: http://203.0.113.45/fw.bin", "Write to us at help@shop.example.")
CHARSETS = {
    "en": ("utf-8", "us-ascii", "iso-8859-1", "windows-1252"),
    "de": ("utf-8", "iso-8859-1", "iso-8859-15", "windows-1252"),
    "fr": ("utf-8", "iso-8859-1", "windows-1252"),
    "it": ("utf-8", "iso-8859-1", "windows-1252"),
    "es": ("utf-8", "iso-8859-1", "windows-1252"),
    "nl": ("utf-8", "iso-8859-1"),
    "sv": ("utf-8", "iso-8859-1"),
    "pl": ("utf-8", "iso-8859-2", "windows-1250"),
    "pt": ("utf-8", "iso-8859-1"),
    "tr": ("utf-8", "iso-8859-9", "windows-1254"),
    "ja": ("utf-8", "iso-2022-jp", "shift_jis", "euc-jp"),
    "ar": ("utf-8", "windows-1256", "iso-8859-6"),
}
ENCODINGS = ("7bit", "8bit", "quoted-printable", "base64")
ONE_PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")


class Writer:
    """One message being written: its language, its randomness, its boundaries."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.oid = rng.choice(ORDER_IDS)
        self.count = 0

    def text(self, sentences: int = 1) -> str:
        """The notice, with what sellers add: a signature, an extra line or two."""
        lines = [NOTICES[self.lang].format(oid=self.oid)]
        for _ in range(sentences - 1):
            lines.append(self.rng.choice(EXTRAS))
        if self.rng.random() < 0.6:
            lines.append("\n" + self.rng.choice(SIGNATURES))
        return "\n\n".join(lines)

    def boundary(self) -> str:
        self.count += 1
        style = self.rng.randrange(3)
        if style == 0:
            return f"----=_NextPart_{self.count:03d}_0001_01DB{self.rng.randrange(10**8):08X}"
        if style == 1:
            return f"000000000000{self.rng.randrange(16**12):012x}{self.count}"
        return f"Apple-Mail={self.rng.randrange(10**6)}-{self.count}"

    def encoded(self, text: str, subtype: str = "plain", charset: str | None = None,
                encoding: str | None = None, extra: str = "") -> bytes:
        """A text part in one of the language's charsets and a transfer encoding."""
        charset = charset or self.rng.choice(CHARSETS[self.lang])
        try:
            data = text.encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
            data = text.encode(charset)
        encoding = encoding or self.rng.choice(ENCODINGS)
        if encoding == "7bit" and not data.isascii():
            encoding = "quoted-printable"
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        if encoding == "base64":
            body = base64.encodebytes(data).replace(b"\n", b"\r\n")
        elif encoding == "quoted-printable":
            body = quopri.encodestring(data.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
        else:
            body = data
        head = (f"Content-Type: text/{subtype}; charset={self.quoted(charset)}\r\n"
                f"Content-Transfer-Encoding: {encoding}\r\n{extra}")
        return head.encode() + b"\r\n" + body + b"\r\n"

    def quoted(self, value: str) -> str:
        return f'"{value}"' if self.rng.random() < 0.5 else value

    def multipart(self, subtype: str, parts: list[bytes], extra: str = "") -> bytes:
        boundary = self.boundary()
        # Outlook writes this boundary unquoted although it holds '=' (issue 11).
        shown = boundary if boundary.startswith("----=") and self.rng.random() < 0.5 \
            else f'"{boundary}"'
        head = f"Content-Type: multipart/{subtype}; boundary={shown}{extra}\r\n\r\n"
        body = b"This is a multi-part message in MIME format.\r\n\r\n"
        for part in parts:
            body += f"--{boundary}\r\n".encode() + part
        return head.encode() + body + f"--{boundary}--\r\n".encode()

    def attachment(self, content_type: str, filename: str, data: bytes,
                   inline_id: str = "") -> bytes:
        head = f"Content-Type: {content_type}; name=\"{filename}\"\r\n"
        if inline_id:
            head += f"Content-ID: <{inline_id}>\r\nContent-Disposition: inline\r\n"
        else:
            head += f"Content-Disposition: attachment; filename=\"{filename}\"\r\n"
        head += "Content-Transfer-Encoding: base64\r\n\r\n"
        return head.encode() + base64.encodebytes(data).replace(b"\n", b"\r\n")


# --- HTML as mailers write it --------------------------------------------------------


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))


def outlook_html(writer: Writer) -> str:
    """Word HTML: mso styles, VML, `<o:p>`, conditional comments, a signature table."""
    text = writer.text(writer.rng.randrange(1, 3))
    body = "".join(
        f'<p class=MsoNormal><span lang=DE style=\'font-size:11.0pt;font-family:"Calibri",'
        f'sans-serif;mso-fareast-language:EN-US\'>{p}<o:p></o:p></span></p>'
        for p in text.split("\n\n"))
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:w="urn:schemas-microsoft-com:office:word">'
        '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
        '<!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}</style><![endif]-->'
        "<style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;font-family:\"Calibri\"} "
        "@page WordSection1 {size:612.0pt 792.0pt;} --></style>"
        '<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml>'
        "<![endif]--></head><body lang=DE link=\"#0563C1\" style='tab-interval:35.4pt'>"
        f"<div class=WordSection1>{body}"
        '<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0><tr>'
        '<td style="padding:0cm"><p class=MsoNormal><!--[if gte vml 1]><v:shape id="Logo"'
        ' style="width:60pt;height:20pt"><v:imagedata src="image001.png" o:title=""/>'
        '</v:shape><![endif]--><![if !vml]><img width=80 height=27 src="cid:image001.png"'
        ' alt=Logo><![endif]><o:p></o:p></p></td><td><p class=MsoNormal>'
        '<span style="font-size:9.0pt;color:#1F4E79">Tel.: +49 30 1234567 | '
        '<a href="mailto:info@shop.example">info@shop.example</a><o:p></o:p></span></p>'
        "</td></tr></table></div></body></html>"
    )


def gmail_reply_html(writer: Writer) -> str:
    quoted = writer.rng.choice(["Hello, where is my parcel?", "Wo bleibt mein Paket?",
                                "Dov'è il mio pacco?"])
    return (f'<div dir="ltr">{paragraphs_html(writer.text(2))}</div><br><div class='
            '"gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, '
            "3 Jun 2025 at 19:42, Buyer &lt;abc123@marketplace.amazon.de&gt; wrote:<br></div>"
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px'
            f' solid rgb(204,204,204);padding-left:1ex">{quoted}<br>Tel 030 9876543'
            "</blockquote></div>")


def apple_reply_html(writer: Writer) -> str:
    return (f'<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8">'
            f'</head><body dir="auto">{paragraphs_html(writer.text())}<div><br>'
            '<blockquote type="cite">Am 03.06.2025 um 19:42 schrieb Käufer:<br><br>'
            "<div>Wann kommt die Lieferung?</div></blockquote></div></body></html>")


def thunderbird_reply_html(writer: Writer) -> str:
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
            f"</head><body><p>{writer.text()}</p><div class=\"moz-cite-prefix\">Le 03/06/2025"
            " à 19:42, Acheteur a écrit&nbsp;:<br></div><blockquote type=\"cite\">Où est mon "
            "colis ?</blockquote></body></html>")


def newsletter_html(writer: Writer) -> str:
    """A newsletter builder's template: tables, buttons, a pixel, an unsubscribe link."""
    rng = writer.rng
    custom = rng.choice(["shop-card", "mj-column", "x-section", "div"])
    head = rng.choice(["", "<meta charset='utf-8'><title>News</title>",
                       "<style>.btn{color:#fff;text-align:center}</style>"])
    return (
        f"{head}<{custom}><table role=\"presentation\" width=\"100%\" "
        'style="font-family:Helvetica,Arial;line-height:22px"><tr><td align="center">'
        '<a href="https://shop.example/?utm_source=news"><img src="https://cdn.example/logo'
        '.png" alt="Shop" width="120"></a></td></tr><tr><td style="font-size:15px;color:'
        f'#333333">{paragraphs_html(writer.text(2))}</td></tr><tr><td><a class="btn" '
        'href="https://click.example/l/abc" style="background:#e4572e;padding:12px 24px">'
        "Track your order</a></td></tr><tr><td style=\"font-size:11px\">"
        '<a href="https://shop.example/unsubscribe?u=1">Unsubscribe</a> | '
        '<a href="https://shop.example/prefs">Update preferences</a></td></tr></table>'
        f'<img src="https://t.example/open.gif?id={rng.randrange(10**6)}" width="1" '
        f'height="1" alt=""></{custom}>'
    )


def deep_html(writer: Writer) -> str:
    depth = writer.rng.randrange(30, 300)
    return "<div>" * depth + paragraphs_html(writer.text()) + "</div>" * (depth // 2)


HTML_STYLES: tuple[Callable[[Writer], str], ...] = (
    outlook_html, gmail_reply_html, apple_reply_html, thunderbird_reply_html,
    newsletter_html, deep_html)


# --- bodies ----------------------------------------------------------------------------


def plain_reply(writer: Writer) -> str:
    quote = writer.rng.choice([
        "On Mon, 3 Jun 2025 at 19:42, Buyer <abc@marketplace.amazon.co.uk> wrote:\n> Where"
        " is it?\n> Call me on 07700 900123",
        "-----Original Message-----\nFrom: Buyer\nSent: Monday, June 3, 2025 7:42 PM\n"
        "Subject: order\n\nWhere is my order?",
        "Am 03.06.2025 um 19:42 schrieb Käufer <x@marketplace.amazon.de>:\n\n> Wo ist es?",
    ])
    return writer.text(2) + "\n\n" + quote


def long_lines(writer: Writer) -> str:
    word = writer.rng.choice(["lorem ", "x", "€", "ü", "日本"])
    return writer.text() + "\n\n" + word * writer.rng.randrange(1000, 4000)


def alternative(writer: Writer) -> bytes:
    html = writer.rng.choice(HTML_STYLES)(writer)
    return writer.multipart("alternative", [
        writer.encoded(writer.text(2)), writer.encoded(html, "html")])


def body_part(writer: Writer, depth: int = 0) -> bytes:
    """A random body: a text part, alternatives, or a nest of multiparts."""
    rng = writer.rng
    kind = rng.randrange(10 if depth < 6 else 5)
    if kind == 0:
        return writer.encoded(plain_reply(writer))
    if kind == 1:
        return writer.encoded(long_lines(writer))
    if kind == 2:
        return writer.encoded(rng.choice(HTML_STYLES)(writer), "html")
    if kind in (3, 4):
        return alternative(writer)
    if kind == 5:
        related = writer.multipart("related", [
            writer.encoded(outlook_html(writer), "html"),
            writer.attachment("image/png", "image001.png", ONE_PIXEL_GIF, "image001.png")],
            '; type="text/html"')
        return writer.multipart("alternative", [writer.encoded(writer.text()), related])
    if kind == 6:
        return writer.multipart("mixed", [body_part(writer, depth + 1), attachment(writer)])
    if kind == 7:
        return writer.multipart("mixed", [body_part(writer, depth + 1)
                                          for _ in range(rng.randrange(1, 4))])
    if kind == 8:
        return signed(writer, body_part(writer, depth + 1))
    return calendar(writer)


def attachment(writer: Writer) -> bytes:
    rng = writer.rng
    kind = rng.randrange(7)
    if kind == 0:
        return writer.attachment("application/pdf", "Rechnung.pdf", b"%PDF-1.4\n%%EOF\n")
    if kind == 1:
        return writer.attachment("application/ms-tnef", "winmail.dat",
                                 b"\x78\x9f\x3e\x22" + bytes(rng.randrange(256)
                                                             for _ in range(64)))
    if kind == 2:
        inner = message(writer.rng, writer.lang, nested=True)
        return b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + inner
    if kind == 3:
        return writer.attachment("application/x-msdownload", "setup.exe", b"MZ\x90\x00")
    if kind == 4:
        return writer.attachment("application/zip", "driver.zip", b"PK\x05\x06" + bytes(18))
    if kind == 5:
        return writer.attachment("image/gif", "smile.gif", ONE_PIXEL_GIF)
    digest = writer.multipart("digest", [
        b"\r\n" + message(writer.rng, writer.lang, nested=True) for _ in range(2)])
    return digest


def signed(writer: Writer, content: bytes) -> bytes:
    if writer.rng.random() < 0.5:
        signature = (b"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n"
                     b"Content-Transfer-Encoding: base64\r\n"
                     b"Content-Disposition: attachment; filename=smime.p7s\r\n\r\n"
                     + base64.encodebytes(bytes(range(200))).replace(b"\n", b"\r\n"))
        extra = '; protocol="application/pkcs7-signature"; micalg=sha-256'
    else:
        signature = (b"Content-Type: application/pgp-signature; name=signature.asc\r\n\r\n"
                     b"-----BEGIN PGP SIGNATURE-----\r\n\r\niQEzBAEBCAAdFiEE\r\n=abcd\r\n"
                     b"-----END PGP SIGNATURE-----\r\n")
        extra = '; protocol="application/pgp-signature"; micalg=pgp-sha256'
    return writer.multipart("signed", [content, signature], extra)


def calendar(writer: Writer) -> bytes:
    ics = ("BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\nVERSION:2.0\n"
           "METHOD:REQUEST\nBEGIN:VEVENT\nDTSTART:20250603T090000Z\nDTEND:20250603T100000Z\n"
           f"SUMMARY:Lieferung {writer.oid}\nORGANIZER:mailto:info@shop.example\n"
           "END:VEVENT\nEND:VCALENDAR\n")
    return writer.multipart("alternative", [
        writer.encoded(writer.text()), writer.encoded(ics, "calendar", "utf-8", extra=(
            "Content-Class: urn:content-classes:calendarmessage\r\n")).replace(
            b"text/calendar;", b"text/calendar; method=REQUEST;", 1)])


# --- headers ---------------------------------------------------------------------------


def subject(writer: Writer) -> bytes:
    rng = writer.rng
    words = rng.choice(["Bestellung", "Your order", "Commande", "ご注文", "طلبك", "Sipariş",
                        "Zamówienie"]) + f" {writer.oid} " + rng.choice(["", "🎁", "[Important]",
                                                                         "【重要】", "✨ news"])
    charset = rng.choice(["utf-8", "iso-8859-1", "iso-2022-jp", "shift_jis", "windows-1256",
                          "iso-8859-2", "iso-8859-9", "koi8-r", "x-unknown"])
    try:
        data = words.encode(charset)
    except (UnicodeEncodeError, LookupError):
        data = words.encode("utf-8")
        charset = "utf-8" if charset != "x-unknown" else charset
    style = rng.randrange(7)
    if style == 0:
        return words.encode("utf-8")  # raw 8-bit header
    if style == 1:  # folded encoded words, split mid-character sometimes
        half = len(data) // 2
        first = base64.b64encode(data[:half]).decode()
        second = base64.b64encode(data[half:]).decode()
        return f"=?{charset}?B?{first}?=\r\n =?{charset}?B?{second}?=".encode()
    if style == 2:  # broken base64
        return f"=?{charset}?B?{base64.b64encode(data).decode()[:-3]}*?= end".encode()
    if style == 3:  # Q-encoding, unterminated
        encoded = quopri.encodestring(data, header=True).decode()
        return f"=?{charset}?Q?{encoded}".encode()
    if style == 4:  # an encoded word glued inside a word, and a very long subject
        return (f"Re:x=?{charset}?Q?{quopri.encodestring(data, header=True).decode()}?=y "
                + "long " * rng.randrange(10, 300)).encode()
    if style == 5:
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?=".encode()
    return words.encode("ascii", "replace")


def message(rng: random.Random, lang: str, nested: bool = False) -> bytes:
    writer = Writer(rng, lang)
    headers = (
        b"From: =?utf-8?q?Shop_M=C3=BCller?= <info@shop.example>\r\n"
        + f"To: {rng.choice(['a1b2c3', 'qx9z'])}@marketplace.amazon.{MARKETPLACES[lang]}\r\n"
          .encode()
        + b"Subject: " + subject(writer) + b"\r\n"
        + b"Date: Tue, 3 Jun 2025 10:00:00 +0200\r\n"
        + f"Message-ID: <gen.{rng.randrange(10**9)}@shop.example>\r\n".encode()
        + (b"In-Reply-To: <buyer@marketplace.amazon.de>\r\n" if rng.random() < 0.3 else b"")
        + (b"X-Mailer: Microsoft Outlook 16.0\r\nThread-Index: AdnWbxyz==\r\n"
           if rng.random() < 0.3 else b"")
        + b"MIME-Version: 1.0\r\n"
    )
    body = body_part(writer, depth=3 if nested else 0)
    if not nested and rng.random() < 0.25:
        body = writer.multipart("mixed", [body, attachment(writer)])
    return headers + body


def generate(count: int, seed: int = 11, start: int = 0) -> Iterator[tuple[str, bytes, str]]:
    """Messages `start` to `start + count`, the same for the same seed: (name, bytes,
    recipient); each depends only on the seed and its index."""
    languages = sorted(MARKETPLACES)
    for index in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + index)
        lang = languages[index % len(languages)]
        raw = message(rng, lang)
        rcpt = f"a1b2c3d4e5f6g7h@marketplace.amazon.{MARKETPLACES[lang]}"
        yield f"gen-{seed}-{index:05d}-{lang}", raw, rcpt
