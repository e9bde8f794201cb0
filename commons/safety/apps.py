from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "commons.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self):
        from commons.core.personal_data import register_export

        from . import personal_data, restrictions, signals  # noqa: F401

        register_export("safety", personal_data.export)
