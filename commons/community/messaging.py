"""Reads of direct messages: only the two people ever see a conversation.

`visible_messages` is the one way to read messages: what the viewer sent, and what reached them
from members they have not blocked (messages sent while blocked were never delivered at all).
"""

from django.db.models import Max, Q, QuerySet

from commons.members.models import Profile
from commons.members.queries import blocked_ids

from .models import Message


def visible_messages(viewer) -> QuerySet[Message]:
    if not getattr(viewer, "is_authenticated", False):
        return Message.objects.none()
    hidden = blocked_ids(viewer)
    return Message.objects.filter(
        Q(sender=viewer) | (Q(recipient=viewer, delivered=True) & ~Q(sender_id__in=hidden))
    )


def conversation_list(user) -> list[dict]:
    """One row per person `user` has exchanged visible messages with: profile, last time, unread."""
    rows = (
        visible_messages(user).values("sender_id", "recipient_id").annotate(last=Max("created_at"))
    )
    latest: dict[int, object] = {}
    for row in rows:
        other = row["recipient_id"] if row["sender_id"] == user.pk else row["sender_id"]
        if other not in latest or row["last"] > latest[other]:
            latest[other] = row["last"]
    hidden = blocked_ids(user)
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user_id__in=latest)
        .exclude(user_id__in=hidden)
        .select_related("user")
    }
    unread = set(
        visible_messages(user)
        .filter(recipient=user, read_at__isnull=True)
        .values_list("sender_id", flat=True)
    )
    result = [
        {"profile": profiles[other], "last": when, "unread": other in unread}
        for other, when in latest.items()
        if other in profiles
    ]
    return sorted(result, key=lambda r: r["last"], reverse=True)


def conversation_messages(user, other, limit: int = 200) -> list[Message]:
    """The messages between `user` and `other` that `user` may see, oldest first."""
    qs = (
        visible_messages(user)
        .filter(Q(sender=user, recipient=other) | Q(sender=other, recipient=user))
        .select_related("sender__profile")
    )
    return list(reversed(qs.order_by("-created_at", "-id")[:limit]))
