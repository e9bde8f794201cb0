"""Calendar downloads. The event pages and the API come in a later step, over the same actions."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import calendar, queries


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
