"""Editing a reply, in a real browser: the author opens Edit under their reply, saves, and the
thread shows the new text as edited. Each page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from commons.community import actions
from commons.testing.browser import check_accessibility, log_in

pytestmark = pytest.mark.browser


def test_the_author_edits_their_reply(page, member, sam, password):
    post = actions.create_post(
        author=sam, kind="question", title="Renewal tactics?", body="What works for you?"
    )
    actions.create_comment(post, author=member, body="Start ninety days out.")

    log_in(page, member, password)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name="Edit your reply", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Your reply").fill("Start a full quarter ahead.")
    page.get_by_role("button", name="Save changes").click()

    expect(page.get_by_text("Start a full quarter ahead.")).to_be_visible()
    expect(page.get_by_text("Your reply is updated.")).to_be_visible()
    expect(page.locator("article.comment").get_by_text("edited")).to_be_visible()
    check_accessibility(page)
