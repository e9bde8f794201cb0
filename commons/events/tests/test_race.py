"""Two people take the last place at the same moment, in real concurrent transactions (PostgreSQL)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections

from commons.events import actions
from commons.events.models import Event, Rsvp, RsvpStatus
from commons.members.actions import set_host
from commons.testing.factories import UserFactory, publish_code

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_exactly_one_gets_it():
    owner = UserFactory(owner=True)
    publish_code(owner)
    host = set_host(UserFactory(), actor=owner, is_host=True)
    start = datetime.now(UTC) + timedelta(days=2)
    event = actions.create_event(
        actor=host,
        title="Tiny room",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=2,
    )
    first = UserFactory()
    actions.rsvp(event, actor=first, status="going", acknowledge_conduct=True)
    racers = [UserFactory(), UserFactory()]

    barrier = threading.Barrier(len(racers))
    results, errors = {}, []

    def take_place(user):
        try:
            barrier.wait(timeout=10)
            results[user.pk] = actions.rsvp(
                Event(pk=event.pk), actor=user, status="going", acknowledge_conduct=True
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_place, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(results.values()) == ["going", "waitlisted"]
    assert Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count() == 2
    assert Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED).count() == 1
