"""One-click unsubscribe from notification emails (RFC 8058), without logging in.

Every notification email carries a link signed for its recipient (``django.core.signing``, with its
own salt): opening it shows a button, and a POST to it, from that button or from the mail client's
own unsubscribe button (``List-Unsubscribe-Post``), turns the member's notification emails off.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "commons.notifications.unsubscribe"


def token_for(user) -> str:
    return signing.dumps(user.pk, salt=SALT)


def url_for(user) -> str:
    return f"{settings.SITE_URL}{reverse('notifications:unsubscribe', args=[token_for(user)])}"


def member_for(token: str):
    """The member a token was made for, with their profile; None when it was altered or their
    account is closed."""
    from commons.members.models import User

    try:
        user_id = int(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return User.objects.select_related("profile").filter(pk=user_id, is_active=True).first()


def stop_emails(user) -> None:
    """Turn `user`'s notification emails off, as their own preference change (audited); nothing is
    written when they already are."""
    from commons.members.actions import update_preferences
    from commons.members.models import EmailMode

    if user.profile.email_notifications != EmailMode.OFF:
        update_preferences(user, actor=user, email_notifications=EmailMode.OFF)


def headers_for(user) -> dict[str, str]:
    """The headers mail clients turn into their own unsubscribe button."""
    return {
        "List-Unsubscribe": f"<{url_for(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
