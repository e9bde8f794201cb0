"""Sanctions enforced on other apps' actions through ``commons.core.restrictions``.

Registered from the app's ``ready()``. Policy, for moderators to read:

- **Suspension**: until its date the member may read but not take part (post, reply, react,
  mention, message, invite, RSVP, create events, edit their profile).
- **Formal warning**: until the member acknowledges it they may not take part; the message links
  to the page where they read and acknowledge it.
- **No-contact order**: until its date the member may not mention, tag, reply to, react to,
  message, or RSVP to events hosted by the protected members.
- A sanction past its date no longer applies, even before ``expire_sanctions`` marks it ended.
  Reading is never restricted. Every refusal says why and until when.
"""

from django.urls import NoReverseMatch, reverse

from commons.core.restrictions import Restricted, register

from .models import Outcome

# Actions that reach another member, and so are covered by a no-contact order.
CONTACT_ACTIONS = frozenset({"mention", "comment", "reply", "react", "message", "rsvp", "invite"})


def _until(decision) -> str:
    return f" until {decision.until:%Y-%m-%d}" if decision.until else ""


def _acknowledge_url(decision) -> str:
    try:
        return reverse("safety:acknowledge", args=[decision.pk])
    except NoReverseMatch:  # pragma: no cover - the URLs are always installed
        return ""


def check_sanctions(user, *, action: str, others=(), event=None) -> None:
    """Refuse ``action`` to a suspended member, a member with an unacknowledged warning, or a member
    under a no-contact order towards one of ``others`` (or a host of ``event``)."""
    from .queries import active_sanctions

    if not getattr(user, "is_authenticated", False):
        return
    sanctions = active_sanctions(user)
    if not sanctions:
        return
    for decision in sanctions:
        if decision.outcome == Outcome.SUSPENSION:
            raise Restricted(
                f"Your account is suspended{_until(decision)}: you can read, but not take part. "
                "See “Decisions about me” for the reason."
            )
    for decision in sanctions:
        if decision.outcome == Outcome.WARNING:
            raise Restricted(
                "You have a formal warning from the moderators to read and acknowledge before you "
                f"take part again: {_acknowledge_url(decision)}"
            )
    orders = [d for d in sanctions if d.outcome == Outcome.NO_CONTACT]
    if not orders or action not in CONTACT_ACTIONS:
        return
    reached = {getattr(o, "pk", o) for o in others}
    if event is not None:
        reached |= set(event.hosts.values_list("pk", flat=True))
    for order in orders:
        if reached & order.protected_ids:
            raise Restricted(
                "A no-contact order from the moderators keeps you from contacting this member"
                f"{_until(order)}."
            )


register(check_sanctions)
