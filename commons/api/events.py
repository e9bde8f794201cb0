"""Events: creating and running them, RSVPs and the waitlist, invitations, the door, asking someone to
leave, tickets, the personal calendar feed, and the host role."""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from commons.core.permissions import Permission, has_permission
from commons.events import actions, queries
from commons.events.models import EventInvitation, EventKind, Rsvp, RsvpStatus
from commons.events.permissions import check_can_manage_event
from commons.events.tickets import format_code
from commons.members.actions import set_host
from commons.members.models import User
from commons.members.queries import access_member

from .auth import optional_auth
from .community import AuthorOut, author_out

router = Router(tags=["events"])

PAGE_SIZE = 20


# --- schemas ----------------------------------------------------------------------------------


class SpeakerIn(Schema):
    name: str
    about: str = ""


class SpeakerOut(Schema):
    name: str
    about: str


class EventIn(Schema):
    title: str
    starts_at: datetime = Field(
        ..., description="ISO 8601; without an offset it is read in the event's `timezone`."
    )
    ends_at: datetime
    timezone: str = Field("UTC", description="IANA name, e.g. Europe/Paris.")
    kind: str = Field(EventKind.ONLINE, description=f"One of: {', '.join(EventKind.values)}.")
    description: str = Field("", description="Markdown.")
    venue: str = ""
    meeting_link: str = Field("", description="Shown only to people going and the event's runners.")
    capacity: int | None = Field(None, description="People going; null for no limit.")
    topics: list[str] = Field(default_factory=list, description="Up to 5 topic slugs.")
    hosts: list[int] = Field(
        default_factory=list, description="Member ids with the host role; you when empty."
    )
    speakers: list[SpeakerIn] = Field(default_factory=list, description="The line-up, in order.")
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


class EventEditIn(Schema):
    title: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str | None = None
    kind: str | None = None
    description: str | None = None
    venue: str | None = None
    meeting_link: str | None = None
    capacity: int | None = Field(None, description="null removes the limit.")
    topics: list[str] | None = None
    hosts: list[int] | None = None
    speakers: list[SpeakerIn] | None = None
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


class CancelIn(Schema):
    reason: str = Field("", description="Told to everyone going, waitlisted or interested.")


class DuplicateIn(Schema):
    starts_at: datetime
    ends_at: datetime | None = Field(None, description="Without it, as long as the original.")


class MyRsvpOut(Schema):
    status: str = Field(..., description="going, waitlisted, interested, not_going or removed")
    waitlist_position: int | None = Field(..., description="1 is offered the next free place.")
    checkin_code: str | None = Field(..., description="Your ticket's code, when going.")
    checked_in: bool


class EventSummaryOut(Schema):
    id: int
    title: str
    kind: str
    status: str = Field(..., description="scheduled or cancelled")
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str
    capacity: int | None
    going_count: int
    waitlist_count: int
    spots_left: int | None = Field(..., description="null when there is no limit.")
    topics: list[str]
    hosts: list[AuthorOut]
    my_status: str | None = Field(..., description="Your RSVP's status, if you answered.")

    @staticmethod
    def resolve_spots_left(obj) -> int | None:
        return None if obj.capacity is None else max(obj.capacity - obj.going_count, 0)

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_hosts(obj) -> list[dict]:
        return [author_out(h) for h in obj.hosts.all()]

    @staticmethod
    def resolve_my_status(obj) -> str | None:
        return getattr(obj, "my_status", None)


class EventOut(EventSummaryOut):
    description: str
    description_html: str
    meeting_link: str | None = Field(
        ..., description="Only for people going and the event's hosts; null otherwise."
    )
    speakers: list[SpeakerOut]
    cancel_reason: str
    cancelled_at: datetime | None
    duplicated_from_id: int | None
    my_rsvp: MyRsvpOut | None
    attendees: list[AuthorOut] | None = Field(
        ...,
        description="The first people going (at most 24; everyone, paged, at "
        "/events/{event_id}/going): members only; null for guests.",
    )
    calendar_url: str = Field(..., description="The event's .ics file.")

    @staticmethod
    def resolve_meeting_link(obj, context) -> str | None:
        return queries.meeting_link_for(context["request"].user, obj) or None

    @staticmethod
    def resolve_calendar_url(obj) -> str:
        return reverse("events:event-calendar", args=[obj.pk])


class GoingOut(AuthorOut):
    """A person going, read off their RSVP."""

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.user_id

    @staticmethod
    def resolve_handle(obj) -> str:
        return obj.user.profile.handle

    @staticmethod
    def resolve_display_name(obj) -> str:
        return obj.user.profile.display_name


class RsvpIn(Schema):
    status: str = Field(..., description="going, interested or not_going")
    acknowledge_conduct: bool = Field(
        False, description="Going needs it: you will follow the Code of Conduct at this event."
    )


class RsvpOut(Schema):
    status: str = Field(..., description="going, waitlisted, interested or not_going")
    waitlist_position: int | None


class InvitationIn(Schema):
    member_id: int | None = Field(None, description="A connection: you follow them or they you.")
    email: str = Field("", description="A person who is not a member yet.")
    note: str = Field("", description="With an email invitation.")
    post_anyway: bool = Field(
        False, description="Send despite a screening nudge (a moderator will look at it)."
    )


class EventInvitationOut(Schema):
    id: int
    event_id: int
    inviter: AuthorOut
    invitee: AuthorOut | None = Field(..., description="The member invited, or who joined from it.")
    email: str | None = Field(
        ..., description="For an email invitation: shown to its inviter and to owners only."
    )
    joined: bool = Field(..., description="The invited person is a member now.")
    created_at: datetime

    @staticmethod
    def resolve_inviter(obj) -> dict:
        return author_out(obj.inviter)

    @staticmethod
    def resolve_invitee(obj) -> dict | None:
        if obj.invitee_id:
            return author_out(obj.invitee)
        community = obj.community_invitation
        return author_out(community.accepted_by) if community.accepted_by_id else None

    @staticmethod
    def resolve_email(obj, context) -> str | None:
        if obj.community_invitation_id is None:
            return None
        viewer = context["request"].auth
        if obj.inviter_id == viewer.pk or has_permission(viewer, Permission.SEE_WHO_INVITED):
            return obj.community_invitation.email
        return None

    @staticmethod
    def resolve_joined(obj) -> bool:
        return bool(obj.invitee_id or obj.community_invitation.accepted_by_id)


class DoorEntryOut(Schema):
    rsvp_id: int
    member: AuthorOut
    checkin_code: str
    checked_in_at: datetime | None
    attendance: str = Field(..., description="attended, no_show, or empty until known")

    @staticmethod
    def resolve_rsvp_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_member(obj) -> dict:
        return author_out(obj.user)

    @staticmethod
    def resolve_checkin_code(obj) -> str:
        return format_code(obj.checkin_code)


class CheckinIn(Schema):
    rsvp_id: int | None = Field(None, description="From the door list.")
    member_id: int | None = None
    code: str = Field("", description="The code on the attendee's ticket (dashes optional).")


class RemovalIn(Schema):
    member_id: int
    message: str = Field(..., description="Sent privately to that person only.")
    barred_until: date | None = Field(
        None, description="No RSVP to any event until this date (midnight UTC)."
    )


class RemovalOut(Schema):
    id: int
    event_id: int
    member: AuthorOut
    previous_status: str
    barred_until: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_member(obj) -> dict:
        return author_out(obj.user)


class TicketEventOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str


class TicketOut(Schema):
    rsvp_id: int
    status: str
    event: TicketEventOut
    checkin_code: str | None = Field(..., description="Shown at the door, when going.")
    meeting_link: str | None = Field(..., description="When going.")
    checked_in_at: datetime | None

    @staticmethod
    def resolve_rsvp_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_checkin_code(obj) -> str | None:
        return format_code(obj.checkin_code) if obj.status == RsvpStatus.GOING else None

    @staticmethod
    def resolve_meeting_link(obj) -> str | None:
        # a confirmed attendee may see the link (permissions.can_see_meeting_link)
        going = obj.status == RsvpStatus.GOING
        return obj.event.meeting_link if going and obj.event.meeting_link else None


class CalendarTokenOut(Schema):
    url: str = Field(..., description="Your personal feed; shown once. Keep it secret.")


class RevokedOut(Schema):
    revoked: bool = Field(..., description="Whether a feed was active.")


class HostIn(Schema):
    is_host: bool


class HostOut(Schema):
    id: int
    handle: str
    display_name: str
    is_host: bool


# --- helpers ----------------------------------------------------------------------------------


def _event(request, event_id: int):
    return queries.access_event(request.user, event_id)


def _event_out(request, event_id: int):
    """The event as `request.user` may see it, with their own RSVP."""
    viewer = request.user
    event = queries.access_event(viewer, event_id)
    rsvp = queries.rsvp_for(viewer, event)
    going = rsvp is not None and rsvp.status == RsvpStatus.GOING
    event.my_status = rsvp.status if rsvp else None
    event.my_rsvp = None
    if rsvp is not None:
        event.my_rsvp = {
            "status": rsvp.status,
            "waitlist_position": queries.waitlist_position(viewer, event)
            if rsvp.status == RsvpStatus.WAITLISTED
            else None,
            "checkin_code": format_code(rsvp.checkin_code) if going else None,
            "checked_in": rsvp.checked_in_at is not None,
        }
    event.attendees = None
    if has_permission(viewer, Permission.READ_MEMBERS):
        shown = queries.attendees(viewer, event)[: queries.ATTENDEES_SHOWN]
        event.attendees = [author_out(r.user) for r in shown]
    return event


def _rsvp_out(request, event, status: str) -> dict:
    position = None
    if status == RsvpStatus.WAITLISTED:
        position = queries.waitlist_position(request.auth, event)
    return {"status": status, "waitlist_position": position}


def _member_field(request, member_id: int, field: str = "member_id") -> User:
    try:
        return access_member(request.auth, member_id)
    except Http404:  # say which field, rather than a "Not found" that reads as the event's
        raise ValidationError({field: "No such member."}) from None


# --- events -----------------------------------------------------------------------------------


@router.post("/events", response={201: EventOut}, summary="Create an event (hosts, moderators)")
def create_event(request, data: EventIn):
    fields = data.dict()
    event = actions.create_event(actor=request.auth, **fields)
    return Status(201, _event_out(request, event.pk))


@router.get(
    "/events",
    response=list[EventSummaryOut],
    auth=optional_auth,
    summary="Upcoming events (soonest first) or past events (newest first)",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_events(request, when: str = "upcoming"):
    if when not in ("upcoming", "past"):
        raise ValidationError({"when": "Choose upcoming or past."})
    events = queries.visible_events(request.user, when=when)
    if request.user.is_authenticated:
        mine = Rsvp.objects.filter(event=OuterRef("pk"), user=request.user).values("status")[:1]
        events = events.annotate(my_status=Subquery(mine))
    return events


@router.get(
    "/events/{event_id}",
    response=EventOut,
    auth=optional_auth,
    summary="One event, with your RSVP",
)
def get_event(request, event_id: int):
    return _event_out(request, event_id)


@router.patch("/events/{event_id}", response=EventOut, summary="Edit an event (its hosts)")
def edit_event(request, event_id: int, data: EventEditIn):
    event = _event(request, event_id)
    actions.edit_event(event, actor=request.auth, **data.dict(exclude_unset=True))
    return _event_out(request, event_id)


@router.post(
    "/events/{event_id}/cancel", response=EventOut, summary="Cancel an event (attendees are told)"
)
def cancel_event(request, event_id: int, data: CancelIn):
    actions.cancel_event(_event(request, event_id), actor=request.auth, reason=data.reason)
    return _event_out(request, event_id)


@router.post(
    "/events/{event_id}/duplicate",
    response={201: EventOut},
    summary="A copy of an event at a new time (without its RSVPs)",
)
def duplicate_event(request, event_id: int, data: DuplicateIn):
    copy = actions.duplicate_event(
        _event(request, event_id),
        actor=request.auth,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
    )
    return Status(201, _event_out(request, copy.pk))


# --- RSVP -------------------------------------------------------------------------------------


@router.post(
    "/events/{event_id}/rsvp",
    response=RsvpOut,
    summary="Answer going, interested or not going; a full event puts you on the waitlist",
)
def rsvp(request, event_id: int, data: RsvpIn):
    event = _event(request, event_id)
    status = actions.rsvp(
        event,
        actor=request.auth,
        status=data.status,
        acknowledge_conduct=data.acknowledge_conduct,
    )
    return _rsvp_out(request, event, status)


@router.delete(
    "/events/{event_id}/rsvp",
    response=RsvpOut,
    summary="Withdraw (a place you held goes to the waitlist)",
)
def cancel_rsvp(request, event_id: int):
    event = _event(request, event_id)
    return _rsvp_out(request, event, actions.cancel_rsvp(event, actor=request.auth))


# --- invitations ------------------------------------------------------------------------------


@router.post(
    "/events/{event_id}/invitations",
    response={201: EventInvitationOut},
    summary="Invite a connection, or a person by email",
)
def invite(request, event_id: int, data: InvitationIn):
    event = _event(request, event_id)
    invitee = _member_field(request, data.member_id) if data.member_id is not None else None
    invitation = actions.invite_to_event(
        event,
        actor=request.auth,
        invitee=invitee,
        email=data.email.strip(),
        note=data.note,
        post_anyway=data.post_anyway,
    )
    invitation = EventInvitation.objects.select_related(
        "inviter__profile", "invitee__profile", "community_invitation__accepted_by__profile"
    ).get(pk=invitation.pk)
    return Status(201, invitation)


@router.get(
    "/events/{event_id}/invitations",
    response=list[EventInvitationOut],
    summary="Who invited whom (the event's hosts)",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_invitations(request, event_id: int):
    event = _event(request, event_id)
    check_can_manage_event(request.auth, event)
    return queries.event_invitations(request.auth, event)


@router.get(
    "/events/{event_id}/going",
    response=list[GoingOut],
    summary="Everyone going, in the order they said yes (members)",
)
@paginate(PageNumberPagination, page_size=50)
def going(request, event_id: int):
    return queries.attendees(request.auth, _event(request, event_id))


# --- the door ---------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/attendees",
    response=list[DoorEntryOut],
    summary="The door list: people going and their check-in (the event's hosts), ?q= a name or code",
)
@paginate(PageNumberPagination, page_size=50)
def door_list(request, event_id: int, q: str = ""):
    event = _event(request, event_id)
    check_can_manage_event(request.auth, event)
    return queries.door_list(request.auth, event, q=q)


@router.post(
    "/events/{event_id}/checkins",
    response={201: DoorEntryOut},
    summary="Check someone in by rsvp_id, member_id or ticket code",
)
def check_in(request, event_id: int, data: CheckinIn):
    event = _event(request, event_id)
    check_can_manage_event(request.auth, event)
    given = [data.rsvp_id is not None, data.member_id is not None, bool(data.code.strip())]
    if sum(given) != 1:
        raise ValidationError("Give one of rsvp_id, member_id or code.")
    rsvp = None
    if data.rsvp_id is not None:
        rsvp = Rsvp(pk=data.rsvp_id)
    elif data.member_id is not None:
        rsvp = Rsvp.objects.filter(event=event, user_id=data.member_id).first()
        if rsvp is None:
            raise ValidationError({"member_id": "That member has not answered this event."})
    found = actions.check_in(event, actor=request.auth, rsvp=rsvp, code=data.code)
    found = Rsvp.objects.select_related("user__profile").get(pk=found.pk)
    return Status(201, found)


@router.post(
    "/events/{event_id}/removals",
    response={201: RemovalOut},
    summary="Ask someone to leave, with a private message (hosts, moderators)",
)
def remove_attendee(request, event_id: int, data: RemovalIn):
    event = _event(request, event_id)
    check_can_manage_event(request.auth, event)
    user = User.objects.select_related("profile").filter(pk=data.member_id).first()
    if user is None:
        raise ValidationError({"member_id": "No such member."})
    removal = actions.remove_attendee(
        event, user, actor=request.auth, message=data.message, barred_until=data.barred_until
    )
    return Status(201, removal)


# --- tickets, calendar feed, hosts ------------------------------------------------------------


@router.get("/me/tickets", response=list[TicketOut], summary="Your RSVPs to events not yet over")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def my_tickets(request):
    return queries.tickets(request.auth)


@router.post(
    "/me/calendar-token",
    response={201: CalendarTokenOut},
    summary="Create (or replace) your personal calendar feed; the URL is shown once",
)
def create_calendar_token(request):
    token = actions.create_calendar_token(request.auth, actor=request.auth)
    return Status(201, {"url": settings.SITE_URL + reverse("events:personal-feed", args=[token])})


@router.delete(
    "/me/calendar-token", response=RevokedOut, summary="Stop your personal calendar feed"
)
def revoke_calendar_token(request):
    return {"revoked": actions.revoke_calendar_token(request.auth, actor=request.auth)}


@router.put(
    "/members/{member_id}/host",
    response=HostOut,
    summary="Give or take away the host role (owners)",
)
def put_host(request, member_id: int, data: HostIn):
    user = get_object_or_404(User.objects.select_related("profile"), pk=member_id, is_active=True)
    user = set_host(user, actor=request.auth, is_host=data.is_host)
    return {**author_out(user), "is_host": user.is_host}
