"""Community roles and what each may do: one enum of capabilities, mapped to roles in one dict."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MODERATOR = "moderator", "Moderator"
    MEMBER = "member", "Member"


GUEST = "guest"


class Permission(StrEnum):
    READ_PUBLIC = "community:read-public"
    READ_MEMBERS = "community:read-members"
    EDIT_OWN_PROFILE = "members:profile:edit-own"
    VIEW_DIRECTORY = "members:directory:view"
    MANAGE_TOKENS = "members:tokens:manage"
    ACCEPT_CONDUCT = "conduct:accept"
    DRAFT_CONDUCT = "conduct:version:draft"
    PUBLISH_CONDUCT = "conduct:version:publish"
    APPOINT_MODERATORS = "members:role:appoint"
    MANAGE_LISTS = "members:lists:manage"
    EDIT_COMMUNITY = "core:community:edit"
    VIEW_DASHBOARD = "core:dashboard:view"
    VIEW_AUDIT = "core:audit:view"
    USE_ADMIN = "core:admin:use"
    MANAGE_TOPICS = "community:topics:manage"
    SEE_WHO_INVITED = "community:invitations:view-all"
    CREATE_EVENT = "events:event:create"
    MANAGE_EVENTS = "events:event:manage"
    APPOINT_HOSTS = "members:host:appoint"
    MANAGE_SCREENING = "conduct:screening:manage"
    REVIEW_SCREENED = "conduct:screened:review"
    HANDLE_CASES = "safety:case:handle"
    DECIDE_CASES = "safety:case:decide"
    REVIEW_APPEALS = "safety:appeal:review"
    VIEW_TRANSPARENCY = "safety:transparency:view"


_MEMBER = {
    Permission.READ_PUBLIC,
    Permission.READ_MEMBERS,
    Permission.EDIT_OWN_PROFILE,
    Permission.VIEW_DIRECTORY,
    Permission.MANAGE_TOKENS,
    Permission.ACCEPT_CONDUCT,
    Permission.VIEW_TRANSPARENCY,
}
_MODERATOR = _MEMBER | {
    Permission.MANAGE_TOPICS,
    Permission.CREATE_EVENT,
    Permission.MANAGE_EVENTS,
    Permission.MANAGE_SCREENING,
    Permission.REVIEW_SCREENED,
    Permission.HANDLE_CASES,
    Permission.DECIDE_CASES,
    Permission.REVIEW_APPEALS,
}
_OWNER = _MODERATOR | {
    Permission.DRAFT_CONDUCT,
    Permission.PUBLISH_CONDUCT,
    Permission.APPOINT_MODERATORS,
    Permission.MANAGE_LISTS,
    Permission.EDIT_COMMUNITY,
    Permission.VIEW_DASHBOARD,
    Permission.VIEW_AUDIT,
    Permission.USE_ADMIN,
    Permission.SEE_WHO_INVITED,
    Permission.APPOINT_HOSTS,
}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    GUEST: frozenset({Permission.READ_PUBLIC}),
    Role.MEMBER: frozenset(_MEMBER),
    Role.MODERATOR: frozenset(_MODERATOR),
    Role.OWNER: frozenset(_OWNER),
}


def role_of(user) -> str:
    """The community role of `user`: owner, moderator, member, or guest when not logged in."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return GUEST
    return user.role


def has_permission(user, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role_of(user)]


def check_permission(user, permission: Permission) -> None:
    """Raise PermissionDenied unless `user`'s role grants `permission`."""
    if not has_permission(user, permission):
        raise PermissionDenied(f"You do not have permission to do that ({permission}).")
