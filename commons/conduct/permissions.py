"""Gating by the Code of Conduct: taking part needs the current version accepted; reading never does."""

from django.core.exceptions import PermissionDenied

from .queries import conduct_status_for


class ConductNotAccepted(PermissionDenied):
    """Raised when a member must accept the current Code of Conduct before doing something."""


def has_accepted_current_conduct(user) -> bool:
    """True when `user` has accepted the current published version (or none is published yet)."""
    status = conduct_status_for(user)
    return status is not None and not status.needs_acceptance


def check_conduct_accepted(user) -> None:
    """Raise ConductNotAccepted unless `user` accepted the current version.

    Every action that posts, comments, tags, RSVPs or invites calls this first. Reading and
    reporting never call it.
    """
    if not has_accepted_current_conduct(user):
        raise ConductNotAccepted(
            "Please read and accept the current Code of Conduct before taking part."
        )
