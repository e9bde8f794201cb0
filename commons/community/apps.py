from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "commons.community"
    label = "community"
    verbose_name = "Community"
