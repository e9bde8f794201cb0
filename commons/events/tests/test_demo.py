import pytest

from commons.events.models import Event, Rsvp


@pytest.mark.django_db
def test_events_demo_has_past_and_upcoming_events_a_waitlist_and_check_ins_and_is_idempotent(
    settings,
):
    from commons.demo import load_demo
    from commons.demo_community import load_community_demo
    from commons.events.demo import load_events_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo(members=14, progress=False)
    load_community_demo(progress=False)
    first = load_events_demo(progress=False)
    assert first == {"events": 5, "created": 5}
    assert load_events_demo(progress=False) == {"events": 5, "created": 0}
    past = Event.objects.filter(attendance_recorded_at__isnull=False)
    assert past.count() == 2
    assert Rsvp.objects.filter(event__in=past, attendance="attended").exists()
    assert Rsvp.objects.filter(event__in=past, attendance="no_show").exists()
    full = Event.objects.get(title__startswith="Small-group coaching")
    assert full.rsvps.filter(status="going").count() == full.capacity
    assert (
        full.rsvps.filter(status="waitlisted").order_by("-waitlisted_at", "-pk").first().user.email
        == "sam@example.com"
    )
