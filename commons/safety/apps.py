from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "commons.safety"
    label = "safety"
    verbose_name = "Safety"
