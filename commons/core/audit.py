"""The audit trail. Every action calls `record()` inside its own transaction."""

from typing import Any

from django.db import models, transaction

from .models import AuditEntry


def record(
    actor, verb: str, target: models.Model | None = None, data: dict[str, Any] | None = None
):
    """Append one audit entry: `actor` (a user or None for the system) did `verb` to `target`.

    Must be called inside the transaction of the change it describes, so that both commit or
    neither does. `verb` is dotted and past tense (`conduct.version.published`).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit record {verb!r} written outside a transaction")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )
