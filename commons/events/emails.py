"""Reminder emails. The in-app notification is the record; `emailed_at` makes each email go once."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from commons.members.models import EmailMode
from commons.notifications.models import Notification


def send_reminder(notification_id: int) -> bool:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient__profile")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        profile = getattr(notification.recipient, "profile", None)
        if profile is None or profile.email_notifications == EmailMode.OFF:
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    link = (
        f"{settings.SITE_URL}{notification.url}"
        if notification.url.startswith("/")
        else notification.url
    )
    body = render_to_string(
        "notifications/email_one.txt", {"notification": notification, "link": link}
    )
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.text}"[:200],
        body,
        None,
        [notification.recipient.email],
    )
    return True
