"""Creating and reading notifications. Emails go out from tasks after the transaction commits."""

from django.db import transaction
from django.utils import timezone

from commons.core.audit import record
from commons.core.tasks import on_commit

from .models import Notification


def notify(recipient, *, kind: str, text: str, url: str = "", actor=None) -> Notification | None:
    """Create an in-app notification for `recipient` and, when they want email right away, queue it.

    Must run inside the caller's transaction: on rollback nothing is stored and nothing is sent.
    Nobody is notified about their own doing.
    """
    if (
        recipient is None
        or (actor is not None and actor.pk == recipient.pk)
        or not recipient.is_active
    ):
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, text=text[:300], url=url, actor=actor
    )
    from .tasks import send_notification_email

    on_commit(send_notification_email, notification.pk)
    return notification


@transaction.atomic
def mark_read(user, *, actor, ids=None) -> int:
    """Mark `user`'s notifications read (all, or the given ids). Only the member themself."""
    if actor.pk != user.pk:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    count = unread.update(read_at=timezone.now())
    if count:
        record(actor, "notifications.notification.read", None, {"count": count})
    return count
