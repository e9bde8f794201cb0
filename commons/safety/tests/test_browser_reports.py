"""Reporting, in a real browser: a member reports a post citing a clause with a screenshot, and a
visitor without an account reports an incident. Every page visited is checked with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commons.community import actions as community_actions
from commons.safety.forms import MIN_FILL_SECONDS
from commons.safety.models import Evidence, Report
from commons.testing.browser import check_accessibility, log_in
from commons.testing.factories import UserFactory

from .report_fixtures import png_bytes

pytestmark = pytest.mark.browser


def test_member_reports_a_post_citing_a_clause_and_follows_it(page, member, password, tmp_path):
    sam = UserFactory(display_name="Sam Okafor", email="sam@example.org")
    post = community_actions.create_post(
        author=sam, kind="insight", title="Hello", body="You people are useless."
    )
    screenshot = tmp_path / "screenshot.png"
    screenshot.write_bytes(png_bytes())
    log_in(page, member, password)

    page.goto(reverse("community:post", args=[post.pk]))
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", name="Report to the moderators")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("2.2 No harassment").check()
    page.get_by_label("What happened").fill("Insulting everyone in the thread.")
    page.get_by_label("Evidence (optional)").set_input_files(str(screenshot))
    page.get_by_role("button", name="Send report").click()

    report = Report.objects.get()
    expect(page.get_by_text(report.reference)).to_be_visible()
    check_accessibility(page)
    assert Evidence.objects.get(report=report).content_type == "image/png"

    page.get_by_role("main").get_by_role("link", name="My reports").click()
    expect(page.get_by_role("cell", name=report.reference)).to_be_visible()
    expect(page.get_by_role("cell", name="Received")).to_be_visible()
    check_accessibility(page)


def test_visitor_reports_an_incident_without_an_account(page, code):
    page.goto("/safety/report/public/")
    expect(page.get_by_role("heading", name="Report to the moderators")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Your email").fill("visitor@example.com")
    page.get_by_label("When did it happen?").fill("Saturday, after the talk")
    page.get_by_label("2.4 No unwelcome sexual attention").check()
    page.get_by_label("What happened").fill("Someone kept touching my arm.")
    page.wait_for_timeout(MIN_FILL_SECONDS * 1000 + 200)
    page.get_by_role("button", name="Send report").click()

    expect(page.get_by_text(re.compile(r"R-[A-Z0-9]{8}"))).to_be_visible()
    check_accessibility(page)
    report = Report.objects.get()
    assert (report.reporter, report.contact_email, report.reason) == (
        None,
        "visitor@example.com",
        "sexual",
    )
