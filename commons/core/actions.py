from django.core.exceptions import ValidationError
from django.db import transaction

from .audit import record
from .models import Community
from .permissions import Permission, check_permission


@transaction.atomic
def update_community(
    *,
    actor,
    name: str,
    tagline: str = "",
    mission: str = "",
    transparency_public: bool | None = None,
) -> Community:
    """Change the community's name, tagline and mission, and whether the monthly transparency
    report is public (None leaves it as it is). Owners only."""
    check_permission(actor, Permission.EDIT_COMMUNITY)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "The community needs a name."})
    community = Community.objects.order_by("pk").first() or Community()
    community.name, community.tagline, community.mission = name, tagline.strip(), mission.strip()
    if transparency_public is not None:
        community.transparency_public = bool(transparency_public)
    community.save()
    record(
        actor,
        "core.community.updated",
        community,
        {"name": name, "transparency_public": community.transparency_public},
    )
    return community
