from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "commons.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self):
        from . import restrictions, signals  # noqa: F401
