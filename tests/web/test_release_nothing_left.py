"""On the review page, a message that is only a disallowed attachment has no rewritten
form: no "Release rewritten" button, and the action posted anyway (a bulk release, a
page opened before) is refused with the policy's reason; nothing goes upstream."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.gateway.test_release_nothing_left import BUYER, ONLY_EXE
from tests.web.conftest import Site


def test_release_rewritten_is_refused_when_nothing_would_be_left(site: Site) -> None:
    held = site.send(ONLY_EXE, BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    expect(page.get_by_role("button", name="Release as is")).to_be_visible()
    expect(page.get_by_role("button", name="Release rewritten")).to_have_count(0)
    csrf = page.locator("input[name=csrf]").first.get_attribute("value") or ""
    answer = page.request.post(f"/message/{held}/release",
                               form={"csrf": csrf, "rewritten": "1"})
    assert answer.ok
    notice = answer.text()
    assert "malformed: nothing would be left for the buyer to read" in notice
    assert f"{held} not released" in notice and "stays held" in notice
    assert site.upstream.received == []
    assert site.gateway.quarantine.get(held).state == "held"
