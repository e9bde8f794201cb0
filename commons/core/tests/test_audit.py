import pytest
from django.db import transaction

from commons.core.audit import record
from commons.core.models import AuditEntry


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_write_outside_a_transaction():
    with pytest.raises(RuntimeError):
        record(None, "core.test.done")


def test_record_is_rolled_back_with_its_action(member):
    before = AuditEntry.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record(member, "core.test.done", member)
        raise ZeroDivisionError
    assert AuditEntry.objects.count() == before


def test_record_keeps_actor_verb_and_target(member):
    with transaction.atomic():
        entry = record(member, "core.test.done", member.profile, {"n": 1})
    assert (entry.actor, entry.verb, entry.target_type, entry.data) == (
        member,
        "core.test.done",
        "members.profile",
        {"n": 1},
    )


def test_audit_entries_are_append_only(member):
    entry = AuditEntry.objects.first()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_audit_browser_is_for_owners_only(client, member, owner):
    client.force_login(member)
    assert client.get("/dashboard/audit/").status_code == 404
    client.force_login(owner)
    response = client.get("/dashboard/audit/", {"verb": "conduct."})
    assert response.status_code == 200
    assert b"conduct.version.published" in response.content
    assert b"members.profile.created" not in response.content
