"""Reads of direct messages: only the two people ever see a conversation."""

from django.db.models import Max, Q

from commons.members.models import Profile

from .models import Message


def _mine(user):
    # Messages the user sent, and those they received that were delivered (not from someone they blocked).
    return Q(sender=user) | Q(recipient=user, delivered=True)


def conversation_list(user) -> list[dict]:
    """One row per person `user` has exchanged messages with: the other profile, last time, unread count."""
    rows = (
        Message.objects.filter(_mine(user))
        .values("sender_id", "recipient_id")
        .annotate(last=Max("created_at"))
    )
    latest: dict[int, object] = {}
    for row in rows:
        other = row["recipient_id"] if row["sender_id"] == user.pk else row["sender_id"]
        if other not in latest or row["last"] > latest[other]:
            latest[other] = row["last"]
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=latest).select_related("user")}
    unread = dict(
        Message.objects.filter(recipient=user, delivered=True, read_at__isnull=True)
        .values_list("sender_id")
        .annotate(n=Max("id"))
        .values_list("sender_id", "n")
    )
    result = [
        {"profile": profiles[other], "last": when, "unread": other in unread}
        for other, when in latest.items()
        if other in profiles
    ]
    return sorted(result, key=lambda r: r["last"], reverse=True)


def conversation_messages(user, other, limit: int = 200) -> list[Message]:
    """The messages between `user` and `other` that `user` may see, oldest first."""
    qs = Message.objects.filter(
        Q(sender=user, recipient=other) | Q(sender=other, recipient=user, delivered=True)
    ).select_related("sender__profile")
    return list(reversed(qs.order_by("-created_at", "-id")[:limit]))
