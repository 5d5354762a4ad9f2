"""The quarantine: held messages, each with a record of its decision.

Two backends with one interface (`QuarantineBackend`), chosen by `open_quarantine` from
`store.url`: with SQLite, `Quarantine`, a Maildir folder (`quarantine.dir`) per gateway;
with PostgreSQL, `PostgresQuarantine` (quarantine_postgres.py), one table shared by all
gateways, so any of them can list, show and release what another held.

In the Maildir, `<dir>/new/<id>` is the original message, openable by any mail client
pointed at the folder; `<dir>/decisions/<id>.json` records why it was held, for whom
and from where. The sidecar is written first and the message last, both durably, so an
entry whose message file exists is complete; a sidecar without its message (a crash
between the two writes) is not an entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gateway import maildir
from gateway.store import POSTGRES_SCHEMES

if TYPE_CHECKING:
    from gateway.config import Config
    from gateway.quarantine_postgres import PostgresQuarantine
    from gateway.store import Store

ENTRY_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{8}$")


class QuarantineError(Exception):
    """An unknown or invalid quarantine id, or an entry that cannot be read."""


@dataclass(frozen=True)
class QuarantineEntry:
    """One held message: its decision and envelope, as written in the sidecar."""

    id: str
    held_at: str
    sender: str
    recipients: list[str]
    client: str
    message_id: str
    subject: str
    size: int
    decision: dict[str, Any]
    released: list[dict[str, str]] = field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        return [f["rule"] for f in self.decision.get("findings", [])
                if f.get("action") == "quarantine"]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def with_release(self, upstream_reply: str) -> QuarantineEntry:
        """The entry with one more release recorded (a message can be released again)."""
        released = [*self.released, {"at": datetime.now(UTC).isoformat(timespec="seconds"),
                                     "upstream_reply": upstream_reply}]
        return QuarantineEntry(**{**self.as_json(), "released": released})


def new_entry(message: bytes, *, sender: str, recipients: list[str], client: str,
              message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
    """The record of a message about to be held, under a fresh id (time + random)."""
    now = datetime.now(UTC)
    return QuarantineEntry(
        id=f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}",
        held_at=now.isoformat(timespec="seconds"),
        sender=sender, recipients=recipients, client=client, message_id=message_id,
        subject=subject, size=len(message), decision=decision,
    )


def check_id(entry_id: str) -> None:
    """Refuse anything but an id (ids become file names: no `../` can get through)."""
    if not ENTRY_ID.fullmatch(entry_id):
        raise QuarantineError(
            f"{entry_id!r} is not a quarantine id (they look like 20250417T093000-1a2b3c4d)")


class QuarantineBackend(Protocol):
    """What the gateway, the metrics and `vigile quarantine` need from a quarantine."""

    location: str  # where held messages are, for logs

    def prepare(self) -> None: ...

    def hold(self, message: bytes, *, sender: str, recipients: list[str], client: str,
             message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
        """Store durably before returning; raises OSError or StoreError if it cannot."""

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry: ...

    def entries(self) -> list[QuarantineEntry]: ...

    def size(self) -> int: ...

    def get(self, entry_id: str) -> QuarantineEntry: ...

    def message(self, entry_id: str) -> bytes: ...

    def record_release(self, entry_id: str, upstream_reply: str) -> QuarantineEntry: ...

    def delete(self, entry_id: str) -> None: ...


def open_quarantine(config: Config, store: Store) -> Quarantine | PostgresQuarantine:
    """The quarantine for this config: in the PostgreSQL store when `store.url` names one
    (shared by every gateway on that database), else the `quarantine.dir` Maildir."""
    if config.store.url.startswith(POSTGRES_SCHEMES):
        from gateway.quarantine_postgres import PostgresQuarantine  # psycopg only when used
        from gateway.store_postgres import PostgresStore

        if not isinstance(store, PostgresStore):
            raise TypeError(f"store.url is PostgreSQL but the store is {type(store).__name__}")
        return PostgresQuarantine(store)
    return Quarantine(config.path(config.quarantine.dir))


class Quarantine:
    """The Maildir backend: one folder per gateway, readable by any mail client."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.decisions = directory / "decisions"
        self.location = str(directory)

    def prepare(self) -> None:
        maildir.ensure_maildir(self.directory)
        self.decisions.mkdir(exist_ok=True)

    def hold(self, message: bytes, *, sender: str, recipients: list[str], client: str,
             message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
        """Store a message and its decision durably; raises OSError if it cannot."""
        self.prepare()
        entry = new_entry(message, sender=sender, recipients=recipients, client=client,
                          message_id=message_id, subject=subject, decision=decision)
        self._write_sidecar(entry)
        maildir.write_durably(self.directory / "new" / entry.id, message,
                              self.directory / "tmp")
        return entry

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry:
        return await asyncio.to_thread(self.hold, message, **details)

    def entries(self) -> list[QuarantineEntry]:
        """Every complete entry, oldest first."""
        if not self.decisions.is_dir():
            return []
        found = []
        for sidecar in sorted(self.decisions.glob("*.json")):
            entry_id = sidecar.stem
            if ENTRY_ID.match(entry_id) and self._message_path(entry_id) is not None:
                found.append(self._read_sidecar(entry_id))
        return found

    def size(self) -> int:
        """How many messages are held (message files only: cheap enough for every scrape)."""
        count = 0
        for folder in (self.directory / "new", self.directory / "cur"):
            with contextlib.suppress(FileNotFoundError):
                count += sum(1 for name in os.listdir(folder)
                             if ENTRY_ID.match(name.split(":", 1)[0]))
        return count

    def get(self, entry_id: str) -> QuarantineEntry:
        check_id(entry_id)
        if self._message_path(entry_id) is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return self._read_sidecar(entry_id)

    def message(self, entry_id: str) -> bytes:
        check_id(entry_id)
        path = self._message_path(entry_id)
        if path is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return path.read_bytes()

    def record_release(self, entry_id: str, upstream_reply: str) -> QuarantineEntry:
        updated = self.get(entry_id).with_release(upstream_reply)
        self._write_sidecar(updated)
        return updated

    def delete(self, entry_id: str) -> None:
        check_id(entry_id)
        path = self._message_path(entry_id)
        if path is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        path.unlink()
        maildir.fsync_dir(path.parent)
        (self.decisions / f"{entry_id}.json").unlink(missing_ok=True)

    def _message_path(self, entry_id: str) -> Path | None:
        """The message file, in `new/`, or in `cur/` once a mail client has seen it."""
        candidate = self.directory / "new" / entry_id
        if candidate.is_file():
            return candidate
        cur = self.directory / "cur"
        if cur.is_dir():
            for name in os.listdir(cur):
                if name == entry_id or name.startswith(f"{entry_id}:"):
                    return cur / name
        return None

    def _write_sidecar(self, entry: QuarantineEntry) -> None:
        data = json.dumps(entry.as_json(), ensure_ascii=True, indent=2).encode() + b"\n"
        maildir.write_durably(self.decisions / f"{entry.id}.json", data, self.directory / "tmp")

    def _read_sidecar(self, entry_id: str) -> QuarantineEntry:
        path = self.decisions / f"{entry_id}.json"
        try:
            return QuarantineEntry(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as error:
            raise QuarantineError(f"quarantine entry {entry_id}: unreadable sidecar "
                                  f"{path}: {error}") from error
