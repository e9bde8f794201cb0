"""The notifications app's part of a member's download and of deleting their account
(``core.personal_data``)."""

from commons.core.personal_data import iso

from .models import Notification


def export(user) -> list:
    return [
        {
            "kind": n.kind,
            "text": n.text,
            "url": n.url,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def erase(user, *, delete_content: bool) -> dict:
    """Their notifications go: they were only for them."""
    return {"notifications": Notification.objects.filter(recipient=user).delete()[0]}
