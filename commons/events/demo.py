"""Demo events: past ones with attendance, upcoming ones with attendees, and a full one with a waitlist.
Loaded by `commons demo` after the community demo; idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

# (title, kind, days from now, hour (local), hours long, time zone, capacity, going, checked in, topics, description)
EVENTS = [
    (
        "Discovery call teardown, live",
        "online",
        -21,
        17,
        1,
        "America/Toronto",
        None,
        14,
        9,
        ["discovery"],
        "Three volunteers share a recorded discovery call; we take it apart, kindly.",
    ),
    (
        "Customer success breakfast, Toronto",
        "in_person",
        -9,
        8,
        2,
        "America/Toronto",
        30,
        12,
        10,
        ["customer-success", "renewals"],
        "Coffee, pastries and an honest conversation about health scores.",
    ),
    (
        "Renewals roundtable",
        "online",
        5,
        12,
        1,
        "Europe/London",
        None,
        16,
        0,
        ["renewals", "negotiation"],
        "Bring one renewal that keeps you up at night. We'll work through them together.",
    ),
    (
        "Small-group coaching: negotiating multi-year deals",
        "hybrid",
        9,
        18,
        2,
        "America/New_York",
        6,
        9,  # three more than fit: they wait in order
        0,
        ["negotiation"],
        "Six seats, one experienced coach, real deals. When it is full you can join the waitlist.",
    ),
    (
        "Women in sales leadership: fireside chat",
        "hybrid",
        16,
        19,
        2,
        "America/Toronto",
        80,
        11,
        0,
        ["leadership", "career"],
        "A conversation with three sales leaders about the path into leadership, and what they'd change.",
    ),
]
ACK = {"acknowledge_conduct": True}


def load_events_demo(progress: bool = True) -> dict:
    """Create the demo events with hosts, RSVPs, a waitlist and check-ins. Idempotent."""
    from commons.conduct.permissions import has_accepted_current_conduct
    from commons.members.actions import set_host
    from commons.members.models import User

    from . import actions
    from .models import Event

    if Event.objects.filter(title=EVENTS[0][0]).exists():
        return {"events": Event.objects.count(), "created": 0}
    owner = User.objects.get(email="owner@example.com")
    moderator = User.objects.get(email="moderator@example.com")
    alex = User.objects.get(email="alex@example.com")
    sam = User.objects.get(email="sam@example.com")
    everyone = [
        u
        for u in User.objects.filter(is_active=True).select_related("profile").order_by("pk")
        if has_accepted_current_conduct(u)
    ]
    people = [u for u in everyone if u.pk not in (owner.pk, moderator.pk, alex.pk, sam.pk)]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        set_host(alex, actor=owner, is_host=True)
    created = 0
    for i, row in enumerate(tqdm(EVENTS, desc="demo events", unit="event", disable=not progress)):
        title, kind, days, hour, hours, zone, capacity, going, checked_in, topics, description = row
        past = days < 0
        host = alex if i in (2, 3) else moderator
        attendees = people[(i * 5) % 7 :][:going]
        if i == 3:
            attendees = [*people[: going - 1], sam]  # Sam waits last in line
            capacity = min(
                capacity, max(1, len(attendees) - 3)
            )  # full with a waitlist, whatever the size
        elif i == 2:
            attendees = [sam, *attendees]
        with transaction.atomic():
            # Past events are made as upcoming ones, answered and checked in, then moved into the past:
            # the actions rightly refuse to create or RSVP to events that are over.
            starts_local = (now + timedelta(days=abs(days))).replace(tzinfo=None, hour=hour)
            event = actions.create_event(
                actor=host,
                title=title,
                description=description,
                kind=kind,
                starts_at=starts_local,
                ends_at=starts_local + timedelta(hours=hours),
                timezone=zone,
                venue="" if kind == "online" else "The Commons Loft, 120 King St W",
                meeting_link=""
                if kind == "in_person"
                else f"https://meet.example.com/commons-{i + 1}",
                capacity=capacity,
                topics=topics,
                speakers=[{"name": "Morgan Moderator", "about": "CS leader"}] if i == 4 else [],
            )
            answered = {host.pk}
            for person in attendees:
                if person.pk not in answered:
                    actions.rsvp(event, actor=person, status="going", **ACK)
                    answered.add(person.pk)
            for person in people[-4:]:
                if person.pk not in answered:
                    actions.rsvp(event, actor=person, status="interested")
            for ticket in list(event.rsvps.filter(status="going").order_by("pk")[:checked_in]):
                actions.check_in(event, actor=host, rsvp=ticket)
            if past:
                shift = timedelta(days=2 * abs(days))
                Event.objects.filter(pk=event.pk).update(
                    starts_at=event.starts_at - shift, ends_at=event.ends_at - shift
                )
                actions.record_attendance(event)
        created += 1
    return {"events": Event.objects.count(), "created": created}
