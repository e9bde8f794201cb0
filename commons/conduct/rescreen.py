"""Re-screening: read recent content again under the screening settings in force.

After owners or moderators change thresholds, actions or watched words, they may re-screen what was
written in the last N days (posts, comments, profiles, events, messages: every content type registered
with ``moderation.register_content(..., recent=, screen_input=)``). Policy, for moderators to read:

- re-screening never unpublishes, hides or changes anything by itself;
- content that the current settings would not allow as it is (nudge, hold or block) is put in the
  moderation queue as a pending ``ScreenedItem`` with its scores, flags and cited clauses, for a
  moderator to approve (nothing changes) or reject (hidden as for any screened item);
- each text is queued once: content already in the queue with the same text (pending or decided) is
  left alone, so running it twice, or after a moderator approved something, queues nothing new;
- the start and the end of each run are audited (``conduct.screening.rescreen-started``,
  ``conduct.screening.rescreen-finished`` with the counts), and each item it queues as
  ``conduct.screening.rescreened``.

A run is started by ``start_rescreen`` (a Celery task after commit; inline when there is no broker)
or by ``commons screening rescreen --days N``, and reports its progress in ``ScreeningRun``.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commons.core.audit import record
from commons.core.locks import RESCREEN, hold_until_commit
from commons.core.permissions import Permission, check_permission
from commons.core.tasks import on_commit

from .models import ReviewState, RunStatus, ScreenedItem, ScreeningRun
from .moderation import EXCERPT_LIMIT, rescreen_sources
from .screening import cited_clauses, screen_text

MAX_DAYS = 365
PROGRESS_EVERY = 25
# A run still pending or running after this long lost its worker: it no longer blocks a new run.
STALE_AFTER = timedelta(hours=6)


def clean_days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError({"days": "Give a number of days."}) from None
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"Re-screen between 1 and {MAX_DAYS} days."})
    return days


@transaction.atomic
def create_run(*, actor, days) -> ScreeningRun:
    """A new re-screening run of the last `days` days, audited as started; does not run it.

    `actor` None is an operator at the command line; a member must be an owner or a moderator.
    One run at a time: refused while another is pending or running, unless that one started over
    ``STALE_AFTER`` ago (its worker is gone): it is then marked failed, audited, and no longer blocks.
    """
    if actor is not None:
        check_permission(actor, Permission.MANAGE_SCREENING)
    days = clean_days(days)
    # Serialises starts, so two started in the same instant cannot both find no run going (the row
    # lock below locks nothing when there is no run yet).
    hold_until_commit(RESCREEN)
    active = list(
        ScreeningRun.objects.select_for_update().filter(
            status__in=[RunStatus.PENDING, RunStatus.RUNNING]
        )
    )
    stale_before = timezone.now() - STALE_AFTER
    for old in active:
        if old.created_at < stale_before:
            _finish(old, status=RunStatus.FAILED, error="Abandoned: it did not finish in time.")
    if any(old.created_at >= stale_before for old in active):
        raise ValidationError("A re-screening is already running; wait for it to finish.")
    run = ScreeningRun.objects.create(days=days, started_by=actor)
    record(actor, "conduct.screening.rescreen-started", run, {"days": days})
    return run


@transaction.atomic
def start_rescreen(*, actor, days) -> ScreeningRun:
    """Start re-screening the last `days` days in the background (owners and moderators).

    Returns the run at once; the task runs it after commit (inline when there is no broker).
    """
    from .tasks import rescreen_recent

    run = create_run(actor=actor, days=days)
    on_commit(rescreen_recent, run.pk)
    return run


def _candidates(since):
    return [(label, hooks, hooks.recent(since)) for label, hooks in rescreen_sources()]


def _already_queued(content_type, obj, excerpt: str) -> bool:
    return ScreenedItem.objects.filter(
        content_type=content_type, object_id=obj.pk, excerpt=excerpt
    ).exists()


def _queue(run: ScreeningRun, content_type, obj, screen_input, verdict, clauses) -> None:
    excerpt = screen_input.text[:EXCERPT_LIMIT]
    item = ScreenedItem.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        author=screen_input.author,
        where=screen_input.where,
        excerpt=excerpt,
        decision=verdict.decision,
        flags=list(verdict.flags),
        scores={k: round(v, 4) for k, v in verdict.scores.items()},
        spans=[dict(s) for s in verdict.spans],
        reasons=list(verdict.reasons),
        clause_keys={
            flag: (clauses[coc].key if coc in clauses else None)
            for flag, coc in verdict.citations.items()
        },
        review_state=ReviewState.PENDING,
    )
    record(
        run.started_by,
        "conduct.screening.rescreened",
        item,
        {"run": run.pk, "where": item.where, "flags": item.flags, "scores": item.scores},
    )


def run_rescreen(run_id: int, *, progress=None) -> ScreeningRun:
    """Re-screen the content of run `run_id` and queue what the settings in force would not allow.

    Called by the task and the command line. Each piece of content is screened and, when queued,
    written in its own short transaction, so the progress shows while it runs. `progress`, when
    given, is called with (done, total) as it goes. A run that is not pending is left alone
    (idempotent). Never changes the content itself.
    """
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.PENDING:
            return run
        run.status = RunStatus.RUNNING
        run.save(update_fields=["status"])
    since = run.created_at - timedelta(days=run.days)
    try:
        sources = _candidates(since)
        total = sum(queryset.count() for _, _, queryset in sources)
        ScreeningRun.objects.filter(pk=run.pk).update(total=total)
        clauses = cited_clauses()
        done = queued = 0
        for label, hooks, queryset in sources:
            content_type = ContentType.objects.get_by_natural_key(*label.split("."))
            for obj in queryset.iterator(chunk_size=200):
                done += 1
                screen_input = hooks.screen_input(obj)
                if screen_input is not None and screen_input.text.strip():
                    verdict = screen_text(screen_input.text, screen_input.context)
                    excerpt = screen_input.text[:EXCERPT_LIMIT]
                    if verdict.flags and not _already_queued(content_type, obj, excerpt):
                        with transaction.atomic():
                            _queue(run, content_type, obj, screen_input, verdict, clauses)
                        queued += 1
                if done % PROGRESS_EVERY == 0 or done == total:
                    ScreeningRun.objects.filter(pk=run.pk).update(done=done, queued=queued)
                if progress is not None:
                    progress(done, total)
    except Exception as error:
        _finish(run, status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    return _finish(run, status=RunStatus.FINISHED, done=done, queued=queued)


@transaction.atomic
def _finish(run: ScreeningRun, *, status: str, done=None, queued=None, error="") -> ScreeningRun:
    run = ScreeningRun.objects.select_for_update().get(pk=run.pk)
    run.status = status
    run.error = error[:2000]
    run.finished_at = timezone.now()
    if done is not None:
        run.done, run.queued = done, queued
    run.save()
    record(
        run.started_by,
        "conduct.screening.rescreen-finished",
        run,
        {"status": status, "total": run.total, "done": run.done, "queued": run.queued},
    )
    return run


def latest_runs(viewer, *, limit: int = 5):
    """The most recent re-screening runs, newest first; owners and moderators."""
    check_permission(viewer, Permission.MANAGE_SCREENING)
    return ScreeningRun.objects.select_related("started_by__profile")[:limit]


def access_run(viewer, pk) -> ScreeningRun:
    """A run by id; 404 for anyone who may not manage screening, and for unknown ids."""
    from django.http import Http404

    from commons.core.permissions import has_permission

    if not has_permission(viewer, Permission.MANAGE_SCREENING):
        raise Http404("No such run.")
    run = ScreeningRun.objects.filter(pk=pk).first()
    if run is None:
        raise Http404("No such run.")
    return run
