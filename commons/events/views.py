"""Event pages: the lists, one event with its RSVP and invitations, the host's tools and door view,
the member's tickets and calendar feed. Every change goes through `events.actions`.

Times are shown in the event's own time zone (where it happens) and in UTC; there is no per-member
time zone yet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from commons.conduct.moderation import ScreeningNudge
from commons.conduct.permissions import ConductNotAccepted
from commons.conduct.views import refuse
from commons.core.forms import apply_validation_error
from commons.members.queries import access_member

from . import actions, calendar, queries, tickets
from .forms import (
    CancelEventForm,
    CheckInCodeForm,
    DuplicateEventForm,
    EventForm,
    InviteEmailForm,
    InviteMemberForm,
    RemoveAttendeeForm,
    RsvpForm,
    wall_clock,
)
from .models import Rsvp, RsvpStatus
from .permissions import can_create_event, can_manage_event, can_see_attendees


def _managed_event(request, event_id):
    """The event, for the people who run it; 404 for everyone else (they need not know the tools)."""
    event = queries.access_event(request.user, event_id)
    if not can_manage_event(request.user, event):
        raise Http404("No such page.")
    return event


# --- lists and the event page -------------------------------------------------------------------


@require_GET
def event_list(request):
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    return render(
        request,
        "events/event_list.html",
        {
            "page": Paginator(queries.visible_events(request.user, when=when), 20).get_page(
                request.GET.get("page")
            ),
            "when": when,
            "can_create": can_create_event(request.user),
        },
    )


def _event_context(request, event, **forms) -> dict:
    viewer = request.user
    rsvp = queries.rsvp_for(viewer, event)
    context = {
        "event": event,
        "rsvp": rsvp,
        "meeting_link": queries.meeting_link_for(viewer, event),
        "can_manage": can_manage_event(viewer, event),
        "can_see_attendees": can_see_attendees(viewer),
        "attendees": queries.attendees(viewer, event)[: queries.ATTENDEES_SHOWN],
        "waitlist_position": (
            queries.waitlist_position(viewer, event)
            if rsvp and rsvp.status == RsvpStatus.WAITLISTED
            else None
        ),
        "places_left": (
            None if event.capacity is None else max(event.capacity - event.going_count, 0)
        ),
        "is_open": not event.is_cancelled and not _is_over(event),
        "can_cancel_rsvp": rsvp is not None
        and rsvp.status in (RsvpStatus.GOING, RsvpStatus.WAITLISTED, RsvpStatus.INTERESTED),
    }
    if viewer.is_authenticated:
        initial = {"status": rsvp.status if rsvp and rsvp.status in RsvpStatus.values else "going"}
        if initial["status"] == RsvpStatus.WAITLISTED:
            initial["status"] = RsvpStatus.GOING
        context["rsvp_form"] = forms.get("rsvp_form") or RsvpForm(initial=initial)
        context["invite_form"] = forms.get("invite_form") or InviteMemberForm(user=viewer)
        context["email_form"] = forms.get("email_form") or InviteEmailForm()
    return context


def _is_over(event) -> bool:
    return event.ends_at <= timezone.now()


@require_GET
def event_detail(request, event_id):
    event = queries.access_event(request.user, event_id)
    return render(request, "events/event_detail.html", _event_context(request, event))


@login_required
def event_going(request, event_id):
    """Everyone going, a page at a time (members; the event page names only the first few)."""
    event = queries.access_event(request.user, event_id)
    page = Paginator(queries.attendees(request.user, event), 50).get_page(request.GET.get("page"))
    return render(request, "events/event_going.html", {"event": event, "page": page})


@login_required
@require_POST
def event_rsvp(request, event_id):
    event = queries.access_event(request.user, event_id)
    form = RsvpForm(request.POST)
    back = event.get_absolute_url()
    if form.is_valid():
        try:
            result = actions.rsvp(
                event,
                actor=request.user,
                status=form.cleaned_data["status"],
                acknowledge_conduct=form.cleaned_data["acknowledge_conduct"],
            )
        except ConductNotAccepted as error:
            return refuse(request, error, back)
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _RSVP_DONE[result])
            return redirect(back)
    event = queries.access_event(request.user, event_id)
    return render(
        request, "events/event_detail.html", _event_context(request, event, rsvp_form=form)
    )


_RSVP_DONE = {
    RsvpStatus.GOING: "You're going. Your ticket is under My tickets.",
    RsvpStatus.WAITLISTED: "The event is full: you're on the waitlist. If a place frees, it's yours and we'll tell you.",
    RsvpStatus.INTERESTED: "Marked as interested.",
    RsvpStatus.NOT_GOING: "Marked as not going.",
}


@login_required
@require_POST
def event_rsvp_cancel(request, event_id):
    event = queries.access_event(request.user, event_id)
    try:
        actions.cancel_rsvp(event, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, event.get_absolute_url())
    messages.success(request, "Your RSVP is cancelled.")
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_invite(request, event_id):
    event = queries.access_event(request.user, event_id)
    by_email = "email" in request.POST
    form = (
        InviteEmailForm(request.POST)
        if by_email
        else InviteMemberForm(request.POST, user=request.user)
    )
    nudge = None
    if form.is_valid():
        try:
            if by_email:
                actions.invite_to_event(
                    event,
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    note=form.cleaned_data["note"],
                    post_anyway=request.POST.get("post_anyway") == "1",
                )
                who = form.cleaned_data["email"]
            else:
                invitee = form.cleaned_data["invitee"]
                actions.invite_to_event(event, actor=request.user, invitee=invitee)
                who = invitee.profile.display_name
        except ConductNotAccepted as error:
            return refuse(request, error, event.get_absolute_url())
        except ScreeningNudge as error:
            nudge = error
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {who}.")
            return redirect(event.get_absolute_url())
    key = "email_form" if by_email else "invite_form"
    context = _event_context(request, event, **{key: form})
    context.update(nudge=nudge, anyway_label="Send anyway")
    return render(request, "events/event_detail.html", context)


# --- creating and running events ------------------------------------------------------------------


def _post_anyway(request) -> bool:
    return request.POST.get("post_anyway") == "1"


@login_required
def event_create(request):
    if not can_create_event(request.user):
        raise Http404("No such page.")
    form = EventForm(request.POST or None)
    nudge = None
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(
                actor=request.user, post_anyway=_post_anyway(request), **form.action_kwargs()
            )
        except ConductNotAccepted as error:
            return refuse(request, error, "events:list")
        except ScreeningNudge as error:
            nudge = error
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your event is published.")
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": None, "nudge": nudge, "anyway_label": "Publish anyway"},
    )


@login_required
def event_edit(request, event_id):
    event = _managed_event(request, event_id)
    initial = {
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "starts_at": wall_clock(event.starts_at, event.timezone),
        "ends_at": wall_clock(event.ends_at, event.timezone),
        "timezone": event.timezone,
        "venue": event.venue,
        "meeting_link": event.meeting_link,
        "capacity": event.capacity,
        "topics": list(event.topics.all()),
        "hosts": list(event.hosts.all()),
        "speakers": event.speakers,
    }
    form = EventForm(request.POST or None, initial=initial)
    nudge = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_event(
                event,
                actor=request.user,
                post_anyway=_post_anyway(request),
                **form.action_kwargs(),
            )
        except ScreeningNudge as error:
            nudge = error
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The event is updated.")
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/event_form.html",
        {"form": form, "event": event, "nudge": nudge, "anyway_label": "Save anyway"},
    )


@login_required
def event_cancel(request, event_id):
    event = _managed_event(request, event_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.cancel_event(event, actor=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, event.get_absolute_url())
        messages.success(request, "The event is cancelled; everyone who answered is told.")
        return redirect(event.get_absolute_url())
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


@login_required
def event_duplicate(request, event_id):
    event = _managed_event(request, event_id)
    form = DuplicateEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = actions.duplicate_event(
                event, actor=request.user, starts_at=form.cleaned_data["starts_at"]
            )
        except ConductNotAccepted as error:
            return refuse(request, error, event.get_absolute_url())
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "A copy of the event is published.")
            return redirect(copy.get_absolute_url())
    return render(request, "events/event_duplicate.html", {"form": form, "event": event})


@login_required
def event_door(request, event_id, code_form=None):
    event = _managed_event(request, event_id)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "events/event_door.html",
        {
            "event": event,
            "q": q,
            "rsvps": queries.door_list(request.user, event, q=q),
            "invitations": queries.event_invitations(request.user, event),
            "code_form": code_form or CheckInCodeForm(),
        },
    )


@login_required
@require_POST
def event_check_in(request, event_id):
    event = _managed_event(request, event_id)
    door = reverse("events:door", args=[event.pk])
    if "rsvp" in request.POST:
        rsvp = get_object_or_404(Rsvp, pk=request.POST.get("rsvp") or 0, event=event)
        try:
            found = actions.check_in(event, actor=request.user, rsvp=rsvp)
        except (ValidationError, PermissionDenied) as error:
            return refuse(request, error, door)
    else:
        form = CheckInCodeForm(request.POST)
        if not form.is_valid():
            return event_door(request, event_id, code_form=form)
        try:
            found = actions.check_in(event, actor=request.user, code=form.cleaned_data["code"])
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
            return event_door(request, event_id, code_form=form)
    messages.success(request, f"{found.user.profile.display_name} is checked in.")
    return redirect(door)


@login_required
def event_remove(request, event_id, user_id):
    event = _managed_event(request, event_id)
    person = access_member(request.user, user_id)
    form = RemoveAttendeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.remove_attendee(
                event,
                person,
                actor=request.user,
                message=form.cleaned_data["message"],
                barred_until=form.cleaned_data["barred_until"],
            )
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"{person.profile.display_name} was asked to leave and told privately."
            )
            return redirect("events:door", event.pk)
    return render(
        request, "events/event_remove.html", {"form": form, "event": event, "person": person}
    )


# --- the member's tickets and calendar ---------------------------------------------------------------


@login_required
def my_tickets(request):
    rows = [
        {
            "rsvp": rsvp,
            "code": tickets.format_code(rsvp.checkin_code),
            "qr": tickets.ticket_qr_svg(rsvp) if rsvp.status == RsvpStatus.GOING else "",
        }
        for rsvp in queries.tickets(request.user)
    ]
    return render(request, "events/tickets.html", {"rows": rows})


@login_required
def calendar_settings(request):
    calendar_url = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            if actions.revoke_calendar_token(request.user, actor=request.user):
                messages.success(
                    request, "Your calendar feed is turned off; its address no longer works."
                )
            return redirect("events:calendar-settings")
        token = actions.create_calendar_token(request.user, actor=request.user)
        calendar_url = request.build_absolute_uri(reverse("events:personal-feed", args=[token]))
    active = request.user.calendar_tokens.filter(revoked_at__isnull=True).exists()
    return render(
        request,
        "events/calendar_settings.html",
        {"calendar_url": calendar_url, "active": active, "section": "calendar"},
    )


# --- calendar downloads ---------------------------------------------------------------------------


def _ics(body: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def event_calendar(request, event_id: int):
    """One event's `.ics`, with the meeting link only for confirmed attendees and the event's runners."""
    event = queries.access_event(request.user, event_id)
    return _ics(
        calendar.event_ics(event, viewer=request.user),
        f"event-{event.pk}.ics",
        private=request.user.is_authenticated,
    )


@require_GET
def personal_feed(request, token: str):
    """A member's personal feed, opened by its secret token alone (calendar apps send no cookies)."""
    user = queries.feed_owner(token)
    if user is None:
        raise Http404("No such calendar feed.")
    return _ics(calendar.personal_feed(user), "events.ics", private=True)
