from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "commons.events"
    label = "events"
    verbose_name = "Events"
