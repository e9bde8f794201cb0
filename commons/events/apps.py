from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "commons.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from commons.conduct.moderation import ScreenInput, register_content

        from . import actions
        from .models import Event, EventStatus

        def recent_events(since):
            return Event.objects.filter(
                updated_at__gte=since, status=EventStatus.SCHEDULED, created_by__isnull=False
            ).select_related("created_by")

        def event_input(event):
            text = actions.event_text(event.title, event.description)
            return ScreenInput(event.created_by, "event", text, {"where": "event"})

        register_content(
            Event,
            publish=actions.publish_screened_event,
            hide=actions.hide_screened_event,
            url=lambda event: event.get_absolute_url(),
            recent=recent_events,
            screen_input=event_input,
        )

        from commons.core.personal_data import register_erasure, register_export

        from . import personal_data

        register_export("events", personal_data.export)
        register_erasure("events", personal_data.erase)
