from django.db.models import QuerySet

from .models import Notification


def visible_notifications(viewer) -> QuerySet[Notification]:
    """A member's own notifications, newest first."""
    if not getattr(viewer, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=viewer).select_related("actor__profile")


def unread_count(viewer) -> int:
    if not getattr(viewer, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).count()
