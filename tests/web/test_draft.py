"""The "check a draft" page: corpus messages get their labelled decision, pasted drafts
are judged for the chosen marketplace, and nothing is sent or stored."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import CORPUS, corpus_labels
from tests.web.conftest import Site

# Corpus messages whose decision does not depend on the day they are checked.
CORPUS_CASES = {
    "en-delay-notice-thank-you-for-patience.eml": [],
    "en-rewrite-contact-details-uk-signature.eml": ["020 7946 0321", "care@haldenmoss.co.uk"],
    "de-review-incentive-gift-card.eml": ["Gutschein"],
    "en-wrong-language-to-de-buyer.eml": [],
}


def open_draft_page(site: Site) -> Page:
    page = site.signed_in()
    page.get_by_role("link", name="Check a draft").click()
    return page


def test_corpus_messages_get_their_labelled_decision(site: Site) -> None:
    labels = corpus_labels()
    page = open_draft_page(site)
    for name, marked in CORPUS_CASES.items():
        page.get_by_label("…or an .eml file").set_input_files(str(CORPUS / name))
        page.get_by_role("button", name="Check").click()
        label = labels[name]
        expect(page.locator(".verdict")).to_have_text(label["decision"])
        rules = page.locator(".result .finding .chip")
        expect(rules).to_have_text(label["rules"])
        for words in marked:
            expect(page.locator(".seller-text mark", has_text=words)).to_have_count(1)
        if label["decision"] == "rewrite":
            draft, rewritten = page.locator(".side-by-side > div").all()
            expect(draft).to_contain_text(marked[0])
            expect(rewritten).not_to_contain_text(marked[0])
    assert site.upstream.received == []
    assert site.gateway.quarantine.count() == 0


@pytest.mark.parametrize("order_id, rules", [
    ("", ["missing-order-id", "review-incentive"]),
    ("205-1111111-2222222", ["review-incentive"]),
])
def test_a_pasted_draft_is_judged_for_the_chosen_marketplace(
        site: Site, order_id: str, rules: list[str]) -> None:
    page = open_draft_page(site)
    page.get_by_label("Marketplace").select_option("uk")
    page.get_by_label("Order id (optional)").fill(order_id)
    page.get_by_label("Subject").fill("Thank you for your order")
    page.get_by_label("Draft", exact=True).fill(
        "Hello,\n\nthank you for buying our garden hose. If you leave us a 5-star review "
        "we will send you a free gift card.\n\nKind regards,\nThe Shop team")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verdict")).to_have_text("quarantine")
    expect(page.locator(".result .finding .chip")).to_have_text(rules)
    expect(page.locator(".seller-text mark", has_text="free gift")).to_have_count(1)
    if order_id:
        expect(page.get_by_text("was added to the subject")).to_be_visible()
    # The form keeps what was typed, to fix it and check again.
    expect(page.get_by_label("Subject")).to_have_value("Thank you for your order")
    assert site.upstream.received == []
    assert site.gateway.quarantine.count() == 0


def test_an_empty_draft_is_refused_with_a_reason(site: Site) -> None:
    page = open_draft_page(site)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("alert")).to_contain_text("paste the text of the draft")
