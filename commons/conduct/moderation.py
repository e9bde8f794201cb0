"""Screening decisions applied to what members write, and the moderation queue they feed.

The actions that take text (posts, comments, ...) call ``apply_screening`` before writing anything.
What happens, for moderators to read:

- **allow**: nothing; the content is published as before and no record is kept.
- **nudge** (by default: solicitation outside pitch practice and recommendation replies, milder
  harassment or sexual remarks): the action is refused with ``ScreeningNudge``, which names the cited
  clause and the reasons, so the author can edit. If the author chooses "Post anyway"
  (``post_anyway=True``) the content is published, and a pending ``ScreenedItem`` puts it in the
  moderation queue.
- **hold** (by default: threats, hate, stronger harassment or sexual remarks): the content is saved but
  not published (status ``held``: out of feeds, search and notifications, seen only by its author and
  moderators); a pending ``ScreenedItem`` puts it in the queue and the author is told it is waiting for
  a moderator. ``post_anyway`` does not skip a hold.
- **block** (by default: someone else's personal information): refused with ``ScreeningBlock`` and the
  reason; nothing is written and no record is kept (the text was never published).
- **hold where nothing can wait** (profile fields, event details, invitation notes: they are shown or
  sent as soon as they are saved, and have no unpublished state): refused with ``ScreeningNotHeld``,
  like a block, so the author edits it; ``post_anyway`` does not skip it. Messages can wait: a held
  message is kept undelivered until a moderator approves it.

A moderator then approves (held content is published; posted-anyway content stays) or rejects (the
content is hidden, status ``hidden``, kept and never destroyed). Both are reversible by a later edit
or by support, and both are audited. Every decision that leaves a record is audited as
``conduct.screening.held`` or ``conduct.screening.posted-anyway`` with the flags and scores behind it.

Content types register how they are published and hidden with ``register_content`` (from their app's
``ready()``), so this module depends on no content app.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from commons.core.audit import record
from commons.core.permissions import Permission, check_permission, has_permission
from commons.screening import Verdict

from .models import ReviewState, ScreenedItem
from .screening import cited_clauses, screen_text

WAITING_MESSAGE = "Your text is waiting for a moderator: it will be published once they look at it."
EXCERPT_LIMIT = 2000


def _cited(verdict: Verdict) -> dict:
    """``{flag: clause}`` for the verdict's flags, clause None when the current version has none."""
    clauses = cited_clauses() if verdict.flags else {}
    return {flag: clauses.get(coc) for flag, coc in verdict.citations.items()}


def _clause_json(clause) -> dict | None:
    if clause is None:
        return None
    return {"key": clause.key, "title": clause.title, "text": clause.text}


class ScreeningRefusal(ValidationError):
    """A text the screener did not let through as it is; carries the verdict and the cited clauses."""

    decision = ""

    def __init__(self, verdict: Verdict, message: str):
        self.verdict = verdict
        self.citations = _cited(verdict)
        super().__init__(message, code=f"screening-{self.decision}")

    @property
    def clause(self):
        """The clause of the most severe flag (the first cited one), or None."""
        return next((c for c in self.citations.values() if c is not None), None)

    @property
    def reasons(self) -> list[str]:
        return author_reasons(self.verdict)

    def as_json(self) -> dict:
        return {
            "decision": self.verdict.decision,
            "flags": list(self.verdict.flags),
            "reasons": self.reasons,
            "clause": _clause_json(self.clause),
            "clauses": {flag: _clause_json(c) for flag, c in self.citations.items()},
            "can_post_anyway": self.decision == "nudge",
        }


# The screener's reasons end in "(hold, Code of Conduct: threats)", which is for moderators.
_REASON_TAIL = re.compile(r"\s*\((?:nudge|hold|block), Code of Conduct: [^)]*\)$")


def author_reasons(verdict: Verdict) -> list[str]:
    """The verdict's reasons as an author reads them (without the moderators' note of the action)."""
    return [_REASON_TAIL.sub("", reason) for reason in verdict.reasons]


def _sentence(verdict: Verdict, citations: dict) -> str:
    reasons = "; ".join(author_reasons(verdict)) or "it may go against the Code of Conduct"
    clause = next((c for c in citations.values() if c is not None), None)
    cited = f" ({clause.title})" if clause is not None else ""
    return f"{reasons[0].upper()}{reasons[1:]}{cited}"


class ScreeningNudge(ScreeningRefusal):
    """The text may go against the Code of Conduct: the author may edit it, or post anyway."""

    decision = "nudge"

    def __init__(self, verdict: Verdict):
        citations = _cited(verdict)
        super().__init__(
            verdict,
            f"Before you post: {_sentence(verdict, citations)}. Edit it, or post anyway and a "
            "moderator will look at it.",
        )


class ScreeningBlock(ScreeningRefusal):
    """The text cannot be published as it is (for example someone else's home address)."""

    decision = "block"

    def __init__(self, verdict: Verdict):
        citations = _cited(verdict)
        super().__init__(
            verdict,
            f"This cannot be published: {_sentence(verdict, citations)}. Remove it and try again.",
        )


class ScreeningNotHeld(ScreeningRefusal):
    """The text needs a moderator before anyone sees it, and where it was written nothing can wait
    (a profile, an event, an invitation's note): refused so the author can edit it."""

    decision = "hold"

    def __init__(self, verdict: Verdict):
        citations = _cited(verdict)
        super().__init__(
            verdict,
            f"This cannot be saved as it is: {_sentence(verdict, citations)}. A moderator would "
            "have to look at it first; edit it and try again.",
        )


# --- decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Screening:
    """What an action must do with a text: publish it (``held`` False) or hold it, and whether to
    leave a record for the queue (``queue``)."""

    verdict: Verdict
    held: bool
    queue: bool
    posted_anyway: bool


NOT_SCREENED = Screening(
    verdict=Verdict(decision="allow", flags=[], scores={}),
    held=False,
    queue=False,
    posted_anyway=False,
)


def apply_screening(
    text: str, context: dict, *, post_anyway: bool = False, can_hold: bool = True
) -> Screening:
    """Screen `text` written in `context` and apply the decision policy in this module's docstring.

    Only while screening is enforced (`COMMONS_SCREENING=on`): until the detectors stop flagging
    short ordinary replies ("Nice", "+1"), it is off by default and everything is published as
    before. The settings page, its try-it box and `POST /api/v1/screen` work either way.

    Raises ``ScreeningBlock`` (always), ``ScreeningNotHeld`` (a hold where the content cannot wait,
    `can_hold` False) or ``ScreeningNudge`` (unless `post_anyway`) before anything is written;
    otherwise returns what the calling action must do. Records nothing itself: the action
    calls ``record_screened`` once the content exists.
    """
    from django.conf import settings

    if not settings.SCREENING_ENFORCED:
        return NOT_SCREENED
    verdict = screen_text(text, context)
    if verdict.decision == "block":
        raise ScreeningBlock(verdict)
    if verdict.decision == "hold" and not can_hold:
        raise ScreeningNotHeld(verdict)
    if verdict.decision == "nudge" and not post_anyway:
        raise ScreeningNudge(verdict)
    return Screening(
        verdict=verdict,
        held=verdict.decision == "hold",
        queue=verdict.decision in ("hold", "nudge"),
        posted_anyway=verdict.decision == "nudge",
    )


def record_screened(obj, screening: Screening, *, author, where: str, text: str):
    """Put `obj` in the moderation queue when `screening` asks for it; audited. Returns the item or None.

    Called inside the action's transaction, after `obj` is saved.
    """
    if not screening.queue:
        return None
    verdict = screening.verdict
    clauses = cited_clauses()
    item = ScreenedItem.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        author=author,
        where=where,
        excerpt=text[:EXCERPT_LIMIT],
        decision=verdict.decision,
        flags=list(verdict.flags),
        scores={k: round(v, 4) for k, v in verdict.scores.items()},
        spans=[dict(s) for s in verdict.spans],
        reasons=list(verdict.reasons),
        clause_keys={
            flag: (clauses[coc].key if coc in clauses else None)
            for flag, coc in verdict.citations.items()
        },
        posted_anyway=screening.posted_anyway,
    )
    record(
        author,
        "conduct.screening.posted-anyway" if screening.posted_anyway else "conduct.screening.held",
        item,
        {"where": where, "flags": item.flags, "scores": item.scores},
    )
    return item


# --- content registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenInput:
    """What re-screening reads of one piece of content: who wrote it, where, the text and context."""

    author: object
    where: str
    text: str
    context: dict


@dataclass(frozen=True)
class ContentHooks:
    publish: Callable  # publish(obj, *, actor): make held content public
    hide: Callable  # hide(obj, *, actor): hide content (status hidden), never destroy it
    url: Callable  # url(obj) -> str, for the queue
    recent: Callable | None = None  # recent(since) -> QuerySet of visible content changed since
    screen_input: Callable | None = None  # screen_input(obj) -> ScreenInput, or None to skip
    with_item: bool = False  # publish and hide also get the screened item (item=...)


_HOOKS: dict[str, ContentHooks] = {}


def register_content(
    model, *, publish, hide, url, recent=None, screen_input=None, with_item=False
) -> None:
    """Tell the queue how to publish and hide `model`'s content, and (with `recent` and
    `screen_input`) re-screening how to find and read what is visible. Called from an app's
    ``ready()``. With `with_item`, publish and hide are also given the screened item (``item=``),
    for content that has no hidden state and must know what was screened."""
    _HOOKS[model._meta.label_lower] = ContentHooks(
        publish=publish,
        hide=hide,
        url=url,
        recent=recent,
        screen_input=screen_input,
        with_item=with_item,
    )


def rescreen_sources() -> list[tuple[str, ContentHooks]]:
    """The registered content types that re-screening reads, in a stable order."""
    return [(label, hooks) for label, hooks in sorted(_HOOKS.items()) if hooks.recent is not None]


def hooks_for(item: ScreenedItem) -> ContentHooks:
    return _HOOKS[f"{item.content_type.app_label}.{item.content_type.model}"]


def held_ids(model, ids) -> set[int]:
    """Which of `model`'s objects `ids` are held for a moderator (a pending hold), in one query; for
    showing authors "waiting for a moderator" on content without a status of its own."""
    return set(
        ScreenedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(ids),
            decision="hold",
            review_state=ReviewState.PENDING,
        ).values_list("object_id", flat=True)
    )


# --- queue ------------------------------------------------------------------------------------


def can_review_screened(user) -> bool:
    return has_permission(user, Permission.REVIEW_SCREENED)


def moderation_queue(viewer, *, state: str = ReviewState.PENDING):
    """Screened items in `state` (pending by default), oldest first, with author and content loaded.

    Moderators and owners only (PermissionDenied otherwise). A constant number of queries.
    """
    check_permission(viewer, Permission.REVIEW_SCREENED)
    return (
        ScreenedItem.objects.filter(review_state=state)
        .select_related("author__profile", "content_type", "reviewed_by__profile")
        .prefetch_related("content")
    )


def access_screened(viewer, pk) -> ScreenedItem:
    """A screened item by id; 404 for anyone who may not review, and for unknown ids."""
    if not can_review_screened(viewer):
        raise Http404("No such item.")
    item = ScreenedItem.objects.select_related("content_type").filter(pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    return item


def _review(item: ScreenedItem, *, actor, state: str, verb: str) -> ScreenedItem:
    check_permission(actor, Permission.REVIEW_SCREENED)
    item = (
        ScreenedItem.objects.select_for_update(of=("self",))
        .select_related("content_type")
        .get(pk=item.pk)
    )
    if item.review_state != ReviewState.PENDING:
        raise ValidationError(f"This item was already {item.get_review_state_display().lower()}.")
    content = item.content
    if content is not None:
        hooks = hooks_for(item)
        hook = hooks.publish if state == ReviewState.APPROVED else hooks.hide
        if hooks.with_item:
            hook(content, actor=actor, item=item)
        else:
            hook(content, actor=actor)
    item.review_state = state
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.save(update_fields=["review_state", "reviewed_by", "reviewed_at"])
    record(
        actor,
        verb,
        item,
        {"content": f"{item.content_type.model}:{item.object_id}", "flags": item.flags},
    )
    return item


@transaction.atomic
def approve_screened(item: ScreenedItem, *, actor) -> ScreenedItem:
    """A moderator or owner approves a screened item: held content is published (posted-anyway content
    stays as it is). Audited as ``conduct.screened.approved``."""
    return _review(item, actor=actor, state=ReviewState.APPROVED, verb="conduct.screened.approved")


@transaction.atomic
def reject_screened(item: ScreenedItem, *, actor) -> ScreenedItem:
    """A moderator or owner rejects a screened item: its content is hidden (status hidden), kept and
    never destroyed. Audited as ``conduct.screened.rejected``."""
    return _review(item, actor=actor, state=ReviewState.REJECTED, verb="conduct.screened.rejected")


@dataclass(frozen=True)
class QueueRow:
    """One line of the moderation queue, ready to show."""

    item: ScreenedItem
    kind: str  # "post", "comment", ...
    url: str | None  # None when the content is gone
    status: str | None  # the content's status (published, held, ...)
    clauses: list  # the cited clauses, most severe flag first (None where the version has none)
    scores: list  # (category, score) of the flagged categories, then the rest over 0.1


def queue_rows(viewer, *, state: str = ReviewState.PENDING) -> list[QueueRow]:
    """The moderation queue as rows to show; moderators and owners only. A constant number of queries."""
    items = list(moderation_queue(viewer, state=state))
    clauses = {c.key: c for c in cited_clauses().values()}
    rows = []
    for item in items:
        content = item.content
        hooks = _HOOKS.get(f"{item.content_type.app_label}.{item.content_type.model}")
        scores = [(flag, item.scores.get(flag, 0.0)) for flag in item.flags]
        scores += [
            (c, v) for c, v in sorted(item.scores.items()) if c not in item.flags and v >= 0.1
        ]
        rows.append(
            QueueRow(
                item=item,
                kind=item.content_type.model,
                url=hooks.url(content) if content is not None and hooks else None,
                status=getattr(content, "status", None),
                clauses=[clauses.get(key) for key in dict.fromkeys(item.clause_keys.values())],
                scores=scores,
            )
        )
    return rows
