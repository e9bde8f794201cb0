"""Reads of events: lists, one event, attendees and the waitlist, tickets, invitations, feeds.

Lists run a constant number of queries whatever their length.
"""

import hashlib
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commons.core.permissions import Permission, has_permission

from .models import CalendarToken, Event, EventBar, EventInvitation, EventStatus, Rsvp, RsvpStatus


def _events() -> QuerySet[Event]:
    return Event.objects.prefetch_related("topics", "hosts__profile").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING), distinct=True),
        waitlist_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITLISTED), distinct=True),
    )


def visible_events(viewer, *, when: str = "", now: datetime | None = None) -> QuerySet[Event]:
    """Events anyone may see: `when="upcoming"` (not yet ended, soonest first), `"past"` (newest first)
    or all. Cancelled events stay listed, marked as such."""
    if not has_permission(viewer, Permission.READ_PUBLIC):
        return Event.objects.none()
    now = now or timezone.now()
    events = _events()
    if when == "upcoming":
        return events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if when == "past":
        return events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return events


def access_event(viewer, event_id: int) -> Event:
    """One event by id, with its going and waitlist counts; 404 when there is none."""
    event = visible_events(viewer).filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event.")
    return event


def is_event_host(user, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return event.hosts.filter(pk=user.pk).exists()


def rsvp_for(user, event: Event) -> Rsvp | None:
    """`user`'s RSVP to `event` (their ticket when going), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Rsvp.objects.filter(event=event, user=user).first()


def is_going(user, event: Event) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Rsvp.objects.filter(event=event, user=user, status=RsvpStatus.GOING).exists()
    )


def meeting_link_for(viewer, event: Event) -> str:
    """The meeting link when `viewer` may see it (confirmed attendee or runner), else an empty string."""
    from .permissions import can_see_meeting_link

    return event.meeting_link if can_see_meeting_link(viewer, event) else ""


def going_count(event: Event) -> int:
    return Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()


# How many of the people going the event's page (and its API object) name; the rest are paged.
ATTENDEES_SHOWN = 24


def attendees(viewer, event: Event, *, status: str = RsvpStatus.GOING) -> QuerySet[Rsvp]:
    """RSVPs of `event` with `status` (going by default), for members; guests see nobody."""
    from .permissions import can_see_attendees

    if not can_see_attendees(viewer):
        return Rsvp.objects.none()
    return (
        Rsvp.objects.filter(event=event, status=status)
        .select_related("user__profile")
        .order_by("created_at", "pk")
    )


def waitlist(event: Event) -> QuerySet[Rsvp]:
    """The waitlist in the order places are offered."""
    return (
        Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED)
        .select_related("user__profile")
        .order_by("waitlisted_at", "pk")
    )


def waitlist_position(user, event: Event) -> int | None:
    """1 for the next person to be offered a place; None when `user` is not on the waitlist."""
    ids = list(waitlist(event).values_list("user_id", flat=True))
    return ids.index(user.pk) + 1 if getattr(user, "pk", None) in ids else None


def door_list(viewer, event: Event, *, q: str = "") -> QuerySet[Rsvp]:
    """The host's door view: people going (checked in or not), optionally searched by name, handle or code."""
    from .permissions import can_manage_event

    if not can_manage_event(viewer, event):
        return Rsvp.objects.none()
    rsvps = Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).select_related(
        "user__profile"
    )
    q = (q or "").strip()
    if q:
        rsvps = rsvps.filter(
            Q(user__profile__display_name__icontains=q)
            | Q(user__profile__handle__icontains=q)
            | Q(checkin_code__iexact=q.replace("-", "").replace(" ", ""))
        )
    return rsvps.order_by("user__profile__display_name", "pk")


def tickets(user, *, now: datetime | None = None) -> QuerySet[Rsvp]:
    """`user`'s own RSVPs to events that have not ended, soonest first (their tickets page)."""
    if not getattr(user, "is_authenticated", False):
        return Rsvp.objects.none()
    now = now or timezone.now()
    return (
        Rsvp.objects.filter(user=user, event__ends_at__gt=now)
        .exclude(status=RsvpStatus.NOT_GOING)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def feed_rsvps(user, *, now: datetime | None = None) -> QuerySet[Rsvp]:
    """What the personal calendar feed holds: `user`'s going RSVPs to events that have not ended
    (cancelled ones included, so calendars mark them cancelled)."""
    now = now or timezone.now()
    return (
        Rsvp.objects.filter(user=user, status=RsvpStatus.GOING, event__ends_at__gt=now)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )


def feed_owner(token: str):
    """The member whose personal calendar feed `token` opens, or None when unknown or revoked."""
    if not token:
        return None
    found = (
        CalendarToken.objects.select_related("user")
        .filter(
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )
    return found.user if found else None


def active_bar(user, *, now: datetime | None = None) -> EventBar | None:
    """The bar (if any) that keeps `user` from RSVPing to any event at `now`: the one lasting longest."""
    now = now or timezone.now()
    return EventBar.objects.filter(user=user, until__gt=now).order_by("-until").first()


def event_invitations(viewer, event: Event) -> QuerySet[EventInvitation]:
    """Who invited whom to `event`: for its hosts, moderators and owners only."""
    from .permissions import can_manage_event

    if not can_manage_event(viewer, event):
        return EventInvitation.objects.none()
    return EventInvitation.objects.filter(event=event).select_related(
        "inviter__profile", "invitee__profile", "community_invitation__accepted_by__profile"
    )


def event_for_new_member(user, *, now: datetime | None = None) -> Event | None:
    """The event a person who just joined from an event invitation should be sent to (to RSVP), if any:
    the newest such invitation whose event is still scheduled and not yet over."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    invitation = (
        EventInvitation.objects.filter(
            community_invitation__accepted_by=user,
            event__status=EventStatus.SCHEDULED,
            event__ends_at__gt=now,
        )
        .select_related("event")
        .order_by("-created_at", "-pk")
        .first()
    )
    return invitation.event if invitation else None
