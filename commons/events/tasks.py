from celery import shared_task


@shared_task
def send_event_reminders() -> int:
    """Send the 24-hour and 1-hour reminders that are due. Idempotent: each goes out at most once."""
    from .reminders import send_due_reminders

    return send_due_reminders()


@shared_task
def record_event_attendance() -> int:
    """Record attendance and no-shows of events that have ended. Idempotent."""
    from .actions import record_all_attendance

    return record_all_attendance()


@shared_task
def send_reminder_email(notification_id: int) -> None:
    """Email one event reminder unless its recipient turned emails off. Reminders are too urgent for the
    daily digest, so members on the digest get them right away too. Each is emailed at most once."""
    from .emails import send_reminder

    send_reminder(notification_id)
