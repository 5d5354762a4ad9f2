"""The embedded store: SQLite in WAL mode, one file per gateway (`sqlite:///vigile.db`)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from gateway.store import STALE_RESERVATION, UPSERT_ORDERS, StoreError
from policies.model import OrderRecord, ReviewRequest

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


class SqliteStore:
    """SQLite in WAL mode; one connection shared by the gateway's threads under a lock."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        with _as_store_error(path):
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
