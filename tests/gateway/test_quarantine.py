"""One test-suite for both quarantines: the Maildir folder and the PostgreSQL table.

Each test gets an empty quarantine chosen by `open_quarantine` from `store.url`, as the
gateway and the CLI choose it; `reopen` opens a second handle on the same quarantine,
as another gateway (or a restart) would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.config import config_from_dict
from gateway.quarantine import (
    ENTRY_ID,
    Quarantine,
    QuarantineBackend,
    QuarantineError,
    open_quarantine,
)
from gateway.store import Store, open_store

Opener = Callable[[], QuarantineBackend]

DECISION: dict[str, Any] = {
    "decision": "quarantine", "purpose": "review-request", "marketplace": "uk",
    "language": "en", "order_ids": ["028-1111111-1111111"],
    "findings": [{"rule": "missing-order-id", "action": "quarantine", "count": 1,
                  "detail": "no Amazon order id"},
                 {"rule": "tracking-pixel", "action": "strip", "count": 1, "detail": "img"}],
}
MESSAGE = (b"From: seller@shop.example\r\nTo: buyer@marketplace.amazon.co.uk\r\n"
           b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\r\n8-bit body \xc3\xa9\xff\r\n")


@pytest.fixture(params=["maildir", "postgresql"])
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens handles on one fresh quarantine of the backend; closes them after the test."""
    url = ("sqlite:///vigile.db" if request.param == "maildir"
           else request.getfixturevalue("postgres_url"))
    config = config_from_dict({"store": {"url": url}, "quarantine": {"dir": "held"}},
                              base_dir=tmp_path)
    stores: list[Store] = []

    def open_one() -> QuarantineBackend:
        store = open_store(config.store.url, config.base_dir)
        stores.append(store)
        quarantine = open_quarantine(config, store)
        quarantine.prepare()
        return quarantine

    yield open_one
    for store in stores:
        store.close()


@pytest.fixture
def quarantine(reopen: Opener) -> QuarantineBackend:
    return reopen()


def hold(quarantine: QuarantineBackend, message: bytes = MESSAGE, **details: Any):
    fields: dict[str, Any] = {
        "sender": "seller@shop.example", "recipients": ["buyer@marketplace.amazon.co.uk"],
        "client": "127.0.0.1:40000", "message_id": "<m1@shop.example>",
        "subject": "Grüße", "decision": DECISION}
    return quarantine.hold(message, **{**fields, **details})


def test_backend_follows_the_store_url(quarantine: QuarantineBackend,
                                       request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if request.node.callspec.params["reopen"] == "postgresql":
        assert type(quarantine).__name__ == "PostgresQuarantine"
        assert "table quarantine" in quarantine.location
        hold(quarantine)
        assert not (tmp_path / "held").exists(), "the database quarantine writes no folder"
    else:
        assert isinstance(quarantine, Quarantine)
        assert quarantine.directory == tmp_path / "held"


def test_empty(quarantine: QuarantineBackend) -> None:
    assert quarantine.entries() == []
    assert quarantine.size() == 0


def test_hold_then_list_get_and_read_the_message(quarantine: QuarantineBackend) -> None:
    entry = hold(quarantine)
    assert ENTRY_ID.match(entry.id)
    assert entry.size == len(MESSAGE) and entry.released == []
    assert entry.rules == ["missing-order-id"]
    assert quarantine.entries() == [entry]
    assert quarantine.get(entry.id) == entry
    assert quarantine.message(entry.id) == MESSAGE   # byte for byte, 8-bit included
    assert quarantine.size() == 1


async def test_hold_async(quarantine: QuarantineBackend) -> None:
    entry = await quarantine.hold_async(
        MESSAGE, sender="s@shop.example", recipients=["b@marketplace.amazon.de"],
        client="::1", message_id="", subject="", decision=DECISION)
    assert quarantine.get(entry.id) == entry


def test_entries_are_oldest_first(quarantine: QuarantineBackend) -> None:
    held = [hold(quarantine, message_id=f"<m{i}@shop.example>") for i in range(5)]
    assert quarantine.entries() == sorted(held, key=lambda e: e.id)
    assert quarantine.size() == 5


def test_nul_and_non_ascii_in_the_record_round_trip(quarantine: QuarantineBackend) -> None:
    """Decoded headers and rule details can hold any character, NUL included."""
    decision = {**DECISION, "findings": [{"rule": "malformed", "action": "quarantine",
                                          "count": 1, "detail": "bad \x00 byte, é, 💡"}]}
    entry = hold(quarantine, subject="a\x00b\u202e", sender="a\x00@shop.example",
                 decision=decision)
    assert quarantine.get(entry.id) == entry
    assert quarantine.get(entry.id).subject == "a\x00b\u202e"


def test_release_is_recorded_and_seen_by_another_handle(reopen: Opener) -> None:
    first, second = reopen(), reopen()
    entry = hold(first)
    updated = second.record_release(entry.id, "250 2.0.0 Ok: queued as A")
    assert [r["upstream_reply"] for r in updated.released] == ["250 2.0.0 Ok: queued as A"]
    first.record_release(entry.id, "250 2.0.0 Ok: queued as B")
    again = second.get(entry.id)
    assert [r["upstream_reply"] for r in again.released] == [
        "250 2.0.0 Ok: queued as A", "250 2.0.0 Ok: queued as B"]
    assert again.decision == entry.decision and again.subject == entry.subject
    assert second.message(entry.id) == MESSAGE


def test_entries_survive_reopening(reopen: Opener) -> None:
    entry = hold(reopen())
    assert reopen().entries() == [entry]


def test_delete(quarantine: QuarantineBackend) -> None:
    kept, gone = hold(quarantine), hold(quarantine)
    quarantine.delete(gone.id)
    assert quarantine.entries() == [kept]
    assert quarantine.size() == 1
    for operation in (quarantine.get, quarantine.message, quarantine.delete):
        with pytest.raises(QuarantineError, match="no quarantine entry"):
            operation(gone.id)
    with pytest.raises(QuarantineError, match="no quarantine entry"):
        quarantine.record_release(gone.id, "250 ok")


def test_unknown_id(quarantine: QuarantineBackend) -> None:
    with pytest.raises(QuarantineError, match="no quarantine entry"):
        quarantine.get("20250417T093000-1a2b3c4d")


@pytest.mark.parametrize("bad", ["../../etc/passwd", "", "20250417T093000-1A2B3C4D",
                                 "20250417T093000-1a2b3c4d' OR '1'='1",
                                 "20250417T093000-1a2b3c4d\n", "x" * 300])
def test_bad_ids_are_refused(quarantine: QuarantineBackend, bad: str) -> None:
    hold(quarantine)
    for operation in (quarantine.get, quarantine.message, quarantine.delete):
        with pytest.raises(QuarantineError, match="is not a quarantine id"):
            operation(bad)
    with pytest.raises(QuarantineError, match="is not a quarantine id"):
        quarantine.record_release(bad, "250 ok")
    assert quarantine.size() == 1
