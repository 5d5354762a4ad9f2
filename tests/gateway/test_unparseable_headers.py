"""Headers real senders write that Python's structured header parser raises on.

`To: undisclosed-recipients:; (hidden)` (AttributeError), an encoded newline in a
display name (ValueError), `Message-ID: <@host>` (IndexError). The gateway judges and
holds such mail (its engine reads headers with compat32); showing it with
`vigile quarantine show` and checking it with `vigile check` must work as well: the
header as it reads, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gateway.test_cli import vigile
from tests.gateway.test_cli_quarantine import Folder

BUYER = "g1h6j2k7l3z8x4c@marketplace.amazon.com"
ORDER = "112-5528812-4470135"


def message(from_: str = "seller@shop.example", to: str = BUYER,
            message_id: str = "<1@shop.example>", subject: str = "Your parcel") -> bytes:
    return (f"From: {from_}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n"
            "Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\n"
            "Hello, your parcel is on its way and arrives on Friday.\r\n").encode()


GROUP_WITH_COMMENT = message(to="undisclosed-recipients:; (hidden)")
ENCODED_NEWLINE = message(from_="=?utf-8?Q?Shop=0AName?= <seller@shop.example>")
EMPTY_LOCAL_PART = message(message_id="<@shop.example>")


@pytest.fixture
def folder(tmp_path: Path, upstream) -> Folder:
    return Folder(tmp_path, upstream)


@pytest.mark.parametrize(("data", "shown"), [
    (GROUP_WITH_COMMENT, "To: undisclosed-recipients:; (hidden)"),
    (ENCODED_NEWLINE, "From: Shop Name <seller@shop.example>"),
    (EMPTY_LOCAL_PART, "Subject: Your parcel"),
], ids=["group-comment", "encoded-newline", "empty-message-id"])
def test_quarantine_show_reads_headers_the_email_package_cannot(
        folder: Folder, data: bytes, shown: str) -> None:
    entry = folder.hold(data)
    run = folder.run("show", entry.id)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert shown in run.stdout
    assert "your parcel is on its way" in run.stdout


def test_check_reads_the_headers_the_gateway_reads(tmp_path: Path) -> None:
    """With --rcpt, and without: the From with an encoded newline is the sender."""
    path = tmp_path / "encoded-newline.eml"
    path.write_bytes(message(from_="=?utf-8?Q?Shop=0AName?= <seller@shop.example>",
                             subject=f"Order {ORDER}"))
    for extra in (["--rcpt", BUYER], []):
        run = vigile("check", str(path), "--json", *extra, cwd=tmp_path)
        assert run.returncode in (0, 3), run.stderr
        assert json.loads(run.stdout)["marketplace"] == "us"
    group = tmp_path / "group.eml"
    group.write_bytes(GROUP_WITH_COMMENT)
    run = vigile("check", str(group), "--rcpt", BUYER, "--json", cwd=tmp_path)
    assert run.returncode in (0, 3), run.stderr
    # No buyer in the headers and no --rcpt: named, not a traceback.
    run = vigile("check", str(group), cwd=tmp_path)
    assert run.returncode == 2 and "name the recipient with --rcpt" in run.stderr
