"""Decisions on cases and appeals: moderators decide, confirm removals and review appeals; members
read the decisions about them, acknowledge warnings and appeal. Same actions as the pages."""

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError

from commons.core.permissions import Permission, has_permission
from commons.members.models import User
from commons.safety import actions, queries
from commons.safety.models import Decision, Outcome

from .auth import member_or_link_holder

router = Router(tags=["safety"])


class ContentIn(Schema):
    type: str = Field(..., description="post or comment")
    id: int


class ExternalIn(Schema):
    what: str = ""
    where: str = Field("", description="The outside channel: the LinkedIn page, Instagram, ...")
    who: str = ""
    when: str = ""


class OutcomeIn(Schema):
    outcome: str = Field(..., description=f"One of: {', '.join(Outcome.values)}.")
    until: date | datetime | None = Field(
        None, description="End of a no-contact order, a suspension, or an event bar."
    )
    content: list[ContentIn] = Field(
        default_factory=list, description="Content to remove; by default what was reported."
    )
    protected_user_ids: list[int] = Field(default_factory=list, description="For no_contact.")
    event_id: int | None = Field(None, description="For event_removal.")
    message: str = Field(
        "", description="For event_removal: the private message; the reason by default."
    )
    remove_content: bool = Field(False, description="For removal: also hide all their content.")
    external: ExternalIn | None = None


class DecideIn(Schema):
    outcomes: list[OutcomeIn]
    reason: str = Field(..., description="Shown to the respondent; the note for no_action.")
    clause_ids: list[str] = Field(default_factory=list, description="Clauses cited.")
    respondent_id: int | None = Field(None, description="The case's respondent by default.")


class ClauseOut(Schema):
    key: str
    title: str
    text: str


class AppealOut(Schema):
    id: int
    status: str
    created_at: datetime
    reviewed_at: datetime | None
    review_note: str


class DecisionOut(Schema):
    id: int
    case_id: int | None = None
    outcome: str
    status: str
    reason: str
    clauses: list[ClauseOut]
    until: datetime | None
    event_id: int | None
    created_at: datetime
    effective_at: datetime | None
    acknowledged_at: datetime | None
    ended_at: datetime | None
    appeal: AppealOut | None


def _appeal(decision: Decision):
    try:
        return decision.appeal
    except Decision.appeal.RelatedObjectDoesNotExist:
        return None


def _out(decision: Decision, *, for_moderator: bool = False) -> dict:
    cited = getattr(decision, "cited", None)
    if cited is None:
        cited = queries.clauses_of(decision)
    return {
        "id": decision.pk,
        "case_id": decision.case_id if for_moderator else None,
        "outcome": decision.outcome,
        "status": decision.status,
        "reason": decision.reason,
        "clauses": [{"key": c.key, "title": c.title, "text": c.text} for c in cited],
        "until": decision.until,
        "event_id": decision.event_id,
        "created_at": decision.created_at,
        "effective_at": decision.effective_at,
        "acknowledged_at": decision.acknowledged_at,
        "ended_at": decision.ended_at,
        "appeal": _appeal(decision),
    }


@router.post(
    "/cases/{case_id}/decisions",
    response={201: list[DecisionOut]},
    summary="Decide a case (moderators): one decision per outcome",
)
def decide(request, case_id: int, data: DecideIn):
    from commons.safety.views.decisions import _case_to_decide

    case = _case_to_decide(request.auth, case_id)
    respondent = None
    if data.respondent_id is not None:
        respondent = User.objects.filter(pk=data.respondent_id).first()
        if respondent is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"respondent_id": "No such member."})
    outcomes = []
    for item in data.outcomes:
        spec = item.dict(exclude_none=True)
        spec["content"] = [c.dict() for c in item.content]
        if item.external is not None:
            spec["external"] = item.external.dict()
        outcomes.append(spec)
    decisions = actions.decide(
        case,
        actor=request.auth,
        outcomes=outcomes,
        reason=data.reason,
        clause_keys=data.clause_ids,
        respondent=respondent,
    )
    return Status(201, [_out(d, for_moderator=True) for d in decisions])


@router.get("/me/decisions", response=list[DecisionOut], summary="Decisions about me")
def my_decisions(request):
    return [_out(d) for d in queries.decisions_about(request.auth)]


@router.post(
    "/decisions/{decision_id}/acknowledge",
    response=DecisionOut,
    summary="Acknowledge a formal warning about me",
)
def acknowledge(request, decision_id: int):
    decision = queries.access_own_decision(request.auth, decision_id)
    return _out(actions.acknowledge_warning(decision, actor=request.auth))


class AppealIn(Schema):
    statement: str
    token: str = Field(
        "",
        description="The token of the signed appeal link in a removal's email; with it, no "
        "authentication is needed (a member removed from the community cannot log in).",
    )


@router.post(
    "/decisions/{decision_id}/appeal",
    response={201: AppealOut},
    auth=member_or_link_holder,
    summary="Appeal a decision about me (once, within 14 days), logged in or with the email link",
)
def appeal(request, decision_id: int, data: AppealIn):
    if data.token:
        decision = queries.access_decision_by_link(decision_id, data.token)
        return Status(
            201,
            actions.appeal_decision_by_token(decision, token=data.token, statement=data.statement),
        )
    if not isinstance(request.auth, User):
        raise AuthenticationError()
    decision = queries.access_own_decision(request.auth, decision_id)
    return Status(
        201, actions.appeal_decision(decision, actor=request.auth, statement=data.statement)
    )


@router.post(
    "/decisions/{decision_id}/confirm",
    response=DecisionOut,
    summary="Confirm a removal from the community (a second moderator)",
)
def confirm(request, decision_id: int):
    decision = queries.access_moderated_decision(request.auth, decision_id)
    return _out(actions.confirm_removal(decision, actor=request.auth), for_moderator=True)


class ReviewIn(Schema):
    upheld: bool
    note: str = Field("", description="Shown to the member; needed when overturning.")


@router.post(
    "/appeals/{appeal_id}/review",
    response=AppealOut,
    summary="Review an appeal (a moderator who did not decide it)",
)
def review(request, appeal_id: int, data: ReviewIn):
    if not has_permission(request.auth, Permission.REVIEW_APPEALS):
        raise Http404
    appeal = queries.access_appeal(request.auth, appeal_id)
    return actions.review_appeal(appeal, actor=request.auth, upheld=data.upheld, note=data.note)


class DeclineIn(Schema):
    note: str = ""


@router.post(
    "/decisions/{decision_id}/decline",
    response=DecisionOut,
    summary="Decline (or withdraw) a removal waiting for confirmation",
)
def decline(request, decision_id: int, data: DeclineIn):
    decision = queries.access_moderated_decision(request.auth, decision_id)
    return _out(
        actions.decline_removal(decision, actor=request.auth, note=data.note), for_moderator=True
    )


class QueuedAppealOut(Schema):
    id: int
    case_id: int
    decision: DecisionOut
    statement: str
    created_at: datetime
    can_review: bool = Field(..., description="False for the moderator who decided it.")


@router.get(
    "/appeals",
    response=list[QueuedAppealOut],
    summary="Appeals waiting for review (moderators), oldest first",
)
def appeals_queue(request):
    return [
        {
            "id": a.pk,
            "case_id": a.decision.case_id,
            "decision": _out(a.decision, for_moderator=True),
            "statement": a.statement,
            "created_at": a.created_at,
            "can_review": a.can_review,
        }
        for a in queries.appeals_queue(request.auth)
    ]
