"""Scheduling helpers shared by every app's tasks."""

from django.db import transaction


def on_commit(task, *args, **kwargs) -> None:
    """Queue `task` with `args` once the current transaction commits; nothing runs on rollback.

    Without a broker (no REDIS_URL) Celery runs the task inline at that moment.
    """
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
