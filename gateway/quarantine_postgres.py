"""The quarantine in PostgreSQL: one table, shared by every gateway on the database.

Same interface and ids as the Maildir `Quarantine`, so the CLI, the logs and the replies
look the same; what changes is that a message held by one gateway can be listed, shown,
released and deleted through any other. Each row is one held message: its bytes
(`bytea`) and its record, the very JSON the Maildir keeps in its sidecar. The record is
`json`, not `jsonb`: decoded headers and rule details may contain NUL characters, which
`json` keeps (as `\\u0000`) and `jsonb` refuses.

Durable means committed: `hold` returns only after its transaction committed, with
`synchronous_commit` on for that transaction whatever the server's default, so the
client hears 550 only for a message the database has on disk. Failures are `StoreError`
(the pipeline answers 451 4.3.0 and the client keeps the message).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from psycopg.types.json import Json

from gateway.quarantine import QuarantineEntry, QuarantineError, check_id, new_entry
from gateway.store_postgres import PostgresStore


class PostgresQuarantine:
    """Held messages in the `quarantine` table of the gateway's PostgreSQL store."""

    def __init__(self, store: PostgresStore) -> None:
        self.store = store
        self.location = f"{store.name} (table quarantine)"

    def prepare(self) -> None:
        """Nothing to create: the table comes with the store's migrations."""

    def hold(self, message: bytes, *, sender: str, recipients: list[str], client: str,
             message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
        """Store a message and its record in one committed transaction (StoreError if not)."""
        while True:
            entry = new_entry(message, sender=sender, recipients=recipients, client=client,
                              message_id=message_id, subject=subject, decision=decision)
            with self.store.transaction() as db:
                db.execute("SET LOCAL synchronous_commit TO on")
                inserted = db.execute(
                    "INSERT INTO quarantine (id, held_at, entry, message) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING id",
                    (entry.id, datetime.fromisoformat(entry.held_at),
                     Json(entry.as_json()), message)).fetchone()
            if inserted is not None:
                return entry
            # Another message took this id in the same second (2^-32 odds): draw again.

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry:
        return await asyncio.to_thread(self.hold, message, **details)

    def entries(self) -> list[QuarantineEntry]:
        """Every entry, oldest first (ids start with the time they were held)."""
        with self.store.transaction() as db:
            rows = db.execute("SELECT id, entry FROM quarantine ORDER BY id").fetchall()
        return [_entry(entry_id, record) for entry_id, record in rows]

    def size(self) -> int:
        with self.store.transaction() as db:
            row = db.execute("SELECT count(*) FROM quarantine").fetchone()
        return int(row[0]) if row else 0

    def get(self, entry_id: str) -> QuarantineEntry:
        check_id(entry_id)
        with self.store.transaction() as db:
            row = db.execute("SELECT entry FROM quarantine WHERE id = %s",
                             (entry_id,)).fetchone()
        if row is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return _entry(entry_id, row[0])

    def message(self, entry_id: str) -> bytes:
        check_id(entry_id)
        with self.store.transaction() as db:
            row = db.execute("SELECT message FROM quarantine WHERE id = %s",
                             (entry_id,)).fetchone()
        if row is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return bytes(row[0])

    def record_release(self, entry_id: str, upstream_reply: str) -> QuarantineEntry:
        """Add a release to the record; the row lock keeps two reviewers' releases both."""
        check_id(entry_id)
        with self.store.transaction() as db:
            row = db.execute("SELECT entry FROM quarantine WHERE id = %s FOR UPDATE",
                             (entry_id,)).fetchone()
            if row is None:
                raise QuarantineError(f"no quarantine entry {entry_id!r}")
            updated = _entry(entry_id, row[0]).with_release(upstream_reply)
            db.execute("UPDATE quarantine SET entry = %s WHERE id = %s",
                       (Json(updated.as_json()), entry_id))
        return updated

    def delete(self, entry_id: str) -> None:
        check_id(entry_id)
        with self.store.transaction() as db:
            deleted = db.execute("DELETE FROM quarantine WHERE id = %s RETURNING id",
                                 (entry_id,)).fetchone()
        if deleted is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")


def _entry(entry_id: str, record: object) -> QuarantineEntry:
    try:
        if not isinstance(record, dict):
            raise TypeError(f"a {type(record).__name__}, not an object")
        return QuarantineEntry(**record)
    except TypeError as error:
        raise QuarantineError(f"quarantine entry {entry_id}: unreadable record in the "
                              f"database: {error}") from error
