from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "commons.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from commons.core.personal_data import register_erasure, register_export

        from . import personal_data

        register_export("notifications", personal_data.export)
        register_erasure("notifications", personal_data.erase)
