from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.core.models import AuditEntry
from commons.events import actions, queries
from commons.events.models import Attendance, Rsvp
from commons.events.tickets import format_code, ticket_qr_svg

from .conftest import ACK


def test_a_host_checks_in_an_attendee_from_the_list(event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    ticket = queries.door_list(host, event, q="okafor").get()
    checked = actions.check_in(event, actor=host, rsvp=ticket)
    assert checked.checked_in_at is not None and checked.checked_in_by == host
    assert checked.attendance == Attendance.ATTENDED
    assert AuditEntry.objects.filter(verb="events.attendee.checked_in").count() == 1


def test_a_host_checks_in_by_the_ticket_code_however_it_is_typed(event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    code = Rsvp.objects.get(user=sam).checkin_code
    typed = format_code(code).lower()
    assert actions.check_in(event, actor=host, code=f" {typed} ").user == sam


def test_checking_in_twice_changes_nothing(event, host, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    ticket = Rsvp.objects.get(user=sam)
    first = actions.check_in(event, actor=host, rsvp=ticket).checked_in_at
    assert actions.check_in(event, actor=host, rsvp=ticket).checked_in_at == first
    assert AuditEntry.objects.filter(verb="events.attendee.checked_in").count() == 1


@pytest.mark.parametrize("status", ["waitlisted", "interested", "not_going"])
def test_checking_in_someone_not_going_is_refused_clearly(make_event, host, sam, member, status):
    event = make_event(capacity=1)
    actions.rsvp(event, actor=member, status="going", **ACK)
    actions.rsvp(event, actor=sam, status="going" if status == "waitlisted" else status, **ACK)
    ticket = Rsvp.objects.get(user=sam)
    assert ticket.status == status
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="Sam Okafor is not on the going list"):
        actions.check_in(event, actor=host, rsvp=ticket)
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None and ticket.attendance == ""
    assert AuditEntry.objects.count() == audits


def test_an_unknown_code_is_refused(event, host):
    with pytest.raises(ValidationError, match="No ticket with that code"):
        actions.check_in(event, actor=host, code="ZZZZ-ZZZZ")


def test_a_ticket_for_another_event_is_refused(make_event, event, host, sam):
    other = make_event(title="Other")
    actions.rsvp(other, actor=sam, status="going", **ACK)
    with pytest.raises(ValidationError, match="not for this event"):
        actions.check_in(event, actor=host, rsvp=Rsvp.objects.get(user=sam))


def test_members_cannot_check_people_in(event, member, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    with pytest.raises(PermissionDenied):
        actions.check_in(event, actor=member, rsvp=Rsvp.objects.get(user=sam))


def test_the_door_list_is_for_the_event_runners_only(event, member, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    assert queries.door_list(member, event).count() == 0


def test_record_attendance_marks_no_shows_after_the_event(event, host, sam, member):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="going", **ACK)
    actions.check_in(event, actor=host, rsvp=Rsvp.objects.get(user=sam))
    assert actions.record_attendance(event, now=event.ends_at - timedelta(minutes=1)) == 0
    assert actions.record_attendance(event, now=event.ends_at) == 1
    attendance = dict(Rsvp.objects.values_list("user_id", "attendance"))
    assert attendance == {sam.pk: Attendance.ATTENDED, member.pk: Attendance.NO_SHOW}
    assert actions.record_attendance(event, now=event.ends_at + timedelta(days=1)) == 0
    assert AuditEntry.objects.filter(verb="events.attendance.recorded").count() == 1


def test_record_all_attendance_handles_every_ended_event(make_event, member):
    first = make_event()
    actions.rsvp(first, actor=member, status="going", **ACK)
    make_event(starts_at=first.starts_at + timedelta(days=10))
    assert actions.record_all_attendance(now=first.ends_at + timedelta(hours=1)) == 1
    assert Rsvp.objects.get(user=member).attendance == Attendance.NO_SHOW


def test_the_ticket_qr_code_is_an_inline_svg_of_the_code(event, sam):
    actions.rsvp(event, actor=sam, status="going", **ACK)
    ticket = Rsvp.objects.get(user=sam)
    svg = ticket_qr_svg(ticket)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert format_code(ticket.checkin_code) in svg
    assert ticket_qr_svg(ticket) == svg
