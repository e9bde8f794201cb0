"""The waitlist, in a real browser: Sam RSVPs to a full event and is waitlisted; Alex gives up their
place, Sam is promoted and now sees the meeting link and a ticket. And a host runs the door.

Every page the journeys visit is checked with axe-core (no serious or critical violations).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commons.events import actions
from commons.events.models import Event, Rsvp, RsvpStatus
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in

from .conftest import ACK

pytestmark = pytest.mark.browser

LINK = "https://meet.example.com/renewals"


def test_sam_is_waitlisted_then_promoted_and_sees_the_meeting_link(
    page, make_event, member, sam, password
):
    event = make_event(capacity=1, title="Renewals roundtable")
    assert actions.rsvp(event, actor=member, status="going", **ACK) == "going"

    _log_in(page, sam, password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", name="Upcoming events", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Renewals roundtable").click()
    expect(page.get_by_role("heading", name="Renewals roundtable", level=1)).to_be_visible()
    expect(page.get_by_text("0 of 1 left")).to_be_visible()
    expect(page.get_by_role("link", name=LINK)).to_have_count(0)
    check_accessibility(page)

    # Going, with the acknowledgement ticked: the event is full, so Sam joins the waitlist.
    page.get_by_role("radio", name="Going", exact=True).check()
    page.get_by_label(re.compile("I have read and will follow the Code of Conduct")).check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("you're on the waitlist", exact=False).first).to_be_visible()
    expect(page.locator("#rsvp-status")).to_contain_text("on the waitlist, number 1")
    expect(page.get_by_role("link", name=LINK)).to_have_count(0)
    check_accessibility(page)
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.WAITLISTED

    # Alex gives up their place; the next on the waitlist is promoted.
    actions.cancel_rsvp(event, actor=member)

    page.reload()
    expect(page.locator("#rsvp-status")).to_contain_text("You're going")
    expect(page.get_by_role("link", name=LINK)).to_be_visible()
    check_accessibility(page)
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.GOING

    # The ticket, with its code and QR code.
    page.get_by_role("link", name="Your ticket").click()
    expect(page.get_by_role("heading", name="My tickets", level=1)).to_be_visible()
    ticket = page.get_by_role("article").filter(has_text="Renewals roundtable")
    expect(ticket.locator("svg")).to_have_count(1)
    code = Rsvp.objects.get(event=event, user=sam).checkin_code
    expect(ticket).to_contain_text(f"{code[:4]}-{code[4:]}")
    check_accessibility(page)


def test_host_creates_an_event_and_checks_sam_in_at_the_door(page, host, sam, password, code):
    _log_in(page, host, password)
    page.goto("/events/new/")
    expect(page.get_by_role("heading", name="Create an event", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Title").fill("Pipeline reviews")
    page.get_by_role("radio", name="In person").check()
    start = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.get_by_label("Venue").fill("Factory, Berlin")
    page.get_by_label("Capacity").fill("20")
    page.get_by_role("button", name="Publish the event").click()
    expect(page.get_by_role("heading", name="Pipeline reviews", level=1)).to_be_visible()
    check_accessibility(page)
    event = Event.objects.get(title="Pipeline reviews")
    assert event.timezone == "Europe/Berlin"

    actions.rsvp(event, actor=sam, status="going", **ACK)
    page.get_by_role("button", name="Door and check-in").click()
    expect(page.get_by_role("heading", name="Door: Pipeline reviews", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Find by name, handle or code").fill("Sam")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Check in Sam Okafor").click()
    expect(page.get_by_text("Sam Okafor is checked in.")).to_be_visible()
    expect(page.get_by_role("button", name="Check in Sam Okafor")).to_have_count(0)
    check_accessibility(page)
    assert Rsvp.objects.get(event=event, user=sam).checked_in_at is not None

    # The other host tools' pages.
    page.get_by_role("link", name="Ask Sam Okafor to leave").click()
    expect(page.get_by_label("Private message to them")).to_be_visible()
    check_accessibility(page)
    for path, heading in (
        (f"/events/{event.pk}/edit/", "Edit “Pipeline reviews”"),
        (f"/events/{event.pk}/duplicate/", "Duplicate “Pipeline reviews”"),
        (f"/events/{event.pk}/cancel/", "Cancel “Pipeline reviews”"),
        ("/events/?when=past", "Past events"),
        ("/settings/calendar/", "Settings"),
        ("/", "Commons"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check_accessibility(page)
