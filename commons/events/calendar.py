"""iCalendar (RFC 5545) output: one event's `.ics`, and a member's personal feed of the events they are
going to. Times carry the event's own time zone with its VTIMEZONE; the meeting link is written only
for people allowed to see it (`permissions.can_see_meeting_link`)."""

from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from . import queries
from .models import Event

PRODID = "-//Commons//Events//EN"


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, meeting_link: str, stamp) -> VEvent:
    zone = ZoneInfo(event.timezone)
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.title)
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    description = event.description
    if meeting_link:
        description = f"Join: {meeting_link}\n\n{description}".strip()
    if description:
        vevent.add("description", description)
    location = event.venue or meeting_link
    if location:
        vevent.add("location", location)
    return vevent


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _finish(cal: Calendar, events: list[Event]) -> bytes:
    if events:
        # VTIMEZONE components covering the events' years keep the file small yet exact.
        first = min(e.starts_at for e in events).date() - timedelta(days=366)
        last = max(e.ends_at for e in events).date() + timedelta(days=366)
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
        )
    return cal.to_ical()


def event_ics(event: Event, *, viewer) -> bytes:
    """One event as an `.ics` file, as `viewer` may see it."""
    cal = _calendar(event.title)
    cal.add_component(
        _vevent(event, meeting_link=queries.meeting_link_for(viewer, event), stamp=timezone.now())
    )
    return _finish(cal, [event])


def personal_feed(user) -> bytes:
    """`user`'s calendar feed: the events they are going to that have not ended (cancelled ones marked
    CANCELLED), with meeting links, since they are confirmed attendees."""
    cal = _calendar(f"{settings.COMMUNITY_NAME} events")
    stamp = timezone.now()
    events = [rsvp.event for rsvp in queries.feed_rsvps(user)]
    for event in events:
        # Every event here has `user` going, which is what lets them see the meeting link.
        cal.add_component(_vevent(event, meeting_link=event.meeting_link, stamp=stamp))
    return _finish(cal, events)
