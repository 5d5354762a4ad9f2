"""The Maildir quarantine: one folder per gateway (`quarantine.dir`), readable by any
mail client pointed at it.

`<dir>/new/<id>` is the held copy: three headers saying why it is here
(`X-Vigile-Quarantine-Id`, `X-Vigile-Decision`, `X-Vigile-Rules`) followed by the
message with LF line ends, as Maildir on Unix expects (mutt shows no `^M`). The gateway
hands over messages whose every line ends in CRLF, so that conversion is exact and
`message()` gives back the original bytes: the three headers removed, CRLF restored. A
message with a bare CR or LF (only possible through the API) is kept as it is, behind
the same headers ending in CRLF, which is how `message()` tells the two apart.

`<dir>/decisions/<id>.json` (the sidecar) records why it was held, for whom, from where,
and its release state. The sidecar is written first and the message last, both
durably, so an entry whose message file exists is complete; a sidecar without its
message (a crash between the two writes) is not an entry. A release in progress holds
`<dir>/decisions/<id>.claim`, created with O_EXCL: of two releases at once only one
creates it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gateway import maildir
from gateway.quarantine import (
    ENTRY_ID,
    EntryFilter,
    QuarantineEntry,
    QuarantineError,
    check_id,
    new_entry,
)

ID_HEADER = b"X-Vigile-Quarantine-Id: "


class _Vanished(QuarantineError):
    """An entry deleted while it was being read."""


def held_copy(entry: QuarantineEntry, message: bytes) -> bytes:
    """The file a mail client sees: the reason in headers, then the message with LF ends."""
    rules = ", ".join(rule for rule in entry.rules if re.fullmatch(r"[a-z0-9-]+", rule))
    headers = [ID_HEADER + entry.id.encode(),
               b"X-Vigile-Decision: " + str(entry.decision.get("decision", "quarantine"))
               .encode("ascii", "replace"),
               b"X-Vigile-Rules: " + rules.encode()]
    convertible = message.count(b"\r") == message.count(b"\r\n") == message.count(b"\n")
    end = b"\n" if convertible else b"\r\n"
    body = message.replace(b"\r\n", b"\n") if convertible else message
    return end.join(headers) + end + body


def original(entry: QuarantineEntry, stored: bytes) -> bytes:
    """The message as the client sent it, from its held copy (or an older plain copy)."""
    first = ID_HEADER + entry.id.encode()
    if not stored.startswith(first):
        return stored  # held before the copies carried headers
    end = b"\n" if stored[len(first):].startswith(b"\n") else b"\r\n"
    parts = stored.split(end, 3)   # the three headers, then the message
    body = parts[3] if len(parts) == 4 else b""
    message = body.replace(b"\n", b"\r\n") if end == b"\n" else body
    if len(message) != entry.size:
        raise QuarantineError(f"quarantine entry {entry.id}: the held copy has "
                              f"{len(message)} bytes where {entry.size} were held")
    return message


class MaildirQuarantine:
    """Held messages in a Maildir folder, their records in `decisions/`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.decisions = directory / "decisions"
        self.location = str(directory)
        # Parsed sidecars by id, with the (mtime, size) they were read at: listing
        # 10,000 entries again costs a stat per entry, not a JSON parse.
        self._cache: dict[str, tuple[tuple[int, int], QuarantineEntry]] = {}

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
        maildir.write_durably(self.directory / "new" / entry.id, held_copy(entry, message),
                              self.directory / "tmp")
        return entry

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry:
        return await asyncio.to_thread(self.hold, message, **details)

    def entries(self, filters: EntryFilter | None = None, *, limit: int | None = None,
                offset: int = 0, newest_first: bool = False) -> list[QuarantineEntry]:
        """Complete entries matching `filters`; only the page asked for is read when
        nothing is filtered."""
        ids, claims = self._scan()
        if newest_first:
            ids.reverse()
        end = None if limit is None else offset + limit
        if filters is None or filters == EntryFilter():
            return list(self._read_all(ids[offset:end], claims))
        return [e for e in self._read_all(ids, claims) if filters.matches(e)][offset:end]

    def count(self, filters: EntryFilter | None = None) -> int:
        ids, claims = self._scan()
        if filters is None or filters == EntryFilter():
            return len(ids)
        return sum(1 for entry in self._read_all(ids, claims) if filters.matches(entry))

    def size(self) -> int:
        return self.count(EntryFilter(state="held"))

    def get(self, entry_id: str) -> QuarantineEntry:
        check_id(entry_id)
        if self._message_path(entry_id) is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return self._read(entry_id)

    def message(self, entry_id: str) -> bytes:
        entry = self.get(entry_id)
        path = self._message_path(entry_id)
        if path is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        return original(entry, path.read_bytes())

    def claim(self, entry_id: str, *, actor: str, force: bool = False) -> QuarantineEntry:
        entry = self.get(entry_id)
        claim_path = self._claim_path(entry_id)
        try:
            fd = os.open(claim_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        except FileExistsError:
            if not force:
                raise self._read(entry_id).refusal() from None
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_claim_record(actor, entry))
                handle.flush()
                os.fsync(handle.fileno())
            maildir.fsync_dir(self.decisions)
        entry = self._read(entry_id, claimed=False)  # ours now: nobody else changes it
        if entry.state == "released" and not force:
            self._drop_claim(entry_id)
            raise entry.refusal()
        # The claim names the releases it follows, so one left behind by a crash after
        # its release was recorded is recognised as stale.
        maildir.write_durably(claim_path, _claim_record(actor, entry), self.directory / "tmp")
        return self._read(entry_id)

    def finish_release(self, entry_id: str, *, actor: str, upstream_reply: str,
                       rewritten: bool) -> QuarantineEntry:
        updated = self._read(entry_id).after_release(actor, upstream_reply, rewritten)
        self._write_sidecar(updated)
        self._drop_claim(entry_id)
        return updated

    def abandon_release(self, entry_id: str, *, upstream_reply: str) -> QuarantineEntry:
        updated = self._read(entry_id).after_failed_release(upstream_reply)
        self._write_sidecar(updated)
        self._drop_claim(entry_id)
        return updated

    def delete(self, entry_id: str) -> None:
        entry = self.get(entry_id)
        if entry.state == "releasing":
            raise QuarantineError(f"{entry_id} is being released by {entry.claimed_by} "
                                  f"since {entry.claimed_at}; not deleted")
        path = self._message_path(entry_id)
        if path is None:
            raise QuarantineError(f"no quarantine entry {entry_id!r}")
        path.unlink()
        maildir.fsync_dir(path.parent)
        (self.decisions / f"{entry_id}.json").unlink(missing_ok=True)
        self._cache.pop(entry_id, None)

    def _scan(self) -> tuple[list[str], set[str]]:
        """Ids of complete entries (a message file and a sidecar), oldest first, and the
        ids with a claim file (a release in progress): three directory listings."""
        try:
            names = os.listdir(self.decisions)
        except FileNotFoundError:
            return [], set()
        sidecars = {name[:-5] for name in names if name.endswith(".json")}
        claims = {name[:-6] for name in names if name.endswith(".claim")}
        messages = set()
        for folder in (self.directory / "new", self.directory / "cur"):
            with contextlib.suppress(FileNotFoundError):
                messages.update(name.split(":", 1)[0] for name in os.listdir(folder))
        return sorted(i for i in sidecars & messages if ENTRY_ID.match(i)), claims

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

    def _claim_path(self, entry_id: str) -> Path:
        return self.decisions / f"{entry_id}.claim"

    def _drop_claim(self, entry_id: str) -> None:
        self._claim_path(entry_id).unlink(missing_ok=True)
        maildir.fsync_dir(self.decisions)

    def _write_sidecar(self, entry: QuarantineEntry) -> None:
        record = {k: v for k, v in entry.as_json().items()
                  if k not in ("claimed_by", "claimed_at")}  # the claim file says those
        # Readable UTF-8; a lone surrogate (a byte that was not UTF-8, quoted by a rule)
        # becomes its JSON escape, so the record still reads back exactly.
        data = json.dumps(record, ensure_ascii=False, indent=2).encode(
            "utf-8", errors="backslashreplace") + b"\n"
        maildir.write_durably(self.decisions / f"{entry.id}.json", data,
                              self.directory / "tmp")

    def _read_all(self, ids: list[str], claims: set[str]) -> Iterator[QuarantineEntry]:
        """The entries of a listing, less those deleted since it was made."""
        for entry_id in ids:
            try:
                yield self._read(entry_id, entry_id in claims)
            except _Vanished:
                self._cache.pop(entry_id, None)

    def _read(self, entry_id: str, claimed: bool | None = None) -> QuarantineEntry:
        """The sidecar's entry (cached while the file is unchanged), with a claim in
        progress shown as the state `releasing`. `claimed` says whether a claim file
        exists when a directory listing already told (None: look; False: ignore it)."""
        path = os.path.join(self.decisions, f"{entry_id}.json")
        try:
            stat = os.stat(path)
            cached = self._cache.get(entry_id)
            if cached is not None and cached[0] == (stat.st_mtime_ns, stat.st_size):
                entry = cached[1]
            else:
                with open(path, encoding="utf-8") as handle:
                    entry = QuarantineEntry.from_json(json.load(handle))
                self._cache[entry_id] = ((stat.st_mtime_ns, stat.st_size), entry)
        except FileNotFoundError as error:
            raise _Vanished(f"no quarantine entry {entry_id!r}") from error
        except (OSError, ValueError, TypeError) as error:
            raise QuarantineError(f"quarantine entry {entry_id}: unreadable record "
                                  f"{path}: {error}") from error
        if claimed is False:
            return entry
        try:
            claim = json.loads(self._claim_path(entry_id).read_bytes())
        except FileNotFoundError:
            return entry
        except (OSError, ValueError):
            claim = {}  # being written this very moment
        if claim.get("releases", len(entry.released)) != len(entry.released):
            return entry  # left behind by a crash after its release was recorded
        return dataclasses.replace(entry, state="releasing",
                                   claimed_by=str(claim.get("by", "?")),
                                   claimed_at=str(claim.get("at", "?")))


def _claim_record(actor: str, entry: QuarantineEntry) -> bytes:
    claimed = entry.claimed(actor)
    return json.dumps({"by": actor, "at": claimed.claimed_at,
                       "releases": len(entry.released)}).encode()
