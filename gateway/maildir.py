"""Durable Maildir writes, shared by the local outbox and the quarantine.

A file is complete before anyone can see it: written under `tmp/`, fsynced, renamed
into place, and the folder fsynced so the rename survives a crash (the Maildir
delivery protocol, plus the fsyncs that make it durable).
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Sequence
from pathlib import Path


def ensure_maildir(root: Path) -> None:
    for sub in ("tmp", "new", "cur"):
        (root / sub).mkdir(parents=True, exist_ok=True)


def unique_name() -> str:
    """A Maildir file name: time, a random part, and the host."""
    host = socket.gethostname().replace("/", "_").replace(":", "_")
    return f"{time.time_ns() // 1000}.{secrets.token_hex(6)}.{host}"


def write_durably(target: Path, data: bytes | Sequence[bytes], tmp_dir: Path) -> None:
    """Write `data` to `target` atomically and durably (tmp, fsync, rename, fsync dir).
    `data` may come in parts (a header and a large message), written one after the
    other rather than joined into another copy in memory."""
    temporary = tmp_dir / f"{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in (data,) if isinstance(data, bytes) else data:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def deliver(root: Path, data: bytes | Sequence[bytes]) -> str:
    """Deliver one message into a Maildir's `new/`; returns its file name."""
    ensure_maildir(root)
    name = unique_name()
    write_durably(root / "new" / name, data, root / "tmp")
    return name
