"""Reads for cases: the moderators' queue, one case, and the private threads with each party.

Moderators (``HANDLE_CASES``) see every case they are not recused from; everyone else, and a recused
moderator, gets 404 as if the case did not exist. A party sees only their own thread, through
``thread_for`` / ``access_my_thread``, and never the case, its reports or the other threads.
"""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from commons.core.permissions import Permission, has_permission

from ..models import (
    OPEN_STATUSES,
    Case,
    CaseActivity,
    CaseNote,
    Party,
    Recusal,
    Report,
    ThreadMessage,
)

__all__ = [
    "access_case",
    "access_case_party",
    "access_my_thread",
    "can_handle_cases",
    "can_see_case",
    "case_has_evidence",
    "clauses_by_key",
    "case_moderators",
    "case_notes",
    "case_parties",
    "case_reports",
    "case_timeline",
    "is_recused",
    "my_threads",
    "thread_for",
    "visible_cases",
]


def can_handle_cases(viewer) -> bool:
    return has_permission(viewer, Permission.HANDLE_CASES)


def is_recused(viewer, case) -> bool:
    return Recusal.objects.filter(case=case, moderator_id=getattr(viewer, "pk", None)).exists()


def can_see_case(viewer, case) -> bool:
    """A moderator who is not recused from `case` (named by a reporter, or a party to it)."""
    return can_handle_cases(viewer) and not is_recused(viewer, case)


def _not_recused(viewer) -> Q:
    return ~Q(Exists(Recusal.objects.filter(case=OuterRef("pk"), moderator_id=viewer.pk)))


def _queue_annotations(cases: QuerySet[Case]) -> QuerySet[Case]:
    reports = Report.objects.filter(case=OuterRef("pk"))
    party_messages = ThreadMessage.objects.filter(party__case=OuterRef("pk"))
    return cases.annotate(
        report_count=Count("reports", distinct=True),
        first_report_at=Coalesce(
            Subquery(reports.order_by("created_at").values("created_at")[:1]),
            F("created_at"),
        ),
        last_party_message_at=Subquery(
            party_messages.filter(from_moderators=False)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
        last_moderator_message_at=Subquery(
            party_messages.filter(from_moderators=True)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
    )


def visible_cases(
    viewer, *, status: str = "", assigned_to=None, include_closed: bool = False
) -> QuerySet[Case]:
    """The queue: cases `viewer` may see, most severe first (zero-tolerance categories and threats),
    then oldest first. Open cases only unless `status` asks for closed ones or `include_closed`.

    Each case carries ``report_count``, ``first_report_at``, ``last_party_message_at`` and
    ``last_moderator_message_at``, and its assignee and respondent with their profiles: a constant
    number of queries whatever the length.
    """
    if not can_handle_cases(viewer):
        return Case.objects.none()
    cases = Case.objects.filter(_not_recused(viewer))
    if status:
        cases = cases.filter(status=status)
    elif not include_closed:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if assigned_to is not None:
        cases = cases.filter(assignee=assigned_to)
    return (
        _queue_annotations(cases)
        .select_related("assignee__profile", "respondent__profile")
        .order_by("severity", "created_at", "pk")
    )


def access_case(viewer, case_id) -> Case:
    """One case for a moderator who may see it; 404 for everyone else (members, guests, recused
    moderators) and for unknown ids."""
    if not can_handle_cases(viewer):
        raise Http404("No such case.")
    case = (
        visible_cases(viewer, include_closed=True)
        .select_related("screened_item__content_type")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def case_reports(case) -> QuerySet[Report]:
    """The case's reports, oldest first, with their evidence and excluded moderators loaded.
    Show the reporter only through ``reporter_of``."""
    return (
        Report.objects.filter(case=case)
        .select_related("reporter__profile", "subject_user__profile", "incident_event")
        .prefetch_related("evidence")
        .order_by("created_at", "pk")
    )


def case_parties(case) -> QuerySet[Party]:
    """The case's parties with their whole threads (oldest message first)."""
    return (
        Party.objects.filter(case=case)
        .select_related("user__profile", "anonymous_member")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=ThreadMessage.objects.select_related("author__profile").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("pk")
    )


def case_timeline(case) -> QuerySet[CaseActivity]:
    return CaseActivity.objects.filter(case=case).select_related("actor__profile")


def case_notes(case) -> QuerySet[CaseNote]:
    """Moderator-only notes; never shown to a party."""
    return CaseNote.objects.filter(case=case).select_related("author__profile")


def access_case_party(viewer, case_id, party_id) -> tuple[Case, Party]:
    """A party's thread as a moderator on the case reads it; 404 like ``access_case``."""
    case = access_case(viewer, case_id)
    party = case_parties(case).filter(pk=party_id).first()
    if party is None:
        raise Http404("No such thread.")
    return case, party


def my_threads(viewer) -> QuerySet[Party]:
    """Every thread `viewer` has with the moderators, as a party (newest case first), with the
    messages loaded. Nothing of the case but its reference and status."""
    if not getattr(viewer, "is_authenticated", False):
        return Party.objects.none()
    return (
        Party.objects.filter(Q(user=viewer) | Q(anonymous_member=viewer))
        .select_related("case")
        .prefetch_related(
            Prefetch("messages", queryset=ThreadMessage.objects.order_by("created_at", "pk"))
        )
        .annotate(
            last_message_at=Coalesce(
                Subquery(
                    ThreadMessage.objects.filter(party=OuterRef("pk"))
                    .order_by("-created_at")
                    .values("created_at")[:1]
                ),
                F("created_at"),
            ),
        )
        .order_by("-last_message_at", "-pk")
    )


def access_my_thread(viewer, party_id) -> Party:
    """`viewer`'s own thread by party id; 404 for anyone else's."""
    party = my_threads(viewer).filter(pk=party_id).first()
    if party is None:
        raise Http404("No such conversation.")
    return party


def thread_for(viewer, case_id) -> Party:
    """`viewer`'s own thread on a case (as a party); 404 when they are not a party to it."""
    party = my_threads(viewer).filter(case_id=case_id).order_by("pk").first()
    if party is None:
        raise Http404("No such conversation.")
    return party


def case_moderators(case):
    """The moderators who may handle `case` (everyone with ``HANDLE_CASES`` not recused), for
    assigning it."""
    from commons.core.permissions import ROLE_PERMISSIONS
    from commons.members.models import User

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_CASES in perms]
    return (
        User.objects.filter(is_active=True, role__in=roles)
        .exclude(pk__in=Recusal.objects.filter(case=case).values("moderator_id"))
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def case_has_evidence(case, evidence_id) -> bool:
    from ..models import Evidence

    return Evidence.objects.filter(pk=evidence_id, report__case=case).exists()


def clauses_by_key(keys) -> dict:
    """``{key: clause}`` for clause keys, as the newest published Code of Conduct words them (one
    query), so reports show each cited clause with its number and title."""
    from commons.conduct.models import Clause

    found: dict = {}
    for clause in Clause.objects.filter(key__in=set(keys), version__status="published").order_by(
        "-version_id"
    ):
        found.setdefault(clause.key, clause)
    return found
