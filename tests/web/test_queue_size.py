"""The queue with 10,000 held messages: pages, the last page, search and filters render.

Only that they render and show the right entries is checked, never how fast (that is
for benchmarks). The entries are held through the backend's own `hold`; fsync is
skipped while filling the Maildir (durability is not what this test is about).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.web.conftest import Site

ENTRIES = 10_000


def fill(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", lambda fd: None)
        for number in range(ENTRIES):
            german = number % 1000 == 0
            rule = "wrong-language" if german else "missing-order-id"
            site.gateway.quarantine.hold(
                f"Subject: note {number}\r\n\r\nHello\r\n".encode(),
                sender=f"seller{number % 7}@shop.example",
                recipients=[f"buyer{number}@marketplace.amazon.{'de' if german else 'fr'}"],
                client="127.0.0.1:1", message_id=f"<{number}@shop.example>",
                subject=f"note {number}",
                decision={"decision": "quarantine", "purpose": "other",
                          "marketplace": "de" if german else "fr", "language": "en",
                          "order_ids": [], "findings": [
                              {"rule": rule, "action": "quarantine", "count": 1,
                               "detail": "test"}]})


def test_ten_thousand_entries_page_search_and_filter(site: Site,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    fill(site, monkeypatch)
    page = site.signed_in()
    expect(page.locator("h1 .total")).to_have_text(f"{ENTRIES} messages")
    expect(page.locator("tbody tr")).to_have_count(50)
    newest = page.locator("tbody time").evaluate_all("times => times.map(t => t.dateTime)")
    assert newest == sorted(newest, reverse=True)
    page.get_by_role("link", name="last »").click()
    expect(page.get_by_text(f"page {ENTRIES // 50} of {ENTRIES // 50}")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(50)
    oldest = page.locator("tbody time").evaluate_all("times => times.map(t => t.dateTime)")
    assert max(oldest) <= min(newest)
    page.get_by_role("link", name="Reset").click()
    page.get_by_label("Search").fill("note 7777")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("note 7777")
    page.get_by_role("link", name="Reset").click()
    page.get_by_label("Marketplace").select_option("de")
    page.get_by_label("Rule").select_option("wrong-language")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("h1 .total")).to_have_text("10 messages")
    expect(page.locator("tbody tr")).to_have_count(10)
