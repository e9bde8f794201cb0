from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "commons.conduct"
    label = "conduct"
    verbose_name = "Code of Conduct"
