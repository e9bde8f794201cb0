"""Reads about members. Self-identification is reachable only through the two functions at the end."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from commons.core.permissions import Permission, Role, check_permission, has_permission, role_of

from .models import IdentityOption, Profile, SelfIdentification, User, Visibility

AGGREGATE_MINIMUM = 5


def visible_profiles(viewer) -> QuerySet[Profile]:
    """Profiles `viewer` may see: every active member's for members, public ones for guests."""
    profiles = Profile.objects.filter(user__is_active=True).select_related(
        "job_role", "sector", "user"
    )
    if not has_permission(viewer, Permission.READ_MEMBERS):
        profiles = profiles.filter(visibility=Visibility.PUBLIC)
    return profiles


def directory(viewer, *, q: str = "", role: str = "", sector: str = "") -> QuerySet[Profile]:
    """The member directory: search by name, handle, headline or company; filter by role and sector.

    `role` matches a professional role slug, or a community role (owner, moderator, member).
    """
    profiles = visible_profiles(viewer)
    q = (q or "").strip()
    if q:
        for word in q.split()[:5]:
            profiles = profiles.filter(
                Q(display_name__icontains=word)
                | Q(handle__icontains=word)
                | Q(headline__icontains=word)
                | Q(company__icontains=word)
            )
    if role:
        if role in Role.values:
            profiles = profiles.filter(user__role=role)
        else:
            profiles = profiles.filter(job_role__slug=role)
    if sector:
        profiles = profiles.filter(sector__slug=sector)
    return profiles.order_by("display_name", "pk")


def access_profile(viewer, handle: str) -> Profile:
    """The profile at `handle`, or 404 when it does not exist or `viewer` may not see it."""
    profile = visible_profiles(viewer).filter(handle=handle).first()
    if profile is None:
        raise Http404("No such member.")
    return profile


def access_member(viewer, member_id: int) -> User:
    profile = visible_profiles(viewer).filter(user_id=member_id).first()
    if profile is None:
        raise Http404("No such member.")
    return profile.user


def own_self_identification(user) -> SelfIdentification:
    """`user`'s own self-identification; the only per-person read, for the member themself."""
    if role_of(user) == "guest":
        raise Http404
    ident, _ = SelfIdentification.objects.get_or_create(user=user)
    return ident


def identity_aggregates(viewer) -> dict:
    """Counts per identity option for owners, suppressing any count below AGGREGATE_MINIMUM."""
    check_permission(viewer, Permission.VIEW_DASHBOARD)
    answered = SelfIdentification.objects.filter(
        prefer_not_to_say=False, user__is_active=True
    ).count()
    through = SelfIdentification.options.through
    counts = dict(
        through.objects.filter(
            selfidentification__prefer_not_to_say=False, selfidentification__user__is_active=True
        )
        .values_list("identityoption_id")
        .annotate(n=Count("id"))
        .values_list("identityoption_id", "n")
    )
    groups = []
    for option in IdentityOption.objects.filter(is_active=True).order_by("position", "label"):
        n = counts.get(option.pk, 0)
        groups.append({"label": option.label, "count": n if n >= AGGREGATE_MINIMUM else None})
    return {
        "respondents": answered if answered >= AGGREGATE_MINIMUM else None,
        "groups": groups,
        "minimum": AGGREGATE_MINIMUM,
    }


def follows(follower_id: int, followee_id: int) -> bool:
    from .models import Follow

    return Follow.objects.filter(follower_id=follower_id, followee_id=followee_id).exists()


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    """True when `blocker_id` has blocked `blocked_id`."""
    from .models import Block

    return Block.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def blocked_ids(user) -> set[int]:
    """Ids of the members `user` has blocked."""
    from .models import Block

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def following_ids(user) -> set[int]:
    from .models import Follow

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Follow.objects.filter(follower=user).values_list("followee_id", flat=True))
