"""The quarantine: held messages, each with a record of its decision.

This module is the interface every part of Vigile uses (the pipeline holds, the CLI and
the review page list, show, release and delete): `QuarantineEntry`, `EntryFilter`,
`QuarantineBackend` and its errors, and `open_quarantine`, which picks the backend from
`store.url`: with SQLite, `maildir.MaildirQuarantine`, a Maildir folder
(`quarantine.dir`) per gateway; with PostgreSQL, `postgres.PostgresQuarantine`, one
table shared by all gateways, so any of them can list, show and release what another
held. Releasing is in `release.py`: a one-time state change (held -> releasing ->
released) that both backends make atomic, so a message goes out once however many
reviewers click.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.policy import default as default_policy
from typing import TYPE_CHECKING, Any, Protocol

from gateway.store import is_postgres

if TYPE_CHECKING:
    from gateway.config import Config
    from gateway.store import Store

ENTRY_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{8}$")
STATES = ("held", "releasing", "released")


class QuarantineError(Exception):
    """An unknown or invalid quarantine id, or an entry that cannot be read or changed."""


class AlreadyReleased(QuarantineError):
    """The entry was released (or is being released) already; the message names the
    entry and when and by whom. Releasing it again needs `force`."""


@dataclass(frozen=True)
class QuarantineEntry:
    """One held message: its decision and envelope, and where its release stands.

    `state` is `held`, `releasing` (claimed by a release in progress: `claimed_by`,
    `claimed_at`) or `released` (`released_at`, `released_by`). `upstream_reply` is the
    upstream's answer to the last release attempt, failed or not; `released` lists every
    successful release (more than one only when forced).
    """

    id: str
    held_at: str
    sender: str
    recipients: list[str]
    client: str
    message_id: str
    subject: str
    size: int
    decision: dict[str, Any]
    state: str = "held"
    released_at: str | None = None
    released_by: str | None = None
    upstream_reply: str | None = None
    claimed_by: str | None = None
    claimed_at: str | None = None
    released: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        """The rules that held the message (strip findings are listed in `decision`)."""
        return [f["rule"] for f in self.decision.get("findings", [])
                if f.get("action") == "quarantine"]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> QuarantineEntry:
        """An entry from its stored record; records written before states existed (a
        `released` list only) read as released. Raises TypeError for a foreign record."""
        if "state" not in record and record.get("released"):
            last = record["released"][-1]
            record = {**record, "state": "released", "released_at": last.get("at"),
                      "upstream_reply": last.get("upstream_reply")}
        return cls(**record)

    def claimed(self, actor: str) -> QuarantineEntry:
        """The entry taken by a release in progress."""
        return dataclasses.replace(self, state="releasing", claimed_by=actor, claimed_at=now())

    def after_release(self, actor: str, upstream_reply: str, rewritten: bool
                      ) -> QuarantineEntry:
        """The entry once the upstream accepted it."""
        at = now()
        record = {"at": at, "by": actor, "upstream_reply": upstream_reply,
                  "rewritten": rewritten}
        return dataclasses.replace(
            self, state="released", released_at=at, released_by=actor,
            upstream_reply=upstream_reply, claimed_by=None, claimed_at=None,
            released=[*self.released, record])

    def after_failed_release(self, upstream_reply: str) -> QuarantineEntry:
        """The entry back as it was before the claim, with the upstream's refusal."""
        return dataclasses.replace(self, state="released" if self.released else "held",
                                   upstream_reply=upstream_reply, claimed_by=None,
                                   claimed_at=None)

    def refusal(self) -> AlreadyReleased:
        """Why this entry cannot be claimed without `force`."""
        if self.state == "releasing":
            return AlreadyReleased(
                f"{self.id} is being released by {self.claimed_by or '?'} since "
                f"{self.claimed_at or '?'}; if that release died, release it with --force")
        return AlreadyReleased(
            f"{self.id} was already released on {self.released_at or '?'} by "
            f"{self.released_by or '?'} (upstream said {self.upstream_reply or '?'}); "
            "release it again with --force")


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to list: every field that is set must match."""

    rule: str | None = None          # a rule that held the message
    since: datetime | None = None    # held at or after
    state: str | None = None         # held, releasing, released
    marketplace: str | None = None   # uk, de, ...
    search: str | None = None        # in the order ids, subject or sender (any case)

    def matches(self, entry: QuarantineEntry) -> bool:
        if self.rule is not None and self.rule not in entry.rules:
            return False
        if self.since is not None and datetime.fromisoformat(entry.held_at) < self.since:
            return False
        if self.state is not None and entry.state != self.state:
            return False
        if self.marketplace is not None and entry.decision.get("marketplace") != \
                self.marketplace:
            return False
        if self.search:
            needle = self.search.casefold()
            haystack = [entry.subject, entry.sender, *entry.decision.get("order_ids", [])]
            return any(needle in text.casefold() for text in haystack)
        return True


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_entry(message: bytes, *, sender: str, recipients: list[str], client: str,
              message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
    """The record of a message about to be held, under a fresh id (time + random).

    The subject is decoded again from the message's own bytes, which knows raw UTF-8
    (`Lieferverzögerung`) as well as RFC 2047; `subject` is kept when that finds none."""
    held = datetime.now(UTC)
    return QuarantineEntry(
        id=f"{held:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}",
        held_at=held.isoformat(timespec="seconds"),
        sender=sender, recipients=recipients, client=client, message_id=message_id,
        subject=decoded_subject(message) or subject, size=len(message), decision=decision,
    )


def decoded_subject(message: bytes) -> str:
    """The Subject header as a reader sees it: raw 8-bit text taken as UTF-8 (else
    Windows-1252), encoded words decoded, folding and runs of white space collapsed."""
    end = message.find(b"\r\n\r\n")
    header_block = message[:end] if end >= 0 else message[:65536]
    found = re.search(rb"(?im)^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)", header_block)
    if found is None:
        return ""
    raw = re.sub(rb"\r?\n(?=[ \t])", b"", found.group(1)).rstrip(b"\r\n")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    with contextlib.suppress(Exception):  # one it cannot parse is shown as written
        text = str(default_policy.header_factory("subject", text))
    return " ".join(text.split())


def check_id(entry_id: str) -> None:
    """Refuse anything but an id (ids become file names: no `../` can get through)."""
    if not ENTRY_ID.fullmatch(entry_id):
        raise QuarantineError(
            f"{entry_id!r} is not a quarantine id (they look like 20250417T093000-1a2b3c4d)")


class QuarantineBackend(Protocol):
    """What the gateway, the metrics, the CLI and the review page need from a quarantine."""

    location: str  # where held messages are, for logs

    def prepare(self) -> None: ...

    def hold(self, message: bytes, *, sender: str, recipients: list[str], client: str,
             message_id: str, subject: str, decision: dict[str, Any]) -> QuarantineEntry:
        """Store durably before returning; raises OSError or StoreError if it cannot."""

    async def hold_async(self, message: bytes, **details: Any) -> QuarantineEntry: ...

    def entries(self, filters: EntryFilter | None = None, *, limit: int | None = None,
                offset: int = 0, newest_first: bool = False) -> list[QuarantineEntry]:
        """Entries matching `filters`, oldest first (or newest first), one page of them."""

    def count(self, filters: EntryFilter | None = None) -> int:
        """How many entries match `filters` (for paging)."""

    def size(self) -> int:
        """How many messages are held now (not released): the metrics' gauge."""

    def get(self, entry_id: str) -> QuarantineEntry: ...

    def message(self, entry_id: str) -> bytes:
        """The held message exactly as the client sent it."""

    def claim(self, entry_id: str, *, actor: str, force: bool = False) -> QuarantineEntry:
        """Atomically move a held entry to `releasing` for `actor`; raises AlreadyReleased
        when it is released or being released (unless `force`)."""

    def finish_release(self, entry_id: str, *, actor: str, upstream_reply: str,
                       rewritten: bool) -> QuarantineEntry:
        """Record the upstream's acceptance of a claimed entry: it is `released`."""

    def abandon_release(self, entry_id: str, *, upstream_reply: str) -> QuarantineEntry:
        """Undo a claim (the upstream refused or failed), recording its answer."""

    def delete(self, entry_id: str) -> None:
        """Remove an entry for good; refused while it is being released."""


def open_quarantine(config: Config, store: Store) -> QuarantineBackend:
    """The quarantine for this config: in the PostgreSQL store when `store.url` names one
    (shared by every gateway on that database), else the `quarantine.dir` Maildir."""
    if is_postgres(config.store.url):
        from gateway.quarantine.postgres import PostgresQuarantine  # psycopg only when used
        from gateway.store.postgres import PostgresStore

        if not isinstance(store, PostgresStore):
            raise TypeError(f"store.url is PostgreSQL but the store is {type(store).__name__}")
        return PostgresQuarantine(store)
    from gateway.quarantine.maildir import MaildirQuarantine

    return MaildirQuarantine(config.path(config.quarantine.dir))
