"""Screening in a real browser: a member writes a post with someone else's phone number and home
address, is refused with the reason (the text stays in the form), removes them, and publishes.

Every page the journey visits is checked with axe-core (no serious or critical violations).
"""

import pytest
from playwright.sync_api import expect

from commons.community.models import ContentStatus, Post
from commons.conduct.models import ScreenedItem
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in

pytestmark = pytest.mark.browser

TITLE = "Shout-out to the speaker at Thursday's meetup"
PRIVATE = "Her cell is 202-456-1414 and she lives at 1234 Oak Street, Springfield, IL 62704."
BODY = "Dana Whitfield ran a great session on renewal playbooks."


def test_post_with_someone_elses_phone_and_address_is_refused_then_published(
    page, member, password
):
    _log_in(page, member, password)
    page.goto("/posts/new/")
    expect(page.get_by_role("heading", name="Write a post", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Body").fill(f"{BODY} {PRIVATE}")
    page.get_by_role("button", name="Publish").click()

    # Refused with the reason; nothing is written and the text is kept for editing.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This cannot be published")
    expect(alert).to_contain_text("a phone number")
    expect(alert).to_contain_text("a street address")
    expect(page.get_by_role("button", name="Post anyway")).to_have_count(0)
    expect(page.get_by_label("Body")).to_have_value(f"{BODY} {PRIVATE}")
    check_accessibility(page)
    assert not Post.objects.exists()

    # Removing the phone number and the address lets it through.
    page.get_by_label("Body").fill(BODY)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Your post is published.")).to_be_visible()
    check_accessibility(page)
    post = Post.objects.get(title=TITLE)
    assert post.status == ContentStatus.PUBLISHED and post.body == BODY
    assert not ScreenedItem.objects.exists()


def test_nudged_pitch_can_be_posted_anyway(page, member, password):
    _log_in(page, member, password)
    page.goto("/posts/new/")
    page.get_by_label("Title").fill("Our new tool")
    page.get_by_label("Body").fill("Book a demo of my tool today! Use code SAVE20 for 20% off.")
    page.get_by_role("button", name="Publish").click()

    nudge = page.locator(".screening-nudge")
    expect(nudge.get_by_role("heading", name="Before you post")).to_be_visible()
    expect(nudge.get_by_role("link", name="No soliciting unless asked")).to_be_visible()
    check_accessibility(page)
    assert not Post.objects.exists()

    page.get_by_role("button", name="Post anyway").click()
    expect(page.get_by_role("heading", name="Our new tool", level=1)).to_be_visible()
    assert Post.objects.get().status == ContentStatus.PUBLISHED
    assert ScreenedItem.objects.get().posted_anyway


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True
