from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from icalendar import Calendar

from commons.core.models import AuditEntry
from commons.events import actions, calendar, queries

from .conftest import ACK

START = datetime(2030, 7, 1, 17, 0, tzinfo=UTC)  # 18:00 in London (summer time)


@pytest.fixture
def summer_event(make_event):
    return make_event(
        starts_at=START, ends_at=START + timedelta(hours=2), venue="", title="Renewals, live"
    )


def _vevents(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, list(cal.walk("VEVENT"))


def test_event_ics_has_times_in_the_event_zone_with_its_vtimezone(summer_event, sam):
    cal, (vevent,) = _vevents(calendar.event_ics(summer_event, viewer=sam))
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    dtstart, dtend = vevent["DTSTART"], vevent["DTEND"]
    assert dtstart.params["TZID"] == "Europe/London" and dtend.params["TZID"] == "Europe/London"
    assert dtstart.dt.replace(tzinfo=None) == datetime(2030, 7, 1, 18, 0)
    assert dtend.dt.replace(tzinfo=None) == datetime(2030, 7, 1, 20, 0)
    assert dtstart.dt.astimezone(UTC) == START
    assert str(vevent["UID"]) == f"event-{summer_event.pk}@127.0.0.1"
    assert str(vevent["SUMMARY"]) == "Renewals, live"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_event_ics_hides_the_meeting_link_from_people_not_going(summer_event, sam):
    actions.rsvp(summer_event, actor=sam, status="interested")
    body = calendar.event_ics(summer_event, viewer=sam)
    assert b"meet.example.com" not in body
    assert b"meet.example.com" not in calendar.event_ics(summer_event, viewer=None)


def test_event_ics_shows_the_meeting_link_to_an_attendee(summer_event, sam):
    actions.rsvp(summer_event, actor=sam, status="going", **ACK)
    _, (vevent,) = _vevents(calendar.event_ics(summer_event, viewer=sam))
    assert "https://meet.example.com/renewals" in str(vevent["DESCRIPTION"])


def test_a_cancelled_event_is_marked_cancelled(summer_event, host, sam):
    actions.cancel_event(summer_event, actor=host)
    _, (vevent,) = _vevents(calendar.event_ics(summer_event, viewer=sam))
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_personal_feed_lists_upcoming_going_events_with_the_meeting_link(
    make_event, summer_event, sam, member
):
    tokyo = make_event(
        title="Tokyo breakfast", timezone="Asia/Tokyo", starts_at=START + timedelta(days=3)
    )
    maybe = make_event(title="Just curious", starts_at=START + timedelta(days=4))
    actions.rsvp(summer_event, actor=sam, status="going", **ACK)
    actions.rsvp(tokyo, actor=sam, status="going", **ACK)
    actions.rsvp(maybe, actor=sam, status="interested")
    actions.rsvp(summer_event, actor=member, status="interested")
    cal, vevents = _vevents(calendar.personal_feed(sam))
    assert [str(v["SUMMARY"]) for v in vevents] == ["Renewals, live", "Tokyo breakfast"]
    assert [v["DTSTART"].params["TZID"] for v in vevents] == ["Europe/London", "Asia/Tokyo"]
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/London", "Asia/Tokyo"}
    assert all("https://meet.example.com/renewals" in str(v["DESCRIPTION"]) for v in vevents)
    other_cal, other_events = _vevents(calendar.personal_feed(member))
    assert other_events == []
    assert b"meet.example.com" not in other_cal.to_ical()


def test_calendar_tokens_are_created_rotated_and_revoked(sam, member):
    token = actions.create_calendar_token(sam, actor=sam)
    assert queries.feed_owner(token) == sam
    rotated = actions.rotate_calendar_token(sam, actor=sam)
    assert queries.feed_owner(token) is None and queries.feed_owner(rotated) == sam
    assert actions.revoke_calendar_token(sam, actor=sam)
    assert queries.feed_owner(rotated) is None
    assert not actions.revoke_calendar_token(sam, actor=sam)
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="events.calendar_token").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == [
        "events.calendar_token.created",
        "events.calendar_token.revoked",
        "events.calendar_token.rotated",
    ]
    with pytest.raises(PermissionDenied):
        actions.create_calendar_token(sam, actor=member)


def test_the_feed_url_serves_the_members_calendar(client, summer_event, sam):
    actions.rsvp(summer_event, actor=sam, status="going", **ACK)
    token = actions.create_calendar_token(sam, actor=sam)
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    _, (vevent,) = _vevents(response.content)
    assert str(vevent["SUMMARY"]) == "Renewals, live"


def test_a_revoked_or_unknown_feed_url_is_not_found(client, sam):
    token = actions.create_calendar_token(sam, actor=sam)
    actions.revoke_calendar_token(sam, actor=sam)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/nonsense.ics").status_code == 404


def test_the_event_calendar_url_works_for_guests_without_the_link(client, summer_event):
    response = client.get(f"/events/{summer_event.pk}/calendar.ics")
    assert response.status_code == 200
    _, (vevent,) = _vevents(response.content)
    assert str(vevent["SUMMARY"]) == "Renewals, live"
    assert b"meet.example.com" not in response.content
    assert client.get("/events/999999/calendar.ics").status_code == 404
