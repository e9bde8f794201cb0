from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commons.api"
    label = "api"
    verbose_name = "REST API"
