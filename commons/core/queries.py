from django.db.models import Q, QuerySet

from .models import AuditEntry, Community
from .permissions import Permission, check_permission


def current_community() -> Community:
    """The community record; created with defaults on first use."""
    community = Community.objects.order_by("pk").first()
    return community or Community(name="Commons")


def visible_audit_entries(
    viewer, *, verb: str = "", actor_id: int | None = None, q: str = ""
) -> QuerySet:
    """Audit entries for owners, newest first, filtered by verb prefix, actor and free text."""
    check_permission(viewer, Permission.VIEW_AUDIT)
    entries = AuditEntry.objects.select_related("actor")
    if verb:
        entries = entries.filter(verb__startswith=verb)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if q:
        entries = entries.filter(Q(target_repr__icontains=q) | Q(verb__icontains=q))
    return entries
