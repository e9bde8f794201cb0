"""Who may do what in discussions. Taking part needs the current Code of Conduct accepted."""

from django.core.exceptions import PermissionDenied

from commons.conduct.permissions import check_conduct_accepted
from commons.core.permissions import Permission, check_permission, has_permission

from .models import ContentStatus, Post, PostKind


def check_can_take_part(user) -> None:
    """Raise unless `user` is a member in good standing who accepted the current Code of Conduct."""
    check_permission(user, Permission.READ_MEMBERS)
    check_conduct_accepted(user)


def can_edit_post(user, post: Post) -> bool:
    return getattr(user, "pk", None) == post.author_id and post.status != ContentStatus.DELETED


def check_can_edit_post(user, post: Post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied("Only the author can change this post.")


def can_accept_answer(user, post: Post) -> bool:
    return post.kind == PostKind.QUESTION and getattr(user, "pk", None) == post.author_id


def can_manage_topics(user) -> bool:
    return has_permission(user, Permission.MANAGE_TOPICS)
