from allauth.account.signals import email_changed
from django.dispatch import receiver


@receiver(email_changed)
def audit_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    from .actions import record_email_changed

    record_email_changed(
        user,
        old=getattr(from_email_address, "email", "") or "",
        new=getattr(to_email_address, "email", "") or "",
    )
