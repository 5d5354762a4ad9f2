"""One test-suite for both quarantines: the Maildir folder and the PostgreSQL table.

Each test gets an empty quarantine chosen by `open_quarantine` from `store.url`, as the
gateway and the CLI choose it; `reopen` opens a second handle on the same quarantine,
as another gateway (or a restart) would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.config import config_from_dict
from gateway.quarantine import (
    ENTRY_ID,
    AlreadyReleased,
    EntryFilter,
    QuarantineBackend,
    QuarantineError,
    open_quarantine,
)
from gateway.quarantine.maildir import MaildirQuarantine
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
        assert isinstance(quarantine, MaildirQuarantine)
        assert quarantine.directory == tmp_path / "held"


def test_empty(quarantine: QuarantineBackend) -> None:
    assert quarantine.entries() == []
    assert quarantine.size() == 0


def test_hold_then_list_get_and_read_the_message(quarantine: QuarantineBackend) -> None:
    entry = hold(quarantine)
    assert ENTRY_ID.match(entry.id)
    assert entry.size == len(MESSAGE) and entry.released == []
    assert entry.state == "held" and entry.subject == "Grüße"
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
    message = MESSAGE.replace(b"=?utf-8?q?Gr=C3=BC=C3=9Fe?=", "a\x00b\u202e".encode())
    entry = hold(quarantine, message, sender="a\x00@shop.example", decision=decision)
    assert quarantine.get(entry.id) == entry
    assert quarantine.get(entry.id).subject == "a\x00b\u202e"


def test_a_claim_is_taken_once_and_seen_by_another_handle(reopen: Opener) -> None:
    first, second = reopen(), reopen()
    entry = hold(first)
    claimed = second.claim(entry.id, actor="alice")
    assert claimed.state == "releasing" and claimed.claimed_by == "alice"
    assert first.get(entry.id).state == "releasing"
    with pytest.raises(AlreadyReleased, match=rf"{entry.id} is being released by alice"):
        first.claim(entry.id, actor="bob")
    with pytest.raises(QuarantineError, match="being released"):
        first.delete(entry.id)
    done = first.finish_release(entry.id, actor="alice", upstream_reply="250 2.0.0 Ok: A",
                                rewritten=False)
    assert done.state == "released" and done.released_by == "alice"
    again = second.get(entry.id)
    assert again == done and again.upstream_reply == "250 2.0.0 Ok: A"
    assert [(r["by"], r["upstream_reply"]) for r in again.released] == [
        ("alice", "250 2.0.0 Ok: A")]
    with pytest.raises(AlreadyReleased, match=rf"{entry.id} was already released on .* by "
                                              r"alice \(upstream said 250 2.0.0 Ok: A\)"):
        second.claim(entry.id, actor="bob")
    assert second.claim(entry.id, actor="bob", force=True).state == "releasing"
    twice = second.finish_release(entry.id, actor="bob", upstream_reply="250 2.0.0 Ok: B",
                                  rewritten=True)
    assert [r["by"] for r in twice.released] == ["alice", "bob"] and twice.released[1][
        "rewritten"] is True
    assert again.decision == entry.decision and again.subject == entry.subject
    assert second.message(entry.id) == MESSAGE


def test_an_abandoned_claim_is_held_again_with_the_reply(quarantine: QuarantineBackend
                                                         ) -> None:
    entry = hold(quarantine)
    quarantine.claim(entry.id, actor="alice")
    held = quarantine.abandon_release(entry.id, upstream_reply="451 4.4.1 unreachable")
    assert held.state == "held" and held.upstream_reply == "451 4.4.1 unreachable"
    assert quarantine.get(entry.id) == held
    assert quarantine.claim(entry.id, actor="bob").claimed_by == "bob"


def test_only_held_messages_count_in_size(quarantine: QuarantineBackend) -> None:
    released, _ = hold(quarantine), hold(quarantine)
    quarantine.claim(released.id, actor="alice")
    quarantine.finish_release(released.id, actor="alice", upstream_reply="250 ok",
                              rewritten=False)
    assert quarantine.size() == 1
    assert quarantine.count() == 2


def test_entries_pages_and_filters(quarantine: QuarantineBackend) -> None:
    de = {**DECISION, "marketplace": "de", "order_ids": ["302-2222222-2222222"],
          "findings": [{"rule": "promotional-content", "action": "quarantine", "count": 1,
                        "detail": "x"}]}
    held = [hold(quarantine, message_id=f"<m{i}@shop.example>") for i in range(4)]
    german = hold(quarantine, decision=de, sender="Versand@Laden.example",
                  message=MESSAGE.replace(b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=",
                                          "Subject: Lieferverzögerung 100%_".encode()))
    ordered = sorted([*held, german], key=lambda e: e.id)
    assert quarantine.entries(limit=2) == ordered[:2]
    assert quarantine.entries(limit=2, offset=2) == ordered[2:4]
    assert quarantine.entries(newest_first=True, limit=3) == ordered[::-1][:3]
    assert quarantine.entries(offset=10) == []
    assert quarantine.count() == 5
    assert german.subject == "Lieferverzögerung 100%_"
    for filters in (EntryFilter(rule="promotional-content"), EntryFilter(marketplace="de"),
                    EntryFilter(search="LIEFERVERZÖGERUNG"), EntryFilter(search="100%_"),
                    EntryFilter(search="302-2222222"), EntryFilter(search="versand@")):
        assert quarantine.entries(filters) == [german], filters
        assert quarantine.count(filters) == 1
    assert quarantine.entries(EntryFilter(rule="missing-order-id"), limit=2,
                              newest_first=True) == sorted(held, key=lambda e: e.id)[::-1][:2]
    assert quarantine.count(EntryFilter(search="0%x")) == 0
    quarantine.claim(held[1].id, actor="alice")
    quarantine.finish_release(held[1].id, actor="alice", upstream_reply="250 ok",
                              rewritten=False)
    assert [e.id for e in quarantine.entries(EntryFilter(state="released"))] == [held[1].id]
    assert quarantine.count(EntryFilter(state="held")) == 4
    assert quarantine.count(EntryFilter(since=datetime.now(UTC) + timedelta(minutes=1))) == 0
    assert quarantine.count(EntryFilter(since=datetime.now(UTC) - timedelta(minutes=5))) == 5


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
        quarantine.claim(gone.id, actor="alice")


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
        quarantine.claim(bad, actor="alice")
    assert quarantine.size() == 1


def test_maildir_entries_held_before_states_and_headers_still_read(tmp_path: Path) -> None:
    """An upgrade keeps what was held: a sidecar with only a `released` list, and a
    message file stored as the client sent it (CRLF, no X-Vigile headers)."""
    quarantine = MaildirQuarantine(tmp_path / "held")
    quarantine.prepare()
    entry_id = "20250417T093000-1a2b3c4d"
    record = {"id": entry_id, "held_at": "2025-04-17T09:30:00+00:00",
              "sender": "s@shop.example", "recipients": ["b@marketplace.amazon.de"],
              "client": "::1", "message_id": "<m>", "subject": "x", "size": len(MESSAGE),
              "decision": DECISION,
              "released": [{"at": "2025-04-18T10:00:00+00:00", "upstream_reply": "250 ok"}]}
    (tmp_path / "held" / "decisions" / f"{entry_id}.json").write_text(json.dumps(record))
    (tmp_path / "held" / "new" / entry_id).write_bytes(MESSAGE)
    entry = quarantine.get(entry_id)
    assert entry.state == "released" and entry.released_at == "2025-04-18T10:00:00+00:00"
    assert quarantine.message(entry_id) == MESSAGE
    with pytest.raises(AlreadyReleased):
        quarantine.claim(entry_id, actor="alice")


def test_undecodable_bytes_in_the_record_round_trip(quarantine: QuarantineBackend) -> None:
    """Rule details quote message text, which can carry bytes that were not UTF-8
    (kept as lone surrogates): holding must not fail on them."""
    decision = {**DECISION, "findings": [{"rule": "malformed", "action": "quarantine",
                                          "count": 1, "detail": "bad \udcff byte"}]}
    entry = hold(quarantine, decision=decision)
    assert quarantine.get(entry.id).decision["findings"][0]["detail"] == "bad \udcff byte"
