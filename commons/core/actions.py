from django.core.exceptions import ValidationError
from django.db import transaction

from .audit import record
from .models import Community
from .permissions import Permission, check_permission


@transaction.atomic
def update_community(*, actor, name: str, tagline: str = "", mission: str = "") -> Community:
    """Change the community's name, tagline and mission. Owners only."""
    check_permission(actor, Permission.EDIT_COMMUNITY)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "The community needs a name."})
    community = Community.objects.order_by("pk").first() or Community()
    community.name, community.tagline, community.mission = name, tagline.strip(), mission.strip()
    community.save()
    record(actor, "core.community.updated", community, {"name": name})
    return community
