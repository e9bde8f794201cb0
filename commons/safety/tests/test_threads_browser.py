# ruff: noqa: F811  (pytest fixtures imported from case_helpers)
"""Private threads in a real browser: a moderator opens a case from the queue and writes to the
reporter and to the respondent separately; the respondent reads only their own thread under their
account and answers.

Every page the journey visits is checked with axe-core (no serious or critical violations).
"""

import pytest
from playwright.sync_api import expect

from commons.safety.models import PartyRole, ThreadMessage
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in

from .case_helpers import make_case, reporter, respondent  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_moderator_writes_to_each_party_and_the_respondent_sees_only_their_thread(
    page, moderator, reporter, respondent, password
):
    case = make_case(actor=moderator, reporter=reporter, respondent=respondent)

    _log_in(page, moderator, password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=f"Case {case.reference}", level=1)).to_be_visible()
    check_accessibility(page)

    for role, text in (("Reporter", "Thank you, we are on it."), ("Respondent", "Can we talk?")):
        page.get_by_role("listitem").filter(has_text=f"{role}:").get_by_role("link").click()
        page.get_by_role("textbox", name="Message").fill(text)
        page.get_by_role("button", name=f"Send to the {role.lower()}").click()
        expect(page.get_by_text(text)).to_be_visible()
        check_accessibility(page)
        page.get_by_role("link", name=f"← Case {case.reference}").click()

    mine = case.parties.get(role=PartyRole.RESPONDENT)
    page.get_by_role("button", name="Log out").click()
    _log_in(page, respondent, password)
    page.goto("/settings/profile/")
    page.get_by_role("link", name="My conversations with the moderators").click()
    check_accessibility(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("Can we talk?")).to_be_visible()
    expect(page.get_by_text("Thank you, we are on it.")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("textbox", name="Message").fill("Yes, happy to.")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("Yes, happy to.")).to_be_visible()
    assert ThreadMessage.objects.filter(party=mine, from_moderators=False).get().body == (
        "Yes, happy to."
    )
