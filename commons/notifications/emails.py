"""Notification emails: one at a time, or a daily digest. Each notification is emailed at most once."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import unsubscribe
from .models import Notification


def _send(subject: str, body: str, user) -> None:
    """A notification email, with the headers of the mail client's own unsubscribe button."""
    EmailMessage(
        subject[:200], body, None, [user.email], headers=unsubscribe.headers_for(user)
    ).send()


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def send_immediate(notification_id: int, *, modes=("immediate",)) -> bool:
    """Email one notification now if its recipient's email setting is in `modes`; at most once."""
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
        if profile is None or profile.email_notifications not in modes:
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    recipient = notification.recipient
    body = render_to_string(
        "notifications/email_one.txt",
        {
            "notification": notification,
            "link": _absolute(notification.url),
            "unsubscribe": unsubscribe.url_for(recipient),
        },
    )
    _send(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.text}", body, recipient)
    return True


def send_digests(now=None) -> int:
    """Send one digest per member on the daily plan with notifications not yet emailed, at most once a day."""
    from commons.members.models import Profile

    now = now or timezone.now()
    sent = 0
    recipients = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__profile__email_notifications="daily",
            recipient__is_active=True,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        with transaction.atomic():
            profile = (
                Profile.objects.select_for_update(of=("self",))
                .select_related("user")
                .get(user_id=recipient_id)
            )
            last = (
                Notification.objects.filter(recipient_id=recipient_id, emailed_at__isnull=False)
                .order_by("-emailed_at")
                .values_list("emailed_at", flat=True)
                .first()
            )
            if last and now - last < timedelta(hours=23):
                continue
            items = list(
                Notification.objects.filter(
                    recipient_id=recipient_id, emailed_at__isnull=True
                ).order_by("created_at")[:50]
            )
            if not items:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        body = render_to_string(
            "notifications/email_digest.txt",
            {
                "profile": profile,
                "items": [(n, _absolute(n.url)) for n in items],
                "site": settings.SITE_URL,
                "unsubscribe": unsubscribe.url_for(profile.user),
            },
        )
        _send(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your daily digest ({len(items)})",
            body,
            profile.user,
        )
        sent += 1
    return sent
