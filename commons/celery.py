"""Celery application. Without REDIS_URL tasks run inline (eagerly), after the transaction commits."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commons.settings")

app = Celery("commons")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
