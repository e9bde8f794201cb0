"""Background work of the safety app: thin, idempotent wrappers that load by id and call an action
or send one email."""

from celery import shared_task


@shared_task
def expire_sanctions() -> int:
    """End the sanctions whose date has passed (see ``actions.expire_sanctions``). Idempotent."""
    from .actions import expire_sanctions as expire

    return expire()


@shared_task
def send_decision_email(decision_id: int) -> None:
    """Email the respondent a decision with its reason, the clauses it cites and how to appeal.
    Never names a reporter."""
    from .emails import send_decision_email as send

    send(decision_id)


@shared_task
def send_report_outcome_email(report_id: int, took_action: bool) -> None:
    """Email a reporter without an account the outcome of their report, in general terms."""
    from .emails import send_report_outcome_email as send

    send(report_id, took_action)


@shared_task
def send_appeal_result_email(appeal_id: int) -> None:
    """Email the appellant the result of their appeal."""
    from .emails import send_appeal_result_email as send

    send(appeal_id)
