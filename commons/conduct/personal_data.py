"""The conduct app's part of a member's download (``core.personal_data``): which versions of the
Code of Conduct they accepted, and when. The log itself is kept when they leave."""

from commons.core.personal_data import iso

from .models import Acceptance


def export(user) -> list:
    return [
        {"version": a.version.number, "accepted_at": iso(a.accepted_at), "via": a.via}
        for a in Acceptance.objects.filter(user=user)
        .select_related("version")
        .order_by("accepted_at", "pk")
    ]
