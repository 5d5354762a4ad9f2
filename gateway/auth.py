"""SMTP AUTH against a users file of salted scrypt hashes (stdlib `hashlib.scrypt`).

One line per user: `name:scrypt$N$r$p$salt$hash` (salt and hash in base64). The file
is written atomically by `vigile passwd`, never in place.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import os
import secrets
import time
from collections import defaultdict, deque
from pathlib import Path

from gateway import maildir

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class UsersFileError(ValueError):
    """A users file line that cannot be read."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return "$".join(("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def read_users(path: Path) -> dict[str, str]:
    users: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not name or not stored.startswith("scrypt$"):
            raise UsersFileError(f"{path}:{number}: expected name:scrypt$..., "
                                 "as written by `vigile passwd`")
        users[name] = stored
    return users


def set_password(path: Path, user: str, password: str) -> None:
    """Add or replace one user's entry, atomically."""
    if not user or ":" in user or any(c.isspace() for c in user):
        raise UsersFileError(f"user name {user!r} must be non-empty, without ':' or spaces")
    users = read_users(path) if path.exists() else {}
    users[user] = hash_password(password)
    data = "".join(f"{name}:{stored}\n" for name, stored in users.items()).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    maildir.write_durably(path, data, path.parent)
    os.chmod(path, 0o600)


@functools.cache
def _unknown_user_hash() -> str:
    return hash_password(secrets.token_hex(8))


class UsersFile:
    """The users file, re-read when it changes so `vigile passwd` needs no restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._mtime = -1.0
        self._users: dict[str, str] = {}

    def check(self, user: str, password: str) -> bool:
        mtime = self.path.stat().st_mtime
        if mtime != self._mtime:
            self._users, self._mtime = read_users(self.path), mtime
        stored = self._users.get(user)
        if stored is None:
            # Spend the same time on unknown users, so names cannot be probed.
            verify_password(password, _unknown_user_hash())
            return False
        return verify_password(password, stored)


class AuthThrottle:
    """Failed logins per client address: each one slows the next attempt, and `limit`
    failures within `window` seconds lock the address out until they age out.

    Attempts still being checked count too (`begin`/`end`): otherwise many logins sent at
    once from one address would all be checked before the first failure is recorded.
    An attempt that would exceed the limit waits for one in flight to end; it goes on if
    that one succeeded, and is refused if the failures reached the limit meanwhile.
    """

    def __init__(self, delay: float, limit: int, window: float = 600.0) -> None:
        self.step = delay
        self.limit = limit
        self.window = window
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._in_flight: defaultdict[str, int] = defaultdict(int)
        self._ended = asyncio.Event()

    async def begin(self, address: str) -> bool:
        """Wait for the right to check one login; False when the address is locked out."""
        while True:
            failures = self._recent(address)
            if failures >= self.limit:
                return False
            if failures + self._in_flight[address] < self.limit:
                self._in_flight[address] += 1
                return True
            ended = self._ended
            await ended.wait()

    def end(self, address: str, *, failed: bool) -> None:
        """An attempt from `begin` was checked (or abandoned, `failed=False`)."""
        if failed:
            self.failed(address)
        self._in_flight[address] -= 1
        if self._in_flight[address] <= 0:
            del self._in_flight[address]
        self._ended.set()
        self._ended = asyncio.Event()

    def _recent(self, address: str) -> int:
        failures = self._failures.get(address)
        if not failures:
            return 0
        horizon = time.monotonic() - self.window
        while failures and failures[0] < horizon:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return 0
        return len(failures)

    def failed(self, address: str) -> None:
        self._failures[address].append(time.monotonic())

    def locked(self, address: str) -> bool:
        return self._recent(address) >= self.limit

    def delay(self, address: str) -> float:
        return min(self.step * self._recent(address), 5 * self.step)
