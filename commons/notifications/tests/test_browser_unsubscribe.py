"""Stopping notification emails from an email's link, in a real browser, without logging in.
Each page is checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commons.notifications import unsubscribe
from commons.testing.browser import check_accessibility

pytestmark = pytest.mark.browser


def test_a_member_stops_notification_emails_from_the_link(page, member):
    page.goto(reverse("notifications:unsubscribe", args=[unsubscribe.token_for(member)]))
    expect(page.get_by_role("heading", name="Stop notification emails", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Stop notification emails").click()

    expect(page.get_by_role("heading", name="Notification emails stopped")).to_be_visible()
    check_accessibility(page)
    member.profile.refresh_from_db()
    assert member.profile.email_notifications == "off"
