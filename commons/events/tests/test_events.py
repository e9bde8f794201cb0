from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.conduct.permissions import ConductNotAccepted
from commons.core.models import AuditEntry
from commons.core.permissions import ROLE_PERMISSIONS, Permission, Role
from commons.events import actions
from commons.events.models import Event, EventStatus, Rsvp
from commons.members.actions import set_host
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory

from .conftest import ACK

START = datetime(2030, 6, 1, 16, 0, tzinfo=UTC)


def test_create_event_stores_utc_and_the_event_time_zone(make_event):
    event = make_event(
        starts_at=datetime(2030, 6, 1, 18, 0),
        ends_at=datetime(2030, 6, 1, 20, 0),
        timezone="Europe/Paris",
    )
    event.refresh_from_db()
    assert event.starts_at == datetime(2030, 6, 1, 16, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2030, 6, 1, 18, 0, tzinfo=UTC)
    assert event.timezone == "Europe/Paris"


def test_create_event_renders_sanitised_markdown(make_event):
    event = make_event(description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>Bold</strong>" in event.description_html
    assert "<script" not in event.description_html
    assert 'href="javascript' not in event.description_html


def test_create_event_makes_the_creator_a_host_and_audits(make_event, host, topic):
    event = make_event(
        topics=["renewals"], speakers=[{"name": "Dana Lee", "about": "VP CS"}, "Ravi"]
    )
    assert list(event.hosts.all()) == [host]
    assert list(event.topics.all()) == [topic]
    assert event.speakers == [{"name": "Dana Lee", "about": "VP CS"}, {"name": "Ravi", "about": ""}]
    assert AuditEntry.objects.filter(verb="events.event.created", target_id=str(event.pk)).exists()


@pytest.mark.parametrize("role", ["owner", "moderator"])
def test_create_event_is_allowed_to_owners_and_moderators(code, role):
    user = UserFactory(**{role: True})
    event = actions.create_event(
        actor=user, title="AMA", starts_at=START, ends_at=START + timedelta(hours=1)
    )
    assert event.pk


def test_create_event_is_refused_to_members_without_the_host_role(member):
    with pytest.raises(PermissionDenied):
        actions.create_event(
            actor=member, title="AMA", starts_at=START, ends_at=START + timedelta(hours=1)
        )
    assert Event.objects.count() == 0


def test_create_event_needs_the_current_code_accepted(code, owner):
    user = set_host(UserFactory(accepted=False), actor=owner, is_host=True)
    with pytest.raises(ConductNotAccepted):
        actions.create_event(
            actor=user, title="AMA", starts_at=START, ends_at=START + timedelta(hours=1)
        )


def test_role_permissions_give_event_powers_to_moderators_and_owners_only():
    assert Permission.CREATE_EVENT not in ROLE_PERMISSIONS[Role.MEMBER]
    assert Permission.MANAGE_EVENTS in ROLE_PERMISSIONS[Role.MODERATOR]
    assert Permission.APPOINT_HOSTS in ROLE_PERMISSIONS[Role.OWNER]
    assert Permission.APPOINT_HOSTS not in ROLE_PERMISSIONS[Role.MODERATOR]


def test_set_host_is_for_owners_only_and_audited(owner, moderator, member):
    with pytest.raises(PermissionDenied):
        set_host(member, actor=moderator, is_host=True)
    set_host(member, actor=owner, is_host=True)
    member.refresh_from_db()
    assert member.is_host
    assert AuditEntry.objects.filter(verb="members.host.granted", target_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": START - timedelta(minutes=1)}, "ends_at", "must end after it starts"),
        ({"ends_at": START}, "ends_at", "must end after it starts"),
        ({"capacity": -1}, "capacity", "cannot be below zero"),
        ({"capacity": "lots"}, "capacity", "whole number"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Unknown time zone"),
        ({"timezone": ""}, "timezone", "Unknown time zone"),
        ({"kind": "telepathic"}, "kind", "Unknown kind"),
        ({"title": "  "}, "title", "needs a title"),
        ({"meeting_link": "javascript:alert(1)"}, "meeting_link", "web address"),
        ({"topics": ["no-such-topic"]}, "topics", "Unknown topic"),
        (
            {
                "starts_at": datetime(2020, 1, 1, tzinfo=UTC),
                "ends_at": datetime(2020, 1, 1, 1, tzinfo=UTC),
            },
            "starts_at",
            "in the future",
        ),
    ],
)
def test_create_event_refuses_bad_input_clearly_and_writes_nothing(
    make_event, overrides, field, message
):
    fields = {"starts_at": START, "ends_at": START + timedelta(hours=1), **overrides}
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        make_event(**fields)
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert Event.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_edit_event_changes_details_and_bumps_the_calendar_sequence(event, moderator):
    actions.edit_event(
        event, actor=moderator, title="Renewals roundtable #2", capacity=40, description="*New*"
    )
    event.refresh_from_db()
    assert (event.title, event.capacity, event.sequence) == ("Renewals roundtable #2", 40, 1)
    assert "<em>New</em>" in event.description_html


def test_edit_event_is_refused_to_members_who_do_not_host_it(event, member):
    with pytest.raises(PermissionDenied):
        actions.edit_event(event, actor=member, title="Mine now")


def test_edit_event_is_refused_to_another_host(event, code, owner):
    other = set_host(UserFactory(), actor=owner, is_host=True)
    with pytest.raises(PermissionDenied):
        actions.edit_event(event, actor=other, title="Mine now")


def test_edit_event_refuses_end_before_start_and_keeps_the_event(event, host):
    before = (event.starts_at, event.ends_at, event.sequence)
    with pytest.raises(ValidationError, match="must end after it starts"):
        actions.edit_event(event, actor=host, ends_at=event.starts_at - timedelta(hours=1))
    event.refresh_from_db()
    assert (event.starts_at, event.ends_at, event.sequence) == before


def test_edit_event_refuses_capacity_below_the_number_going(make_event, host, people):
    event = make_event(capacity=5)
    for person in people[:3]:
        actions.rsvp(event, actor=person, status="going", **ACK)
    with pytest.raises(ValidationError, match="3 people are already going"):
        actions.edit_event(event, actor=host, capacity=2)
    event.refresh_from_db()
    assert event.capacity == 5


def test_cancel_event_tells_attendees_and_the_waitlist(make_event, host, people):
    event = make_event(capacity=1)
    going, waiting, interested, silent = people
    actions.rsvp(event, actor=going, status="going", **ACK)
    assert actions.rsvp(event, actor=waiting, status="going", **ACK) == "waitlisted"
    actions.rsvp(event, actor=interested, status="interested")
    actions.rsvp(event, actor=silent, status="not_going")
    actions.cancel_event(event, actor=host, reason="The venue flooded.")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    told = set(
        Notification.objects.filter(kind="event_cancelled").values_list("recipient_id", flat=True)
    )
    assert told == {going.pk, waiting.pk, interested.pk}
    assert "The venue flooded." in Notification.objects.filter(kind="event_cancelled").first().text


def test_cancel_event_is_refused_to_members(event, member):
    with pytest.raises(PermissionDenied):
        actions.cancel_event(event, actor=member)
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_duplicate_event_copies_details_at_a_new_time_without_rsvps(
    make_event, host, topic, people
):
    event = make_event(topics=["renewals"], capacity=30, speakers=["Dana"])
    actions.rsvp(event, actor=people[0], status="going", **ACK)
    copy = actions.duplicate_event(event, actor=host, starts_at=START)
    assert copy.pk != event.pk and copy.duplicated_from == event
    assert (copy.title, copy.capacity, copy.timezone, copy.speakers) == (
        event.title,
        30,
        event.timezone,
        event.speakers,
    )
    assert (
        copy.starts_at == START and copy.ends_at - copy.starts_at == event.ends_at - event.starts_at
    )
    assert list(copy.topics.all()) == [topic] and list(copy.hosts.all()) == [host]
    assert not Rsvp.objects.filter(event=copy).exists()
