"""Reads for decisions and appeals. A respondent reads their own decisions (never who reported
them); moderators read the appeals and confirmations waiting for them, minus the cases they are
recused from."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from commons.core.permissions import Permission, has_permission

from ..models import (
    Appeal,
    AppealStatus,
    BarredEmail,
    Decision,
    DecisionStatus,
    Outcome,
    Recusal,
)

__all__ = [
    "access_appeal",
    "access_decision_by_link",
    "access_moderated_decision",
    "access_own_decision",
    "active_sanctions",
    "appeals_queue",
    "case_decisions",
    "clauses_of",
    "decisions_about",
    "is_barred",
    "pending_removals",
    "unacknowledged_warnings",
]

SHOWN_TO_RESPONDENT = (
    DecisionStatus.IN_EFFECT,
    DecisionStatus.EXPIRED,
    DecisionStatus.OVERTURNED,
)


def clauses_of(decision: Decision) -> list:
    """The clauses a decision cites, as the current Code of Conduct words them (newest first)."""
    from commons.conduct.models import Clause

    found = {}
    for clause in Clause.objects.filter(
        key__in=decision.clause_keys or [], version__status="published"
    ).order_by("-version_id"):
        found.setdefault(clause.key, clause)
    return [found[k] for k in decision.clause_keys or [] if k in found]


def _with_clauses(decisions: list[Decision]) -> list[Decision]:
    """Attach ``cited`` (the clause objects) to each decision in one query."""
    from commons.conduct.models import Clause

    keys = {k for d in decisions for k in d.clause_keys or []}
    found = {}
    for clause in Clause.objects.filter(key__in=keys, version__status="published").order_by(
        "-version_id"
    ):
        found.setdefault(clause.key, clause)
    for decision in decisions:
        decision.cited = [found[k] for k in decision.clause_keys or [] if k in found]
    return decisions


def decisions_about(viewer) -> list[Decision]:
    """The decisions about `viewer` they may read: in effect, ended or overturned (a removal waiting
    for a second moderator is not one yet), newest first, with their clauses and appeal. Nothing
    about the reports or who made them."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    decisions = list(
        Decision.objects.filter(respondent=viewer, status__in=SHOWN_TO_RESPONDENT)
        .select_related("event", "appeal")
        .order_by("-created_at", "-pk")
    )
    return _with_clauses(decisions)


def access_own_decision(viewer, decision_id) -> Decision:
    """One decision about `viewer`; 404 for anyone else and for decisions not shown to them."""
    decision = (
        Decision.objects.select_related("event", "case")
        .filter(
            pk=decision_id,
            respondent_id=getattr(viewer, "pk", None),
            status__in=SHOWN_TO_RESPONDENT,
        )
        .first()
    )
    if decision is None or not getattr(viewer, "is_authenticated", False):
        raise Http404("No such decision.")
    _with_clauses([decision])
    return decision


def access_decision_by_link(decision_id, token: str) -> Decision:
    """The decision a signed appeal link names, for whoever holds the link (no login: a member
    removed from the community cannot log in), with its clauses and appeal. ``ValidationError`` for
    a link that is not valid or has expired; 404 for a link made for another decision or member,
    and for a decision not shown to its respondent. Nothing about the reports or who made them."""
    from ..appeal_links import read_appeal_token

    respondent_id = read_appeal_token(token, decision_id=decision_id)
    decision = (
        Decision.objects.select_related("event", "appeal")
        .filter(pk=decision_id, respondent_id=respondent_id, status__in=SHOWN_TO_RESPONDENT)
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    _with_clauses([decision])
    return decision


def unacknowledged_warnings(user) -> QuerySet[Decision]:
    """Formal warnings in effect that `user` has not acknowledged yet, oldest first."""
    return Decision.objects.filter(
        respondent_id=getattr(user, "pk", None),
        outcome=Outcome.WARNING,
        status=DecisionStatus.IN_EFFECT,
        acknowledged_at__isnull=True,
    ).order_by("created_at", "pk")


def active_sanctions(user, *, now=None) -> list[Decision]:
    """Suspensions, no-contact orders and unacknowledged warnings in force for `user` at `now`
    (a sanction past its date is not in force even before ``expire_sanctions`` runs), with the
    protected members of no-contact orders loaded. Two queries at most."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    decisions = [
        d
        for d in Decision.objects.filter(
            respondent=user,
            status=DecisionStatus.IN_EFFECT,
            outcome__in=(Outcome.SUSPENSION, Outcome.NO_CONTACT, Outcome.WARNING),
        )
        if d.until is None or d.until > now
        if not (d.outcome == Outcome.WARNING and d.acknowledged_at is not None)
    ]
    orders = [d for d in decisions if d.outcome == Outcome.NO_CONTACT]
    if orders:
        protected = {}
        for row in Decision.protected_users.through.objects.filter(
            decision_id__in=[d.pk for d in orders]
        ).values_list("decision_id", "user_id"):
            protected.setdefault(row[0], set()).add(row[1])
        for order in orders:
            order.protected_ids = protected.get(order.pk, set())
    return decisions


def _not_recused(viewer):
    return ~Exists(Recusal.objects.filter(case_id=OuterRef("case_id"), moderator=viewer))


def appeals_queue(viewer) -> list[Appeal]:
    """Appeals waiting for review, oldest first, in cases `viewer` may see; 404 for anyone without
    REVIEW_APPEALS. ``can_review`` says whether the viewer may review each (not their decision)."""
    if not has_permission(viewer, Permission.REVIEW_APPEALS):
        raise Http404
    appeals = list(
        Appeal.objects.filter(status=AppealStatus.PENDING)
        .filter(
            ~Exists(Recusal.objects.filter(case_id=OuterRef("decision__case_id"), moderator=viewer))
        )
        .select_related("decision__case", "decision__respondent__profile")
        .order_by("created_at", "pk")
    )
    for appeal in appeals:
        appeal.can_review = viewer.pk not in (
            appeal.decision.decided_by_id,
            appeal.decision.confirmed_by_id,
            appeal.decision.respondent_id,
        )
    _with_clauses([appeal.decision for appeal in appeals])
    return appeals


def pending_removals(viewer) -> list[Decision]:
    """Removals from the community waiting for a second moderator, in cases `viewer` may see."""
    if not has_permission(viewer, Permission.DECIDE_CASES):
        raise Http404
    decisions = list(
        Decision.objects.filter(status=DecisionStatus.PENDING_CONFIRMATION)
        .filter(_not_recused(viewer))
        .select_related("case", "respondent__profile", "decided_by__profile")
        .order_by("created_at", "pk")
    )
    for decision in decisions:
        decision.can_confirm = viewer.pk not in (decision.decided_by_id, decision.respondent_id)
    return decisions


def access_appeal(viewer, appeal_id) -> Appeal:
    """An appeal for a moderator with REVIEW_APPEALS who is not recused from its case; else 404."""
    if not has_permission(viewer, Permission.REVIEW_APPEALS):
        raise Http404
    appeal = (
        Appeal.objects.filter(pk=appeal_id)
        .filter(
            ~Exists(Recusal.objects.filter(case_id=OuterRef("decision__case_id"), moderator=viewer))
        )
        .select_related("decision__case", "decision__respondent__profile", "decision__event")
        .first()
    )
    if appeal is None:
        raise Http404("No such appeal.")
    _with_clauses([appeal.decision])
    return appeal


def access_moderated_decision(viewer, decision_id) -> Decision:
    """A decision for a moderator with DECIDE_CASES who is not recused from its case; else 404."""
    if not has_permission(viewer, Permission.DECIDE_CASES):
        raise Http404
    decision = (
        Decision.objects.filter(pk=decision_id)
        .filter(_not_recused(viewer))
        .select_related("case", "respondent__profile")
        .first()
    )
    if decision is None:
        raise Http404("No such decision.")
    return decision


def case_decisions(case) -> list[Decision]:
    """A case's decisions for its moderators, newest first, with clauses, appeal and people."""
    decisions = list(
        case.decisions.select_related(
            "respondent__profile", "decided_by__profile", "confirmed_by__profile", "event", "appeal"
        ).prefetch_related("protected_users__profile")
    )
    return _with_clauses(decisions)


def is_barred(email: str) -> bool:
    """Whether `email` was removed from the community and may not join again."""
    from commons.members.models import email_hash

    return BarredEmail.objects.filter(email_hash=email_hash(email)).exists()
