"""The tamper-evident audit log: every entry carries the hash of the one before it, and
`commons audit verify` finds an entry edited or deleted behind the application's back."""

import importlib
import io
import threading

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction

from commons.cli import main
from commons.core.audit import record, verify_chain
from commons.core.models import AuditEntry


def _record(n: int, actor=None) -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(record(actor, "core.test.done", None, {"i": i, "note": "café"}))
    return entries


def _verify(capsys, *args) -> tuple[int, list[str]]:
    """Run `audit verify` in this test's transaction (the `commons` entry point closes the
    connection afterwards, which only a transactional test survives)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", "--no-progress", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue().strip().splitlines()


def test_record_links_each_entry_to_the_one_before(member):
    first, second = _record(2, member)
    assert second.prev_hash == first.hash
    assert len(second.hash) == 64 and second.hash != first.hash


def test_record_hash_covers_the_entry_as_stored(member):
    (entry,) = _record(1, member)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.hash == stored.compute_hash() == entry.hash


def test_the_first_entry_of_an_empty_log_starts_the_chain(db):
    (entry,) = _record(1)
    assert entry.prev_hash == ""
    assert verify_chain().intact


def test_verify_on_an_intact_log_exits_0_with_one_summary_line(member, capsys):
    _record(3, member)
    code, lines = _verify(capsys)
    head = AuditEntry.objects.order_by("-id").first().hash
    assert code == 0
    assert lines == [f"audit chain intact: {AuditEntry.objects.count()} entries, head {head}"]


def test_verify_names_an_entry_edited_with_a_queryset_update(member, capsys):
    _, edited, _ = _record(3, member)
    AuditEntry.objects.filter(pk=edited.pk).update(verb="core.test.undone")
    code, lines = _verify(capsys)
    assert code == 1
    assert len(lines) == 1
    assert f"entry {edited.pk} " in lines[0] and "edited" in lines[0]


def test_verify_names_an_entry_whose_data_was_edited_with_raw_sql(member, capsys):
    _, edited, _ = _record(3, member)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET data = %s WHERE id = %s", ['{"i": 99}', edited.pk])
    code, lines = _verify(capsys)
    assert code == 1
    assert [line for line in lines if f"entry {edited.pk} " in line and "edited" in line]


def test_verify_finds_the_gap_a_deleted_entry_leaves(member, capsys):
    before, deleted, after = _record(3, member)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [deleted.pk])
    code, lines = _verify(capsys)
    assert code == 1
    assert len(lines) == 1
    assert f"entry {after.pk} " in lines[0]
    assert f"after entry {before.pk} was deleted" in lines[0]


def test_verify_finds_an_entry_edited_together_with_its_own_hash(member, capsys):
    _, edited, after = _record(3, member)
    edited.verb = "core.test.forged"
    AuditEntry.objects.filter(pk=edited.pk).update(verb=edited.verb, hash=edited.compute_hash())
    code, lines = _verify(capsys)
    assert code == 1
    assert len(lines) == 1 and f"entry {after.pk} " in lines[0]


def test_verify_finds_a_deleted_first_entry(db, capsys):
    first, second = _record(2)
    AuditEntry.objects.filter(pk=first.pk).delete()
    code, lines = _verify(capsys)
    assert code == 1
    assert f"entry {second.pk} " in lines[0] and "at the start of the log" in lines[0]


def test_verify_lists_one_line_per_problem(member, capsys):
    entries = _record(5, member)
    AuditEntry.objects.filter(pk__in=[entries[1].pk, entries[3].pk]).update(target_repr="x")
    code, lines = _verify(capsys)
    assert code == 1
    assert len(lines) == 2


@pytest.mark.django_db(transaction=True)
def test_commons_audit_verify_exits_1_when_an_entry_was_edited(capsys):
    _, edited = _record(2)
    assert main(["audit", "verify", "--no-progress"]) == 0
    AuditEntry.objects.filter(pk=edited.pk).update(data={"i": 7})
    capsys.readouterr()
    assert main(["audit", "verify", "--no-progress"]) == 1
    assert f"entry {edited.pk} " in capsys.readouterr().out


def test_verify_with_an_anchor_finds_a_cut_off_end(member, capsys):
    *_, last = _record(3, member)
    assert _verify(capsys, "--anchor", last.hash)[0] == 0
    AuditEntry.objects.filter(pk=last.pk).delete()
    code, lines = _verify(capsys, "--anchor", last.hash)
    assert code == 1
    assert lines == [
        f"audit chain broken: no entry carries the anchor {last.hash}: the log was cut off after it"
    ]


def test_backfill_migration_chains_existing_entries_exactly_as_record_does(member):
    _record(3, member)
    written = list(AuditEntry.objects.order_by("id").values_list("prev_hash", "hash"))
    AuditEntry.objects.update(prev_hash="", hash="")
    assert not verify_chain().intact
    migration = importlib.import_module("commons.core.migrations.0003_backfill_audit_hash_chain")
    migration.backfill(apps, None)
    assert list(AuditEntry.objects.order_by("id").values_list("prev_hash", "hash")) == written
    assert verify_chain().intact


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers by its IMMEDIATE transactions",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    writers, each = 8, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write():
        try:
            barrier.wait(timeout=10)
            for i in range(each):
                with transaction.atomic():
                    record(None, "core.test.raced", None, {"i": i})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    report = verify_chain()
    assert report.problems == []
    assert report.entries == AuditEntry.objects.count() >= writers * each
    prev_hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(prev_hashes) == len(set(prev_hashes))


def test_verify_reports_progress_over_every_entry(member):
    _record(3, member)
    seen = []
    report = verify_chain(progress=seen.append)
    assert sum(seen) == report.entries == AuditEntry.objects.count()


def test_commons_help_lists_audit_verify(capsys):
    assert main(["--help"]) == 0
    assert "commons audit verify" in capsys.readouterr().out
