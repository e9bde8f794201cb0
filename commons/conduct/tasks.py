from celery import shared_task


@shared_task
def rescreen_recent(run_id: int) -> int:
    """Run a re-screening (``commons.conduct.rescreen.run_rescreen``); idempotent: a run that already
    started or ended is left alone. Returns how many items it queued."""
    from .rescreen import run_rescreen

    return run_rescreen(run_id).queued
