"""Events through the API: creating and running them, RSVPs and the waitlist, invitations, the door,
asking someone to leave, tickets, the calendar feed and the host role."""

from datetime import UTC, datetime, timedelta

import pytest

from commons.community.models import Invitation
from commons.core.models import AuditEntry
from commons.events import actions
from commons.events.models import (
    Event,
    EventBar,
    EventInvitation,
    EventRemoval,
    EventStatus,
    Rsvp,
    RsvpStatus,
)
from commons.members.actions import follow_member, set_host
from commons.notifications.models import Kind, Notification
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory, publish_code

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.com/renewals"


def _start(days=1):
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def host(code, owner):
    return set_host(
        UserFactory(display_name="Hana Host", email="hana@example.org"), actor=owner, is_host=True
    )


@pytest.fixture
def host_token(host, token_for):
    return token_for(host)


@pytest.fixture
def make_event(host):
    def make(**overrides):
        start = overrides.pop("starts_at", None) or _start()
        fields = {
            "actor": host,
            "title": "Renewals roundtable",
            "description": "Bring **one** renewal.",
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "timezone": "Europe/London",
            "meeting_link": LINK,
        }
        fields.update(overrides)
        return actions.create_event(**fields)

    return make


@pytest.fixture
def event(make_event):
    return make_event()


def _going(event, user):
    return actions.rsvp(event, actor=user, status="going", acknowledge_conduct=True)


def _past_event(make_event):
    """An event that has ended (created in the future, then moved back as the clock would)."""
    event = make_event()
    Event.objects.filter(pk=event.pk).update(
        starts_at=_start(-3), ends_at=_start(-3) + timedelta(hours=1)
    )
    return Event.objects.get(pk=event.pk)


def _payload(**overrides):
    start = _start(2)
    data = {
        "title": "Discovery call clinic",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "timezone": "America/New_York",
        "kind": "hybrid",
        "description": "Bring a *recording*.",
        "venue": "Room 4",
        "meeting_link": LINK,
        "capacity": 10,
        "speakers": [{"name": "Ada", "about": "VP Sales"}],
    }
    data.update(overrides)
    return data


# --- creating, reading, editing ------------------------------------------------------------------


def test_create_event_answers_201_with_the_event(api, host, host_token, topic):
    response = api.post("/events", _payload(topics=[topic.slug]), token=host_token)

    assert response.status_code == 201, response.json()
    body = response.json()
    event = Event.objects.get(pk=body["id"])
    assert body["title"] == "Discovery call clinic"
    assert body["kind"] == "hybrid"
    assert body["capacity"] == 10 and body["spots_left"] == 10
    assert body["topics"] == [topic.slug]
    assert [h["id"] for h in body["hosts"]] == [host.pk]
    assert body["speakers"] == [{"name": "Ada", "about": "VP Sales"}]
    assert "<em>recording</em>" in body["description_html"]
    assert body["meeting_link"] == LINK  # the host runs it
    assert body["calendar_url"] == f"/events/{event.pk}/calendar.ics"
    assert AuditEntry.objects.filter(verb="events.event.created").count() == 1


def test_create_event_by_a_member_without_the_host_role_is_403(api, member):
    response = api.post("/events", _payload())

    assert response.status_code == 403
    assert "hosts" in response.json()["detail"]
    assert not Event.objects.exists()


def test_create_event_ending_before_it_starts_is_400_and_writes_nothing(api, host_token):
    start = _start(2)
    data = _payload(starts_at=start.isoformat(), ends_at=(start - timedelta(hours=1)).isoformat())

    response = api.post("/events", data, token=host_token)

    assert response.status_code == 400
    assert response.json()["detail"] == "ends_at: The event must end after it starts."
    assert not Event.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="events.").exists()


def test_create_event_with_capacity_below_zero_is_400(api, host_token):
    response = api.post("/events", _payload(capacity=-1), token=host_token)

    assert response.status_code == 400
    assert response.json()["detail"] == "capacity: Capacity cannot be below zero."
    assert not Event.objects.exists()


def test_create_event_with_an_unknown_time_zone_is_400(api, host_token):
    response = api.post("/events", _payload(timezone="Mars/Olympus"), token=host_token)

    assert response.status_code == 400
    assert "timezone" in response.json()["detail"]


def test_create_event_without_a_title_field_is_422(api, host_token):
    data = _payload()
    del data["title"]

    response = api.post("/events", data, token=host_token)

    assert response.status_code == 422
    assert response.json()["detail"].startswith("title:")


def test_create_event_reads_naive_times_in_the_event_zone(api, host_token):
    day = (datetime.now(UTC) + timedelta(days=30)).date()
    data = _payload(starts_at=f"{day}T18:00:00", ends_at=f"{day}T19:00:00", timezone="Asia/Tokyo")

    response = api.post("/events", data, token=host_token)

    assert response.status_code == 201
    event = Event.objects.get(pk=response.json()["id"])
    assert event.starts_at == datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def test_list_events_upcoming_soonest_first_and_past_apart(api, make_event):
    later = make_event(title="Later", starts_at=_start(5))
    sooner = make_event(title="Sooner", starts_at=_start(2))
    past = _past_event(make_event)

    upcoming = api.get("/events?when=upcoming").json()
    ended = api.get("/events?when=past").json()

    assert [e["id"] for e in upcoming["items"]] == [sooner.pk, later.pk]
    assert upcoming["count"] == 2
    assert [e["id"] for e in ended["items"]] == [past.pk]
    assert "meeting_link" not in upcoming["items"][0]


def test_list_events_with_an_unknown_when_is_400(api):
    response = api.get("/events?when=tomorrow")

    assert response.status_code == 400
    assert response.json()["detail"] == "when: Choose upcoming or past."


def test_list_events_shows_my_status(api, member, event, make_event):
    _going(event, member)
    other = make_event(title="Other", starts_at=_start(3))

    items = {e["id"]: e for e in api.get("/events").json()["items"]}

    assert items[event.pk]["my_status"] == "going"
    assert items[event.pk]["going_count"] == 1
    assert items[other.pk]["my_status"] is None


def test_list_events_is_open_to_guests(api, event):
    response = api.get("/events", token="")

    assert response.status_code == 200
    assert [e["id"] for e in response.json()["items"]] == [event.pk]


def test_list_events_runs_the_same_queries_for_1_and_20(api, member, make_event, people_going):
    def make(n):
        for _ in range(n):
            people_going(make_event(capacity=5), 2)

    assert_constant_queries(make, lambda: api.get("/events"))


@pytest.fixture
def people_going(code):
    def make(event, n):
        users = [UserFactory() for _ in range(n)]
        for user in users:
            _going(event, user)
        return users

    return make


def test_get_event_hides_the_meeting_link_from_people_not_going(api, event):
    body = api.get(f"/events/{event.pk}").json()

    assert body["meeting_link"] is None
    assert body["my_rsvp"] is None


def test_get_event_shows_the_meeting_link_and_ticket_to_people_going(api, member, event):
    _going(event, member)

    body = api.get(f"/events/{event.pk}").json()

    assert body["meeting_link"] == LINK
    assert body["my_rsvp"]["status"] == "going"
    rsvp = Rsvp.objects.get(event=event, user=member)
    assert body["my_rsvp"]["checkin_code"].replace("-", "") == rsvp.checkin_code
    assert body["my_rsvp"]["checked_in"] is False


def test_get_event_shows_attendees_to_members_and_not_to_guests(api, member, sam, event):
    _going(event, sam)

    as_member = api.get(f"/events/{event.pk}").json()
    as_guest = api.get(f"/events/{event.pk}", token="").json()

    assert [a["id"] for a in as_member["attendees"]] == [sam.pk]
    assert as_guest["attendees"] is None
    assert as_guest["meeting_link"] is None
    assert as_guest["going_count"] == 1


def test_event_object_names_the_first_few_going(api, member, event, people_going):
    from commons.events.queries import ATTENDEES_SHOWN

    people = people_going(event, ATTENDEES_SHOWN + 3)

    body = api.get(f"/events/{event.pk}").json()

    assert [a["id"] for a in body["attendees"]] == [p.pk for p in people[:ATTENDEES_SHOWN]]
    assert body["going_count"] == len(people)


def test_going_lists_everyone_paged_in_the_order_they_said_yes(api, member, event, people_going):
    people = people_going(event, 53)

    first = api.get(f"/events/{event.pk}/going").json()
    second = api.get(f"/events/{event.pk}/going?page=2").json()

    assert first["count"] == 53
    assert [a["id"] for a in first["items"] + second["items"]] == [p.pk for p in people]
    assert set(first["items"][0]) == {"id", "handle", "display_name"}
    assert first["items"][0]["handle"] == people[0].profile.handle


def test_going_needs_a_member(api, event):
    assert api.get(f"/events/{event.pk}/going", token="").status_code == 401


def test_going_of_an_unknown_event_is_404(api, member):
    assert api.get("/events/999999/going").status_code == 404


def test_going_runs_the_same_queries_for_1_and_20(api, member, event, people_going):
    assert_constant_queries(
        lambda n: people_going(event, n), lambda: api.get(f"/events/{event.pk}/going")
    )


def test_get_unknown_event_is_404(api):
    response = api.get("/events/999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_edit_event_by_its_host(api, host_token, event):
    response = api.patch(
        f"/events/{event.pk}", {"title": "Renewals, round two", "capacity": 3}, token=host_token
    )

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renewals, round two"
    assert response.json()["capacity"] == 3
    event.refresh_from_db()
    assert event.sequence == 1


def test_edit_event_by_a_member_is_403_and_changes_nothing(api, event):
    response = api.patch(f"/events/{event.pk}", {"title": "Mine now"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title == "Renewals roundtable"


def test_edit_event_end_before_start_is_400(api, host_token, event):
    response = api.patch(
        f"/events/{event.pk}",
        {"ends_at": (event.starts_at - timedelta(minutes=5)).isoformat()},
        token=host_token,
    )

    assert response.status_code == 400
    assert "end after it starts" in response.json()["detail"]
    event.refresh_from_db()
    assert event.sequence == 0


def test_edit_capacity_up_promotes_the_waitlist(api, host_token, member, sam, make_event):
    event = make_event(capacity=1)
    _going(event, sam)
    assert _going(event, member) == "waitlisted"

    api.patch(f"/events/{event.pk}", {"capacity": 2}, token=host_token)

    body = api.get(f"/events/{event.pk}").json()
    assert body["my_rsvp"]["status"] == "going"
    assert body["meeting_link"] == LINK


def test_cancel_event_tells_attendees(api, host_token, member, event):
    _going(event, member)

    response = api.post(
        f"/events/{event.pk}/cancel", {"reason": "Speaker is ill."}, token=host_token
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Speaker is ill."
    assert Notification.objects.filter(recipient=member, kind=Kind.EVENT_CANCELLED).exists()


def test_cancel_event_by_a_member_is_403(api, event):
    response = api.post(f"/events/{event.pk}/cancel")

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_duplicate_event_answers_201_with_the_copy(api, host_token, member, event):
    _going(event, member)
    start = _start(8)

    response = api.post(
        f"/events/{event.pk}/duplicate", {"starts_at": start.isoformat()}, token=host_token
    )

    assert response.status_code == 201
    body = response.json()
    assert body["id"] != event.pk
    assert body["duplicated_from_id"] == event.pk
    assert body["going_count"] == 0
    assert datetime.fromisoformat(body["ends_at"]) == start + timedelta(hours=1)


# --- RSVP and the waitlist -----------------------------------------------------------------------


def test_rsvp_going_with_acknowledgement(api, member, event):
    response = api.post(
        f"/events/{event.pk}/rsvp", {"status": "going", "acknowledge_conduct": True}
    )

    assert response.status_code == 200
    assert response.json() == {"status": "going", "waitlist_position": None}
    assert Rsvp.objects.get(event=event, user=member).status == RsvpStatus.GOING


def test_rsvp_going_without_acknowledgement_is_400(api, member, event):
    response = api.post(f"/events/{event.pk}/rsvp", {"status": "going"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("acknowledge_conduct:")
    assert not Rsvp.objects.exists()


def test_rsvp_interested_and_not_going(api, member, event):
    assert api.post(f"/events/{event.pk}/rsvp", {"status": "interested"}).json()["status"] == (
        "interested"
    )
    assert api.post(f"/events/{event.pk}/rsvp", {"status": "not_going"}).json()["status"] == (
        "not_going"
    )


def test_rsvp_with_an_unknown_status_is_400(api, event):
    response = api.post(f"/events/{event.pk}/rsvp", {"status": "maybe"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("status:")


def test_rsvp_to_a_full_event_waitlists_in_order(
    api, member, sam, token_for, make_event, people_going
):
    event = make_event(capacity=1)
    people_going(event, 1)
    ack = {"status": "going", "acknowledge_conduct": True}

    first = api.post(f"/events/{event.pk}/rsvp", ack, token=token_for(sam))
    second = api.post(f"/events/{event.pk}/rsvp", ack)

    assert first.json() == {"status": "waitlisted", "waitlist_position": 1}
    assert second.json() == {"status": "waitlisted", "waitlist_position": 2}
    body = api.get(f"/events/{event.pk}").json()
    assert body["my_rsvp"]["waitlist_position"] == 2
    assert body["meeting_link"] is None
    assert body["waitlist_count"] == 2


def test_a_freed_place_promotes_the_next_on_the_waitlist(api, member, sam, token_for, make_event):
    event = make_event(capacity=1)
    ack = {"status": "going", "acknowledge_conduct": True}
    assert api.post(f"/events/{event.pk}/rsvp", ack, token=token_for(sam)).json()["status"] == (
        "going"
    )
    assert api.post(f"/events/{event.pk}/rsvp", ack).json()["status"] == "waitlisted"

    response = api.delete(f"/events/{event.pk}/rsvp", token=token_for(sam))

    assert response.json() == {"status": "not_going", "waitlist_position": None}
    body = api.get(f"/events/{event.pk}").json()
    assert body["my_rsvp"]["status"] == "going"
    assert body["meeting_link"] == LINK
    assert Notification.objects.filter(recipient=member, kind=Kind.WAITLIST_PROMOTED).exists()


def test_rsvp_to_a_cancelled_event_is_400(api, host, member, event):
    actions.cancel_event(event, actor=host)

    response = api.post(
        f"/events/{event.pk}/rsvp", {"status": "going", "acknowledge_conduct": True}
    )

    assert response.status_code == 400
    assert "cancelled" in response.json()["detail"]
    assert not Rsvp.objects.exists()


def test_rsvp_to_a_past_event_is_400(api, member, make_event):
    event = _past_event(make_event)

    response = api.post(f"/events/{event.pk}/rsvp", {"status": "interested"})

    assert response.status_code == 400
    assert "over" in response.json()["detail"]
    assert not Rsvp.objects.exists()


def test_rsvp_to_an_unknown_event_is_404(api):
    assert api.post("/events/999999/rsvp", {"status": "interested"}).status_code == 404


def test_rsvp_by_a_guest_is_401(api, event):
    assert api.post(f"/events/{event.pk}/rsvp", {"status": "interested"}, token="").status_code == (
        401
    )


# --- invitations ---------------------------------------------------------------------------------


def test_invite_a_connection_answers_201(api, member, sam, event):
    follow_member(sam, actor=member)

    response = api.post(f"/events/{event.pk}/invitations", {"member_id": sam.pk})

    assert response.status_code == 201, response.json()
    assert response.json()["invitee"]["id"] == sam.pk
    assert response.json()["inviter"]["id"] == member.pk
    assert Notification.objects.filter(recipient=sam, kind=Kind.EVENT_INVITATION).exists()


def test_invite_someone_not_connected_is_400(api, sam, event):
    response = api.post(f"/events/{event.pk}/invitations", {"member_id": sam.pk})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("invitee:")
    assert not EventInvitation.objects.exists()


def test_invite_an_unknown_member_is_400_naming_the_field(api, event):
    response = api.post(f"/events/{event.pk}/invitations", {"member_id": 999999})

    assert response.status_code == 400
    assert response.json()["detail"] == "member_id: No such member."


def test_invite_by_email_goes_through_a_community_invitation(api, member, event):
    response = api.post(
        f"/events/{event.pk}/invitations", {"email": "new@example.org", "note": "Come along"}
    )

    assert response.status_code == 201
    assert response.json()["email"] == "new@example.org"
    assert response.json()["joined"] is False
    invitation = Invitation.objects.get(email="new@example.org")
    assert "Renewals roundtable" in invitation.note


def test_invite_with_neither_member_nor_email_is_400(api, event):
    response = api.post(f"/events/{event.pk}/invitations", {})

    assert response.status_code == 400
    assert "either" in response.json()["detail"]


def test_hosts_see_who_invited_whom_without_emails(api, host_token, member, sam, event):
    follow_member(sam, actor=member)
    api.post(f"/events/{event.pk}/invitations", {"member_id": sam.pk})
    api.post(f"/events/{event.pk}/invitations", {"email": "new@example.org"})

    response = api.get(f"/events/{event.pk}/invitations", token=host_token)

    assert response.status_code == 200
    items = response.json()["items"]
    assert response.json()["count"] == 2
    assert {i["inviter"]["id"] for i in items} == {member.pk}
    assert [i["email"] for i in items] == [None, None]


def test_members_cannot_see_who_invited_whom(api, event):
    assert api.get(f"/events/{event.pk}/invitations").status_code == 403


# --- the door ------------------------------------------------------------------------------------


def test_door_list_shows_people_going_and_searches_names(api, host_token, member, sam, event):
    _going(event, member)
    _going(event, sam)

    everyone = api.get(f"/events/{event.pk}/attendees", token=host_token).json()
    found = api.get(f"/events/{event.pk}/attendees?q=alex", token=host_token).json()

    assert everyone["count"] == 2
    assert [e["member"]["id"] for e in found["items"]] == [member.pk]
    assert found["items"][0]["checked_in_at"] is None


def test_door_list_is_for_hosts_only(api, event):
    assert api.get(f"/events/{event.pk}/attendees").status_code == 403


def test_door_list_runs_the_same_queries_for_1_and_20(api, host_token, event, people_going):
    assert_constant_queries(
        lambda n: people_going(event, n),
        lambda: api.get(f"/events/{event.pk}/attendees", token=host_token),
    )


def test_check_in_by_code_answers_201(api, host, host_token, member, event):
    _going(event, member)
    rsvp = Rsvp.objects.get(event=event, user=member)
    code = f"{rsvp.checkin_code[:4]}-{rsvp.checkin_code[4:]}".lower()

    response = api.post(f"/events/{event.pk}/checkins", {"code": code}, token=host_token)

    assert response.status_code == 201
    assert response.json()["member"]["id"] == member.pk
    rsvp.refresh_from_db()
    assert rsvp.checked_in_by == host and rsvp.attendance == "attended"


def test_check_in_by_member_and_by_rsvp(api, host_token, member, sam, event):
    _going(event, member)
    _going(event, sam)
    sam_rsvp = Rsvp.objects.get(event=event, user=sam)

    by_member = api.post(f"/events/{event.pk}/checkins", {"member_id": member.pk}, token=host_token)
    by_rsvp = api.post(f"/events/{event.pk}/checkins", {"rsvp_id": sam_rsvp.pk}, token=host_token)

    assert by_member.status_code == by_rsvp.status_code == 201
    assert Rsvp.objects.filter(event=event, checked_in_at__isnull=False).count() == 2


def test_check_in_of_someone_not_going_is_400(api, host_token, member, make_event, people_going):
    event = make_event(capacity=1)
    people_going(event, 1)
    assert _going(event, member) == "waitlisted"

    response = api.post(f"/events/{event.pk}/checkins", {"member_id": member.pk}, token=host_token)

    assert response.status_code == 400
    assert "only people going" in response.json()["detail"]
    assert not Rsvp.objects.filter(user=member, checked_in_at__isnull=False).exists()


def test_check_in_of_someone_who_never_answered_is_400(api, host_token, sam, event):
    response = api.post(f"/events/{event.pk}/checkins", {"member_id": sam.pk}, token=host_token)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("member_id:")


def test_check_in_with_a_ticket_of_another_event_is_400(api, host_token, member, event, make_event):
    other = make_event(title="Other")
    _going(other, member)
    rsvp = Rsvp.objects.get(event=other, user=member)

    response = api.post(f"/events/{event.pk}/checkins", {"rsvp_id": rsvp.pk}, token=host_token)

    assert response.status_code == 400
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None


def test_check_in_needs_exactly_one_way(api, host_token, member, event):
    response = api.post(
        f"/events/{event.pk}/checkins", {"member_id": member.pk, "code": "X"}, token=host_token
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Give one of rsvp_id, member_id or code."


def test_check_in_by_a_member_is_403(api, member, event):
    _going(event, member)

    response = api.post(f"/events/{event.pk}/checkins", {"member_id": member.pk})

    assert response.status_code == 403


# --- asking someone to leave ---------------------------------------------------------------------


def test_removal_answers_201_and_the_person_cannot_rsvp_again(api, host_token, member, event):
    _going(event, member)

    response = api.post(
        f"/events/{event.pk}/removals",
        {"member_id": member.pk, "message": "You were asked twice to stop pitching."},
        token=host_token,
    )
    again = api.post(f"/events/{event.pk}/rsvp", {"status": "going", "acknowledge_conduct": True})

    assert response.status_code == 201
    assert response.json()["previous_status"] == "going"
    assert again.status_code == 400
    assert "asked to leave" in again.json()["detail"]
    assert Rsvp.objects.get(event=event, user=member).status == RsvpStatus.REMOVED
    assert AuditEntry.objects.filter(verb="events.attendee.removed").count() == 1
    assert api.get(f"/events/{event.pk}").json()["meeting_link"] is None


def test_removal_with_a_bar_keeps_them_from_other_events(
    api, host_token, member, event, make_event
):
    until = (datetime.now(UTC) + timedelta(days=60)).date()
    api.post(
        f"/events/{event.pk}/removals",
        {"member_id": member.pk, "message": "Not OK.", "barred_until": until.isoformat()},
        token=host_token,
    )
    other = make_event(title="Other")

    response = api.post(f"/events/{other.pk}/rsvp", {"status": "interested"})

    assert response.status_code == 400
    assert until.isoformat() in response.json()["detail"]
    assert EventBar.objects.filter(user=member).count() == 1


def test_removal_without_a_message_is_400_and_writes_nothing(api, host_token, member, event):
    _going(event, member)

    response = api.post(
        f"/events/{event.pk}/removals", {"member_id": member.pk, "message": " "}, token=host_token
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("message:")
    assert not EventRemoval.objects.exists()
    assert Rsvp.objects.get(event=event, user=member).status == RsvpStatus.GOING


def test_removal_of_an_unknown_member_is_400_naming_the_field(api, host_token, event):
    response = api.post(
        f"/events/{event.pk}/removals", {"member_id": 999999, "message": "Out."}, token=host_token
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "member_id: No such member."


def test_removal_of_a_host_is_403(api, moderator, token_for, host, event):
    response = api.post(
        f"/events/{event.pk}/removals",
        {"member_id": host.pk, "message": "Out."},
        token=token_for(moderator),
    )

    assert response.status_code == 403
    assert not EventRemoval.objects.exists()


def test_rsvp_going_without_the_current_code_accepted_is_403(api, owner, member, event):
    publish_code(owner, summary="Second version.")

    response = api.post(
        f"/events/{event.pk}/rsvp", {"status": "going", "acknowledge_conduct": True}
    )

    assert response.status_code == 403
    assert "Code of Conduct" in response.json()["detail"]
    assert not Rsvp.objects.exists()


def test_removal_by_a_member_is_403(api, sam, event):
    _going(event, sam)

    response = api.post(f"/events/{event.pk}/removals", {"member_id": sam.pk, "message": "Out."})

    assert response.status_code == 403
    assert not EventRemoval.objects.exists()


def test_removal_by_a_moderator_of_any_event(api, moderator, token_for, member, event):
    _going(event, member)

    response = api.post(
        f"/events/{event.pk}/removals",
        {"member_id": member.pk, "message": "Please leave."},
        token=token_for(moderator),
    )

    assert response.status_code == 201


def test_removal_frees_a_place_for_the_waitlist(api, host_token, member, sam, make_event):
    event = make_event(capacity=1)
    _going(event, sam)
    _going(event, member)

    api.post(
        f"/events/{event.pk}/removals", {"member_id": sam.pk, "message": "Bye."}, token=host_token
    )

    assert api.get(f"/events/{event.pk}").json()["my_rsvp"]["status"] == "going"


# --- tickets, calendar feed, hosts ---------------------------------------------------------------


def test_my_tickets_lists_upcoming_rsvps_with_codes_for_going(
    api, member, event, make_event, people_going
):
    _going(event, member)
    full = make_event(title="Full", capacity=1, starts_at=_start(4))
    people_going(full, 1)
    _going(full, member)

    items = api.get("/me/tickets").json()["items"]

    assert [(t["event"]["id"], t["status"]) for t in items] == [
        (event.pk, "going"),
        (full.pk, "waitlisted"),
    ]
    assert items[0]["checkin_code"] and items[0]["meeting_link"] == LINK
    assert items[1]["checkin_code"] is None and items[1]["meeting_link"] is None


def test_my_tickets_runs_the_same_queries_for_1_and_20(api, member, make_event):
    assert_constant_queries(
        lambda n: [_going(make_event(), member) for _ in range(n)], lambda: api.get("/me/tickets")
    )


def test_calendar_token_url_opens_the_feed_until_revoked(api, client, member, event):
    _going(event, member)

    url = api.post("/me/calendar-token").json()["url"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    opened = client.get(f"/{path}")
    revoked = api.delete("/me/calendar-token")
    closed = client.get(f"/{path}")

    assert opened.status_code == 200
    assert b"Renewals roundtable" in opened.content
    assert revoked.json() == {"revoked": True}
    assert closed.status_code == 404


def test_calendar_token_answers_201(api, member):
    assert api.post("/me/calendar-token").status_code == 201


def test_owner_gives_the_host_role(api, owner_token, member):
    response = api.put(f"/members/{member.pk}/host", {"is_host": True}, token=owner_token)

    assert response.status_code == 200
    assert response.json()["is_host"] is True
    member.refresh_from_db()
    assert member.is_host


def test_a_member_cannot_give_the_host_role(api, member, sam):
    response = api.put(f"/members/{sam.pk}/host", {"is_host": True})

    assert response.status_code == 403
    sam.refresh_from_db()
    assert not sam.is_host


def test_event_calendar_file_is_outside_the_api(client, event):
    response = client.get(f"/events/{event.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
