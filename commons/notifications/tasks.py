from celery import shared_task


@shared_task
def send_notification_email(notification_id: int) -> None:
    """Email one notification now, if its recipient chose immediate emails. Idempotent."""
    from .emails import send_immediate

    send_immediate(notification_id)


@shared_task
def send_daily_digests() -> int:
    """Email each member who chose the daily digest what they have not been emailed yet. Idempotent."""
    from .emails import send_digests

    return send_digests()
