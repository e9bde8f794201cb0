"""The event pages: what they show to whom, that bad input comes back as a clear error with nothing
written, and query budgets on the lists."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from commons.core.models import AuditEntry
from commons.events import actions
from commons.events.models import Event, EventBar, EventInvitation, EventStatus, Rsvp, RsvpStatus
from commons.members.actions import follow_member, set_host
from commons.members.models import User
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

from .conftest import ACK

LINK = "https://meet.example.com/renewals"


def _soon(days=2):
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0, second=0)


@pytest.fixture
def past_event(make_event):
    start = datetime.now(UTC) - timedelta(days=2)
    return make_event(
        title="Last month roundtable",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        now=start - timedelta(days=1),
    )


def _event_post(**overrides):
    start = _soon()
    data = {
        "title": "Discovery calls clinic",
        "description": "Bring a **real** call.",
        "kind": "hybrid",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "timezone": "Europe/Paris",
        "venue": "Le Loft, Paris",
        "meeting_link": LINK,
        "capacity": "30",
        "speakers": "Ana Lima — VP Sales\nBo Chen",
    }
    data.update(overrides)
    return data


def _counts():
    return (Event.objects.count(), Rsvp.objects.count(), AuditEntry.objects.count())


# --- lists and the event page ---------------------------------------------------------------------


def test_event_list_shows_upcoming_and_past_apart(client, event, past_event):
    upcoming = client.get("/events/")
    assert upcoming.status_code == 200
    assert event.title in upcoming.text and past_event.title not in upcoming.text
    past = client.get("/events/?when=past")
    assert past.status_code == 200
    assert past_event.title in past.text and event.title not in past.text


def test_event_page_shows_details_in_the_event_zone_and_utc(client, make_event, topic):
    start = datetime(2031, 7, 1, 16, 0, tzinfo=UTC)
    event = make_event(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Europe/Paris",
        topics=["renewals"],
        speakers=[{"name": "Ana Lima", "about": "VP Sales"}],
        capacity=10,
    )
    page = client.get(f"/events/{event.pk}/")
    assert page.status_code == 200
    text = page.text
    assert "<strong>one</strong>" in text
    assert "Tue 1 Jul 2031, 18:00" in text and "Europe/Paris" in text
    assert "16:00–17:00 UTC" in text
    assert "Hana Host" in text and "#renewals" in text and "Ana Lima" in text
    assert "10 of 10 left" in text
    assert f"/events/{event.pk}/calendar.ics" in text


def test_event_page_404_for_unknown_event(client, code):
    assert client.get("/events/999999/").status_code == 404


def test_meeting_link_absent_for_people_not_going(client, event, sam, member):
    actions.rsvp(event, actor=member, status="interested")
    assert LINK not in client.get(f"/events/{event.pk}/").text  # a guest
    client.force_login(member)
    page = client.get(f"/events/{event.pk}/").text
    assert LINK not in page
    assert "Shown to people going" in page


def test_meeting_link_shown_to_people_going(client, event, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(sam)
    assert LINK in client.get(f"/events/{event.pk}/").text


def test_attendees_listed_for_members_only(client, event, sam, member):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    guest_page = client.get(f"/events/{event.pk}/").text
    assert "Sam Okafor" not in guest_page and "Members see who" in guest_page
    client.force_login(member)
    assert "Sam Okafor" in client.get(f"/events/{event.pk}/").text


def test_event_page_names_the_first_few_and_links_to_everyone_going(
    client, event, member, settings
):
    from commons.events import queries

    people = [UserFactory(display_name=f"Goer {i:02}") for i in range(queries.ATTENDEES_SHOWN + 2)]
    for person in people:
        actions.rsvp(event, actor=person, status="going", **ACK)
    client.force_login(member)

    page = client.get(f"/events/{event.pk}/").text

    assert "Goer 00" in page and f"Goer {queries.ATTENDEES_SHOWN - 1:02}" in page
    assert f"Goer {queries.ATTENDEES_SHOWN:02}" not in page
    assert f'href="/events/{event.pk}/going/"' in page
    assert f"See all {len(people)} going" in page


def test_event_page_without_more_people_has_no_see_all_link(client, event, sam, member):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(member)

    assert f"/events/{event.pk}/going/" not in client.get(f"/events/{event.pk}/").text


def test_going_page_lists_everyone_a_page_at_a_time(client, event, member):
    people = [UserFactory(display_name=f"Goer {i:02}") for i in range(52)]
    for person in people:
        actions.rsvp(event, actor=person, status="going", **ACK)
    client.force_login(member)

    first = client.get(f"/events/{event.pk}/going/").text
    second = client.get(f"/events/{event.pk}/going/?page=2").text

    assert "Goer 00" in first and "Goer 49" in first and "Goer 50" not in first
    assert "Goer 50" in second and "Goer 51" in second and "Goer 00" not in second
    assert "Page 1 of 2" in first


def test_going_page_needs_login(client, event):
    response = client.get(f"/events/{event.pk}/going/")

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_going_page_of_an_unknown_event_is_404(client, member):
    client.force_login(member)

    assert client.get("/events/999999/going/").status_code == 404


def test_going_page_query_budget(client, event, member):
    def make(n):
        for _ in range(n):
            actions.rsvp(event, actor=UserFactory(), status="going", **ACK)

    client.force_login(member)
    assert_constant_queries(make, lambda: client.get(f"/events/{event.pk}/going/"))


def test_host_tools_shown_only_to_runners(client, event, host, member):
    client.force_login(member)
    assert f"/events/{event.pk}/door/" not in client.get(f"/events/{event.pk}/").text
    client.force_login(host)
    assert f"/events/{event.pk}/door/" in client.get(f"/events/{event.pk}/").text


def test_event_list_query_budget(client, make_event, topic):
    def make(n):
        for _ in range(n):
            event = make_event(topics=["renewals"], capacity=5)
            actions.rsvp(event, actor=UserFactory(), status="going", **ACK)

    assert_constant_queries(make, lambda: client.get("/events/"))


# --- RSVP -----------------------------------------------------------------------------------------


def test_rsvp_going_with_the_tick_makes_a_ticket(client, event, sam):
    client.force_login(sam)
    response = client.post(
        f"/events/{event.pk}/rsvp/", {"status": "going", "acknowledge_conduct": "on"}
    )
    assert response.status_code == 302
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.GOING
    tickets = client.get("/events/tickets/")
    code = Rsvp.objects.get(event=event, user=sam).checkin_code
    assert f"{code[:4]}-{code[4:]}" in tickets.text
    assert "<svg" in tickets.text and "style=" not in tickets.text.split("<svg", 1)[1]


def test_rsvp_going_without_the_tick_shows_an_error(client, event, sam):
    client.force_login(sam)
    response = client.post(f"/events/{event.pk}/rsvp/", {"status": "going"})
    assert response.status_code == 200
    assert "confirm that you will follow the Code of Conduct" in response.text
    assert not Rsvp.objects.exists()


def test_rsvp_to_full_event_shows_waitlist_position(client, make_event, sam, member):
    event = make_event(capacity=1)
    actions.rsvp(event, actor=member, status="going", **ACK)
    client.force_login(sam)
    client.post(f"/events/{event.pk}/rsvp/", {"status": "going", "acknowledge_conduct": "on"})
    assert "on the waitlist, number 1" in client.get(f"/events/{event.pk}/").text


def test_rsvp_to_cancelled_event_shows_an_error(client, event, host, sam):
    actions.cancel_event(event, actor=host, reason="Venue flooded")
    client.force_login(sam)
    before = _counts()
    response = client.post(
        f"/events/{event.pk}/rsvp/", {"status": "going", "acknowledge_conduct": "on"}
    )
    assert response.status_code == 200
    assert "was cancelled" in response.text
    assert _counts() == before


def test_rsvp_to_past_event_shows_an_error(client, past_event, sam):
    client.force_login(sam)
    before = _counts()
    response = client.post(f"/events/{past_event.pk}/rsvp/", {"status": "interested"})
    assert "This event is over" in response.text
    assert _counts() == before


def test_removed_person_rsvp_shows_an_error(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.remove_attendee(event, sam, actor=host, message="Harassing others.")
    client.force_login(sam)
    before = _counts()
    response = client.post(
        f"/events/{event.pk}/rsvp/", {"status": "going", "acknowledge_conduct": "on"}
    )
    assert "asked to leave this event" in response.text
    assert _counts() == before
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.REMOVED


def test_rsvp_without_accepted_code_goes_to_accept_it(client, event):
    newcomer = UserFactory(accepted=False)
    client.force_login(newcomer)
    response = client.post(
        f"/events/{event.pk}/rsvp/", {"status": "going", "acknowledge_conduct": "on"}
    )
    assert response.status_code == 302 and response.url.startswith("/conduct/accept/")
    assert not Rsvp.objects.exists()


def test_cancel_rsvp_frees_the_place(client, make_event, sam, member):
    event = make_event(capacity=1)
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    client.force_login(sam)
    assert client.post(f"/events/{event.pk}/rsvp/cancel/").status_code == 302
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.NOT_GOING
    assert Rsvp.objects.get(event=event, user=member).status == RsvpStatus.GOING


def test_rsvp_needs_login(client, event):
    response = client.post(f"/events/{event.pk}/rsvp/", {"status": "interested"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- invitations ----------------------------------------------------------------------------------


def test_invite_a_connection(client, event, sam, member):
    follow_member(member, actor=sam)
    client.force_login(sam)
    page = client.get(f"/events/{event.pk}/").text
    assert "Alex Rivera" in page
    response = client.post(f"/events/{event.pk}/invite/", {"invitee": member.pk})
    assert response.status_code == 302
    assert EventInvitation.objects.filter(event=event, inviter=sam, invitee=member).exists()


def test_invite_a_stranger_member_is_refused(client, event, sam, member):
    client.force_login(sam)
    response = client.post(f"/events/{event.pk}/invite/", {"invitee": member.pk})
    assert response.status_code == 200
    assert not EventInvitation.objects.exists()


def test_invite_by_email(client, event, sam):
    client.force_login(sam)
    response = client.post(
        f"/events/{event.pk}/invite/", {"email": "dana@example.org", "note": "Come!"}
    )
    assert response.status_code == 302
    invitation = EventInvitation.objects.get(event=event)
    assert invitation.community_invitation.email == "dana@example.org"


# --- creating and running events --------------------------------------------------------------------


def test_create_page_is_404_for_plain_members(client, member):
    client.force_login(member)
    assert client.get("/events/new/").status_code == 404
    assert client.post("/events/new/", _event_post()).status_code == 404
    assert not Event.objects.exists()


def test_create_page_asks_guests_to_log_in(client, code):
    response = client.get("/events/new/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_host_creates_an_event(client, host, topic):
    client.force_login(host)
    assert client.get("/events/new/").status_code == 200
    response = client.post("/events/new/", _event_post(topics=["renewals"]))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == f"/events/{event.pk}/"
    assert event.timezone == "Europe/Paris"
    # Wall-clock time in Paris, stored in UTC.
    local = datetime.strptime(_event_post()["starts_at"], "%Y-%m-%dT%H:%M")
    assert event.starts_at.astimezone(ZoneInfo("Europe/Paris")).replace(tzinfo=None) == local
    assert event.capacity == 30
    assert event.speakers == [
        {"name": "Ana Lima", "about": "VP Sales"},
        {"name": "Bo Chen", "about": ""},
    ]
    assert list(event.hosts.all()) == [host]
    assert [t.slug for t in event.topics.all()] == ["renewals"]


def test_create_end_before_start_shows_an_error(client, host):
    client.force_login(host)
    start = _soon()
    before = _counts()
    response = client.post(
        "/events/new/",
        _event_post(ends_at=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 200
    assert "The event must end after it starts." in response.text
    assert _counts() == before


def test_create_negative_capacity_shows_an_error(client, host):
    client.force_login(host)
    before = _counts()
    response = client.post("/events/new/", _event_post(capacity="-3"))
    assert response.status_code == 200
    assert "Capacity cannot be below zero." in response.text
    assert _counts() == before


def test_edit_event(client, event, host):
    client.force_login(host)
    form = client.get(f"/events/{event.pk}/edit/")
    assert form.status_code == 200 and event.title in form.text
    start = _soon(3)
    response = client.post(
        f"/events/{event.pk}/edit/",
        _event_post(
            title="Renewals roundtable, take two",
            starts_at=start.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            timezone="UTC",
            hosts=[host.pk],
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renewals roundtable, take two"
    assert event.starts_at == start


def test_edit_capacity_below_going_shows_an_error(client, make_event, host, sam, member):
    event = make_event(capacity=5)
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    client.force_login(host)
    start = event.starts_at
    response = client.post(
        f"/events/{event.pk}/edit/",
        _event_post(
            capacity="1",
            timezone="UTC",
            starts_at=start.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 200
    assert "2 people are already going" in response.text
    event.refresh_from_db()
    assert event.capacity == 5 and event.title == "Renewals roundtable"


def test_host_tools_404_for_members(client, event, member):
    client.force_login(member)
    for path in ("edit", "cancel", "duplicate", "door"):
        assert client.get(f"/events/{event.pk}/{path}/").status_code == 404, path
    assert client.post(f"/events/{event.pk}/cancel/", {"reason": "no"}).status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_cancel_event_with_reason(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(host)
    response = client.post(f"/events/{event.pk}/cancel/", {"reason": "Venue flooded"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled and event.cancel_reason == "Venue flooded"
    assert "Venue flooded" in client.get(f"/events/{event.pk}/").text


def test_duplicate_event(client, event, host):
    client.force_login(host)
    start = _soon(9)
    response = client.post(
        f"/events/{event.pk}/duplicate/", {"starts_at": start.strftime("%Y-%m-%dT%H:%M")}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302 and response.url == f"/events/{copy.pk}/"
    assert copy.duplicated_from == event
    assert copy.ends_at - copy.starts_at == event.ends_at - event.starts_at


def test_duplicate_into_the_past_shows_an_error(client, event, host):
    client.force_login(host)
    before = _counts()
    response = client.post(f"/events/{event.pk}/duplicate/", {"starts_at": "2001-01-01T10:00"})
    assert response.status_code == 200
    assert "must start in the future" in response.text
    assert _counts() == before


# --- the door ---------------------------------------------------------------------------------------


def test_door_404_for_non_hosts(client, event, member, make_event):
    client.force_login(member)
    assert client.get(f"/events/{event.pk}/door/").status_code == 404
    rsvp = Rsvp.objects.create(event=event, user=member, status="going", checkin_code="ABCD2345")
    assert client.post(f"/events/{event.pk}/door/check-in/", {"rsvp": rsvp.pk}).status_code == 404
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None


def test_door_404_for_the_host_of_another_event(client, make_event, owner, host):
    other_host = UserFactory(display_name="Other Host")
    set_host(other_host, actor=owner, is_host=True)
    event = make_event()
    client.force_login(other_host)
    assert client.get(f"/events/{event.pk}/door/").status_code == 404


def test_door_lists_searches_and_checks_in(client, event, host, sam, member):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    client.force_login(host)
    page = client.get(f"/events/{event.pk}/door/").text
    assert "Sam Okafor" in page and "Alex Rivera" in page
    found = client.get(f"/events/{event.pk}/door/?q=okaf").text
    assert "Sam Okafor" in found and "Alex Rivera" not in found
    rsvp = Rsvp.objects.get(event=event, user=sam)
    response = client.post(f"/events/{event.pk}/door/check-in/", {"rsvp": rsvp.pk})
    assert response.status_code == 302
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None and rsvp.checked_in_by == host


def test_check_in_by_code(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    rsvp = Rsvp.objects.get(event=event, user=sam)
    client.force_login(host)
    code = f"{rsvp.checkin_code[:4].lower()}-{rsvp.checkin_code[4:]}"
    assert client.post(f"/events/{event.pk}/door/check-in/", {"code": code}).status_code == 302
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None


def test_check_in_unknown_code_shows_an_error(client, event, host):
    client.force_login(host)
    response = client.post(f"/events/{event.pk}/door/check-in/", {"code": "ZZZZ-9999"})
    assert response.status_code == 200
    assert "No ticket with that code" in response.text


def test_check_in_of_someone_not_going_shows_an_error(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="interested")
    rsvp = Rsvp.objects.get(event=event, user=sam)
    client.force_login(host)
    before = AuditEntry.objects.count()
    response = client.post(
        f"/events/{event.pk}/door/check-in/", {"code": rsvp.checkin_code}, follow=True
    )
    assert "only people going can be checked in" in response.text
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None
    assert AuditEntry.objects.count() == before


def test_door_shows_who_invited_whom(client, event, host, sam, member):
    follow_member(member, actor=sam)
    actions.invite_to_event(event, actor=sam, invitee=member)
    client.force_login(host)
    page = client.get(f"/events/{event.pk}/door/").text
    assert "Sam Okafor invited" in page and "Alex Rivera" in page


def test_remove_attendee_with_message_and_bar(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(host)
    form = client.get(f"/events/{event.pk}/door/remove/{sam.pk}/")
    assert form.status_code == 200 and "Sam Okafor" in form.text
    until = (datetime.now(UTC) + timedelta(days=60)).date()
    response = client.post(
        f"/events/{event.pk}/door/remove/{sam.pk}/",
        {"message": "You were asked to stop and did not.", "barred_until": until.isoformat()},
    )
    assert response.status_code == 302
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.REMOVED
    assert EventBar.objects.get(user=sam).until.date() == until


def test_remove_without_message_shows_an_error(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(host)
    response = client.post(
        f"/events/{event.pk}/door/remove/{sam.pk}/", {"message": "", "barred_until": ""}
    )
    assert response.status_code == 200
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.GOING


def test_remove_with_a_past_bar_date_shows_an_error(client, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(host)
    response = client.post(
        f"/events/{event.pk}/door/remove/{sam.pk}/",
        {"message": "Please leave.", "barred_until": "2001-01-01"},
    )
    assert response.status_code == 200
    assert "must be in the future" in response.text
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.GOING
    assert not EventBar.objects.exists()


def test_door_list_query_budget(client, event, host):
    def make(n):
        for _ in range(n):
            actions.rsvp(event, actor=UserFactory(), status="going", **ACK)

    client.force_login(host)
    assert_constant_queries(make, lambda: client.get(f"/events/{event.pk}/door/"))


# --- tickets and the calendar feed -------------------------------------------------------------------


def test_tickets_page_lists_own_tickets_only(client, event, sam, member):
    actions.rsvp(event, actor=member, status="going", **ACK)
    client.force_login(sam)
    page = client.get("/events/tickets/")
    assert page.status_code == 200
    assert event.title not in page.text


def test_calendar_feed_shown_once_rotated_and_revoked(client, sam, event):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    client.force_login(sam)
    assert client.get("/settings/calendar/").status_code == 200
    created = client.post("/settings/calendar/", {"do": "create"}).text
    url = created.split('<p class="token">', 1)[1].split("</p>", 1)[0]
    assert url.startswith("http://testserver/calendar/"), url
    path = url.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    assert url not in client.get("/settings/calendar/").text  # shown once
    rotated = client.post("/settings/calendar/", {"do": "create"}).text
    assert client.get(path).status_code == 404
    new_path = rotated.split('<p class="token">', 1)[1].split("</p>", 1)[0].split("testserver")[1]
    assert client.get(new_path).status_code == 200
    assert client.post("/settings/calendar/", {"do": "revoke"}).status_code == 302
    assert client.get(new_path).status_code == 404


# --- joining from an event invitation ----------------------------------------------------------------


def test_person_invited_by_email_lands_on_the_event_after_joining(
    client, event, sam, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_to_event(event, actor=sam, email="dana@example.org")
    token = re.search(r"/invite/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert client.get(f"/invite/{token}/").status_code == 200
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Dana Okafor",
            "email": "dana@example.org",
            "password1": "quiet-harbour-lantern-42",
            "password2": "quiet-harbour-lantern-42",
            "accept_conduct": "on",
            "conduct_version": code.number,
        },
    )
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    response = client.post(link.replace("http://testserver", ""))
    assert response.status_code == 302
    assert response.url == f"/events/{event.pk}/"
    # Once they answered, logging in goes home as usual.
    dana = User.objects.get(email="dana@example.org")
    actions.rsvp(event, actor=dana, status="interested")
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "dana@example.org", "password": "quiet-harbour-lantern-42"}
    )
    assert response.status_code == 302 and response.url == "/"


# --- elsewhere on the site -------------------------------------------------------------------------


def test_home_shows_upcoming_events(client, event, past_event):
    page = client.get("/").text
    assert f'href="/events/{event.pk}/"' in page
    assert past_event.title not in page


def test_owner_gives_and_takes_the_host_role_from_the_dashboard(client, owner, member):
    client.force_login(owner)
    assert "Give or take the host role" in client.get("/dashboard/").text
    response = client.post("/dashboard/host/", {"email": member.email, "is_host": "1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_host
    client.force_login(member)
    assert client.get("/events/new/").status_code == 200
    client.force_login(owner)
    client.post("/dashboard/host/", {"email": member.email, "is_host": "0"})
    member.refresh_from_db()
    assert not member.is_host
    assert AuditEntry.objects.filter(verb="members.host.revoked").count() == 1


def test_host_role_page_is_404_for_moderators(client, moderator, member):
    client.force_login(moderator)
    assert (
        client.post("/dashboard/host/", {"email": member.email, "is_host": "1"}).status_code == 404
    )
    member.refresh_from_db()
    assert not member.is_host


def test_event_times_are_also_shown_in_the_viewers_time_zone(client, code):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from commons.events.actions import create_event
    from commons.members.actions import update_profile
    from commons.testing.factories import UserFactory

    host = UserFactory(moderator=True)
    start = datetime.now(ZoneInfo("Europe/Paris")).replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + timedelta(days=3)
    event = create_event(
        actor=host,
        title="Paris meetup",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        timezone="Europe/Paris",
    )
    viewer = UserFactory()
    update_profile(viewer.profile, actor=viewer, time_zone="America/Toronto")
    client.force_login(viewer)
    page = client.get(event.get_absolute_url()).content.decode()
    toronto = start.astimezone(ZoneInfo("America/Toronto"))
    assert "18:00" in page and "Europe/Paris" in page
    assert f"{toronto:%H:%M}" in page and "America/Toronto, your time" in page


def test_unknown_time_zone_on_a_profile_is_refused(member):
    import pytest
    from django.core.exceptions import ValidationError

    from commons.members.actions import update_profile

    with pytest.raises(ValidationError, match="Unknown time zone"):
        update_profile(member.profile, actor=member, time_zone="Mars/Olympus")


def test_a_former_member_who_went_is_named_without_a_link(client, event, sam, member):
    from commons.members.actions import delete_account
    from commons.testing.factories import PASSWORD

    actions.rsvp(event, actor=sam, status="going", **ACK)
    past = datetime.now(UTC) - timedelta(days=3)
    Event.objects.filter(pk=event.pk).update(starts_at=past, ends_at=past + timedelta(hours=1))
    delete_account(sam, actor=sam, password=PASSWORD)
    sam.refresh_from_db()
    client.force_login(member)

    for url in (f"/events/{event.pk}/", f"/events/{event.pk}/going/"):
        page = client.get(url).text
        assert "Former member" in page and sam.profile.handle not in page
