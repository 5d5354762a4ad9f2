"""The review page in chromium: sign-in, the queue, one message, and the actions.

Every test runs on both quarantines (Maildir and PostgreSQL); what the upstream
receives is checked byte for byte, and each release goes out once.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import expect

from tests.web.conftest import USER, Site, sign_in
from tests.web.messages import BUYER, review_incentive

VIGILE = str(Path(sys.executable).with_name("vigile"))


def test_sign_in_then_the_queue_shows_the_held_message(site: Site) -> None:
    held = site.send(review_incentive(), BUYER)
    page = site.new_page()
    page.goto("/queue")
    expect(page).to_have_url(re.compile(r"/signin$"))   # nothing without signing in
    sign_in(page, USER, "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password")
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/queue$"))
    row = page.locator("tr", has=page.get_by_role("link", name="Your order 026-1234567-1234567"))
    expect(row).to_contain_text("review-incentive")
    expect(row).to_contain_text("uk")
    expect(row).to_contain_text("026-1234567-1234567")
    expect(row).to_contain_text("review-request")
    expect(row).to_contain_text("seller@shop.example")
    expect(row.locator(".chip")).to_have_text(["review-incentive"])
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"/message/{held}$"))


def test_the_message_page_highlights_the_words_that_held_it(site: Site) -> None:
    held = site.send(review_incentive(), BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    findings = page.locator(".finding")
    expect(findings.filter(has_text="review-incentive")).to_contain_text("'free gift'")
    expect(findings.filter(has_text="tracking-pixel")).to_contain_text("track.example.net")
    marks = page.locator(".seller-text mark")
    expect(marks).to_have_text(["5-star review", "free gift"])
    expect(marks.first).to_have_attribute("title", "review-incentive")
    # Held and rewritten side by side: the pixel is a placeholder in the held version
    # and gone from the rewritten one.
    held_frame = page.frame_locator("iframe[title^='The held message']")
    expect(held_frame.locator(".remote-image")).to_contain_text("track.example.net")
    # ...marked as named by a finding, like the words in the preview itself.
    expect(held_frame.locator(".remote-image.flagged")).to_have_count(1)
    expect(held_frame.locator("mark")).to_have_text(["5-star review", "free gift"])
    rewritten_frame = page.frame_locator("iframe[title^='The rewritten message']")
    expect(rewritten_frame.locator("body")).to_contain_text("free gift card")
    expect(rewritten_frame.locator(".remote-image")).to_have_count(0)
    page.get_by_text("Raw source", exact=True).click()
    expect(page.locator("details.source pre").first).to_contain_text("Message-ID: <incentive-")


def test_release_goes_upstream_once_and_a_second_release_is_refused(site: Site) -> None:
    data = review_incentive()
    held = site.send(data, BUYER)
    first, second = site.signed_in(), site.signed_in()   # two reviewers, two browsers
    for page in (first, second):
        page.goto(f"/message/{held}")
    first.get_by_role("button", name="Release as is").click()
    expect(first.get_by_role("status")).to_contain_text(f"{held} released as it is")
    expect(first.locator(".facts")).to_contain_text(f"by {USER}")
    second.get_by_role("button", name="Release as is").click()
    expect(second.get_by_role("alert")).to_contain_text("Not released again")
    first.get_by_role("button", name="Release as is").click()
    expect(first.get_by_role("alert")).to_contain_text("already released")
    assert len(site.upstream.received) == 1
    received = site.upstream.received[0]
    assert received.recipients == [BUYER]
    assert received.sender == "seller@shop.example"
    assert received.data == data
    events = [e for e in site.gateway.log_events() if e["event"] == "quarantine_release"]
    assert [(e["actor"], e["released"]) for e in events] == [
        (USER, True), (USER, False), (USER, False)]


def test_a_release_from_the_command_line_is_refused_in_the_page(site: Site) -> None:
    held = site.send(review_incentive(), BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    config = str(site.gateway.config.source)
    done = subprocess.run([VIGILE, "--config", config, "quarantine", "release", held],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page.get_by_role("button", name="Release as is").click()
    expect(page.get_by_role("alert")).to_contain_text("already released")
    expect(page.locator(".facts")).to_contain_text("released")
    assert len(site.upstream.received) == 1


def test_release_rewritten_sends_the_stripped_message(site: Site) -> None:
    held = site.send(review_incentive(), BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    page.get_by_role("button", name="Release rewritten").click()
    expect(page.get_by_role("status")).to_contain_text(f"{held} released rewritten")
    [received] = site.upstream.received
    assert b"track.example.net" not in received.data
    assert b"free gift card" in received.data
    assert b"026-1234567-1234567" in received.data


def test_delete_and_download(site: Site) -> None:
    data = review_incentive()
    held = site.send(data, BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download .eml").click()
    assert download.value.suggested_filename == f"{held}.eml"
    assert Path(download.value.path()).read_bytes() == data
    page.get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/queue$"))
    expect(page.get_by_role("status")).to_contain_text(f"{held} deleted")
    assert page.goto(f"/message/{held}").status == 404
    events = site.gateway.log_events()
    assert any(e["event"] == "quarantine_delete" and e["actor"] == USER for e in events)
    assert any(e["event"] == "quarantine_download" and e["user"] == USER for e in events)
    assert site.upstream.received == []


def test_bulk_release_and_delete_from_the_queue(site: Site) -> None:
    ids = [site.send(review_incentive(f"026-000000{n}-1234567"), BUYER) for n in range(3)]
    page = site.signed_in()
    page.goto("/queue")
    for entry_id in ids[:2]:
        page.locator(f"input[value='{entry_id}']").check()
    page.get_by_role("button", name="Release as is").click()
    expect(page.get_by_role("status")).to_have_count(2)
    assert sorted(r.data for r in site.upstream.received) == sorted(
        review_incentive(f"026-000000{n}-1234567") for n in range(2))
    page.locator(f"input[value='{ids[2]}']").check()
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text(f"{ids[2]} deleted")
    expect(page.locator("tbody tr")).to_have_text(["Nothing held matches."])
    page.get_by_label("State").select_option("released")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(2)


def test_a_post_without_the_form_token_is_refused(site: Site) -> None:
    held = site.send(review_incentive(), BUYER)
    page = site.signed_in()
    page.goto(f"/message/{held}")
    for form in ({}, {"csrf": "not-the-token"}):
        refused = page.request.post(f"/message/{held}/release", form=form,
                                    max_redirects=0)
        assert refused.status == 403
        assert "form token" in refused.text()
    assert site.upstream.received == []
    page.reload()
    expect(page.locator(".facts")).to_contain_text("held")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    # A page of another origin cannot post even with the token.
    foreign = page.request.post(f"/message/{held}/release", form={"csrf": csrf or ""},
                                headers={"Origin": "http://evil.example"}, max_redirects=0)
    assert foreign.status == 403
    assert site.upstream.received == []


def test_session_cookie_and_security_headers(site: Site) -> None:
    page = site.new_page()
    response = page.goto("/signin")
    assert response is not None
    headers = response.headers
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    sign_in(page)
    [cookie] = page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert not cookie["secure"]   # plain HTTP on loopback here; Secure over TLS


def test_failed_sign_ins_lock_the_address_out(start_site) -> None:
    site = start_site(listen_extra="max_auth_failures = 3\nauth_failure_delay = 0.01\n")
    page = site.new_page()
    for _ in range(3):
        sign_in(page, USER, "wrong")
        expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password")
    sign_in(page)   # even the right password, now
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    events = [e for e in site.gateway.log_events() if e["event"] == "web_sign_in"]
    assert [e["outcome"] for e in events] == ["refused"] * 3 + ["locked out"]


def test_parallel_sign_ins_cannot_slip_past_the_lockout(start_site) -> None:
    """Twelve wrong passwords at once with a limit of 3: sign-ins still being checked
    count, so only three are checked and the others are locked out."""
    site = start_site(listen_extra="max_auth_failures = 3\nauth_failure_delay = 0.2\n")
    page = site.new_page()
    page.goto("/signin")
    csrf = page.locator("input[name=csrf]").get_attribute("value") or ""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    # Plain HTTP from threads: the browser's request context is not thread-safe.
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda _: _post_sign_in(site.url, cookie, csrf), range(12)))
    assert sorted(statuses) == [401] * 3 + [429] * 9, statuses
    events = [e for e in site.gateway.log_events() if e["event"] == "web_sign_in"]
    assert sorted(e["outcome"] for e in events) == ["locked out"] * 9 + ["refused"] * 3


def _post_sign_in(base_url: str, cookie: str, csrf: str) -> int:
    """One sign-in POST with the page's session cookie, from another thread."""
    body = urllib.parse.urlencode({"csrf": csrf, "user": USER, "password": "wrong"}).encode()
    request = urllib.request.Request(f"{base_url}/signin", data=body, method="POST",
                                     headers={"Cookie": cookie, "Origin": base_url})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)
