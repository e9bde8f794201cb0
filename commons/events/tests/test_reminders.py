from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from commons.events import actions
from commons.events.models import ReminderLog
from commons.events.reminders import send_due_reminders
from commons.members.actions import update_preferences
from commons.notifications.models import Notification

from .conftest import ACK

START = datetime(2030, 9, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def soon(make_event, sam, member):
    event = make_event(starts_at=START, ends_at=START + timedelta(hours=1))
    actions.rsvp(event, actor=sam, status="going", **ACK)
    actions.rsvp(event, actor=member, status="interested")
    return event


def _reminders(user=None):
    qs = Notification.objects.filter(kind="event_reminder")
    return qs.filter(recipient=user) if user else qs


def test_the_24_hour_reminder_goes_to_people_going_in_app_and_by_email(
    soon, sam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=START - timedelta(hours=24)) == 1
    (reminder,) = _reminders()
    assert reminder.recipient == sam and "tomorrow" in reminder.text
    assert [m.to for m in mail.outbox] == [[sam.email]]


def test_nothing_is_due_more_than_24_hours_before(soon):
    assert send_due_reminders(now=START - timedelta(hours=24, minutes=1)) == 0


def test_reminders_are_never_sent_twice(soon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=START - timedelta(hours=23))
        assert send_due_reminders(now=START - timedelta(hours=22)) == 0
        assert send_due_reminders(now=START - timedelta(hours=23)) == 0
    assert _reminders().count() == 1 and len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_the_1_hour_reminder_follows_the_24_hour_one(soon, sam):
    send_due_reminders(now=START - timedelta(hours=20))
    assert send_due_reminders(now=START - timedelta(minutes=59)) == 1
    assert send_due_reminders(now=START - timedelta(minutes=10)) == 0
    texts = list(_reminders(sam).order_by("pk").values_list("text", flat=True))
    assert "tomorrow" in texts[0] and "in an hour" in texts[1]


def test_someone_going_late_gets_only_the_1_hour_reminder(soon, people):
    actions.rsvp(soon, actor=people[0], status="going", now=START - timedelta(minutes=30), **ACK)
    send_due_reminders(now=START - timedelta(minutes=20))
    assert list(_reminders(people[0]).values_list("text", flat=True))[0].count("in an hour") == 1
    assert _reminders(people[0]).count() == 1


def test_no_reminders_once_the_event_started_or_was_cancelled(soon, host):
    assert send_due_reminders(now=START) == 0
    actions.cancel_event(soon, actor=host)
    assert send_due_reminders(now=START - timedelta(hours=2)) == 0


def test_members_on_the_daily_digest_still_get_the_reminder_email_now(
    soon, sam, django_capture_on_commit_callbacks
):
    update_preferences(sam, actor=sam, email_notifications="daily")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=START - timedelta(hours=2))
    assert len(mail.outbox) == 1 and _reminders(sam).get().emailed_at is not None


def test_members_who_turned_email_off_get_the_reminder_in_the_app_only(
    soon, sam, django_capture_on_commit_callbacks
):
    update_preferences(sam, actor=sam, email_notifications="off")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=START - timedelta(hours=2))
    assert _reminders(sam).count() == 1 and mail.outbox == []


def test_tick_runs_the_event_jobs(db):
    from io import StringIO

    out = StringIO()
    call_command("tick", stdout=out)
    assert "event reminders sent: 0" in out.getvalue()
    assert "events with attendance recorded: 0" in out.getvalue()
