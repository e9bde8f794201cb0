"""The safety journey in a real browser, end to end through the pages only:

a member reports a post citing a clause; a moderator opens the case, writes to the reporter and to
the respondent separately, and issues a warning; the respondent acknowledges it and appeals;
another moderator upholds it; the reporter sees that action was taken.

Every page the journey visits is checked with axe-core (no serious or critical violations).
"""

import pytest
from playwright.sync_api import expect

from commons.community.actions import create_post
from commons.conduct.queries import current_version
from commons.safety.models import AppealStatus, Case, Decision, PartyRole, ThreadMessage
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.browser


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_report_conversation_warning_appeal_upheld_and_reporter_told(
    page, owner, moderator, password
):
    reporter = UserFactory(display_name="Rita Reporter", email="rita@example.org")
    respondent = UserFactory(display_name="Ray Respondent", email="ray@example.org")
    post = create_post(
        author=respondent,
        kind="insight",
        title="Quarter-end tips",
        body="You all talk too much in standups. Nobody wants to hear from juniors.",
    )
    clause = current_version().clauses.get(category="harassment")

    # The member reports the post, citing a clause.
    _log_in(page, reporter, password)
    page.goto(f"/posts/{post.pk}/")
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", name="Report to the moderators", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("checkbox", name=clause.title).check()
    page.get_by_label("What happened").fill("This belittles junior members, again.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Thank you", level=1)).to_be_visible()
    check_accessibility(page)
    case = Case.objects.get()
    _log_out(page)

    # A moderator opens the case and writes to each party separately, then warns.
    _log_in(page, moderator, password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    check_accessibility(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {case.reference}", level=1)).to_be_visible()
    expect(page.get_by_text("This belittles junior members, again.")).to_be_visible()
    check_accessibility(page)
    for role, text in (
        ("Reporter", "Thank you for telling us; we are looking into it."),
        ("Respondent", "Your post was reported as belittling juniors. Can we talk?"),
    ):
        page.get_by_role("listitem").filter(has_text=f"{role}:").get_by_role("link").click()
        page.get_by_role("textbox", name="Message").fill(text)
        page.get_by_role("button", name=f"Send to the {role.lower()}").click()
        expect(page.get_by_text(text)).to_be_visible()
        check_accessibility(page)
        page.get_by_role("link", name=f"← Case {case.reference}").click()
    page.goto(f"/safety/cases/{case.pk}/decide/")
    check_accessibility(page)
    page.get_by_role("checkbox", name="Formal warning").check()
    page.get_by_label("Reason").fill("Belittling other members goes against our code.")
    page.get_by_role("group", name="Clauses cited").get_by_role(
        "checkbox", name=clause.title
    ).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Belittling other members goes against our code.").first
    ).to_be_visible()
    warning = Decision.objects.get(case=case, outcome="warning")
    _log_out(page)

    # The respondent reads only their own thread, acknowledges the warning and appeals.
    _log_in(page, respondent, password)
    banner = page.get_by_role("status", name="Formal warning")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Read the warning").click()
    expect(page.get_by_text(clause.title).first).to_be_visible()
    expect(page.get_by_text("Rita")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="I have read this warning").click()
    page.goto(f"/safety/decisions/{warning.pk}/appeal/")
    check_accessibility(page)
    page.get_by_label("Statement").fill("It was a joke about my own team, not about juniors here.")
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_text("Waiting for review").first).to_be_visible()
    check_accessibility(page)
    page.goto("/safety/conversations/")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("Can we talk?")).to_be_visible()
    expect(page.get_by_text("we are looking into it")).to_have_count(0)
    _log_out(page)

    # Another moderator (the owner) upholds the appeal.
    _log_in(page, owner, password)
    page.goto("/safety/appeals/")
    check_accessibility(page)
    page.get_by_role("link", name="Review").click()
    check_accessibility(page)
    page.get_by_role("radio", name="Uphold the decision").check()
    page.get_by_label("Note").fill("The post reads as aimed at juniors here; the warning stands.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Appeal reviewed.")).to_be_visible()
    _log_out(page)

    # The reporter sees that action was taken, and nothing more.
    _log_in(page, reporter, password)
    page.goto("/safety/my-reports/")
    check_accessibility(page)
    expect(page.locator(".report-status")).to_have_text("We took action")
    expect(page.get_by_text("warning", exact=False)).to_have_count(0)

    warning.refresh_from_db()
    assert warning.acknowledged_at is not None
    assert warning.appeal.status == AppealStatus.UPHELD
    assert warning.appeal.reviewer == owner
    threads = ThreadMessage.objects.filter(party__case=case, from_moderators=True)
    assert {m.party.role for m in threads} == {PartyRole.REPORTER, PartyRole.RESPONDENT}
