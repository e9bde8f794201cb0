"""Small pieces every stage of the safety actions shares: references, the case timeline, parties.

Not exported from ``commons.safety.actions``: these write without their own audit record and are
called only from inside actions that write one.
"""

import secrets

from ..models import Case, CaseActivity, Party

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


def new_reference(prefix: str) -> str:
    """A reference people can quote (``R-7K2M9QXA`` for a report, ``C-…`` for a case)."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def add_activity(case: Case, actor, verb: str, text: str) -> CaseActivity:
    """One line of the case's timeline, as moderators read it (``actor`` None: the system)."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return CaseActivity.objects.create(case=case, actor=actor, verb=verb, text=text[:300])


def find_party(case: Case, *, role: str, user=None, email: str = "") -> Party | None:
    """The party of `case` with `role` who is `user` (or, without an account, `email`)."""
    parties = Party.objects.filter(case=case, role=role)
    if user is not None:
        return parties.filter(user=user).first()
    if email:
        return parties.filter(user=None, email__iexact=email).first()
    return None


def create_party(
    case: Case,
    *,
    role: str,
    user=None,
    email: str = "",
    name: str = "",
    anonymous_member=None,
) -> Party:
    """A new party with their own private thread (and the token that addresses it by email). A
    moderator who becomes a party is recused by the ``Party`` post-save signal."""
    return Party.objects.create(
        case=case,
        user=user,
        anonymous_member=anonymous_member,
        email=email,
        name=name[:120],
        role=role,
        reply_token=secrets.token_hex(16),
    )
