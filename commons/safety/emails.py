"""Emails about decisions and appeals. What the respondent reads never names a reporter; what a
reporter reads never gives private details of the decision."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .appeal_links import appeal_link
from .models import Appeal, Decision, Outcome, Report


def _send(subject: str, template: str, context: dict, to: str) -> None:
    if not to:
        return
    body = render_to_string(template, {"site": settings.SITE_URL, **context})
    send_mail(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"[:200], body, None, [to])


def send_decision_email(decision_id: int) -> None:
    from .queries import clauses_of

    decision = Decision.objects.select_related("respondent", "event").filter(pk=decision_id).first()
    if decision is None or decision.respondent is None:
        return
    # A removed member cannot log in: their email carries a signed link to appeal without it.
    link = appeal_link(decision) if decision.outcome == Outcome.REMOVAL else ""
    _send(
        f"A moderation decision: {decision.get_outcome_display()}",
        "safety/email/decision.txt",
        {"decision": decision, "clauses": clauses_of(decision), "appeal_link": link},
        decision.respondent.email,
    )


def send_report_outcome_email(report_id: int, took_action: bool) -> None:
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    _send(
        f"About your report {report.reference}",
        "safety/email/report_outcome.txt",
        {"report": report, "took_action": took_action},
        report.contact_email,
    )


def send_appeal_result_email(appeal_id: int) -> None:
    appeal = Appeal.objects.select_related("decision__respondent").filter(pk=appeal_id).first()
    if appeal is None or appeal.decision.respondent is None:
        return
    _send(
        "The result of your appeal",
        "safety/email/appeal_result.txt",
        {"appeal": appeal, "decision": appeal.decision},
        appeal.decision.respondent.email,
    )
