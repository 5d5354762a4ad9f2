"""The quarantine in PostgreSQL: one table, shared by every gateway on the database.

Same interface and ids as the Maildir quarantine, so the CLI, the review page, the logs
and the replies look the same; what changes is that a message held by one gateway can
be listed, shown, released and deleted through any other. Each row is one held message:
its bytes (`bytea`), its record (the JSON the Maildir keeps in its sidecar), and the
columns listing filters on (`state`, `marketplace`, `rules`, `search`). The record is
`json`, not `jsonb`: decoded headers and rule details may contain NUL characters, which
`json` keeps (as `\\u0000`) and `jsonb` refuses.

Durable means committed: `hold` returns only after its transaction committed, with
`synchronous_commit` on for that transaction whatever the server's default, so the
client hears 550 only for a message the database has on disk. A release claims its row
under `SELECT … FOR UPDATE` and commits `state = 'releasing'` before anything is
relayed, so concurrent releases from any gateway or browser send the message once.
Failures are `StoreError` (the pipeline answers 451 4.3.0 and the client keeps the
message).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from psycopg.types.json import Json

from gateway.quarantine import (
    EntryFilter,
    QuarantineEntry,
    QuarantineError,
    check_id,
    new_entry,
)
from gateway.store.postgres import PostgresStore


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
                    "INSERT INTO quarantine (id, held_at, entry, message, state, marketplace, "
                    "rules, search) VALUES (%s, %s, %s, %s, 'held', %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id",
                    (entry.id, datetime.fromisoformat(entry.held_at), Json(entry.as_json()),
                     message, _text(entry.decision.get("marketplace") or ""),
                     _rules_column(entry), _search_column(entry))).fetchone()
            if inserted is not None:
                return entry
            # Another message took this id in the same second (2^-32 odds): draw again.

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry:
        return await asyncio.to_thread(self.hold, message, **details)

    def entries(self, filters: EntryFilter | None = None, *, limit: int | None = None,
                offset: int = 0, newest_first: bool = False) -> list[QuarantineEntry]:
        """One page of the matching entries, ordered by id (ids start with the time)."""
        where, params = _where(filters or EntryFilter())
        order = "DESC" if newest_first else "ASC"
        with self.store.transaction() as db:
            rows = db.execute(
                f"SELECT id, entry FROM quarantine {where} ORDER BY id {order} "
                "LIMIT %s OFFSET %s", (*params, limit, offset)).fetchall()
        return [_entry(entry_id, record) for entry_id, record in rows]

    def count(self, filters: EntryFilter | None = None) -> int:
        where, params = _where(filters or EntryFilter())
        with self.store.transaction() as db:
            row = db.execute(f"SELECT count(*) FROM quarantine {where}", params).fetchone()
        return int(row[0]) if row else 0

    def size(self) -> int:
        return self.count(EntryFilter(state="held"))

    def get(self, entry_id: str) -> QuarantineEntry:
        return _entry(entry_id, self._column(entry_id, "entry"))

    def message(self, entry_id: str) -> bytes:
        return bytes(self._column(entry_id, "message"))

    def _column(self, entry_id: str, column: Literal["entry", "message"]) -> Any:
        """One column of an entry's row (the names are ours, never the caller's)."""
        check_id(entry_id)
        with self.store.transaction() as db:
            row = db.execute(f"SELECT {column} FROM quarantine WHERE id = %s",
                             (entry_id,)).fetchone()
        if row is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return row[0]

    def claim(self, entry_id: str, *, actor: str, force: bool = False) -> QuarantineEntry:
        def take(entry: QuarantineEntry) -> QuarantineEntry:
            if entry.state != "held" and not force:
                raise entry.refusal()
            return entry.claimed(actor)

        return self._change(entry_id, take)

    def finish_release(self, entry_id: str, *, actor: str, upstream_reply: str,
                       rewritten: bool) -> QuarantineEntry:
        return self._change(entry_id,
                            lambda e: e.after_release(actor, upstream_reply, rewritten))

    def abandon_release(self, entry_id: str, *, upstream_reply: str) -> QuarantineEntry:
        return self._change(entry_id, lambda e: e.after_failed_release(upstream_reply))

    def delete(self, entry_id: str) -> None:
        check_id(entry_id)
        with self.store.transaction() as db:
            entry = _locked_entry(db, entry_id)
            if entry.state == "releasing":
                raise QuarantineError(f"{entry_id} is being released by {entry.claimed_by} "
                                      f"since {entry.claimed_at}; not deleted")
            db.execute("DELETE FROM quarantine WHERE id = %s", (entry_id,))

    def _change(self, entry_id: str, change: Callable[[QuarantineEntry], QuarantineEntry]
                ) -> QuarantineEntry:
        """Apply `change` to an entry under its row lock, in one transaction: concurrent
        changes from any gateway wait for each other and see each other's result."""
        check_id(entry_id)
        with self.store.transaction() as db:
            updated = change(_locked_entry(db, entry_id))
            db.execute("UPDATE quarantine SET entry = %s, state = %s WHERE id = %s",
                       (Json(updated.as_json()), updated.state, entry_id))
        return updated


def _locked_entry(db: Any, entry_id: str) -> QuarantineEntry:
    """An entry, its row locked until the transaction ends."""
    row = db.execute("SELECT entry FROM quarantine WHERE id = %s FOR UPDATE",
                     (entry_id,)).fetchone()
    if row is None:
        raise QuarantineError(f"no quarantine entry {entry_id!r}")
    return _entry(entry_id, row[0])


def _where(filters: EntryFilter) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause (and its parameters) selecting what `filters` asks for."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.rule is not None:
        clauses.append("rules LIKE %s")
        params.append(f"%,{_like(filters.rule)},%")
    if filters.since is not None:
        clauses.append("held_at >= %s")
        params.append(filters.since)
    if filters.state is not None:
        clauses.append("state = %s")
        params.append(filters.state)
    if filters.marketplace is not None:
        clauses.append("marketplace = %s")
        params.append(_text(filters.marketplace))
    if filters.search:
        clauses.append("search LIKE %s")
        params.append(f"%{_like(_text(filters.search.lower()))}%")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(value: str) -> str:
    """A value PostgreSQL can store as text (it refuses NUL)."""
    return value.replace("\x00", "")


def _rules_column(entry: QuarantineEntry) -> str:
    return f",{','.join(entry.rules)}," if entry.rules else ""


def _search_column(entry: QuarantineEntry) -> str:
    """What the review page's search box looks in: order ids, subject, sender."""
    words = [*entry.decision.get("order_ids", []), entry.subject, entry.sender]
    return _text("\n".join(words).lower())


def _entry(entry_id: str, record: object) -> QuarantineEntry:
    try:
        if not isinstance(record, dict):
            raise TypeError(f"a {type(record).__name__}, not an object")
        return QuarantineEntry.from_json(record)
    except TypeError as error:
        raise QuarantineError(f"quarantine entry {entry_id}: unreadable record in the "
                              f"database: {error}") from error


