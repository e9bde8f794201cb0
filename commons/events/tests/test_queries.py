from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commons.events import actions, calendar, queries
from commons.testing.factories import UserFactory

from .conftest import ACK


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _list(qs):
    return lambda: [
        (e.pk, e.going_count, list(e.topics.all()), [h.profile for h in e.hosts.all()])
        for e in qs()
    ]


def test_event_lists_cost_the_same_for_1_and_20_events(make_event, sam, topic):
    first = make_event(topics=["renewals"])
    actions.rsvp(first, actor=sam, status="going", **ACK)
    one = _count(_list(lambda: queries.visible_events(sam, when="upcoming")))
    for i in range(19):
        event = make_event(
            title=f"Event {i}",
            topics=["renewals"],
            starts_at=first.starts_at + timedelta(days=i + 1),
        )
        actions.rsvp(event, actor=sam, status="going", **ACK)
    twenty = _count(_list(lambda: queries.visible_events(sam, when="upcoming")))
    assert len(queries.visible_events(sam, when="upcoming")) == 20
    assert one == twenty
    assert (
        _count(lambda: calendar.personal_feed(sam))
        == _count(lambda: list(queries.feed_rsvps(sam)))
        == 1
    )


def test_attendee_and_door_lists_cost_the_same_for_1_and_20_people(event, host, member):
    actions.rsvp(event, actor=member, status="going", **ACK)

    def read():
        [r.user.profile.display_name for r in queries.attendees(member, event)]
        [r.user.profile.display_name for r in queries.door_list(host, event)]

    one = _count(read)
    for _ in range(19):
        actions.rsvp(event, actor=UserFactory(), status="going", **ACK)
    assert _count(read) == one


def test_guests_see_events_but_not_who_is_going(event, member):
    from django.contrib.auth.models import AnonymousUser

    actions.rsvp(event, actor=member, status="going", **ACK)
    assert list(queries.visible_events(AnonymousUser())) == [event]
    assert queries.attendees(AnonymousUser(), event).count() == 0
    assert queries.attendees(member, event).count() == 1


def test_past_and_upcoming_split_at_the_end_of_an_event(event, sam):
    assert list(
        queries.visible_events(sam, when="upcoming", now=event.ends_at - timedelta(seconds=1))
    ) == [event]
    assert list(queries.visible_events(sam, when="past", now=event.ends_at)) == [event]
