"""The first journey, in a real browser: a visitor reads the Code of Conduct, joins, and is found.

Every page the journey visits is checked with axe-core (no serious or critical violations).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from commons.conduct import actions as conduct_actions
from commons.conduct.models import Acceptance
from commons.members.actions import save_list_item
from commons.members.models import Profile
from commons.testing.browser import check_accessibility

pytestmark = pytest.mark.browser

NEW_PASSWORD = "quiet-harbour-lantern-42"


def _verification_link(address: str) -> str:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no email was sent to {address}"
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages[-1].body)
    assert match, f"no verification link in:\n{messages[-1].body}"
    return match.group(0)


@pytest.fixture
def profile_lists(owner):
    """The role and sector the journey picks.

    They ship in a data migration, but live-server tests are transactional and an earlier
    transactional test may have emptied the tables, so the owner (re)creates them as owners do.
    """
    save_list_item(
        "job_role", actor=owner, slug="customer-success", name="Customer success", position=5
    )
    save_list_item("sector", actor=owner, slug="tech", name="Technology", position=1)


def test_visitor_joins_by_accepting_the_code_and_finds_themself_in_the_directory(
    page, code, profile_lists
):
    # Home: the mission, and the way in.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)

    # Read the Code of Conduct.
    page.get_by_role("main").get_by_role("button", name="Read the Code of Conduct").click()
    expect(page.get_by_role("heading", name="Code of Conduct", level=1)).to_be_visible()
    expect(page.get_by_text(f"Version {code.number}", exact=False).first).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Unacceptable behaviour", re.I))
    ).to_be_visible()
    check_accessibility(page)

    # Join: name, email, password twice, accept the code.
    page.get_by_role("button", name="Join by accepting this code").click()
    expect(page.get_by_role("heading", name=re.compile("^Join"), level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Your name").fill("Dana Okafor")
    page.get_by_label("Email").fill("Dana.Okafor@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_label(re.compile("I have read the Code of Conduct")).check()
    page.get_by_role("button", name="Join and accept the Code of Conduct").click()

    # Not logged in yet: the address must be verified first.
    expect(page.get_by_role("heading", name=re.compile("Verify your email", re.I))).to_be_visible()
    expect(page.get_by_role("link", name="My profile")).to_have_count(0)
    check_accessibility(page)
    assert Acceptance.objects.filter(user__email="dana.okafor@example.org", version=code).exists()

    # Verify the email through the link that was sent.
    page.goto(_verification_link("dana.okafor@example.org"))
    check_accessibility(page)
    page.get_by_role("button", name="Confirm").click()

    # Logged in, and the code is already accepted: no notice asks for it.
    expect(page.get_by_role("link", name="My profile")).to_be_visible()
    expect(page.get_by_text("Please accept the Code of Conduct")).to_have_count(0)
    check_accessibility(page)

    # Edit the profile.
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Headline").fill("Customer success lead for B2B software")
    page.get_by_label("Role", exact=True).select_option(label="Customer success")
    page.get_by_label("Sector").select_option(label="Technology")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    check_accessibility(page)
    profile = Profile.objects.get(user__email="dana.okafor@example.org")
    assert profile.headline == "Customer success lead for B2B software"
    assert (profile.job_role.slug, profile.sector.slug) == ("customer-success", "tech")

    # Find themself in the directory by searching for their name.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", name="Members", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("searchbox", name="Search").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#results")
    card = results.get_by_role("article").filter(has=page.get_by_role("link", name="Dana Okafor"))
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Customer success lead for B2B software")
    expect(card).to_contain_text("Customer success · Technology")
    expect(results.get_by_role("link", name="Olivia Owner")).to_have_count(0)
    check_accessibility(page)

    # Their own profile page.
    card.get_by_role("link", name="Dana Okafor").click()
    expect(page.get_by_role("heading", name="Dana Okafor", level=1)).to_be_visible()
    check_accessibility(page)


def test_member_sees_what_changed_in_the_code_and_accepts_the_new_version(
    page, owner, code, member, password
):
    draft = conduct_actions.create_draft(actor=owner)
    conduct_actions.update_draft(
        draft, actor=owner, change_summary="Added a clause on recording calls without consent."
    )
    new = conduct_actions.publish_version(draft, actor=owner)

    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()

    notice = page.get_by_role("status").filter(has_text="The Code of Conduct has changed")
    expect(notice).to_be_visible()
    check_accessibility(page)

    notice.get_by_role("button", name="Review and accept").click()
    expect(page.get_by_role("heading", name="What changed")).to_be_visible()
    expect(page.get_by_text("Added a clause on recording calls without consent.")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("I have read this Code of Conduct and I accept it").check()
    page.get_by_role("button", name=f"Accept version {new.number}").click()

    expect(
        page.get_by_text(f"You accepted version {new.number} of the Code of Conduct")
    ).to_be_visible()
    expect(page.get_by_text("The Code of Conduct has changed")).to_have_count(0)
    check_accessibility(page)
    assert Acceptance.objects.filter(user=member, version=new).exists()


def test_accessibility_check_fails_on_a_serious_violation(page):
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><button></button><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match=r"\[critical\] button-name"):
        check_accessibility(page)
