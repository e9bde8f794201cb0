"""Restrictions on taking part, imposed by apps later in the dependency chain.

Content and event actions cannot import the safety app (dependencies point one way), so the safety
app registers its checks here from its ``ready()``: suspensions, unacknowledged warnings and
no-contact orders. Actions call ``check_may_participate`` with what they are about to do.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied


class Restricted(PermissionDenied):
    """The member may not do this now; the message says why and until when."""


Check = Callable[..., None]
_checks: list[Check] = []


def register(check: Check) -> None:
    """Add ``check(user, *, action, others, event)``, which raises ``Restricted`` to refuse."""
    if check not in _checks:
        _checks.append(check)


def check_may_participate(user, *, action: str, others=(), event=None) -> None:
    """Raise ``Restricted`` when a registered restriction forbids ``user`` to do ``action``.

    ``action`` is a short verb (``post``, ``comment``, ``react``, ``message``, ``mention``, ``rsvp``,
    ``invite``, ``profile``, ``event``); ``others`` are the members the action reaches (the person
    messaged, mentioned or replied to); ``event`` is the event for RSVPs.
    """
    others = [o for o in others if o is not None]
    for check in _checks:
        check(user, action=action, others=others, event=event)
