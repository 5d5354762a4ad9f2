"""Large messages: read into one buffer and streamed upstream a piece at a time
(gateway/smtpdata.py, gateway/relay.py), byte for byte as the client sent them."""

from __future__ import annotations

import smtplib

import pytest

from gateway.relay import CHUNK_SIZE
from tests.conftest import CORPUS, corpus_labels

LABELS = corpus_labels()
CARRIER = "it-delay-notice.eml"
RCPT = LABELS[CARRIER]["rcpt"]


def dotted_body(size: int) -> bytes:
    """Lines of every length from 1 to 97 bytes, a third of them starting with a dot, so
    that dot lines fall on every offset around the relay's piece boundaries."""
    lines, total, index = [], 0, 0
    while total < size:
        length = 1 + index % 97
        line = (b"." if index % 3 == 0 else b"Q") + b"Q" * (length - 1) + b"\r\n"
        lines.append(line)
        total += len(line)
        index += 1
    return b"".join(lines)


@pytest.mark.parametrize("workers", [0, 1], ids=["in a thread", "in a worker process"])
def test_message_of_several_pieces_arrives_byte_for_byte(start_gateway, upstream,
                                                         workers: int) -> None:
    gateway = start_gateway(upstream.url, workers=workers)
    message = (CORPUS / CARRIER).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not message.endswith(b"\r\n"):
        message += b"\r\n"
    # A text attachment the policy lets through: the dotted lines travel unchanged.
    message += dotted_body(3 * CHUNK_SIZE + 12345)
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client:
        client.sendmail("seller@shop.example", [RCPT], message)
    assert len(upstream.received) == 1
    assert upstream.received[0].data == message


def test_oversized_message_is_refused_after_its_data(start_gateway, upstream) -> None:
    gateway = start_gateway(upstream.url, listen_extra="max_message_size = 100000\n")
    message = (CORPUS / CARRIER).read_bytes() + dotted_body(200_000)
    with smtplib.SMTP("127.0.0.1", gateway.port, timeout=60) as client:
        # MAIL without SIZE (sendmail would declare it and be refused at MAIL already).
        client.ehlo("client.test")
        assert client.mail("seller@shop.example")[0] == 250
        assert client.rcpt(RCPT)[0] == 250
        code, reply = client.data(message)
        assert code == 552, reply
        # The connection is still in step: the next message goes through.
        client.sendmail("seller@shop.example", [RCPT], (CORPUS / CARRIER).read_bytes())
    assert len(upstream.received) == 1
