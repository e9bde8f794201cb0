from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "commons.members"
    label = "members"
    verbose_name = "Members"

    def ready(self):
        from . import signals  # noqa: F401
