"""The audit trail. Every action calls `record()` inside its own transaction.

The log is a hash chain (see `AuditEntry`): each entry stores the hash of the one before it, and
`verify_chain()` (`commons audit verify`) walks it to find an entry edited or deleted behind the
application's back.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .locks import AUDIT_CHAIN, hold_until_commit
from .models import AuditEntry


def record(
    actor, verb: str, target: models.Model | None = None, data: dict[str, Any] | None = None
):
    """Append one audit entry: `actor` (a user or None for the system) did `verb` to `target`.

    Must be called inside the transaction of the change it describes, so that both commit or
    neither does. `verb` is dotted and past tense (`conduct.version.published`). The entry is
    chained to the one before it; appends are serialised until the transaction ends, so concurrent
    writers never fork the chain.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit record {verb!r} written outside a transaction")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # Store exactly what the database will give back, so the hash can be recomputed from a read.
    data = json.loads(json.dumps(data or {}))
    _lock_chain()
    prev_hash = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data,
        prev_hash=prev_hash,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


def _lock_chain() -> None:
    """Hold the chain until this transaction ends. SQLite needs nothing: Commons opens its
    transactions IMMEDIATE, so only one writer is ever inside one. On PostgreSQL an advisory
    transaction lock does it, and unlike a lock on the last row it also covers an empty log and
    the writer that was waiting on a row that is no longer the last."""
    hold_until_commit(AUDIT_CHAIN)


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str
    problems: list[ChainProblem]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_chain(progress: Callable[[int], None] | None = None) -> ChainReport:
    """Walk the whole log in id order, recomputing every hash and checking every link.

    An entry whose hash does not match its fields was edited; an entry whose `prev_hash` is not
    the hash of the entry before it follows a deleted entry (or one edited together with its
    hash). `progress(n)` is called every `n` entries. Reads in chunks; writes nothing.
    """
    problems: list[ChainProblem] = []
    previous_id, previous_hash, count = None, "", 0
    for entry in _entries(progress):
        count += 1
        if entry.hash != entry.compute_hash():
            problems.append(
                ChainProblem(
                    entry.pk,
                    f"entry {entry.pk} ({entry.verb}) was edited: its hash does not match its contents",
                )
            )
        if entry.prev_hash != previous_hash:
            where = f"after entry {previous_id}" if previous_id else "at the start of the log"
            problems.append(
                ChainProblem(
                    entry.pk,
                    f"entry {entry.pk} ({entry.verb}) does not follow the entry before it: "
                    f"an entry {where} was deleted, or that entry was edited",
                )
            )
        previous_id, previous_hash = entry.pk, entry.hash
    return ChainReport(entries=count, head=previous_hash, problems=problems)


def _entries(progress, chunk: int = 2000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].pk
        if progress is not None:
            progress(len(batch))
