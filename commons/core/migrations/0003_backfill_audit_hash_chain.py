"""Chain the audit entries written before the log was tamper-evident, oldest first (by id).

The hash is repeated here rather than imported: migrations never import app code. It must stay
identical to `commons.core.models.audit_hash`.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations


def _hash(entry, prev_hash):
    canonical = json.dumps(
        {
            "created_at": entry.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor_id": entry.actor_id,
            "verb": entry.verb,
            "target_type": entry.target_type,
            "target_id": entry.target_id,
            "target_repr": entry.target_repr,
            "data": entry.data,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def backfill(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    prev_hash = ""
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:1000])
        if not batch:
            return
        for entry in batch:
            entry.prev_hash = prev_hash
            entry.hash = _hash(entry, prev_hash)
            prev_hash = entry.hash
        # bulk_update writes through the queryset: the model's append-only save() is not involved
        AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])
        last_id = batch[-1].pk


def unchain(apps, schema_editor):
    apps.get_model("core", "AuditEntry").objects.update(prev_hash="", hash="")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditentry_hash_chain"),
    ]

    operations = [migrations.RunPython(backfill, unchain)]
