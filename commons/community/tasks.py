from celery import shared_task


@shared_task
def notify_topic_followers(post_id: int) -> int:
    """Tell followers of a new post's topics about it (once each, not the author). Idempotent."""
    from .fanout import notify_topic_followers as run

    return run(post_id)


@shared_task
def send_invitation_email(invitation_id: int, token: str) -> None:
    """Email an invitation with its single-use link."""
    from .fanout import send_invitation_email as run

    run(invitation_id, token)


@shared_task
def refresh_trending_topics() -> int:
    """Recompute the trending topics cache so no page request pays for it. Idempotent."""
    from .queries import refresh_trending_topics as run

    return len(run())
