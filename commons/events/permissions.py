"""Who may do what with events.

Owners and moderators create and run any event; members with the host role (`User.is_host`) create
events and run the ones they host. Taking part (RSVP going, inviting) needs the current Code of
Conduct accepted; reading events never does.
"""

from django.core.exceptions import PermissionDenied

from commons.core.permissions import Permission, has_permission

from . import queries
from .models import Event


def can_create_event(user) -> bool:
    """Owners and moderators, and members an owner gave the host role."""
    if has_permission(user, Permission.CREATE_EVENT):
        return True
    return has_permission(user, Permission.READ_MEMBERS) and bool(getattr(user, "is_host", False))


def check_can_create_event(user) -> None:
    if not can_create_event(user):
        raise PermissionDenied("Only hosts, moderators and owners can create events.")


def can_manage_event(user, event: Event) -> bool:
    """The event's hosts (while they still may host), moderators and owners: edit, cancel, duplicate,
    run the door (check-in), ask someone to leave, and see who invited whom."""
    if has_permission(user, Permission.MANAGE_EVENTS):
        return True
    return can_create_event(user) and queries.is_event_host(user, event)


def check_can_manage_event(user, event: Event) -> None:
    if not can_manage_event(user, event):
        raise PermissionDenied("Only this event's hosts, moderators and owners can do that.")


def can_see_meeting_link(user, event: Event) -> bool:
    """The meeting link is for confirmed attendees (RSVP going) and the people running the event."""
    if not event.meeting_link or not getattr(user, "is_authenticated", False):
        return False
    return queries.is_going(user, event) or can_manage_event(user, event)


def can_see_attendees(user) -> bool:
    """Who is going is visible to members, never to guests."""
    return has_permission(user, Permission.READ_MEMBERS)
