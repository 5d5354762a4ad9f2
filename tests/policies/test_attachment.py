"""`attachment`: content decides (executables, archives, false claims); allowed documents
and images stay; more than 5 files or 10 MB are cut back."""

from __future__ import annotations

import email
import io
import zipfile
from email import policy
from email.message import EmailMessage

import pytest

from policies.model import Action, Decision, Verdict
from policies.rules import all_rules
from tests.policies.conftest import BUYERS, ORDER_ID, rules_found, run_policy

RULE = "attachment"
STRIP_ONLY = {r.id: Action.OFF for r in all_rules() if r.default_action is Action.QUARANTINE}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00"
# The words of each language a buyer needs from the message: they must stay.
TEXTS = {
    "en": "Please find the invoice for order {oid} attached.",
    "de": "Anbei die Rechnung zu Ihrer Bestellung {oid}.",
    "it": "In allegato trovi la fattura dell'ordine {oid}.",
    "fr": "Veuillez trouver ci-joint la facture de la commande {oid}.",
    "es": "Adjuntamos la factura de su pedido {oid}.",
    "nl": "In de bijlage vindt u de factuur van uw bestelling {oid}.",
    "sv": "Bifogat finns fakturan för din beställning {oid}.",
    "pl": "W załączniku przesyłamy fakturę do zamówienia {oid}.",
    "pt": "Segue em anexo a fatura do seu pedido {oid}.",
    "tr": "{oid} numaralı siparişinizin faturası ektedir.",
    "ja": "ご注文 {oid} の請求書を添付いたします。",
    "ar": "مرفق فاتورة طلبك رقم {oid}.",
}


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes({
    "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType='
                           b'"application/vnd.openxmlformats-officedocument.wordprocessingml'
                           b'.document.main+xml"/></Types>',
    "word/document.xml": b"<w:document/>",
})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                 "content.xml": b"<office:document-content/>"})


def with_files(lang: str, files: list[tuple[str, str, bytes]],
               inline: list[tuple[str, bytes]] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = "Shop <support@shop.example>"
    message["To"] = BUYERS[lang]
    message["Subject"] = f"Order {ORDER_ID}"
    message.set_content(TEXTS[lang].format(oid=ORDER_ID))
    if inline:
        html = "".join(f'<img src="cid:{cid}" width="200" height="100">' for cid, _ in inline)
        message.add_alternative(f"<p>{TEXTS[lang].format(oid=ORDER_ID)}</p>{html}",
                                subtype="html")
        html_part = message.get_payload()[1]
        for cid, data in inline:
            html_part.add_related(data, "image", "png", cid=f"<{cid}>")
    for filename, content_type, data in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def strip(raw: bytes, lang: str) -> Decision:
    return run_policy(raw, BUYERS[lang], actions=STRIP_ONLY)


def attached_names(raw: bytes) -> list[str]:
    message = email.message_from_bytes(raw, policy=policy.default)
    return [part.get_filename() for part in message.iter_attachments() if part.get_filename()]


def assert_stripped(decision: Decision, lang: str) -> None:
    assert RULE in rules_found(decision)
    assert decision.verdict is Verdict.REWRITE
    assert RULE not in rules_found(strip(decision.message, lang))
    text = email.message_from_bytes(decision.message, policy=policy.default)
    plain = text.get_body(("plain",))
    assert plain is not None and TEXTS[lang].format(oid=ORDER_ID) in plain.get_content()


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_executable_named_pdf_is_removed(lang: str) -> None:
    raw = with_files(lang, [("invoice.pdf", "application/pdf", EXE),
                            ("photo.jpg", "image/jpeg", JPEG)])
    decision = strip(raw, lang)
    assert_stripped(decision, lang)
    assert attached_names(decision.message) == ["photo.jpg"]
    assert "Windows executable" in decision.findings[0].detail


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_allowed_documents_and_images_stay(lang: str) -> None:
    raw = with_files(lang, [("invoice.pdf", "application/pdf", PDF),
                            ("proof.docx", "application/vnd.openxmlformats-officedocument."
                                           "wordprocessingml.document", DOCX),
                            ("proof.odt", "application/vnd.oasis.opendocument.text", ODT),
                            ("notes.txt", "text/plain", "Größe 42, taglia 42".encode()),
                            ("photo.png", "image/png", PNG)])
    assert RULE not in rules_found(run_policy(raw, BUYERS[lang]))


@pytest.mark.parametrize(("filename", "content_type", "data", "reason"), [
    ("manual.zip", "application/zip", zip_bytes({"a.txt": b"x"}), "ZIP archive"),
    ("manual.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     zip_bytes({"setup.exe": EXE}), "ZIP archive"),
    ("manual.rar", "application/octet-stream", b"Rar!\x1a\x07\x00" + b"\x00" * 20, "RAR"),
    ("manual.7z", "application/x-7z-compressed", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 20, "7-Zip"),
    ("notes.txt", "text/plain", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
    ("tool.bin", "application/octet-stream", b"\x7fELF" + b"\x00" * 20, "ELF"),
    ("photo.jpg", "image/jpeg", PNG, "is not one"),
    ("invoice.pdf", "application/pdf", b"<html>not a pdf</html>", "is not one"),
    ("logo.png", "image/png", JPEG, "is not one"),
    ("animation.gif", "image/gif", b"GIF89a" + b"\x00" * 20, "not allowed"),
    ("sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
     "ZIP archive"),
])
def test_forbidden_content_and_false_claims_are_removed(filename: str, content_type: str,
                                                       data: bytes, reason: str) -> None:
    raw = with_files("en", [(filename, content_type, data)])
    decision = strip(raw, "en")
    assert_stripped(decision, "en")
    assert attached_names(decision.message) == []
    assert reason in decision.findings[0].detail


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_only_the_first_five_attachments_stay(lang: str) -> None:
    raw = with_files(lang, [(f"step-{n}.png", "image/png", PNG) for n in range(1, 8)])
    decision = strip(raw, lang)
    assert_stripped(decision, lang)
    assert attached_names(decision.message) == [f"step-{n}.png" for n in range(1, 6)]


def test_inline_images_do_not_count_toward_five() -> None:
    raw = with_files("it", [(f"step-{n}.png", "image/png", PNG) for n in range(1, 6)],
                     inline=[("logo@shop", PNG), ("proof@shop", PNG)])
    assert RULE not in rules_found(run_policy(raw, BUYERS["it"]))


def test_more_than_ten_megabytes_is_cut_back_counting_inline_images() -> None:
    big = b"%PDF-1.7\n" + b"0" * (4 * 1024 * 1024)
    raw = with_files("de", [("a.pdf", "application/pdf", big), ("b.pdf", "application/pdf", big)],
                     inline=[("scan@shop", b"\x89PNG\r\n\x1a\n" + b"0" * (3 * 1024 * 1024))])
    decision = strip(raw, "de")
    assert_stripped(decision, "de")
    assert attached_names(decision.message) == ["a.pdf"]
    assert "10 MB" in decision.findings[0].detail
