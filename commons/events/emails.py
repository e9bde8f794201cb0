"""Reminder emails. The in-app notification is the record; `emailed_at` makes each email go once."""

from commons.members.models import EmailMode
from commons.notifications.emails import send_immediate


def send_reminder(notification_id: int) -> bool:
    """Email a reminder now, to members on immediate emails and on the daily digest alike (a digest
    would arrive too late); members who turned email off see it in the app only."""
    return send_immediate(notification_id, modes=(EmailMode.IMMEDIATE, EmailMode.DAILY))
