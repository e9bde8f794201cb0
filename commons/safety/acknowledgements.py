"""The acknowledgement every reporter gets by email, sent after the report is committed.

A failure to send is logged and leaves ``Report.acknowledged_at`` empty; the report itself is
already stored, so nothing is lost.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task
def send_report_acknowledgement(report_id: int) -> bool:
    """Email the reporter their report's reference, once. Idempotent; never raises on a send error."""
    from .models import Report

    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or report.acknowledged_at is not None:
        return False
    address = report.reporter.email if report.reporter_id else report.contact_email
    if not address:
        return False
    body = render_to_string(
        "safety/email/report_acknowledgement.txt",
        {
            "report": report,
            "community": settings.COMMUNITY_NAME,
            "my_reports": f"{settings.SITE_URL}{reverse('safety:my-reports')}"
            if report.reporter_id
            else "",
            "safety_email": settings.SAFETY_EMAIL,
        },
    )
    try:
        send_mail(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}We received your report {report.reference}",
            body,
            None,
            [address],
        )
    except Exception:  # any backend failure: the report stands, operators see the log
        logger.exception("could not send the acknowledgement of report %s", report.reference)
        return False
    Report.objects.filter(pk=report.pk).update(acknowledged_at=timezone.now())
    return True
