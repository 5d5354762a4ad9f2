"""Accounting under load: every message ends in exactly one place.

200 concurrent connections (VIGILE_LOAD_CONNECTIONS) each send several messages
(VIGILE_LOAD_MESSAGES), compliant, rewritable and quarantinable mixed, through a gateway
whose upstream randomly defers, rejects, stalls and drops connections. Afterwards each
message is either relayed exactly once (client got 250), quarantined exactly once
(client got 550), or nowhere (client got another reply or lost the connection).
Loopback only; bounded in count and time.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections import Counter
from dataclasses import dataclass, field

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.conftest import CORPUS, corpus_labels, free_port

CONNECTIONS = int(os.environ.get("VIGILE_LOAD_CONNECTIONS", "200"))
MESSAGES = int(os.environ.get("VIGILE_LOAD_MESSAGES", "3"))
LABELS = corpus_labels()
MIX = ["it-delay-notice.eml", "en-rewrite-tracking-pixel-sendgrid.eml",
       "en-missing-order-id-delay.eml", "de-rewrite-contact-details-helpdesk-signature.eml",
       "es-promotional-discount-code.eml", "fr-custom-design-proof-docx.eml"]
MARKER = re.compile(rb"(?im)^Message-ID: (<load-[^>]+>)")


@dataclass
class ChaosUpstream:
    """Accepts most messages; defers, rejects, stalls or drops the rest, at random."""

    seed: int = 7
    accepted: Counter[bytes] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        roll = self.random.random()
        if roll < 0.10:
            return "451 4.3.0 Try again later"
        if roll < 0.20:
            return "554 5.7.1 Rejected"
        if roll < 0.25:
            assert server.transport is not None
            server.transport.abort()
            return "421 4.3.0 (never sent)"
        if roll < 0.35:
            await asyncio.sleep(self.random.uniform(0.05, 0.5))
        content = envelope.original_content
        assert isinstance(content, bytes)
        match = MARKER.search(content)
        self.accepted[match[1] if match else b"?"] += 1
        return "250 2.0.0 Ok"


def with_marker(name: str, marker: str) -> bytes:
    data = (CORPUS / name).read_bytes()
    data = re.sub(rb"(?im)^Message-ID:.*\r\n", b"", data, count=1)
    return data.replace(b"\r\n", f"\r\nMessage-ID: {marker}\r\n".encode(), 1)


@pytest.mark.load
async def test_every_message_ends_in_exactly_one_place(start_gateway) -> None:
    chaos = ChaosUpstream()
    port = free_port()
    controller = Controller(chaos, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        gateway = start_gateway(f"smtp://127.0.0.1:{port}", workers=2)   # the real path
        outcomes: dict[str, int | None] = {}

        async def client(number: int) -> None:
            try:
                smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=gateway.port, timeout=120,
                                       start_tls=False)
                await smtp.connect()
            except (aiosmtplib.SMTPException, OSError):
                return
            for index in range(MESSAGES):
                marker = f"<load-{number}-{index}@test>"
                name = MIX[(number + index) % len(MIX)]
                outcomes[marker] = None
                try:
                    await smtp.sendmail("seller@shop.example", [LABELS[name]["rcpt"]],
                                        with_marker(name, marker))
                    outcomes[marker] = 250
                except aiosmtplib.SMTPResponseException as error:
                    outcomes[marker] = error.code
                    if error.code == 421:
                        return
                    await smtp.rset()
                except (aiosmtplib.SMTPException, OSError):
                    return
            await smtp.quit()

        await asyncio.wait_for(asyncio.gather(*(client(n) for n in range(CONNECTIONS))),
                               timeout=600)
    finally:
        controller.stop()

    held = Counter(e.message_id.encode() for e in gateway.quarantine.entries())
    replies = Counter(outcomes.values())
    assert replies[250] and replies[550], replies   # the mix really exercised both paths
    for marker, code in outcomes.items():
        key = marker.encode()
        relayed, quarantined = chaos.accepted[key], held[key]
        if code == 250:
            assert (relayed, quarantined) == (1, 0), (marker, code)
        elif code == 550:
            assert (relayed, quarantined) == (0, 1), (marker, code)
        else:
            assert (relayed, quarantined) == (0, 0), (marker, code)
    events = [e for e in gateway.log_events() if e["event"] == "message"]
    assert len(events) == len(outcomes)
