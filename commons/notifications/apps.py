from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "commons.notifications"
    label = "notifications"
    verbose_name = "Notifications"
