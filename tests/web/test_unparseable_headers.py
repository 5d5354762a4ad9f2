"""The review page shows held mail whose headers Python's structured parser raises on.

The gateway holds such messages (its engine reads headers with compat32); opening one
on the review page answered 500. Each case is sent over SMTP, held (no order id), and
opened in the browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.gateway.test_unparseable_headers import (
    EMPTY_LOCAL_PART,
    ENCODED_NEWLINE,
    GROUP_WITH_COMMENT,
)
from tests.web.conftest import Site
from tests.web.messages import BUYER
from tests.web.test_draft import open_draft_page


@pytest.mark.parametrize("data", [GROUP_WITH_COMMENT, ENCODED_NEWLINE, EMPTY_LOCAL_PART],
                         ids=["group-comment", "encoded-newline", "empty-message-id"])
def test_the_message_page_opens(site: Site, data: bytes) -> None:
    held = site.send(data, BUYER)
    page = site.signed_in()
    response = page.goto(f"/message/{held}")
    assert response is not None and response.status == 200
    expect(page.locator(".finding").filter(has_text="missing-order-id")).to_have_count(1)
    expect(page.locator(".seller-text")).to_contain_text("your parcel is on its way")


@pytest.mark.parametrize("data", [GROUP_WITH_COMMENT, ENCODED_NEWLINE],
                         ids=["group-comment", "encoded-newline"])
def test_the_draft_page_checks_an_upload_with_such_headers(site: Site, data: bytes,
                                                          tmp_path: Path) -> None:
    """Uploaded as a draft, the same messages are judged (they answered 500 before)."""
    draft = tmp_path / "draft.eml"
    draft.write_bytes(data)
    page = open_draft_page(site)
    page.get_by_label("…or an .eml file").set_input_files(str(draft))
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict")).to_have_text("quarantine")
    expect(page.locator(".result .finding .chip")).to_contain_text(["missing-order-id"])
