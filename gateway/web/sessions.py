"""Who is signed in to the review page: server-side sessions with a CSRF token each.

A session is a random id in a cookie (`HttpOnly`, `SameSite=Strict`, `Secure` over TLS)
that names a record kept in this process: the user (or nobody, before sign-in) and the
token every form must send back. Nothing about the user is in the cookie, so signing
out or restarting the gateway ends every session. A new id is issued at sign-in, so an
id planted before it (session fixation) is worth nothing after.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

COOKIE = "vigile_session"
# Idle and absolute lifetimes of a session, in seconds.
IDLE_TIMEOUT = 2 * 3600
MAX_AGE = 12 * 3600
# Sessions kept at most (anonymous ones, from the sign-in form, are dropped first).
MAX_SESSIONS = 10_000


@dataclass
class Session:
    """One browser's session: its user once signed in, its CSRF token, a pending notice."""

    id: str
    csrf: str
    user: str | None = None
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)
    notices: list[tuple[str, str]] = field(default_factory=list)

    def csrf_ok(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.csrf.encode())

    def notify(self, kind: str, text: str) -> None:
        """A message for the next page this browser sees (kind: ok or error)."""
        self.notices.append((kind, text))

    def take_notices(self) -> list[tuple[str, str]]:
        notices, self.notices = self.notices, []
        return notices


class Sessions:
    """The sessions of one review page."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}

    def get(self, session_id: str | None) -> Session | None:
        """The live session with this id, or None (unknown, idle too long, or too old)."""
        if not session_id:
            return None
        session = self._sessions.get(session_id)
        if session is None:
            return None
        now = time.monotonic()
        if now - session.seen > IDLE_TIMEOUT or now - session.created > MAX_AGE:
            del self._sessions[session_id]
            return None
        session.seen = now
        return session

    def new(self, user: str | None = None) -> Session:
        if len(self._sessions) >= MAX_SESSIONS:
            self._evict()
        session = Session(id=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32),
                          user=user)
        self._sessions[session.id] = session
        return session

    def sign_in(self, old: Session | None, user: str) -> Session:
        """A fresh session for `user`, replacing the anonymous one of the sign-in form."""
        if old is not None:
            self._sessions.pop(old.id, None)
        return self.new(user)

    def end(self, session: Session) -> None:
        self._sessions.pop(session.id, None)

    def _evict(self) -> None:
        """Make room: expired sessions first, then anonymous ones, oldest first."""
        for session_id in list(self._sessions):
            self.get(session_id)
        if len(self._sessions) < MAX_SESSIONS:
            return
        anonymous = sorted((s for s in self._sessions.values() if s.user is None),
                           key=lambda s: s.seen)
        victims = anonymous or sorted(self._sessions.values(), key=lambda s: s.seen)
        for session in victims[:max(1, len(victims) // 10)]:
            del self._sessions[session.id]
