"""Reads for reports: a reporter's own reports, reporter identity, evidence files."""

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404

from commons.core.permissions import Permission

from ..models import (
    SANCTIONS,
    CaseStatus,
    Decision,
    DecisionStatus,
    Evidence,
    Outcome,
    Report,
)

__all__ = [
    "RECEIVED",
    "LOOKED_AT",
    "TOOK_ACTION",
    "NO_BREACH",
    "evidence_file_response",
    "my_reports",
    "report_clauses",
    "report_moderators",
    "reporter_of",
    "reporter_status",
]

RECEIVED = "received"
LOOKED_AT = "being looked at"
TOOK_ACTION = "we took action"
NO_BREACH = "we found no breach"

# Decisions that still count as action taken (an overturned one was undone).
_STANDING = (DecisionStatus.IN_EFFECT, DecisionStatus.EXPIRED, DecisionStatus.PENDING_CONFIRMATION)


def _can_see_case(viewer, case) -> bool:
    from .cases import can_see_case

    return can_see_case(viewer, case)


def reporter_of(viewer, report: Report):
    """The member who filed `report`, or None when `viewer` may not know it.

    The reporter always knows themself. Moderators who may see the report's case know a named
    reporter; nobody else ever does (above all not the person reported), and nobody but the
    reporter when the report is anonymous. People without an account have no member: moderators
    reach them through the case's parties.
    """
    if report.reporter_id is None or not getattr(viewer, "is_authenticated", False):
        return None
    if viewer.pk == report.reporter_id:
        return report.reporter
    if report.anonymous or report.case_id is None:
        return None
    if _can_see_case(viewer, report.case):
        return report.reporter
    return None


def my_reports(viewer) -> QuerySet[Report]:
    """The reports `viewer` filed, newest first, with what `reporter_status` needs."""
    if not getattr(viewer, "is_authenticated", False):
        return Report.objects.none()
    return (
        Report.objects.filter(reporter=viewer)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "case__decisions",
                queryset=Decision.objects.only("id", "case_id", "outcome", "status"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def reporter_status(report: Report) -> tuple[str, str | None]:
    """(status, outcome) in the general terms a reporter is told: "received", "being looked at",
    then "we took action" or "we found no breach" once decided. Never the sanction itself."""
    case = report.case
    if case is None or case.status == CaseStatus.NEW:
        return RECEIVED, None
    if case.status in (CaseStatus.ACKNOWLEDGED, CaseStatus.IN_CONVERSATION):
        return LOOKED_AT, None
    decisions = list(case.decisions.all())
    acted = any(
        (d.outcome in SANCTIONS or d.outcome == Outcome.EXTERNAL_ACTION) and d.status in _STANDING
        for d in decisions
    )
    if acted:
        return TOOK_ACTION, TOOK_ACTION
    if decisions or case.status == CaseStatus.CLOSED:
        return NO_BREACH, NO_BREACH
    return LOOKED_AT, None


def report_clauses():
    """The current Code of Conduct's clauses grouped by section, for the report form:
    ``[(section label, [clause, ...]), ...]``; empty without a published version."""
    from commons.conduct.queries import clauses_by_section, current_version

    version = current_version()
    if version is None:
        return []
    return [(label, clauses) for _, label, clauses in clauses_by_section(version) if clauses]


def report_moderators(viewer):
    """The moderators a reporter may exclude from their report (everyone who handles cases)."""
    from commons.core.permissions import ROLE_PERMISSIONS
    from commons.members.models import User

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_CASES in perms]
    users = User.objects.filter(is_active=True, role__in=roles).select_related("profile")
    if getattr(viewer, "is_authenticated", False):
        users = users.exclude(pk=viewer.pk)
    return users.order_by("profile__display_name", "pk")


def evidence_file_response(viewer, evidence_id: int) -> FileResponse:
    """The evidence file, to a moderator who may see its case (``can_see_case``); 404 otherwise,
    and 404 for everyone when the file is missing. Sent as a download, never rendered inline."""
    from ..actions.reports import evidence_storage

    evidence = Evidence.objects.select_related("report__case").filter(pk=evidence_id).first()
    if evidence is None or evidence.report.case is None:
        raise Http404("No such evidence.")
    if not _can_see_case(viewer, evidence.report.case):
        raise Http404("No such evidence.")
    storage = evidence_storage()
    if not storage.exists(evidence.file.name):
        raise Http404("No such evidence.")
    response = FileResponse(
        storage.open(evidence.file.name, "rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
