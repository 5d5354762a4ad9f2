"""One test-suite for every store backend: a SQLite file and a real PostgreSQL database.

Each test gets an empty store; `reopen` opens a second handle on the same database, as a
second gateway (or a restart) would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gateway.config import ConfigError, config_from_dict
from gateway.store import STALE_RESERVATION, Store, StoreError, open_store

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ORDER = "028-1111111-1111111"
Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgresql"])
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens handles on one fresh database of the backend; closes them after the test."""
    if request.param == "sqlite":
        url = "sqlite:///ledger.db"
    else:
        url = request.getfixturevalue("postgres_url")
    opened: list[Store] = []

    def open_one() -> Store:
        store = open_store(url, tmp_path)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(reopen: Opener) -> Store:
    return reopen()


def order_row(order_id: str, completed: str | None, status: str = "Shipped",
              language: str | None = "en_GB") -> tuple[object, ...]:
    return (order_id, "2025-03-01T10:00:00+00:00", completed, status, language,
            "Amazon.co.uk", T0.isoformat())


# --- orders ----------------------------------------------------------------------------

def test_orders_insert_and_read(store: Store) -> None:
    store.upsert_orders([order_row(ORDER, "2025-03-05T08:00:00+01:00"),
                         order_row("302-2222222-2222222", None, "Pending", None)])
    shipped = store.order(ORDER)
    assert shipped is not None
    assert shipped.completed_at == datetime(2025, 3, 5, 7, 0, tzinfo=UTC)
    assert shipped.purchased_at == datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    assert (shipped.status, shipped.buyer_language) == ("Shipped", "en_GB")
    pending = store.order("302-2222222-2222222")
    assert pending is not None and pending.completed_at is None
    assert store.order("999-9999999-9999999") is None


def test_orders_upsert_keeps_what_a_later_report_leaves_out(store: Store) -> None:
    store.upsert_orders([order_row(ORDER, "2025-03-05T08:00:00+00:00")])
    store.upsert_orders([order_row(ORDER, None, "Shipped - Delivered", None)])
    record = store.order(ORDER)
    assert record is not None
    assert record.status == "Shipped - Delivered"
    assert record.completed_at == datetime(2025, 3, 5, 8, 0, tzinfo=UTC)
    assert record.buyer_language == "en_GB"


def test_data_outlives_the_handle(reopen: Opener) -> None:
    first = reopen()
    first.upsert_orders([order_row(ORDER, None)])
    assert first.reserve_review(ORDER, "a", "<a@x>", T0) is None
    first.commit_review(ORDER, "a", T0)
    first.close()
    second = reopen()
    assert second.order(ORDER) is not None
    sent = second.review_request(ORDER)
    assert sent is not None and sent.message_id == "<a@x>" and sent.sent_at == T0


# --- the review-request ledger ------------------------------------------------------------

def test_reserve_then_commit_spends_the_slot(store: Store) -> None:
    assert store.reserve_review(ORDER, "a", "<a@x>", T0) is None
    assert store.review_request(ORDER) is None  # in flight: not yet sent
    held = store.reserve_review(ORDER, "b", "<b@x>", T0 + timedelta(seconds=1))
    assert held is not None and held.in_flight and held.message_id == "<a@x>"
    store.commit_review(ORDER, "a", T0 + timedelta(seconds=2))
    sent = store.review_request(ORDER)
    assert sent is not None and not sent.in_flight
    assert sent.sent_at == T0 + timedelta(seconds=2)
    # A sent request is never taken over, however old.
    later = store.reserve_review(ORDER, "c", "<c@x>", T0 + STALE_RESERVATION * 100)
    assert later is not None and not later.in_flight and later.message_id == "<a@x>"


def test_release_frees_the_slot_for_a_retry(store: Store) -> None:
    assert store.reserve_review(ORDER, "a", "<a@x>", T0) is None
    store.release_review(ORDER, "a")
    assert store.reserve_review(ORDER, "b", "<b@x>", T0) is None


def test_only_the_holder_can_commit_or_release(store: Store) -> None:
    assert store.reserve_review(ORDER, "a", "<a@x>", T0) is None
    store.release_review(ORDER, "other")
    store.commit_review(ORDER, "other", T0)
    held = store.reserve_review(ORDER, "b", "<b@x>", T0)
    assert held is not None and held.in_flight and held.message_id == "<a@x>"
    store.commit_review(ORDER, "a", T0)
    store.release_review(ORDER, "a")  # a sent request cannot be released
    assert store.review_request(ORDER) is not None


def test_stale_reservation_is_taken_over(store: Store) -> None:
    assert store.reserve_review(ORDER, "dead", "<dead@x>", T0) is None
    fresh = T0 + STALE_RESERVATION - timedelta(seconds=1)
    assert store.reserve_review(ORDER, "b", "<b@x>", fresh) is not None
    stale = T0 + STALE_RESERVATION + timedelta(seconds=1)
    assert store.reserve_review(ORDER, "c", "<c@x>", stale) is None
    store.commit_review(ORDER, "dead", stale)  # the dead gateway's late commit is void
    assert store.review_request(ORDER) is None
    store.commit_review(ORDER, "c", stale)
    sent = store.review_request(ORDER)
    assert sent is not None and sent.message_id == "<c@x>"


def test_orders_have_separate_slots(store: Store) -> None:
    assert store.reserve_review(ORDER, "a", "<a@x>", T0) is None
    assert store.reserve_review("302-2222222-2222222", "b", "<b@x>", T0) is None


def test_twenty_threads_on_two_handles_one_wins(reopen: Opener) -> None:
    handles = [reopen(), reopen()]   # two gateways sharing one database
    barrier = threading.Barrier(20)
    results: dict[str, object] = {}

    def reserve(index: int) -> None:
        token = f"t{index}"
        barrier.wait(timeout=30)
        results[token] = handles[index % 2].reserve_review(ORDER, token, f"<{token}@x>", T0)

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    winners = [token for token, held in results.items() if held is None]
    assert len(results) == 20 and len(winners) == 1
    assert all(getattr(held, "message_id", None) == f"<{winners[0]}@x>"
               for held in results.values() if held is not None)


def test_concurrent_opens_migrate_once(reopen: Opener) -> None:
    errors: list[BaseException] = []
    opened: list[Store] = []
    barrier = threading.Barrier(6)

    def open_one() -> None:
        barrier.wait(timeout=30)
        try:
            opened.append(reopen())
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(opened) == 6
    opened[0].upsert_orders([order_row(ORDER, None)])
    assert all(store.order(ORDER) is not None for store in opened)


def test_ping(store: Store) -> None:
    store.ping()


# --- failures are StoreError, whatever the backend --------------------------------------

def test_unreachable_postgresql_is_a_store_error(tmp_path: Path) -> None:
    from tests.conftest import free_port

    with pytest.raises(StoreError, match=r"postgresql://vigile@127\.0\.0\.1:\d+/nowhere"):
        open_store(f"postgresql://vigile@127.0.0.1:{free_port()}/nowhere", tmp_path)


def test_unwritable_sqlite_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "ledger.db").mkdir()  # a folder where the file should be
    with pytest.raises(StoreError, match=r"ledger\.db"):
        open_store("sqlite:///ledger.db", tmp_path)


# --- store.url in the config --------------------------------------------------------------

@pytest.mark.parametrize("url", ["sqlite:///vigile.db", "postgresql://vigile@db:5432/vigile",
                                 "postgres:///vigile?host=/run/postgresql"])
def test_config_accepts_both_backends(url: str) -> None:
    config = config_from_dict({"store": {"url": url}}, base_dir=Path.cwd())
    assert config.store.url == url


@pytest.mark.parametrize("url", ["mysql://db/vigile", "vigile.db", "sqlite:///",
                                 "postgresql://db/vigile?nosuchoption=1"])
def test_config_rejects_other_urls(url: str) -> None:
    with pytest.raises(ConfigError, match=r"^store\.url: "):
        config_from_dict({"store": {"url": url}}, base_dir=Path.cwd())


def test_cli_names_an_unreachable_store(tmp_path: Path) -> None:
    from tests.conftest import free_port, write_config
    from tests.gateway.test_cli import vigile

    config = write_config(tmp_path, f'[store]\nurl = "postgresql://vigile@127.0.0.1:'
                                    f'{free_port()}/vigile"\n')
    run = vigile("--config", str(config), "orders", "show", ORDER)
    assert run.returncode == 1
    assert run.stderr.startswith("vigile: store.url: postgresql://vigile@127.0.0.1:")
