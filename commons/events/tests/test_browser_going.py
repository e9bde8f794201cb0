"""Who's going, in a real browser: the event page names the first people going and links to the
whole list, a page at a time. Each page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from commons.events import actions, queries
from commons.testing.browser import check_accessibility, log_in
from commons.testing.factories import UserFactory

from .conftest import ACK

pytestmark = pytest.mark.browser


def test_a_member_sees_the_first_people_going_then_everyone(page, make_event, member, password):
    event = make_event(title="Renewals roundtable")
    going = queries.ATTENDEES_SHOWN + 1
    for i in range(going):
        actions.rsvp(event, actor=UserFactory(display_name=f"Goer {i:02}"), status="going", **ACK)

    log_in(page, member, password)
    page.goto(f"/events/{event.pk}/")
    expect(page.get_by_role("link", name="Goer 00")).to_be_visible()
    expect(page.get_by_role("link", name=f"Goer {going - 1:02}")).to_have_count(0)
    page.get_by_role("link", name=f"See all {going} going").click()

    expect(page.get_by_role("heading", name="Who's going", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=f"Goer {going - 1:02}")).to_be_visible()
    check_accessibility(page)
