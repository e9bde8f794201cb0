"""Signed appeal links: how a member who cannot log in (removed from the community) still appeals.

Policy, for moderators to read: the email telling a member they are removed from the community
carries a link, ``/safety/decisions/<id>/appeal/<token>/``. Holding the link is the credential: it
lets its holder read that one decision (outcome, reason, cited clauses; never who reported) and file
its one appeal, in the member's name, until the appeal window ends. It does nothing else: no login,
no other decision, no second appeal. Appeals filed through it are audited with ``"via": "link"``.

The token is ``django.core.signing`` (HMAC with the secret key) over the decision's id, the
respondent's id and the end of the appeal window, with a salt of its own, so no other signature the
site makes reads as one. Rotating the secret key invalidates every link; the member then writes to
the safety address as before.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

SALT = "commons.safety.appeal-link"


def make_appeal_token(decision, *, expires: datetime) -> str:
    """The token of the appeal link for `decision`'s respondent, valid until `expires`."""
    payload = {"d": decision.pk, "r": decision.respondent_id, "x": int(expires.timestamp())}
    return signing.dumps(payload, salt=SALT, compress=False)


def appeal_link(decision) -> str:
    """The full address of `decision`'s appeal link, expiring at the end of its appeal window."""
    from .actions import appeal_deadline

    token = make_appeal_token(decision, expires=appeal_deadline(decision))
    return settings.SITE_URL + reverse("safety:appeal-link", args=[decision.pk, token])


def read_appeal_token(token: str, *, decision_id: int, now: datetime | None = None) -> int:
    """The respondent id a token for `decision_id` vouches for.

    Raises ``ValidationError`` for a token that is not one of ours (cut short, edited) or that has
    expired, and ``Http404`` for a good token made for another decision.
    """
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        raise ValidationError(
            "This appeal link is not valid: use the whole link from the email about the decision.",
            code="bad_link",
        ) from None
    try:
        made_for, respondent_id, expires = int(payload["d"]), int(payload["r"]), payload["x"]
    except (KeyError, TypeError, ValueError):
        raise ValidationError("This appeal link is not valid.", code="bad_link") from None
    if made_for != int(decision_id):
        raise Http404("No such decision.")
    end = datetime.fromtimestamp(int(expires), tz=UTC)
    if (now or timezone.now()) > end:
        raise ValidationError(
            f"This appeal link expired on {end:%Y-%m-%d}: the time to appeal this decision is over.",
            code="expired_link",
        )
    return respondent_id
