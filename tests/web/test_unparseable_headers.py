"""The review page shows held mail whose headers Python's structured parser raises on.

The gateway holds such messages (its engine reads headers with compat32); opening one
on the review page answered 500. Each case is sent over SMTP, held (no order id), and
opened in the browser.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.gateway.test_unparseable_headers import (
    EMPTY_LOCAL_PART,
    ENCODED_NEWLINE,
    GROUP_WITH_COMMENT,
)
from tests.web.conftest import Site
from tests.web.messages import BUYER


@pytest.mark.parametrize("data", [GROUP_WITH_COMMENT, ENCODED_NEWLINE, EMPTY_LOCAL_PART],
                         ids=["group-comment", "encoded-newline", "empty-message-id"])
def test_the_message_page_opens(site: Site, data: bytes) -> None:
    held = site.send(data, BUYER)
    page = site.signed_in()
    response = page.goto(f"/message/{held}")
    assert response is not None and response.status == 200
    expect(page.locator(".finding").filter(has_text="missing-order-id")).to_have_count(1)
    expect(page.locator(".seller-text")).to_contain_text("your parcel is on its way")
