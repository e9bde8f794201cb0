"""Reminders to people going: 24 hours and 1 hour before an event starts, in the app and by email.

Run every few minutes by `commons tick` (cron) or Celery beat. Each reminder is sent at most once per
event, person and kind: a unique `ReminderLog` row is written in the same transaction as the
notification, so a second run (or two runs at once) sends nothing more.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from commons.core.tasks import on_commit
from commons.notifications.actions import notify
from commons.notifications.models import Kind

from .models import Event, EventStatus, ReminderKind, ReminderLog, Rsvp, RsvpStatus

# kind → (how long before the start it becomes due, the latest start it still applies to, wording)
WINDOWS = {
    ReminderKind.DAY_BEFORE: (timedelta(hours=24), timedelta(hours=1), "tomorrow"),
    ReminderKind.HOUR_BEFORE: (timedelta(hours=1), timedelta(0), "in an hour"),
}


def due(now: datetime) -> list[tuple[Rsvp, str]]:
    """(RSVP, kind) pairs due at `now`: the 24-hour reminder while the event is between 24 and 1 hours
    away, the 1-hour reminder in its last hour; never for cancelled events or people not going, never
    twice. Someone who RSVPs 30 minutes before gets only the 1-hour reminder."""
    pairs = []
    for kind, (lead, floor, _) in WINDOWS.items():
        sent = ReminderLog.objects.filter(
            event_id=OuterRef("event_id"), user_id=OuterRef("user_id"), kind=kind
        )
        rsvps = (
            Rsvp.objects.filter(
                status=RsvpStatus.GOING,
                event__status=EventStatus.SCHEDULED,
                event__starts_at__gt=now + floor,
                event__starts_at__lte=now + lead,
                user__is_active=True,
            )
            .exclude(Exists(sent))
            .select_related("event", "user")
            .order_by("event__starts_at", "pk")
        )
        pairs.extend((rsvp, kind) for rsvp in rsvps)
    return pairs


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder due at `now` (default: the current time); returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for rsvp, kind in due(now):
        if _send(rsvp, kind, now):
            sent += 1
    return sent


def _send(rsvp: Rsvp, kind: str, now: datetime) -> bool:
    event: Event = rsvp.event
    when = WINDOWS[kind][2]
    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    text = f"Reminder: “{event.title}” starts {when}, {local:%a %d %b at %H:%M} ({event.timezone})."
    try:
        with transaction.atomic():
            ReminderLog.objects.create(event=event, user=rsvp.user, kind=kind, sent_at=now)
            notification = notify(
                rsvp.user, kind=Kind.EVENT_REMINDER, text=text, url=event.get_absolute_url()
            )
            if notification is not None:
                from .tasks import send_reminder_email

                on_commit(send_reminder_email, notification.pk)
    except IntegrityError:
        return False  # another run sent this one first
    return True
