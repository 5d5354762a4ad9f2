"""`attachment`: files Amazon's messaging does not accept, judged by what they contain.

Amazon takes PDF, plain text, DOC/DOCX/ODT, JPEG and PNG, at most 5 files and 10 MB. A
file's name and declared type are claims: the bytes decide. An executable or an
archive goes whatever it is called; a file that claims an allowed type must really be
one (`%PDF`, the JPEG and PNG signatures, a Word or OpenDocument container). DOCX and
ODT are ZIP files by design and count as documents once their manifest says so.
Inline `cid:` images are not held to the type and count limits but do count toward the
10 MB (POLICY.md, settled detail 5); with more than 5 allowed files the first 5 stay.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from policies.message import Attachment, MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

MAX_ATTACHMENTS = 5
MAX_TOTAL_BYTES = 10 * 1024 * 1024
ALLOWED = frozenset({"pdf", "text", "doc", "docx", "odt", "jpeg", "png"})
KIND_NAMES = {"pdf": "PDF", "text": "plain text file", "doc": "Word document",
              "docx": "Word document", "odt": "OpenDocument text", "jpeg": "JPEG image",
              "png": "PNG image"}
CLAIMED_BY_TYPE = {
    "application/pdf": "pdf", "application/x-pdf": "pdf",
    "text/plain": "text",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/pjpeg": "jpeg",
    "image/png": "png", "image/x-png": "png",
}
# Declared types that say nothing about the content.
UNSPECIFIC_TYPES = frozenset({"application/octet-stream", "application/unknown",
                              "binary/octet-stream"})
CLAIMED_BY_EXTENSION = {".pdf": "pdf", ".txt": "text", ".text": "text", ".doc": "doc",
                        ".docx": "docx", ".odt": "odt", ".jpg": "jpeg", ".jpeg": "jpeg",
                        ".jpe": "jpeg", ".png": "png"}
# Magic numbers of executables and archives (offset, signature, what it is).
FORBIDDEN_MAGIC = (
    (0, b"MZ", "a Windows executable"),
    (0, b"\x7fELF", "an ELF executable"),
    (0, b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (0, b"\xfe\xed\xfa\xce", "a Mach-O executable"),
    (0, b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (0, b"\xca\xfe\xba\xbe", "a Mach-O or Java executable"),
    (0, b"#!", "a script"),
    (0, b"\x00asm", "a WebAssembly module"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"\x1f\x8b", "a gzip archive"),
    *((0, b"BZh%d" % level, "a bzip2 archive") for level in range(1, 10)),
    (0, b"\xfd7zXZ\x00", "an xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (0, b"MSCF", "a CAB archive"),
    (0, b"\x1f\x9d", "a compress archive"),
    (0, b"\x1f\xa0", "a compress archive"),
    (0, b"!<arch>", "an ar archive"),
    (0, b"xar!", "a XAR archive"),
    (0, b"\xed\xab\xee\xdb", "an RPM package"),
    (257, b"ustar", "a tar archive"),
    (0x8001, b"CD001", "a disk image"),
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_MANIFEST_BYTES = 1024 * 1024
OTHER_MAGIC = ((b"%PDF", "pdf"), (b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"),
               (b"GIF87a", "gif"), (b"GIF89a", "gif"))


class AttachmentRule(Rule):
    id = "attachment"
    default_action = Action.STRIP
    rewrites = True
    order = 60

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        hits: list[Hit] = []
        kept: list[Attachment] = []
        allowed_files = 0
        for attachment in message.attachments:
            problem = attachment_problem(attachment)
            if problem is None and not attachment.inline:
                allowed_files += 1
                if allowed_files > MAX_ATTACHMENTS:
                    problem = f"more than {MAX_ATTACHMENTS} attachments"
            if problem is None:
                kept.append(attachment)
                continue
            hits.append(Hit(f"{attachment.label!r}: {problem}"))
            message.remove_attachment(attachment)
        total = 0
        for attachment in kept:
            total += attachment.size
            if total > MAX_TOTAL_BYTES:
                total -= attachment.size
                hits.append(Hit(f"{attachment.label!r}: attachments over "
                                f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB in all"))
                message.remove_attachment(attachment)
        return hits


def attachment_problem(attachment: Attachment) -> str | None:
    """Why an attachment cannot go to the buyer, or None when it can."""
    forbidden = forbidden_content(attachment.data)
    if forbidden is not None:
        return f"{forbidden}, whatever its name says"
    if attachment.inline:
        return None
    content = sniff(attachment.data)
    for claim in sorted(claimed_kinds(attachment)):
        if claim not in ALLOWED:
            return f"type {claim} is not allowed"
        if claim != content and not {claim, content} <= {"doc", "docx"}:
            return f"claims to be a {KIND_NAMES[claim]} but is not one"
    if content not in ALLOWED:
        return f"type {content} is not allowed"
    return None


def claimed_kinds(attachment: Attachment) -> set[str]:
    """What the declared content type and the file name extension say the file is."""
    claims = set()
    content_type = attachment.content_type.lower()
    if content_type not in UNSPECIFIC_TYPES:
        claims.add(CLAIMED_BY_TYPE.get(content_type, content_type))
    suffix = PurePosixPath(attachment.filename.strip().lower()).suffix
    if suffix:
        claims.add(CLAIMED_BY_EXTENSION.get(suffix, suffix))
    return claims


def forbidden_content(data: bytes) -> str | None:
    """What executable or archive content the bytes are ("a Windows executable"), if any."""
    for offset, magic, what in FORBIDDEN_MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return what
    if data.startswith(ZIP_MAGIC) and _zip_document(data) is None:
        return "a ZIP archive"
    return None


def sniff(data: bytes) -> str:
    """Which format the bytes are: an allowed kind (`pdf`, `docx`, …) or another name."""
    if data.startswith(ZIP_MAGIC):
        return _zip_document(data) or "zip"
    if data.startswith(OLE_MAGIC):
        return "doc" if WORD_STREAM in data else "OLE compound file"
    for magic, kind in OTHER_MAGIC:
        if data.startswith(magic):
            return kind
    return "text" if _is_text(data) else "unknown binary"


def _zip_document(data: bytes) -> str | None:
    """`docx` or `odt` when a ZIP container's manifest says it is one, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as container:
            names = set(container.namelist())
            if ("[Content_Types].xml" in names and "word/document.xml" in names
                    and not _has_executable_parts(names)
                    and DOCX_MAIN in _small_member(container, "[Content_Types].xml")):
                return "docx"
            if ("mimetype" in names
                    and _small_member(container, "mimetype").strip() == ODT_MIMETYPE):
                return "odt"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def _small_member(container: zipfile.ZipFile, name: str) -> bytes:
    """A manifest entry, read only when it is manifest-sized (no zip bombs)."""
    if container.getinfo(name).file_size > MAX_MANIFEST_BYTES:
        return b""
    return container.read(name)


def _has_executable_parts(names: set[str]) -> bool:
    """Macros or embedded binaries in an Office container make it more than a document."""
    return any(name.lower().endswith((".bin", ".exe", ".dll")) for name in names)


def _is_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off by the sample's end is still text.
        if error.start < len(sample) - 3:
            return _mostly_printable(sample)
    return True


def _mostly_printable(sample: bytes) -> bool:
    """Text in a legacy 8-bit charset: few control bytes."""
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f")
    return controls <= len(sample) // 100


RULES = (AttachmentRule(),)
