"""A message that is nothing but a disallowed attachment has no rewritten form.

The gateway holds it (`malformed`: nothing would be left for the buyer to read, POLICY.md
settled detail 23). Releasing it rewritten, or showing its rewritten form with
`vigile check --show-rewritten`, must not send or show the attachment unchanged as if
it had been stripped: the release is refused, the entry stays held, the upstream gets
nothing.
"""

from __future__ import annotations

import json
import smtplib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RunningGateway, UpstreamServer
from tests.gateway.test_cli import vigile

BUYER = "g1h6j2k7l3z8x4c@marketplace.amazon.de"
HEADERS = (f"From: seller@shop.example\r\nTo: {BUYER}\r\n"
           "Subject: Rechnung zur Bestellung 306-5528812-4470135\r\nMIME-Version: 1.0\r\n")
# The whole message is the attachment: its root part, not a part of a multipart.
ONLY_EXE = (HEADERS + 'Content-Type: application/octet-stream; name="setup.exe"\r\n'
            'Content-Disposition: attachment; filename="setup.exe"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
            "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA\r\n").encode()
ONLY_FORWARD = (HEADERS + "Content-Type: message/rfc822\r\n\r\n"
                "From: someone@else.example\r\nSubject: fwd\r\n\r\nForwarded text.\r\n"
                ).encode()


def hold(gateway: RunningGateway, message: bytes) -> str:
    with (smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client,
          pytest.raises(smtplib.SMTPDataError) as refused):
        client.sendmail("seller@shop.example", [BUYER], message)
    reply = refused.value.smtp_error.decode()
    assert refused.value.smtp_code == 550 and "malformed" in reply, reply
    return reply.rsplit(" ", 1)[-1]


@pytest.mark.parametrize("message", [ONLY_EXE, ONLY_FORWARD], ids=["exe", "rfc822"])
def test_release_rewritten_is_refused_when_nothing_would_be_left(
        start_gateway: Callable[..., RunningGateway], upstream: UpstreamServer,
        tmp_path: Path, message: bytes) -> None:
    gateway = start_gateway(upstream_url=upstream.url)
    entry_id = hold(gateway, message)
    config = str(tmp_path / "vigile.toml")

    run = vigile("--config", config, "quarantine", "release", "--rewritten", entry_id)
    assert run.returncode == 1
    # The policy's reason, not a renderer failure (which is logged as an engine bug).
    assert "malformed: nothing would be left for the buyer to read" in run.stderr, run.stderr
    assert entry_id in run.stderr and "stays held" in run.stderr
    assert "failed" not in run.stderr and "Traceback" not in run.stderr
    assert upstream.received == []
    [entry] = json.loads(vigile("--config", config, "quarantine", "list", "--json").stdout)
    assert entry["id"] == entry_id and entry["state"] == "held" and not entry["released"]

    # Released as it is (an explicit choice), it goes out once, unchanged.
    run = vigile("--config", config, "quarantine", "release", entry_id)
    assert run.returncode == 0, run.stderr
    [received] = upstream.received
    assert received.data.endswith(message)


def test_check_show_rewritten_does_not_offer_the_attachment(tmp_path: Path) -> None:
    path = tmp_path / "only-exe.eml"
    path.write_bytes(ONLY_EXE)
    run = vigile("check", str(path), "--show-rewritten", cwd=tmp_path)
    assert run.returncode == 3, run.stderr
    assert "nothing would be left" in run.stdout
    assert "the policy cannot rewrite it" in run.stdout
    assert "TVqQ" not in run.stdout
    shown = json.loads(vigile("check", str(path), "--show-rewritten", "--json",
                              cwd=tmp_path).stdout)
    assert shown["decision"] == "quarantine" and shown["sent"] is None
