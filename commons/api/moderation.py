"""The moderation queue through the API: held and nudged-then-posted content, approve and reject.
Moderators and owners only."""

from datetime import datetime

from ninja import Field, Router, Schema

from commons.conduct import moderation
from commons.conduct.models import ReviewState
from commons.core.permissions import Permission, check_permission

router = Router(tags=["moderation"])


class ClauseRef(Schema):
    key: str
    title: str


class QueueItemOut(Schema):
    id: int
    kind: str = Field(..., description="post, comment, ...")
    object_id: int
    url: str | None
    content_status: str | None = Field(..., description="published, held, hidden, ...")
    author: dict
    excerpt: str = Field(..., description="The text as it was screened.")
    decision: str = Field(..., description="hold, or nudge (then posted_anyway is true).")
    posted_anyway: bool
    flags: list[str]
    scores: dict[str, float]
    reasons: list[str]
    clauses: list[ClauseRef | None]
    review_state: str
    created_at: datetime


class ReviewOut(Schema):
    id: int
    review_state: str
    content_status: str | None


def _out(row: moderation.QueueRow) -> dict:
    item = row.item
    return {
        "id": item.pk,
        "kind": row.kind,
        "object_id": item.object_id,
        "url": row.url,
        "content_status": row.status,
        "author": {
            "id": item.author_id,
            "handle": item.author.profile.handle,
            "display_name": item.author.profile.display_name,
        },
        "excerpt": item.excerpt,
        "decision": item.decision,
        "posted_anyway": item.posted_anyway,
        "flags": item.flags,
        "scores": item.scores,
        "reasons": item.reasons,
        "clauses": [{"key": c.key, "title": c.title} if c else None for c in row.clauses],
        "review_state": item.review_state,
        "created_at": item.created_at,
    }


@router.get(
    "/moderation/queue",
    response=list[QueueItemOut],
    summary="The moderation queue: pending items, oldest first (?state=approved|rejected for decided)",
)
def queue(request, state: str = ReviewState.PENDING):
    check_permission(request.auth, Permission.REVIEW_SCREENED)
    if state not in ReviewState.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"state": f"Choose one of {', '.join(ReviewState.values)}."})
    return [_out(row) for row in moderation.queue_rows(request.auth, state=state)]


def _decided(item) -> dict:
    model = item.content_type.model_class()
    content = model.objects.filter(pk=item.object_id).first()
    return {
        "id": item.pk,
        "review_state": item.review_state,
        "content_status": getattr(content, "status", None),
    }


@router.post(
    "/moderation/queue/{item_id}/approve",
    response=ReviewOut,
    summary="Approve: held content is published",
)
def approve(request, item_id: int):
    item = moderation.access_screened(request.auth, item_id)
    return _decided(moderation.approve_screened(item, actor=request.auth))


@router.post(
    "/moderation/queue/{item_id}/reject",
    response=ReviewOut,
    summary="Reject: the content is hidden (kept, never destroyed)",
)
def reject(request, item_id: int):
    item = moderation.access_screened(request.auth, item_id)
    return _decided(moderation.reject_screened(item, actor=request.auth))
