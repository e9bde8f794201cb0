from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.core.models import AuditEntry
from commons.events import actions
from commons.events.models import EventBar, EventRemoval, Rsvp, RsvpStatus
from commons.notifications.models import Notification

from .conftest import ACK


def test_a_host_asks_an_attendee_to_leave_with_a_private_message(event, host, sam, member):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    removal = actions.remove_attendee(
        event, sam, actor=host, message="You were asked twice to stop.\nPlease leave."
    )
    assert Rsvp.objects.get(user=sam).status == RsvpStatus.REMOVED
    assert (removal.previous_status, removal.removed_by, removal.case_id) == ("going", host, None)
    told = Notification.objects.filter(kind="event_removed")
    assert [n.recipient for n in told] == [sam]
    assert "Please leave." in told[0].text and "\n" not in told[0].text
    entry = AuditEntry.objects.get(verb="events.attendee.removed")
    assert entry.actor == host and entry.data["user"] == sam.pk and entry.data["event"] == event.pk


def test_a_moderator_can_remove_someone_and_link_a_case(event, moderator, sam):
    actions.rsvp(event, actor=sam, status="interested")
    removal = actions.remove_attendee(
        event, sam, actor=moderator, message="See the case.", case_id=42
    )
    assert removal.case_id == 42


def test_removing_someone_going_promotes_the_waitlist(make_event, host, sam, member, people):
    event = make_event(capacity=1)
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    actions.remove_attendee(event, sam, actor=host, message="Please leave.")
    assert Rsvp.objects.get(user=member).status == RsvpStatus.GOING


def test_removal_can_bar_the_person_from_all_events_until_a_date(make_event, event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    until = (datetime.now(UTC) + timedelta(days=60)).date()
    removal = actions.remove_attendee(
        event, sam, actor=host, message="Please leave.", barred_until=until
    )
    bar = EventBar.objects.get(user=sam)
    assert (
        bar.until == datetime.combine(until, datetime.min.time(), tzinfo=UTC)
        and bar.removal == removal
    )
    other = make_event(title="Next month")
    with pytest.raises(ValidationError, match="cannot RSVP to events until"):
        actions.rsvp(other, actor=sam, status="interested")


def test_members_cannot_remove_attendees(event, member, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    with pytest.raises(PermissionDenied):
        actions.remove_attendee(event, sam, actor=member, message="Bye.")
    assert Rsvp.objects.get(user=sam).status == RsvpStatus.GOING


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"message": "  "}, "Write a private message"),
        ({"message": "x" * 2001}, "too long"),
        ({"message": "Bye.", "barred_until": date(2001, 1, 1)}, "must be in the future"),
    ],
)
def test_bad_removals_are_refused_and_write_nothing(event, host, sam, kwargs, message):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=message):
        actions.remove_attendee(event, sam, actor=host, **kwargs)
    assert Rsvp.objects.get(user=sam).status == RsvpStatus.GOING
    assert not EventRemoval.objects.exists() and not EventBar.objects.exists()
    assert AuditEntry.objects.count() == audits
    assert not Notification.objects.filter(kind="event_removed").exists()


def test_a_host_cannot_be_removed(event, host, moderator):
    with pytest.raises(PermissionDenied):
        actions.remove_attendee(event, host, actor=moderator, message="Bye.")
