"""Tagging with consent, in a real browser: Sam mentions Alex (who asked to be asked first) in a
question; the mention stays plain text until Alex approves it, links to Alex's profile after, and
is plain text again once Alex removes the tag.

Every page the journey visits is checked with axe-core (no serious or critical violations).
"""

import re

import pytest
from playwright.sync_api import expect

from commons.community.models import Mention, MentionStatus, Post
from commons.members.models import WhoMayTag
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.browser

TITLE = "How do you open a renewal call with a quiet champion?"


def _log_out(page):
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def _post_body(page):
    return page.locator(".post-body")


def test_mention_links_only_while_alex_consents_to_the_tag(page, code, member, password):
    alex = member
    assert alex.profile.who_may_tag == WhoMayTag.ASK_FIRST
    handle = alex.profile.handle
    sam = UserFactory(display_name="Sam Okafor", email="sam@example.org")
    alex_profile_url = f"/members/@{handle}/"

    # Sam asks a question through the composer and mentions Alex.
    _log_in(page, sam, password)
    page.goto("/posts/new/")
    expect(page.get_by_role("heading", name="Write a post", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("radio", name=re.compile("^Question")).check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Body").fill(
        f"We renew in six weeks and our champion has gone quiet. @{handle}, how did you handle this last spring?"
    )
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Your post is published.")).to_be_visible()
    check_accessibility(page)
    post = Post.objects.get(title=TITLE)
    assert post.kind == "question"
    post_url = f"/posts/{post.pk}/"
    # Alex has not said yes: the handle is plain text and nothing links to Alex.
    expect(_post_body(page)).to_contain_text(f"@{handle}")
    expect(_post_body(page).get_by_role("link")).to_have_count(0)
    mention = Mention.objects.get(post=post, mentioned=alex)
    assert mention.status == MentionStatus.PENDING
    _log_out(page)

    # Alex logs in and sees one tag request waiting.
    _log_in(page, alex, password)
    tags_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Tags")
    )
    expect(tags_link).to_have_accessible_name("Tags 1 waiting")
    tags_link.click()
    expect(page.get_by_role("heading", name="Your tags", level=1)).to_be_visible()
    check_accessibility(page)
    waiting = page.get_by_role("region", name="Waiting for your answer")
    request = waiting.get_by_role("article").filter(has_text="Sam Okafor")
    expect(request).to_have_count(1)
    expect(request.get_by_role("link", name=TITLE)).to_be_visible()
    request.get_by_role("button", name="Approve").click()

    expect(page.get_by_text("Tag approved")).to_be_visible()
    expect(waiting.get_by_role("article")).to_have_count(0)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("^Tags"))
    ).to_have_accessible_name("Tags")
    check_accessibility(page)
    mention.refresh_from_db()
    assert mention.status == MentionStatus.LINKED

    # On the post, the mention now links to Alex's profile.
    page.goto(post_url)
    mention_link = _post_body(page).get_by_role("link", name=f"@{handle}")
    expect(mention_link).to_be_visible()
    expect(mention_link).to_have_attribute("href", alex_profile_url)
    check_accessibility(page)
    mention_link.click()
    expect(page.get_by_role("heading", name="Alex Rivera", level=1)).to_be_visible()
    check_accessibility(page)

    # Alex removes the tag; the mention is plain text again.
    page.goto("/tags/")
    tagged = page.get_by_role("region", name="Where you are tagged")
    tagged_in = tagged.get_by_role("article").filter(has=page.get_by_role("link", name=TITLE))
    expect(tagged_in).to_have_count(1)
    check_accessibility(page)
    tagged_in.get_by_role("button", name="Remove my tag").click()
    expect(page.get_by_text("Tag removed.")).to_be_visible()
    expect(tagged.get_by_role("article")).to_have_count(0)
    check_accessibility(page)
    mention.refresh_from_db()
    assert mention.status == MentionStatus.REMOVED

    page.goto(post_url)
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(_post_body(page)).to_contain_text(f"@{handle}")
    expect(_post_body(page).get_by_role("link")).to_have_count(0)
    check_accessibility(page)
