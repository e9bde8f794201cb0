from datetime import timedelta

from django.utils import timezone

from commons.members.actions import update_preferences
from commons.notifications.actions import mark_read, notify
from commons.notifications.emails import send_digests
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory


def _notify(user, text="Hello"):
    from django.db import transaction
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return notify(user, kind="reply", text=text, url="/posts/1/")


def test_immediate_email_is_sent_once_after_commit(member, mailoutbox):
    notification = _notify(member)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_no_email_for_members_who_turned_email_off(member, mailoutbox):
    update_preferences(member, actor=member, email_notifications="off")
    _notify(member)
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=member).count() == 1


def test_daily_digest_gathers_notifications_once(member, mailoutbox):
    update_preferences(member, actor=member, email_notifications="daily")
    _notify(member, "First")
    _notify(member, "Second")
    assert mailoutbox == []
    assert send_digests() == 1
    assert "First" in mailoutbox[0].body and "Second" in mailoutbox[0].body
    assert send_digests() == 0
    assert len(mailoutbox) == 1


def test_digest_waits_a_day_between_sends(member, mailoutbox):
    update_preferences(member, actor=member, email_notifications="daily")
    _notify(member, "First")
    send_digests()
    _notify(member, "Later")
    assert send_digests() == 0
    assert send_digests(now=timezone.now() + timedelta(hours=24)) == 1


def test_nobody_is_notified_of_their_own_doing(member):
    from django.db import transaction

    with transaction.atomic():
        assert notify(member, kind="reply", text="x", actor=member) is None


def test_mark_read_touches_only_ones_own(member):
    other = UserFactory()
    _notify(member)
    _notify(other)
    assert mark_read(member, actor=other) == 0
    assert mark_read(member, actor=member) == 1
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
