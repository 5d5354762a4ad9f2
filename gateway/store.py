"""The store: orders imported from Seller Central and the review-request ledger.

`Store` is the interface the gateway and the rules use; `SqliteStore` is the embedded
backend (`[store] url = "sqlite:///vigile.db"`), `PostgresStore` (store_postgres.py)
the shared one for several gateways (`[store] url = "postgresql://user@host/db"`).
Schema migrations are numbered SQL scripts applied in order at open, each in its own
transaction. Backends raise `StoreError` for anything the database refuses or cannot do,
so callers need not know the driver.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from policies.model import OrderBook, OrderRecord, ReviewRequest

if TYPE_CHECKING:
    from gateway.store_postgres import PostgresStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE orders (
        order_id TEXT PRIMARY KEY,
        purchased_at TEXT,
        completed_at TEXT,
        status TEXT NOT NULL DEFAULT '',
        buyer_language TEXT,
        sales_channel TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE review_requests (
        order_id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('reserved', 'sent')),
        token TEXT NOT NULL,
        message_id TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
    );
    """,
)


# Both backends' upsert of imported orders; `{p}` is the driver's placeholder. A later
# report that leaves out the completion or the buyer language keeps what was known.
UPSERT_ORDERS = (
    "INSERT INTO orders (order_id, purchased_at, completed_at, status, buyer_language, "
    "sales_channel, updated_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) "
    "ON CONFLICT (order_id) DO UPDATE SET purchased_at = excluded.purchased_at, "
    "completed_at = coalesce(excluded.completed_at, orders.completed_at), "
    "status = excluded.status, "
    "buyer_language = coalesce(excluded.buyer_language, orders.buyer_language), "
    "sales_channel = excluded.sales_channel, updated_at = excluded.updated_at"
)

# A reservation older than this was left by a gateway that died between reserving a
# review request's slot and hearing the upstream's answer; another message may take it.
STALE_RESERVATION = timedelta(hours=1)


class StoreError(Exception):
    """The store could not be reached, read or written (the driver's error as the cause)."""


class Store(OrderBook, Protocol):
    """What the gateway needs from a store backend."""

    def upsert_orders(self, rows: list[tuple[object, ...]]) -> None: ...

    def reserve_review(self, order_id: str, token: str, message_id: str, at: datetime
                       ) -> ReviewRequest | None: ...

    def commit_review(self, order_id: str, token: str, at: datetime) -> None: ...

    def release_review(self, order_id: str, token: str) -> None: ...

    def ping(self) -> None:
        """Raise StoreError unless the database answers (for `/readyz`)."""

    def close(self) -> None: ...


def open_store(url: str, base_dir: Path) -> SqliteStore | PostgresStore:
    """The backend the url names, migrated to the current schema."""
    if url.startswith(POSTGRES_SCHEMES):
        from gateway.store_postgres import PostgresStore  # psycopg only when used

        return PostgresStore(url)
    if not url.startswith("sqlite:///"):
        raise ValueError(f"unsupported store url {url!r}")
    path = (base_dir / url.removeprefix("sqlite:///")).resolve()
    try:
        return SqliteStore(path)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: {error}") from error


class SqliteStore:
    """SQLite in WAL mode; one connection shared by the gateway's threads under a lock."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None,
                                   timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._migrate()

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            current = row[0] or 0
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _as_store_error(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def order(self, order_id: str) -> OrderRecord | None:
        with self._lock, _as_store_error(self.path):
            row = self._db.execute(
                "SELECT order_id, purchased_at, completed_at, status, buyer_language "
                "FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        if row is None:
            return None
        return OrderRecord(order_id=row[0], purchased_at=_time(row[1]),
                           completed_at=_time(row[2]), status=row[3], buyer_language=row[4])

    def review_request(self, order_id: str) -> ReviewRequest | None:
        """The review request sent for an order (reservations in flight do not count)."""
        with self._lock, _as_store_error(self.path):
            row = self._db.execute(
                "SELECT order_id, at, message_id, state FROM review_requests "
                "WHERE order_id = ? AND state = 'sent'", (order_id,)).fetchone()
        return _review(row)

    def upsert_orders(self, rows: list[tuple[object, ...]]) -> None:
        """Insert or update orders, all in one transaction."""
        with self.transaction() as db:
            db.executemany(UPSERT_ORDERS.format(p="?"), rows)

    def reserve_review(self, order_id: str, token: str, message_id: str, at: datetime
                       ) -> ReviewRequest | None:
        """Take the order's single review-request slot for a message in flight.

        Returns None when the slot is now ours, or the request that holds it (sent, or
        reserved by a message still in flight).
        """
        stale = (at - STALE_RESERVATION).isoformat()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO review_requests (order_id, state, token, message_id, at) "
                "VALUES (?, 'reserved', ?, ?, ?) ON CONFLICT (order_id) DO UPDATE SET "
                "token = excluded.token, message_id = excluded.message_id, at = excluded.at "
                "WHERE review_requests.state = 'reserved' AND review_requests.at < ?",
                (order_id, token, message_id, at.isoformat(), stale))
            row = db.execute("SELECT order_id, at, message_id, state, token "
                             "FROM review_requests WHERE order_id = ?", (order_id,)).fetchone()
        return None if row[4] == token else _review(row)

    def commit_review(self, order_id: str, token: str, at: datetime) -> None:
        """The upstream accepted the request: the slot is spent for good."""
        with self.transaction() as db:
            db.execute("UPDATE review_requests SET state = 'sent', at = ? "
                       "WHERE order_id = ? AND token = ?", (at.isoformat(), order_id, token))

    def release_review(self, order_id: str, token: str) -> None:
        """The request did not go out: free the slot for the client's retry."""
        with self.transaction() as db:
            db.execute("DELETE FROM review_requests WHERE order_id = ? AND token = ? "
                       "AND state = 'reserved'", (order_id, token))

    def ping(self) -> None:
        with self._lock, _as_store_error(self.path):
            self._db.execute("SELECT 1").fetchone()

    def close(self) -> None:
        with self._lock:
            self._db.close()


@contextmanager
def _as_store_error(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(f"{path}: {error}") from error


def _review(row: tuple[str, ...] | None) -> ReviewRequest | None:
    if row is None:
        return None
    return ReviewRequest(order_id=row[0], sent_at=datetime.fromisoformat(row[1]),
                         message_id=row[2], in_flight=row[3] == "reserved")


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
