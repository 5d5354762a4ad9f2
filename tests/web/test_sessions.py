"""Sessions of the review page: expiry, sign-in replacing the anonymous session, tokens."""

from __future__ import annotations

import pytest

from gateway.web import sessions
from gateway.web.sessions import IDLE_TIMEOUT, MAX_AGE, Sessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(sessions.time, "monotonic", fake)
    return fake


def test_idle_and_old_sessions_end(clock: Clock) -> None:
    store = Sessions()
    session = store.sign_in(None, "reviewer")
    clock.now += IDLE_TIMEOUT - 1
    assert store.get(session.id) is session       # used: the idle clock restarts
    for _ in range(MAX_AGE // (IDLE_TIMEOUT - 1)):
        clock.now += IDLE_TIMEOUT - 1
        store.get(session.id)
    clock.now += IDLE_TIMEOUT - 1
    assert store.get(session.id) is None          # too old however active
    idle = store.sign_in(None, "reviewer")
    clock.now += IDLE_TIMEOUT + 1
    assert store.get(idle.id) is None


def test_sign_in_issues_a_new_id_and_token(clock: Clock) -> None:
    store = Sessions()
    anonymous = store.new()
    signed_in = store.sign_in(anonymous, "reviewer")
    assert store.get(anonymous.id) is None
    assert signed_in.id != anonymous.id and signed_in.csrf != anonymous.csrf
    assert signed_in.csrf_ok(signed_in.csrf)
    assert not signed_in.csrf_ok(anonymous.csrf) and not signed_in.csrf_ok(None)
    store.end(signed_in)
    assert store.get(signed_in.id) is None


def test_a_full_store_drops_anonymous_sessions_first(clock: Clock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 20)
    store = Sessions()
    reviewer = store.sign_in(None, "reviewer")
    for _ in range(30):
        clock.now += 1
        store.new()
    assert store.get(reviewer.id) is reviewer
