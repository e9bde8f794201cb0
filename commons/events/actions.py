"""Every change to events: creating, editing, cancelling and duplicating them; RSVPs and the waitlist;
invitations; check-in and attendance; asking someone to leave; calendar feed tokens.

Each action runs in one transaction with its audit record; notifications are created inside it and
emailed after commit. Bad input raises ValidationError before anything is written.
"""

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from commons.community.actions import clean_topics
from commons.conduct.moderation import apply_screening, record_screened
from commons.conduct.permissions import check_conduct_accepted
from commons.conduct.queries import current_version
from commons.core.audit import record
from commons.core.markdown import render_markdown
from commons.core.permissions import Permission, check_permission
from commons.core.restrictions import check_may_participate
from commons.members.models import User
from commons.members.queries import follows, is_blocked
from commons.notifications.actions import notify
from commons.notifications.models import Kind

from . import queries
from .models import (
    MAX_DESCRIPTION,
    MAX_REMOVAL_MESSAGE,
    MAX_SPEAKERS,
    MAX_TITLE,
    Attendance,
    CalendarToken,
    Event,
    EventBar,
    EventInvitation,
    EventKind,
    EventRemoval,
    EventStatus,
    Rsvp,
    RsvpStatus,
)
from .permissions import can_create_event, check_can_create_event, check_can_manage_event

MAX_HOSTS = 10
MAX_DURATION = timedelta(days=14)
ANSWERS = (RsvpStatus.GOING, RsvpStatus.INTERESTED, RsvpStatus.NOT_GOING)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud at the door
CODE_LENGTH = 8
EDITABLE = (
    "title",
    "description",
    "kind",
    "starts_at",
    "ends_at",
    "timezone",
    "venue",
    "meeting_link",
    "capacity",
    "topics",
    "hosts",
    "speakers",
)


# --- validation -------------------------------------------------------------------------------


def _clean_title(title) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "An event needs a title."})
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": f"The title is too long (at most {MAX_TITLE} characters)."})
    return title


def _clean_description(text) -> str:
    text = (text or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(
            {
                "description": f"The description is too long (at most {MAX_DESCRIPTION:,} characters)."
            }
        )
    return text


def _clean_kind(kind) -> str:
    if kind not in EventKind.values:
        raise ValidationError(
            {"kind": f"Unknown kind {kind!r}; choose one of {', '.join(EventKind.values)}."}
        )
    return kind


def clean_timezone(name) -> str:
    """An IANA time zone name such as "Europe/Paris"; ValidationError otherwise."""
    name = (name or "").strip()
    if not name or name not in available_timezones() and name != "UTC":
        raise ValidationError(
            {"timezone": f"Unknown time zone {name!r}; use an IANA name such as Europe/Paris."}
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"timezone": f"Unknown time zone {name!r}; use an IANA name such as Europe/Paris."}
        ) from None
    return name


def _as_utc(value, zone: str, field: str) -> datetime:
    """A start or end as an aware UTC datetime; naive values are wall-clock times in the event's zone."""
    if not isinstance(value, datetime):
        raise ValidationError({field: "Give a date and time."})
    if timezone.is_naive(value):
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def _clean_times(starts_at, ends_at, zone: str) -> tuple[datetime, datetime]:
    starts_at = _as_utc(starts_at, zone, "starts_at")
    ends_at = _as_utc(ends_at, zone, "ends_at")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The event must end after it starts."})
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError({"ends_at": "An event can last at most 14 days."})
    return starts_at, ends_at


def _clean_capacity(capacity) -> int | None:
    if capacity is None or capacity == "":
        return None
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        raise ValidationError(
            {"capacity": "Capacity must be a whole number (or empty for no limit)."}
        ) from None
    if capacity < 0:
        raise ValidationError({"capacity": "Capacity cannot be below zero."})
    return capacity


def _clean_link(link) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            raise ValidationError(
                {"meeting_link": "The meeting link must be a web address (https://…)."}
            ) from None
    return link


def _clean_hosts(hosts, actor: User) -> list[User]:
    """Hosts are given as users or ids; each must be allowed to create events."""
    ids = list(dict.fromkeys(getattr(h, "pk", h) for h in (hosts or [])))
    if len(ids) > MAX_HOSTS:
        raise ValidationError({"hosts": f"At most {MAX_HOSTS} hosts."})
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(users) != len(ids):
        raise ValidationError({"hosts": "Unknown member among the hosts."})
    for user in users:
        if not can_create_event(user):
            raise ValidationError({"hosts": f"{user} does not have the host role."})
    if not users:
        users = [actor]
    return users


def _clean_speakers(speakers) -> list[dict]:
    cleaned = []
    for speaker in speakers or []:
        if isinstance(speaker, str):
            speaker = {"name": speaker}
        name = str(speaker.get("name", "")).strip()[:120]
        about = str(speaker.get("about", "")).strip()[:300]
        if name:
            cleaned.append({"name": name, "about": about})
    if len(cleaned) > MAX_SPEAKERS:
        raise ValidationError({"speakers": f"At most {MAX_SPEAKERS} speakers."})
    return cleaned


def _lock(event: Event) -> Event:
    """Lock the event row until the transaction ends (RSVPs and place changes queue up behind it) and
    reload `event` in place, so the caller's object shows the state the action works from and leaves."""
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))
    event.refresh_from_db()
    return event


# --- events -----------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    actor: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str = "UTC",
    kind: str = EventKind.ONLINE,
    description: str = "",
    venue: str = "",
    meeting_link: str = "",
    capacity: int | None = None,
    topics=(),
    hosts=(),
    speakers=(),
    now: datetime | None = None,
    post_anyway: bool = False,
) -> Event:
    """Create an event. Owners, moderators and members with the host role, who accepted the current
    Code of Conduct. Naive start and end times are read in the event's `timezone`. The creator hosts the
    event unless `hosts` names others. It must start in the future.

    The title and description are screened (see ``_screen_event``) before anything is written."""
    check_can_create_event(actor)
    check_conduct_accepted(actor)
    check_may_participate(actor, action="event")
    zone = clean_timezone(timezone)
    starts_at, ends_at = _clean_times(starts_at, ends_at, zone)
    if starts_at <= (now or _now()):
        raise ValidationError({"starts_at": "The event must start in the future."})
    event = Event(
        title=_clean_title(title),
        description=_clean_description(description),
        kind=_clean_kind(kind),
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=zone,
        venue=(venue or "").strip()[:300],
        meeting_link=_clean_link(meeting_link),
        capacity=_clean_capacity(capacity),
        speakers=_clean_speakers(speakers),
        created_by=actor,
    )
    topic_list = clean_topics(topics)
    host_list = _clean_hosts(hosts, actor)
    event.description_html = render_markdown(event.description)
    screening, text = _screen_event(event.title, event.description, post_anyway=post_anyway)
    event.save()
    event.topics.set(topic_list)
    event.hosts.set(host_list)
    record(
        actor,
        "events.event.created",
        event,
        {"starts_at": starts_at.isoformat(), "capacity": event.capacity},
    )
    record_screened(event, screening, author=actor, where="event", text=text)
    return event


def event_text(title: str, description: str) -> str:
    return f"{title}\n\n{description}".strip()


def _screen_event(title: str, description: str, *, post_anyway: bool):
    """Screen an event's title and description, where="event" (``commons.conduct.moderation``).

    A block, or a hold (an event is public once saved and has no state to wait in), refuses it; a
    nudge refuses it unless `post_anyway`, which saves it and queues it for a moderator, whose
    rejection cancels the event. Returns the screening and the screened text."""
    text = event_text(title, description)
    return apply_screening(text, {"where": "event"}, post_anyway=post_anyway, can_hold=False), text


def publish_screened_event(event: Event, *, actor: User) -> None:
    """A moderator approved an event saved after a nudge: it stays as it is."""


def hide_screened_event(event: Event, *, actor: User) -> None:
    """A moderator rejected an event saved after a nudge: it is cancelled (kept, never destroyed),
    and everyone who planned to come is told, as for any cancellation."""
    cancel_event(event, actor=actor, reason="Taken down by a moderator under the Code of Conduct.")


def _now() -> datetime:
    return timezone.now()


@transaction.atomic
def edit_event(
    event: Event,
    *,
    actor: User,
    now: datetime | None = None,
    post_anyway: bool = False,
    **changes,
) -> Event:
    """Change an event's details (hosts, moderators, owners). A cancelled event cannot be edited.

    Capacity cannot drop below the number already going; when it grows, the waitlist is promoted in
    order. Naive times are read in the (new) time zone. A changed title or description is screened
    as in ``create_event``.
    """
    check_can_manage_event(actor, event)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown event fields: {', '.join(sorted(unknown))}")
    event = _lock(event)
    if event.is_cancelled:
        raise ValidationError("This event was cancelled and can no longer be edited.")
    values = {}
    if "title" in changes:
        values["title"] = _clean_title(changes["title"])
    if "description" in changes:
        values["description"] = _clean_description(changes["description"])
        values["description_html"] = render_markdown(values["description"])
    if "kind" in changes:
        values["kind"] = _clean_kind(changes["kind"])
    zone = clean_timezone(changes["timezone"]) if "timezone" in changes else event.timezone
    if "timezone" in changes:
        values["timezone"] = zone
    if {"starts_at", "ends_at"} & set(changes):
        starts_at, ends_at = _clean_times(
            changes.get("starts_at", event.starts_at), changes.get("ends_at", event.ends_at), zone
        )
        if starts_at != event.starts_at and starts_at <= (now or _now()):
            raise ValidationError({"starts_at": "The event must start in the future."})
        values.update(starts_at=starts_at, ends_at=ends_at)
    if "venue" in changes:
        values["venue"] = (changes["venue"] or "").strip()[:300]
    if "meeting_link" in changes:
        values["meeting_link"] = _clean_link(changes["meeting_link"])
    if "capacity" in changes:
        capacity = _clean_capacity(changes["capacity"])
        going = queries.going_count(event)
        if capacity is not None and capacity < going:
            raise ValidationError(
                {"capacity": f"{going} people are already going; capacity cannot be below that."}
            )
        values["capacity"] = capacity
    if "speakers" in changes:
        values["speakers"] = _clean_speakers(changes["speakers"])
    topic_list = clean_topics(changes["topics"]) if "topics" in changes else None
    host_list = _clean_hosts(changes["hosts"], actor) if "hosts" in changes else None
    screening = None
    new_title = values.get("title", event.title)
    new_description = values.get("description", event.description)
    if (new_title, new_description) != (event.title, event.description):
        screening, text = _screen_event(new_title, new_description, post_anyway=post_anyway)
    for name, value in values.items():
        setattr(event, name, value)
    event.sequence += 1
    event.save()
    if topic_list is not None:
        event.topics.set(topic_list)
    if host_list is not None:
        event.hosts.set(host_list)
    record(actor, "events.event.edited", event, {"fields": sorted(changes)})
    if screening is not None:
        record_screened(event, screening, author=actor, where="event", text=text)
    if "capacity" in values:
        _promote_waitlist(event, actor=actor)
    return event


@transaction.atomic
def cancel_event(event: Event, *, actor: User, reason: str = "") -> Event:
    """Cancel an event (hosts, moderators, owners). Everyone going, waitlisted or interested is told.
    RSVPs are kept so the record shows who had planned to come."""
    check_can_manage_event(actor, event)
    event = _lock(event)
    if event.is_cancelled:
        return event
    reason = (reason or "").strip()[:1000]
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason
    event.cancelled_at = _now()
    event.sequence += 1
    event.save(update_fields=["status", "cancel_reason", "cancelled_at", "sequence", "updated_at"])
    told = Rsvp.objects.filter(
        event=event, status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.INTERESTED]
    ).select_related("user")
    count = 0
    for rsvp in told:
        text = f"“{event.title}” was cancelled" + (f": {reason}" if reason else ".")
        if notify(
            rsvp.user,
            kind=Kind.EVENT_CANCELLED,
            text=text,
            url=event.get_absolute_url(),
            actor=actor,
        ):
            count += 1
    record(actor, "events.event.cancelled", event, {"reason": reason, "told": count})
    return event


@transaction.atomic
def duplicate_event(
    event: Event,
    *,
    actor: User,
    starts_at: datetime,
    ends_at: datetime | None = None,
    now: datetime | None = None,
) -> Event:
    """A new scheduled event with the same details (hosts, topics, speakers) at a new time. Without
    `ends_at` it lasts as long as the original. RSVPs are not copied."""
    check_can_manage_event(actor, event)
    if ends_at is None:
        start = _as_utc(starts_at, event.timezone, "starts_at")
        ends_at = start + (event.ends_at - event.starts_at)
    copy = create_event(
        actor=actor,
        title=event.title,
        description=event.description,
        kind=event.kind,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=event.timezone,
        venue=event.venue,
        meeting_link=event.meeting_link,
        capacity=event.capacity,
        topics=[t.slug for t in event.topics.all()],
        hosts=[h for h in event.hosts.all() if can_create_event(h)] or [actor],
        speakers=event.speakers,
        now=now,
    )
    copy.duplicated_from = event
    copy.save(update_fields=["duplicated_from"])
    record(actor, "events.event.duplicated", copy, {"from": event.pk})
    return copy


# --- RSVP and the waitlist ----------------------------------------------------------------------


def _new_code(event: Event) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Rsvp.objects.filter(event=event, checkin_code=code).exists():
            return code


def _check_open(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise ValidationError("This event was cancelled; it no longer takes RSVPs.")
    if event.ends_at <= now:
        raise ValidationError("This event is over; it no longer takes RSVPs.")


@transaction.atomic
def rsvp(
    event: Event,
    *,
    actor: User,
    status: str,
    acknowledge_conduct: bool = False,
    now: datetime | None = None,
) -> str:
    """Answer an event: going, interested or not going. Returns the resulting status: "going",
    "waitlisted", "interested" or "not_going".

    Going needs the current Code of Conduct accepted and `acknowledge_conduct=True` (the version is
    kept on the RSVP). When the event is full the person joins the waitlist. Leaving a place (any
    answer other than going) promotes the next waitlisted person. Refused for cancelled and past events,
    for a person asked to leave this event, and for a person barred from events. The event row is locked,
    so when two people take the last place at once exactly one gets it.
    """
    check_permission(actor, Permission.READ_MEMBERS)
    if status not in ANSWERS:
        raise ValidationError({"status": f"Answer one of: {', '.join(ANSWERS)}."})
    now = now or _now()
    event = _lock(event)
    _check_open(event, now)
    existing = Rsvp.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.status == RsvpStatus.REMOVED:
        raise ValidationError("You were asked to leave this event, so you cannot RSVP to it again.")
    if status != RsvpStatus.NOT_GOING:
        check_may_participate(actor, action="rsvp", event=event)
        bar = queries.active_bar(actor, now=now)
        if bar is not None:
            raise ValidationError(f"You cannot RSVP to events until {bar.until:%Y-%m-%d}.")
    before = existing.status if existing else ""
    if status == RsvpStatus.GOING:
        check_conduct_accepted(actor)
        if not acknowledge_conduct:
            raise ValidationError(
                {
                    "acknowledge_conduct": "Please confirm that you will follow the Code of Conduct at this event."
                }
            )
        if before in (RsvpStatus.GOING, RsvpStatus.WAITLISTED):
            return before
        full = event.capacity is not None and (
            queries.going_count(event) >= event.capacity
            or Rsvp.objects.filter(event=event, status=RsvpStatus.WAITLISTED).exists()
        )
        result = RsvpStatus.WAITLISTED if full else RsvpStatus.GOING
    else:
        result = status
    if result == before:
        return result
    rsvp = existing or Rsvp(event=event, user=actor, checkin_code=_new_code(event))
    rsvp.status = result
    if status == RsvpStatus.GOING:
        rsvp.conduct_version = current_version()
        rsvp.acknowledged_at = now
    rsvp.waitlisted_at = now if result == RsvpStatus.WAITLISTED else None
    rsvp.save()
    record(actor, f"events.rsvp.{result}", event, {"from": before, "to": result})
    if before == RsvpStatus.GOING:
        _promote_waitlist(event, actor=None)
    return result


def cancel_rsvp(event: Event, *, actor: User, now: datetime | None = None) -> str:
    """Withdraw from an event (going, waitlisted or interested): the same as answering "not going"."""
    return rsvp(event, actor=actor, status=RsvpStatus.NOT_GOING, now=now)


def _promote_waitlist(event: Event, *, actor: User | None) -> list[Rsvp]:
    """Offer freed places to the waitlist in order; each person promoted is told. The caller holds the
    event lock and runs inside its transaction."""
    if event.is_cancelled:
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - queries.going_count(event)
    candidates = queries.waitlist(event)
    if free is not None:
        candidates = candidates[: max(free, 0)]
    for rsvp in list(candidates):
        rsvp.status = RsvpStatus.GOING
        rsvp.waitlisted_at = None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        record(actor, "events.rsvp.promoted", event, {"user": rsvp.user_id})
        notify(
            rsvp.user,
            kind=Kind.WAITLIST_PROMOTED,
            text=f"A place opened up: you're going to “{event.title}”.",
            url=event.get_absolute_url(),
        )
        promoted.append(rsvp)
    return promoted


# --- invitations ------------------------------------------------------------------------------


@transaction.atomic
def invite_to_event(
    event: Event,
    *,
    actor: User,
    invitee: User | None = None,
    email: str = "",
    note: str = "",
    post_anyway: bool = False,
) -> EventInvitation:
    """Invite a connection (a member `actor` follows or who follows them) to `event`, who is notified;
    or a person who is not a member yet by `email`, through a community invitation: once they join
    (accepting the Code of Conduct) `queries.event_for_new_member` sends them to the event's RSVP.
    Needs the current Code of Conduct accepted. Refused for cancelled or past events."""
    from commons.community.actions import invite_person

    check_permission(actor, Permission.READ_MEMBERS)
    check_conduct_accepted(actor)
    check_may_participate(actor, action="invite", others=[invitee])
    _check_open(event, _now())
    if (invitee is None) == (not email):
        raise ValidationError("Invite either a member or an email address.")
    if invitee is not None:
        if invitee.pk == actor.pk:
            raise ValidationError("You cannot invite yourself.")
        if not invitee.is_active:
            raise ValidationError({"invitee": "That member is not active."})
        if not (follows(actor.pk, invitee.pk) or follows(invitee.pk, actor.pk)):
            raise ValidationError(
                {"invitee": "You can invite your connections: people you follow or who follow you."}
            )
        invitation, created = EventInvitation.objects.get_or_create(
            event=event, inviter=actor, invitee=invitee
        )
        if created:
            record(actor, "events.invitation.sent", event, {"invitee": invitee.pk})
            # A person who blocked the inviter is not told; the inviter is not told that either.
            if not is_blocked(invitee.pk, actor.pk):
                notify(
                    invitee,
                    kind=Kind.EVENT_INVITATION,
                    actor=actor,
                    text=f"{actor} invited you to “{event.title}”",
                    url=event.get_absolute_url(),
                )
        return invitation
    starts = event.starts_at.astimezone(ZoneInfo(event.timezone))
    line = f"You're also invited to the event “{event.title}” on {starts:%A %d %B %Y, %H:%M} ({event.timezone})."
    # The member's note is screened there, as every invitation's; the event line is the site's.
    community_invitation, _token = invite_person(
        inviter=actor, email=email, note=note, post_anyway=post_anyway, footer=line
    )
    invitation = EventInvitation.objects.create(
        event=event, inviter=actor, community_invitation=community_invitation
    )
    record(actor, "events.invitation.sent", event, {"email": community_invitation.email})
    return invitation


# --- check-in and attendance --------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def check_in(
    event: Event,
    *,
    actor: User,
    rsvp: Rsvp | None = None,
    code: str = "",
    now: datetime | None = None,
) -> Rsvp:
    """Check an attendee in at the door, by their RSVP (from the list or a name search) or by the code on
    their ticket. Hosts, moderators and owners. Only people going can be checked in; checking in twice
    changes nothing."""
    check_can_manage_event(actor, event)
    event = _lock(event)
    if event.is_cancelled:
        raise ValidationError("This event was cancelled; there is nobody to check in.")
    if rsvp is not None:
        found = Rsvp.objects.filter(pk=rsvp.pk, event=event).select_related("user").first()
        if found is None:
            raise ValidationError("That ticket is not for this event.")
    else:
        normalised = normalise_code(code)
        if not normalised:
            raise ValidationError({"code": "Enter the attendee's code."})
        found = (
            Rsvp.objects.filter(event=event, checkin_code=normalised).select_related("user").first()
        )
        if found is None:
            raise ValidationError({"code": "No ticket with that code for this event."})
    if found.status != RsvpStatus.GOING:
        raise ValidationError(
            f"{found.user} is not on the going list ({found.get_status_display().lower()}); "
            "only people going can be checked in."
        )
    if found.checked_in_at is not None:
        return found
    found.checked_in_at = now or _now()
    found.checked_in_by = actor
    found.attendance = Attendance.ATTENDED
    found.save(update_fields=["checked_in_at", "checked_in_by", "attendance", "updated_at"])
    record(
        actor, "events.attendee.checked_in", event, {"user": found.user_id, "by_code": rsvp is None}
    )
    return found


@transaction.atomic
def record_attendance(event: Event, *, now: datetime | None = None) -> int:
    """After an event ends, record who came: people going and checked in attended; people going who
    were never checked in are no-shows. Run by the system (`commons tick`, Celery beat); idempotent.
    Returns the number of no-shows recorded (0 when the event has not ended or was already done)."""
    now = now or _now()
    event = _lock(event)
    if event.ends_at > now or event.attendance_recorded_at is not None or event.is_cancelled:
        return 0
    no_shows = Rsvp.objects.filter(
        event=event, status=RsvpStatus.GOING, checked_in_at__isnull=True
    ).update(attendance=Attendance.NO_SHOW)
    attended = Rsvp.objects.filter(
        event=event, status=RsvpStatus.GOING, checked_in_at__isnull=False
    ).count()
    event.attendance_recorded_at = now
    event.save(update_fields=["attendance_recorded_at", "updated_at"])
    record(None, "events.attendance.recorded", event, {"attended": attended, "no_shows": no_shows})
    return no_shows


def record_all_attendance(*, now: datetime | None = None) -> int:
    """`record_attendance` for every event that ended and has no attendance yet; returns how many."""
    now = now or _now()
    done = 0
    pending = Event.objects.filter(
        ends_at__lte=now, attendance_recorded_at__isnull=True, status=EventStatus.SCHEDULED
    ).values_list("pk", flat=True)
    for pk in list(pending):
        record_attendance(Event(pk=pk), now=now)
        done += 1
    return done


# --- asking someone to leave ---------------------------------------------------------------------


def _bar_end(until, now: datetime) -> datetime:
    if isinstance(until, datetime):
        end = until if timezone.is_aware(until) else until.replace(tzinfo=UTC)
    elif isinstance(until, date):
        end = datetime.combine(until, time.min, tzinfo=UTC)
    else:
        raise ValidationError({"barred_until": "Give a date."})
    if end <= now:
        raise ValidationError({"barred_until": "The date must be in the future."})
    return end


@transaction.atomic
def remove_attendee(
    event: Event,
    user: User,
    *,
    actor: User,
    message: str,
    barred_until: date | datetime | None = None,
    case_id: int | None = None,
    now: datetime | None = None,
) -> EventRemoval:
    """Ask `user` to leave `event` (hosts and moderators, and owners). `message` is sent privately to
    that person only. Their RSVP becomes "removed" and they cannot RSVP to this event again; with
    `barred_until` (a date, taken as midnight UTC) they cannot RSVP to any event until then. A place
    they held goes to the waitlist. `case_id` links a safety case. Audited as `events.attendee.removed`.
    """
    check_can_manage_event(actor, event)
    now = now or _now()
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": "Write a private message to the person saying why."})
    if len(message) > MAX_REMOVAL_MESSAGE:
        raise ValidationError(
            {"message": f"The message is too long (at most {MAX_REMOVAL_MESSAGE:,} characters)."}
        )
    if user.pk == actor.pk:
        raise ValidationError("You cannot remove yourself; cancel your RSVP instead.")
    end = _bar_end(barred_until, now) if barred_until else None
    event = _lock(event)
    if queries.is_event_host(user, event):
        raise PermissionDenied("A host cannot be removed; take them off the hosts first.")
    rsvp = Rsvp.objects.filter(event=event, user=user).first()
    if rsvp is not None and rsvp.status == RsvpStatus.REMOVED:
        raise ValidationError(f"{user} was already asked to leave this event.")
    previous = rsvp.status if rsvp else ""
    if rsvp is None:
        rsvp = Rsvp(event=event, user=user, checkin_code=_new_code(event))
    rsvp.status = RsvpStatus.REMOVED
    rsvp.waitlisted_at = None
    rsvp.save()
    removal = EventRemoval.objects.create(
        event=event,
        user=user,
        removed_by=actor,
        message=message,
        previous_status=previous,
        barred_until=end,
        case_id=case_id,
    )
    if end is not None:
        EventBar.objects.create(user=user, until=end, removal=removal, created_by=actor)
    record(
        actor,
        "events.attendee.removed",
        removal,
        {
            "event": event.pk,
            "user": user.pk,
            "previous": previous,
            "barred_until": end.isoformat() if end else None,
        },
    )
    notify(
        user,
        kind=Kind.EVENT_REMOVED,
        text=f"About “{event.title}”: {' '.join(message.split())}",
        url=event.get_absolute_url(),
    )
    if previous == RsvpStatus.GOING:
        _promote_waitlist(event, actor=actor)
    return removal


# --- personal calendar feed -----------------------------------------------------------------------


@transaction.atomic
def create_calendar_token(user: User, *, actor: User) -> str:
    """Create (or rotate) `user`'s secret calendar feed token; returns it, shown once. Any earlier token
    stops working. Only the member themself."""
    if actor.pk != user.pk:
        raise PermissionDenied("Only you can manage your calendar feed.")
    check_permission(actor, Permission.READ_MEMBERS)
    rotated = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=_now()
    )
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.create(user=user, token_hash=hashlib.sha256(token.encode()).hexdigest())
    record(
        actor,
        "events.calendar_token.rotated" if rotated else "events.calendar_token.created",
        user,
        {},
    )
    return token


rotate_calendar_token = create_calendar_token


@transaction.atomic
def revoke_calendar_token(user: User, *, actor: User) -> bool:
    """Stop `user`'s calendar feed; returns whether one was active. Only the member themself."""
    if actor.pk != user.pk:
        raise PermissionDenied("Only you can manage your calendar feed.")
    revoked = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=_now()
    )
    if revoked:
        record(actor, "events.calendar_token.revoked", user, {})
    return bool(revoked)
