"""Releasing and deleting held messages (gateway/quarantine/release.py), on both
quarantines, against a real upstream: once only, undone on failure, audited, rewritten
on request, counted in the review ledger."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.config import Config, config_from_dict
from gateway.log import configure_logging
from gateway.quarantine import QuarantineBackend, QuarantineEntry, QuarantineError, open_quarantine
from gateway.quarantine.release import (
    AlreadyReleased,
    ReleaseFailed,
    delete_entry,
    release_entry,
)
from gateway.store import Store, open_store
from tests.conftest import CORPUS, UpstreamServer

GIFT_CARD = "de-review-incentive-gift-card.eml"   # review-incentive (held) + tracking-pixel
ORDER = "306-5528812-4470135"
BUYER = "g1h6j2k7l3z8x4c@marketplace.amazon.de"
DECISION: dict[str, Any] = {
    "decision": "quarantine", "purpose": "review-request", "marketplace": "de",
    "language": "de", "order_ids": [ORDER],
    "findings": [{"rule": "review-incentive", "action": "quarantine", "count": 1,
                  "detail": "gift card"},
                 {"rule": "tracking-pixel", "action": "strip", "count": 1, "detail": "img"}]}


def crlf(data: bytes) -> bytes:
    """The message as the gateway hands it to the quarantine: every line ending in CRLF."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


MESSAGE = crlf((CORPUS / GIFT_CARD).read_bytes())


class Setup:
    """A config naming the test's upstream, and handles on one quarantine and store."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.opened: list[Store] = []

    def open(self) -> tuple[QuarantineBackend, Store]:
        store = open_store(self.config.store.url, self.config.base_dir)
        self.opened.append(store)
        quarantine = open_quarantine(self.config, store)
        quarantine.prepare()
        return quarantine, store

    def hold(self, message: bytes = MESSAGE) -> QuarantineEntry:
        quarantine, _ = self.open()
        return quarantine.hold(message, sender="orders@shop.example", recipients=[BUYER],
                               client="127.0.0.1:4000", message_id="<gift@shop.example>",
                               subject="", decision=DECISION)

    def release(self, entry_id: str, **options: Any):
        quarantine, store = self.open()
        return asyncio.run(release_entry(self.config, quarantine, store, entry_id,
                                         actor=options.pop("actor", "alice"), **options))

    def log_events(self, name: str) -> list[dict[str, Any]]:
        lines = self.config.path("vigile.log").read_text().splitlines()
        return [e for e in map(json.loads, lines) if e["event"] == name]


@pytest.fixture(params=["maildir", "postgresql"])
def setup(request: pytest.FixtureRequest, tmp_path: Path, upstream: UpstreamServer
          ) -> Iterator[Setup]:
    url = ("sqlite:///vigile.db" if request.param == "maildir"
           else request.getfixturevalue("postgres_url"))
    config = config_from_dict({"store": {"url": url}, "quarantine": {"dir": "held"},
                               "upstream": {"url": upstream.url, "timeout": 5},
                               "log": {"file": "vigile.log"}}, base_dir=tmp_path)
    configure_logging(config)
    result = Setup(config)
    yield result
    for store in result.opened:
        store.close()


def test_release_relays_the_original_once_and_records_it(setup: Setup,
                                                         upstream: UpstreamServer) -> None:
    entry = setup.hold()
    outcome = setup.release(entry.id)
    assert [r.data for r in upstream.received] == [MESSAGE]
    assert upstream.received[0].recipients == [BUYER]
    assert outcome.upstream_reply == "250 2.0.0 Ok: queued as TEST"
    assert outcome.entry.state == "released" and outcome.entry.released_by == "alice"
    quarantine, store = setup.open()
    assert quarantine.get(entry.id) == outcome.entry
    review = store.review_request(ORDER)
    assert review is not None and review.message_id == "<gift@shop.example>"
    with pytest.raises(AlreadyReleased, match=rf"{entry.id} was already released on "
                                              r".* by alice \(upstream said 250"):
        setup.release(entry.id, actor="bob")
    assert len(upstream.received) == 1
    [event, refused] = setup.log_events("quarantine_release")
    assert event["quarantine_id"] == entry.id and event["actor"] == "alice"
    assert event["host"] and event["released"] is True and event["rewritten"] is False
    assert event["upstream_reply"] == "250 2.0.0 Ok: queued as TEST"
    assert refused["actor"] == "bob" and refused["released"] is False


def test_forced_release_sends_again(setup: Setup, upstream: UpstreamServer) -> None:
    entry = setup.hold()
    setup.release(entry.id)
    again = setup.release(entry.id, actor="bob", force=True)
    assert len(upstream.received) == 2
    assert [r["by"] for r in again.entry.released] == ["alice", "bob"]
    assert setup.log_events("quarantine_release")[-1]["forced"] is True


def test_concurrent_releases_send_once(setup: Setup, upstream: UpstreamServer) -> None:
    """Eight reviewers (threads, each with its own handle, as separate processes or
    browsers would) release the same entry at the same moment."""
    entry = setup.hold()
    upstream.handler.delay = 0.3  # keep the first release in flight while the others try
    handles = [setup.open() for _ in range(8)]
    barrier = threading.Barrier(len(handles))
    results: list[str] = []

    def one(quarantine: QuarantineBackend, store: Store) -> None:
        barrier.wait(timeout=30)
        try:
            asyncio.run(release_entry(setup.config, quarantine, store, entry.id, actor="x"))
            results.append("released")
        except AlreadyReleased:
            results.append("refused")

    threads = [threading.Thread(target=one, args=handle) for handle in handles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["refused"] * 7 + ["released"]
    assert len(upstream.received) == 1


def test_upstream_refusal_undoes_the_claim(setup: Setup, upstream: UpstreamServer) -> None:
    entry = setup.hold()
    upstream.handler.data_reply = "451 4.3.0 Try again later"
    with pytest.raises(ReleaseFailed, match=r"not released: .*451 4\.3\.0 Try again") as failed:
        setup.release(entry.id)
    assert failed.value.entry.state == "held"
    quarantine, store = setup.open()
    held = quarantine.get(entry.id)
    assert held.state == "held" and held.upstream_reply is not None
    assert held.upstream_reply.startswith("451") and "Try again later" in held.upstream_reply
    assert store.review_request(ORDER) is None
    assert setup.log_events("quarantine_release")[0]["released"] is False
    upstream.handler.data_reply = None
    assert setup.release(entry.id).entry.state == "released"
    assert len(upstream.received) == 1


def test_unreachable_upstream_undoes_the_claim(setup: Setup, upstream: UpstreamServer
                                               ) -> None:
    entry = setup.hold()
    upstream.stop()
    with pytest.raises(ReleaseFailed):
        setup.release(entry.id)
    quarantine, _ = setup.open()
    assert quarantine.get(entry.id).state == "held"


def test_release_rewritten_relays_the_stripped_message(setup: Setup,
                                                      upstream: UpstreamServer) -> None:
    entry = setup.hold()
    outcome = setup.release(entry.id, rewritten=True)
    assert outcome.rewritten and outcome.entry.released[0]["rewritten"] is True
    [received] = upstream.received
    assert received.data != MESSAGE
    assert b"/open/" in MESSAGE and b"/open/" not in received.data   # the pixel is gone
    assert b"Amazon" in received.data or b"amazon" in received.data
    assert setup.log_events("quarantine_release")[0]["rewritten"] is True


def test_release_and_delete_refuse_unknown_and_bad_ids(setup: Setup) -> None:
    quarantine, _ = setup.open()
    with pytest.raises(QuarantineError, match="no quarantine entry"):
        setup.release("20250417T093000-1a2b3c4d")
    with pytest.raises(QuarantineError, match="is not a quarantine id"):
        delete_entry(quarantine, "../x", actor="alice")


def test_delete_is_logged(setup: Setup) -> None:
    entry = setup.hold()
    quarantine, _ = setup.open()
    delete_entry(quarantine, entry.id, actor="alice")
    assert quarantine.entries() == []
    [event] = setup.log_events("quarantine_delete")
    assert event["quarantine_id"] == entry.id and event["actor"] == "alice" and event["host"]


def test_held_copy_in_the_maildir_is_lf_with_reason_headers(tmp_path: Path,
                                                           upstream: UpstreamServer) -> None:
    config = config_from_dict({"quarantine": {"dir": "held"},
                               "upstream": {"url": upstream.url}, "log": {"file": "v.log"}},
                              base_dir=tmp_path)
    configure_logging(config)
    setup = Setup(config)
    entry = setup.hold()
    stored = (tmp_path / "held" / "new" / entry.id).read_bytes()
    assert b"\r" not in stored
    assert stored.startswith(f"X-Vigile-Quarantine-Id: {entry.id}\nX-Vigile-Decision: "
                             "quarantine\nX-Vigile-Rules: review-incentive\n".encode())
    assert stored.split(b"\n", 3)[3] == MESSAGE.replace(b"\r\n", b"\n")
    setup.release(entry.id)
    assert [r.data for r in upstream.received] == [MESSAGE]   # headers gone, CRLF back
    # A message the conversion could not restore exactly is kept as it was sent.
    odd = MESSAGE + b"bare\nLF\r\n"
    kept = setup.hold(odd)
    assert (tmp_path / "held" / "new" / kept.id).read_bytes().endswith(odd)
    setup.open()[0].get(kept.id)
    assert setup.open()[0].message(kept.id) == odd
    for store in setup.opened:
        store.close()




def test_a_release_that_died_is_taken_over_with_force(setup: Setup,
                                                     upstream: UpstreamServer) -> None:
    """A release whose process died between its claim and the upstream's answer leaves
    the entry `releasing`: refused (it may have gone out), and sent with force."""
    entry = setup.hold()
    quarantine, _ = setup.open()
    quarantine.claim(entry.id, actor="crashed")
    with pytest.raises(AlreadyReleased, match=r"being released by crashed .* --force"):
        setup.release(entry.id)
    assert setup.release(entry.id, force=True).entry.state == "released"
    assert len(upstream.received) == 1
