"""The PostgreSQL store: one ledger shared by several gateways (`[store] url = "postgresql://…"`).

Same interface and semantics as `SqliteStore`. What makes it safe across gateways is the
database, never a lock in one process: the review-request slot is the primary key of
`review_requests`, taken with one `INSERT … ON CONFLICT DO UPDATE … WHERE` statement,
so of any number of gateways reserving one order at once exactly one gets it (or takes
over a stale reservation). Migrations run at open inside a transaction holding an
advisory lock, so gateways starting together apply each migration once. The shared
quarantine's table is migrated here too; `gateway.quarantine.postgres` uses this store's
pool.

Connections come from a small pool (the gateway calls the store from worker threads);
a connection is checked before use, so a database restart costs no failed message. The
password can be in the url, or, better, in `PGPASSWORD` or a `~/.pgpass` file, which
libpq reads itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from gateway.store import STALE_RESERVATION, UPSERT_ORDERS, StoreError
from policies.model import OrderRecord, ReviewRequest

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE orders (
        order_id text PRIMARY KEY,
        purchased_at timestamptz,
        completed_at timestamptz,
        status text NOT NULL DEFAULT '',
        buyer_language text,
        sales_channel text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL
    );
    CREATE TABLE review_requests (
        order_id text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('reserved', 'sent')),
        token text NOT NULL,
        message_id text NOT NULL DEFAULT '',
        at timestamptz NOT NULL
    );
    """,
    # The shared quarantine (gateway/quarantine/postgres.py): the held message and its record,
    # the same JSON the Maildir keeps in decisions/ID.json.
    """
    CREATE TABLE quarantine (
        id text PRIMARY KEY,
        held_at timestamptz NOT NULL,
        entry json NOT NULL,
        message bytea NOT NULL
    );
    """,
    # Release states, and the columns the review page filters on (the record is json
    # that may hold NUL characters, which PostgreSQL cannot compare as text).
    """
    ALTER TABLE quarantine
        ADD COLUMN state text NOT NULL DEFAULT 'held'
            CHECK (state IN ('held', 'releasing', 'released')),
        ADD COLUMN marketplace text NOT NULL DEFAULT '',
        ADD COLUMN rules text NOT NULL DEFAULT '',
        ADD COLUMN search text NOT NULL DEFAULT '';
    UPDATE quarantine SET
        state = CASE WHEN json_array_length(entry->'released') > 0 THEN 'released'
                     ELSE 'held' END,
        marketplace = coalesce(entry->'decision'->>'marketplace', ''),
        rules = coalesce((SELECT ',' || string_agg(f->>'rule', ',') || ','
                          FROM json_array_elements(entry->'decision'->'findings') AS f
                          WHERE f->>'action' = 'quarantine'), ''),
        search = lower(entry::text);
    CREATE INDEX quarantine_state ON quarantine (state, id)
    """,
)

# pg_advisory_xact_lock key serialising migrations between gateways ("vigile" in ASCII).
MIGRATION_LOCK = 0x766967696C65

# Seconds to wait for a connection (at open, and from the pool), so an unreachable
# database is a prompt 451 for the client rather than a hung SMTP session.
CONNECT_TIMEOUT = 10.0


def describe(url: str) -> str:
    """The url without its password, for error messages and logs."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://?"
    host = params.get("host", "")
    port = f":{params['port']}" if params.get("port") else ""
    user = f"{params['user']}@" if params.get("user") else ""
    return f"postgresql://{user}{host}{port}/{params.get('dbname', '')}"


class PostgresStore:
    """PostgreSQL through a psycopg 3 connection pool; every call is one transaction."""

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        self.name = describe(url)
        options = {"autocommit": True, "connect_timeout": int(CONNECT_TIMEOUT),
                   "options": "-c TimeZone=UTC"}
        # The first connection, made directly, fails fast with the server's own words
        # (the pool would retry in the background and report only a timeout).
        try:
            with psycopg.connect(url, **options) as db:  # type: ignore[arg-type]
                self._migrate(db)
        except psycopg.Error as error:
            raise self._error(error) from error
        self._pool = ConnectionPool(
            url, min_size=1, max_size=max_connections, open=True, name="vigile-store",
            timeout=CONNECT_TIMEOUT, check=ConnectionPool.check_connection, kwargs=options)

    def _error(self, error: psycopg.Error) -> StoreError:
        return StoreError(f"{self.name}: {' '.join(str(error).split())}")

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as db, db.transaction():
                yield db
        except psycopg.Error as error:
            raise self._error(error) from error

    @staticmethod
    def _migrate(db: psycopg.Connection) -> None:
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            row = db.execute("SELECT max(version) FROM schema_version").fetchone()
            current = (row[0] if row else None) or 0
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)  # type: ignore[call-overload]
                db.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def order(self, order_id: str) -> OrderRecord | None:
        with self.transaction() as db:
            row = db.execute(
                "SELECT order_id, purchased_at, completed_at, status, buyer_language "
                "FROM orders WHERE order_id = %s", (order_id,)).fetchone()
        if row is None:
            return None
        return OrderRecord(order_id=row[0], purchased_at=row[1], completed_at=row[2],
                           status=row[3], buyer_language=row[4])

    def review_request(self, order_id: str) -> ReviewRequest | None:
        """The review request sent for an order (reservations in flight do not count)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT order_id, at, message_id, state FROM review_requests "
                "WHERE order_id = %s AND state = 'sent'", (order_id,)).fetchone()
        return _review(row)

    def upsert_orders(self, rows: list[tuple[object, ...]]) -> None:
        """Insert or update orders, all in one transaction."""
        with self.transaction() as db, db.cursor() as cursor:
            cursor.executemany(UPSERT_ORDERS.format(p="%s"), rows)

    def reserve_review(self, order_id: str, token: str, message_id: str, at: datetime
                       ) -> ReviewRequest | None:
        """Take the order's single review-request slot for a message in flight.

        Returns None when the slot is now ours, or the request that holds it (sent, or
        reserved by a message still in flight). The upsert waits for a concurrent
        holder's transaction and re-checks its condition on the row that holder left.
        """
        while True:
            with self.transaction() as db:
                taken = db.execute(
                    "INSERT INTO review_requests (order_id, state, token, message_id, at) "
                    "VALUES (%s, 'reserved', %s, %s, %s) ON CONFLICT (order_id) DO UPDATE "
                    "SET token = excluded.token, message_id = excluded.message_id, "
                    "at = excluded.at WHERE review_requests.state = 'reserved' "
                    "AND review_requests.at < %s RETURNING token",
                    (order_id, token, message_id, at, at - STALE_RESERVATION)).fetchone()
                if taken is not None:
                    return None
                row = db.execute("SELECT order_id, at, message_id, state FROM review_requests "
                                 "WHERE order_id = %s", (order_id,)).fetchone()
            if row is not None:
                return _review(row)
            # The holder released its slot between the two statements: try again.

    def commit_review(self, order_id: str, token: str, at: datetime) -> None:
        """The upstream accepted the request: the slot is spent for good."""
        with self.transaction() as db:
            db.execute("UPDATE review_requests SET state = 'sent', at = %s "
                       "WHERE order_id = %s AND token = %s", (at, order_id, token))

    def release_review(self, order_id: str, token: str) -> None:
        """The request did not go out: free the slot for the client's retry."""
        with self.transaction() as db:
            db.execute("DELETE FROM review_requests WHERE order_id = %s AND token = %s "
                       "AND state = 'reserved'", (order_id, token))

    def ping(self) -> None:
        with self.transaction() as db:
            db.execute("SELECT 1").fetchone()

    def close(self) -> None:
        self._pool.close()


def _review(row: tuple[object, ...] | None) -> ReviewRequest | None:
    if row is None:
        return None
    sent_at = row[1]
    assert isinstance(sent_at, datetime)
    return ReviewRequest(order_id=str(row[0]), sent_at=sent_at, message_id=str(row[2]),
                         in_flight=row[3] == "reserved")
