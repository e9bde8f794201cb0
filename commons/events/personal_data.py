"""The events app's part of a member's download and of deleting their account
(``core.personal_data``)."""

from django.db.models import Q
from django.utils import timezone

from commons.core.personal_data import iso

from . import actions
from .models import CalendarToken, Event, EventInvitation, EventStatus, Rsvp, RsvpStatus


def export(user) -> dict:
    """Their answers to events (with check-in), the events they created or host, the invitations
    they sent and received, and whether they have a calendar feed."""
    rsvps = Rsvp.objects.filter(user=user).select_related("event").order_by("created_at", "pk")
    running = Event.objects.filter(Q(hosts=user) | Q(created_by=user)).distinct()
    invitations = EventInvitation.objects.filter(Q(inviter=user) | Q(invitee=user))
    return {
        "rsvps": [
            {
                "event_id": r.event_id,
                "event": r.event.title,
                "starts_at": iso(r.event.starts_at),
                "status": r.status,
                "checked_in_at": iso(r.checked_in_at),
                "answered_at": iso(r.created_at),
            }
            for r in rsvps
        ],
        "events_run": [
            {"id": e.pk, "title": e.title, "starts_at": iso(e.starts_at), "status": e.status}
            for e in running.order_by("starts_at", "pk")
        ],
        "event_invitations": [
            {
                "event_id": i.event_id,
                "sent": i.inviter_id == user.pk,
                "created_at": iso(i.created_at),
            }
            for i in invitations.order_by("created_at", "pk")
        ],
        "calendar_feed": CalendarToken.objects.filter(user=user, revoked_at__isnull=True).exists(),
    }


def erase(user, *, delete_content: bool) -> dict:
    """Their answers to events still to come are withdrawn (each freed place goes to the waitlist)
    and their calendar feed stops. Past attendance stays, as the events' record."""
    now = timezone.now()
    coming = (
        Rsvp.objects.filter(
            user=user,
            event__ends_at__gt=now,
            status__in=(RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.INTERESTED),
        )
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event")
    )
    withdrawn = [actions.cancel_rsvp(rsvp.event, actor=user, now=now) for rsvp in coming]
    return {
        "rsvps_withdrawn": len(withdrawn),
        "calendar_feed": actions.revoke_calendar_token(user, actor=user),
    }
