"""Commons: a self-hosted community platform with the Code of Conduct built in."""

from .celery import app as celery_app

__all__ = ["celery_app"]
