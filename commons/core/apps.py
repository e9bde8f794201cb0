from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "commons.core"
    label = "core"
    verbose_name = "Core"
