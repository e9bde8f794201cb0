from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from commons.conduct.permissions import ConductNotAccepted
from commons.conduct.queries import current_version
from commons.core.models import AuditEntry
from commons.events import actions, queries
from commons.events.models import EventBar, Rsvp, RsvpStatus
from commons.events.permissions import can_see_meeting_link
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory

from .conftest import ACK


def _counts():
    return (Rsvp.objects.count(), AuditEntry.objects.count(), Notification.objects.count())


def test_rsvp_going_with_acknowledgement_stores_the_version(event, sam):
    assert actions.rsvp(event, actor=sam, status="going", **ACK) == "going"
    rsvp = Rsvp.objects.get(event=event, user=sam)
    assert rsvp.status == RsvpStatus.GOING
    assert rsvp.conduct_version == current_version()
    assert rsvp.acknowledged_at is not None
    assert len(rsvp.checkin_code) == 8


def test_rsvp_going_without_acknowledgement_is_refused(event, sam):
    with pytest.raises(ValidationError) as error:
        actions.rsvp(event, actor=sam, status="going")
    assert "acknowledge_conduct" in error.value.message_dict
    assert not Rsvp.objects.exists()


def test_rsvp_going_needs_the_current_code_accepted(event, code):
    stranger = UserFactory(accepted=False)
    with pytest.raises(ConductNotAccepted):
        actions.rsvp(event, actor=stranger, status="going", **ACK)
    assert not Rsvp.objects.exists()


def test_rsvp_interested_and_not_going_need_no_acknowledgement(event, sam, member):
    assert actions.rsvp(event, actor=sam, status="interested") == "interested"
    assert actions.rsvp(event, actor=member, status="not_going") == "not_going"


def test_rsvp_unknown_answer_is_refused(event, sam):
    with pytest.raises(ValidationError, match="Answer one of"):
        actions.rsvp(event, actor=sam, status="maybe")


def test_rsvp_going_twice_changes_nothing(event, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    before = _counts()
    assert actions.rsvp(event, actor=sam, status="going", **ACK) == "going"
    assert _counts() == before


def test_rsvp_when_full_joins_the_waitlist_in_order(make_event, people):
    event = make_event(capacity=2)
    results = [actions.rsvp(event, actor=p, status="going", **ACK) for p in people]
    assert results == ["going", "going", "waitlisted", "waitlisted"]
    assert [r.user for r in queries.waitlist(event)] == people[2:]
    assert queries.waitlist_position(people[3], event) == 2


def test_capacity_zero_puts_everyone_on_the_waitlist(make_event, sam):
    event = make_event(capacity=0)
    assert actions.rsvp(event, actor=sam, status="going", **ACK) == "waitlisted"


def test_cancelling_a_going_rsvp_promotes_the_next_person_and_tells_them(make_event, people):
    event = make_event(capacity=2)
    for person in people:
        actions.rsvp(event, actor=person, status="going", **ACK)
    assert actions.cancel_rsvp(event, actor=people[0]) == "not_going"
    statuses = dict(Rsvp.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses[people[2].pk] == "going"
    assert statuses[people[3].pk] == "waitlisted"
    promoted = Notification.objects.get(kind="waitlist_promoted")
    assert promoted.recipient == people[2]
    assert AuditEntry.objects.filter(verb="events.rsvp.promoted").count() == 1


def test_leaving_the_waitlist_promotes_nobody(make_event, people):
    event = make_event(capacity=1)
    for person in people[:3]:
        actions.rsvp(event, actor=person, status="going", **ACK)
    actions.rsvp(event, actor=people[1], status="interested")
    assert not Notification.objects.filter(kind="waitlist_promoted").exists()
    assert [r.user for r in queries.waitlist(event)] == [people[2]]


def test_growing_capacity_promotes_the_waitlist(make_event, host, people):
    event = make_event(capacity=1)
    for person in people:
        actions.rsvp(event, actor=person, status="going", **ACK)
    actions.edit_event(event, actor=host, capacity=3)
    assert queries.going_count(event) == 3
    assert [r.user for r in queries.waitlist(event)] == [people[3]]
    assert Notification.objects.filter(kind="waitlist_promoted").count() == 2


def test_removing_the_limit_promotes_everyone(make_event, host, people):
    event = make_event(capacity=1)
    for person in people:
        actions.rsvp(event, actor=person, status="going", **ACK)
    actions.edit_event(event, actor=host, capacity=None)
    assert queries.going_count(event) == 4


def test_rsvp_to_a_cancelled_event_is_refused_and_writes_nothing(event, host, sam):
    actions.cancel_event(event, actor=host)
    before = _counts()
    with pytest.raises(ValidationError, match="was cancelled"):
        actions.rsvp(event, actor=sam, status="going", **ACK)
    assert _counts() == before


def test_rsvp_to_a_past_event_is_refused_and_writes_nothing(event, sam):
    before = _counts()
    with pytest.raises(ValidationError, match="is over"):
        actions.rsvp(
            event, actor=sam, status="interested", now=event.ends_at + timedelta(minutes=1)
        )
    assert _counts() == before


def test_a_removed_person_cannot_rsvp_again(event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.remove_attendee(event, sam, actor=host, message="Please leave.")
    before = _counts()
    for status in ("going", "interested", "not_going"):
        with pytest.raises(ValidationError, match="asked to leave this event"):
            actions.rsvp(event, actor=sam, status=status, **ACK)
    assert _counts() == before
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.REMOVED


def test_a_barred_person_cannot_rsvp_to_any_event_until_the_date(make_event, sam):
    other = make_event(title="Another one")
    until = datetime.now(UTC) + timedelta(days=30)
    EventBar.objects.create(user=sam, until=until)
    with pytest.raises(ValidationError, match=f"until {until:%Y-%m-%d}"):
        actions.rsvp(other, actor=sam, status="going", **ACK)
    assert not Rsvp.objects.filter(user=sam).exists()
    later = make_event(title="Much later", starts_at=until + timedelta(days=1))
    assert (
        actions.rsvp(later, actor=sam, status="going", now=until + timedelta(hours=1), **ACK)
        == "going"
    )


def test_the_meeting_link_is_for_confirmed_attendees_only(make_event, sam, member, people):
    event = make_event(capacity=1)
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)  # waitlisted
    actions.rsvp(event, actor=people[0], status="interested")
    assert queries.meeting_link_for(sam, event) == "https://meet.example.com/renewals"
    assert queries.meeting_link_for(member, event) == ""
    assert queries.meeting_link_for(people[0], event) == ""
    assert not can_see_meeting_link(None, event)


def test_hosts_and_moderators_see_the_meeting_link(event, host, moderator):
    assert can_see_meeting_link(host, event)
    assert can_see_meeting_link(moderator, event)
