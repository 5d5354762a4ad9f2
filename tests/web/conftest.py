"""The review page in a real browser: Debian's chromium driven by Playwright.

Each test gets a running gateway (`start_gateway`) with `[web]` on, a real upstream
(aiosmtpd) and a users file, on the Maildir or the PostgreSQL quarantine. Messages are
held the way they are in production: sent over SMTP and refused with 550. The browser
is launched once per session from /usr/bin/chromium (never downloaded); .ci/run
installs Debian's package when it is missing.
"""

from __future__ import annotations

import os
import re
import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from gateway.auth import set_password
from tests.conftest import RunningGateway, UpstreamServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
USER, PASSWORD = "reviewer", "correct horse battery"
# Generous waits: the machine the suite runs on may be busy (the first decision in a
# process also loads the language models). Nothing here measures time.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        problem = "chromium not found at /usr/bin/chromium: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Site:
    """A gateway with its review page, its upstream, and a browser to use it with."""

    gateway: RunningGateway
    upstream: UpstreamServer
    url: str
    browser: Browser
    contexts: list[BrowserContext]

    def send(self, data: bytes, rcpt: str, sender: str = "seller@shop.example") -> str:
        """Send a message through the gateway; the quarantine id it was held under."""
        with smtplib.SMTP("127.0.0.1", self.gateway.port, timeout=60) as smtp:
            try:
                smtp.sendmail(sender, [rcpt], data)
            except smtplib.SMTPDataError as refused:
                found = re.search(r"quarantine id (\S+)", refused.smtp_error.decode())
                assert found, refused.smtp_error
                return found.group(1)
        raise AssertionError("the message was not held")

    def new_page(self) -> Page:
        """A page in a fresh browser context (its own cookies), not signed in."""
        context = self.browser.new_context(base_url=self.url)
        context.set_default_timeout(WAIT_MS)
        self.contexts.append(context)
        return context.new_page()

    def signed_in(self) -> Page:
        page = self.new_page()
        sign_in(page)
        return page


def sign_in(page: Page, user: str = USER, password: str = PASSWORD) -> None:
    page.goto("/signin")
    page.get_by_label("User").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(params=["maildir", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The store url choosing the quarantine: the Maildir folder, or PostgreSQL's table."""
    if request.param == "maildir":
        return "sqlite:///vigile.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def start_site(start_gateway: Callable[..., RunningGateway], upstream: UpstreamServer,
               browser: Browser, tmp_path: Path, backend: str) -> Iterator[Callable[..., Site]]:
    """Start a gateway with the review page on (extra `[web]`/`[listen]` text allowed)."""
    contexts: list[BrowserContext] = []

    def start(listen_extra: str = "", **options: Any) -> Site:
        set_password(tmp_path / "users", USER, PASSWORD)
        port = free_port()
        gateway = start_gateway(
            upstream_url=upstream.url, store_url=backend,
            listen_extra=f'users_file = "users"\n{listen_extra}',
            extra=f'[web]\nlisten = "127.0.0.1:{port}"\n' + options.pop("extra", ""),
            **options)
        return Site(gateway, upstream, f"http://127.0.0.1:{port}", browser, contexts)

    yield start
    for context in contexts:
        context.close()


@pytest.fixture
def site(start_site: Callable[..., Site]) -> Site:
    return start_site()
