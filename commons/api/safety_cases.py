"""Moderators' case handling: the queue, cases, notes, assignment, status, private threads; and a
member's own threads with the moderators.

Every case endpoint answers 404 to anyone who may not see the case (members, guests, recused
moderators), and every read of a case by a moderator is audited, as on the pages.
"""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from commons.members.models import User
from commons.safety import actions, queries
from commons.safety.models import CaseStatus, PartyRole

from .community import AuthorOut, author_out

router = Router(tags=["safety"])

PAGE_SIZE = 20


# --- schemas ----------------------------------------------------------------------------------


class CaseFields(Schema):
    id: int
    reference: str
    category: str = Field(..., description="The Code of Conduct category.")
    severity: int = Field(..., description="0 zero tolerance or threat, 1 high, 2 normal.")
    status: str = Field(..., description=f"One of: {', '.join(CaseStatus.values)}.")
    assignee: AuthorOut | None
    respondent: AuthorOut | None
    report_count: int
    waiting_since: datetime = Field(..., description="When the first report came in.")
    unanswered_since: datetime | None = Field(
        ..., description="A party's last message, when no moderator has answered it since."
    )
    from_screening: bool
    created_at: datetime


def _unanswered_since(case) -> datetime | None:
    party, moderators = case.last_party_message_at, case.last_moderator_message_at
    if party and (moderators is None or moderators < party):
        return party
    return None


def _summary(case) -> dict:
    return {
        "id": case.pk,
        "reference": case.reference,
        "category": case.category,
        "severity": case.severity,
        "status": case.status,
        "assignee": author_out(case.assignee) if case.assignee_id else None,
        "respondent": author_out(case.respondent) if case.respondent_id else None,
        "report_count": case.report_count,
        "waiting_since": case.first_report_at,
        "unanswered_since": _unanswered_since(case),
        "from_screening": case.screened_item_id is not None,
        "created_at": case.created_at,
    }


class CaseSummaryOut(CaseFields):
    @staticmethod
    def resolve_assignee(obj) -> dict | None:
        return author_out(obj.assignee) if obj.assignee_id else None

    @staticmethod
    def resolve_respondent(obj) -> dict | None:
        return author_out(obj.respondent) if obj.respondent_id else None

    @staticmethod
    def resolve_waiting_since(obj) -> datetime:
        return obj.first_report_at

    @staticmethod
    def resolve_unanswered_since(obj) -> datetime | None:
        return _unanswered_since(obj)

    @staticmethod
    def resolve_from_screening(obj) -> bool:
        return obj.screened_item_id is not None


class ClauseOut(Schema):
    key: str
    number: str | None
    title: str | None


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str = Field(..., description="Download it (moderators on the case only).")


class ReportOut(Schema):
    id: int
    reference: str
    source: str
    subject_type: str
    subject_id: int | None
    subject_url: str
    reason: str
    clauses: list[ClauseOut]
    description: str
    desired_outcome: str
    snapshot: dict = Field(..., description="The reported content as it was when reported.")
    incident: dict
    reporter: AuthorOut | None = Field(
        ..., description="null when anonymous or without an account."
    )
    contact: dict | None = Field(..., description="Name and email of a reporter without account.")
    evidence: list[EvidenceOut]
    created_at: datetime


class MessageOut(Schema):
    id: int
    from_moderators: bool
    author: AuthorOut | None
    body: str
    via: str
    created_at: datetime


class PartyOut(Schema):
    id: int
    role: str
    member: AuthorOut | None
    name: str
    email: str
    message_count: int


class ThreadOut(Schema):
    party_id: int
    role: str
    messages: list[MessageOut]


class NoteOut(Schema):
    id: int
    author: AuthorOut | None
    body: str
    created_at: datetime


class ActivityOut(Schema):
    verb: str
    text: str
    actor: AuthorOut | None
    created_at: datetime


class CaseOut(CaseFields):
    reports: list[ReportOut]
    parties: list[PartyOut]
    threads: list[ThreadOut]
    notes: list[NoteOut]
    timeline: list[ActivityOut]
    screened_item: dict | None
    allowed_statuses: list[str] = Field(..., description="Where the status may go from here.")


class MessageIn(Schema):
    party_id: int
    body: str


class BodyIn(Schema):
    body: str


class AssignIn(Schema):
    assignee_id: int | None = Field(None, description="A moderator's member id; null unassigns.")


class StatusIn(Schema):
    status: str = Field(..., description=f"One of: {', '.join(CaseStatus.values)}.")
    note: str = ""


class PartyIn(Schema):
    role: str = Field(..., description=f"One of: {', '.join(PartyRole.values)}.")
    member_id: int | None = None
    email: str = Field("", description="For someone without an account.")
    name: str = ""


class ScreenedIn(Schema):
    approve: bool = Field(..., description="true publishes the content, false hides it.")


class MyMessageOut(Schema):
    id: int
    from_moderators: bool
    body: str
    via: str
    created_at: datetime


class MyThreadOut(Schema):
    party_id: int
    case_reference: str
    role: str
    messages: list[MyMessageOut]


class MyMessageIn(Schema):
    body: str


# --- helpers ----------------------------------------------------------------------------------


def _author(user) -> dict | None:
    return author_out(user) if user is not None and hasattr(user, "profile") else None


def _message(message) -> dict:
    return {
        "id": message.pk,
        "from_moderators": message.from_moderators,
        "author": _author(message.author),
        "body": message.body,
        "via": message.via,
        "created_at": message.created_at,
    }


def _report(request, report, clauses) -> dict:
    from django.urls import reverse

    reporter = queries.reporter_of(request.auth, report)
    return {
        "id": report.pk,
        "reference": report.reference,
        "source": report.source,
        "subject_type": report.subject_type,
        "subject_id": report.subject_id,
        "subject_url": report.subject_url,
        "reason": report.reason,
        "clauses": [
            {
                "key": key,
                "number": clauses[key].number if key in clauses else None,
                "title": clauses[key].title if key in clauses else None,
            }
            for key in report.clause_keys or []
        ],
        "description": report.description,
        "desired_outcome": report.desired_outcome,
        "snapshot": report.snapshot,
        "incident": {
            "when": report.incident_when,
            "where": report.incident_where,
            "event_id": report.incident_event_id,
            "people": report.incident_people,
            "witnesses": report.witnesses,
        },
        "reporter": _author(reporter),
        "contact": None
        if report.anonymous or not (report.contact_email or report.contact_name)
        else {"name": report.contact_name, "email": report.contact_email},
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "url": reverse("safety:case-evidence", args=[report.case_id, e.pk]),
            }
            for e in report.evidence.all()
        ],
        "created_at": report.created_at,
    }


def _case_out(request, case) -> dict:
    reports = list(queries.case_reports(case))
    clauses = queries.clauses_by_key({k for r in reports for k in r.clause_keys or []})
    parties = list(queries.case_parties(case))
    item = case.screened_item
    return {
        **_summary(case),
        "reports": [_report(request, r, clauses) for r in reports],
        "parties": [
            {
                "id": p.pk,
                "role": p.role,
                "member": _author(p.user),
                "name": p.name,
                "email": p.email,
                "message_count": len(p.messages.all()),
            }
            for p in parties
        ],
        "threads": [
            {"party_id": p.pk, "role": p.role, "messages": [_message(m) for m in p.messages.all()]}
            for p in parties
        ],
        "notes": [
            {"id": n.pk, "author": _author(n.author), "body": n.body, "created_at": n.created_at}
            for n in queries.case_notes(case)
        ],
        "timeline": [
            {"verb": a.verb, "text": a.text, "actor": _author(a.actor), "created_at": a.created_at}
            for a in queries.case_timeline(case)
        ],
        "screened_item": None
        if item is None
        else {
            "id": item.pk,
            "review_state": item.review_state,
            "decision": item.decision,
            "excerpt": item.excerpt,
            "flags": item.flags,
        },
        "allowed_statuses": sorted(actions.STATUS_TRANSITIONS[case.status]),
    }


def _fresh(request, case_id) -> dict:
    return _case_out(request, queries.access_case(request.auth, case_id))


# --- the queue and one case -------------------------------------------------------------------


@router.get(
    "/cases",
    response=list[CaseSummaryOut],
    summary="The case queue: most severe first, then oldest (moderators)",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def case_queue(request, status: str = "", mine: bool = False):
    if not queries.can_handle_cases(request.auth):
        raise Http404
    if status and status not in CaseStatus.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"status": f"Choose one of: {', '.join(CaseStatus.values)}."})
    return queries.visible_cases(
        request.auth, status=status, assigned_to=request.auth if mine else None
    )


@router.get("/cases/{case_id}", response=CaseOut, summary="One case, whole (audited)")
def case_detail(request, case_id: int):
    case = queries.access_case(request.auth, case_id)
    actions.view_case(case, actor=request.auth, part="api")
    return _case_out(request, case)


@router.post(
    "/cases/{case_id}/messages",
    response={201: MessageOut},
    summary="Write to one party in their private thread (also sent by email)",
)
def send_message(request, case_id: int, data: MessageIn):
    _, party = queries.access_case_party(request.auth, case_id, data.party_id)
    message = actions.send_thread_message(party, actor=request.auth, body=data.body, via="api")
    return Status(201, _message(message))


@router.post("/cases/{case_id}/notes", response={201: NoteOut}, summary="Add a moderators' note")
def add_note(request, case_id: int, data: BodyIn):
    case = queries.access_case(request.auth, case_id)
    note = actions.add_case_note(case, actor=request.auth, body=data.body)
    return Status(
        201,
        {
            "id": note.pk,
            "author": _author(note.author),
            "body": note.body,
            "created_at": note.created_at,
        },
    )


@router.post("/cases/{case_id}/assign", response=CaseOut, summary="Assign or unassign the case")
def assign(request, case_id: int, data: AssignIn):
    case = queries.access_case(request.auth, case_id)
    assignee = None
    if data.assignee_id is not None:
        assignee = User.objects.filter(pk=data.assignee_id, is_active=True).first()
        if assignee is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"assignee_id": "No such moderator."})
    actions.assign_case(case, actor=request.auth, assignee=assignee)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/status", response=CaseOut, summary="Change the status (reopen allowed)"
)
def set_status(request, case_id: int, data: StatusIn):
    case = queries.access_case(request.auth, case_id)
    actions.set_case_status(case, actor=request.auth, status=data.status, note=data.note)
    return _fresh(request, case_id)


@router.post(
    "/cases/{case_id}/parties",
    response={201: PartyOut},
    summary="Add a party (a member, or an email address) with their own private thread",
)
def add_party(request, case_id: int, data: PartyIn):
    case = queries.access_case(request.auth, case_id)
    user = None
    if data.member_id is not None:
        user = User.objects.select_related("profile").filter(pk=data.member_id).first()
        if user is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"member_id": "No such member."})
    party = actions.add_party(
        case, actor=request.auth, role=data.role, user=user, email=data.email, name=data.name
    )
    return Status(
        201,
        {
            "id": party.pk,
            "role": party.role,
            "member": _author(party.user),
            "name": party.name,
            "email": party.email,
            "message_count": 0,
        },
    )


@router.post(
    "/cases/{case_id}/screened",
    response=CaseOut,
    summary="Approve or reject a screening case's content, as the moderation queue does",
)
def review_screened(request, case_id: int, data: ScreenedIn):
    case = queries.access_case(request.auth, case_id)
    actions.review_screened_case(case, actor=request.auth, approve=data.approve)
    return _fresh(request, case_id)


# --- a member's own threads -------------------------------------------------------------------


def _my_thread(party) -> dict:
    return {
        "party_id": party.pk,
        "case_reference": party.case.reference,
        "role": party.role,
        "messages": [
            {
                "id": m.pk,
                "from_moderators": m.from_moderators,
                "body": m.body,
                "via": m.via,
                "created_at": m.created_at,
            }
            for m in party.messages.all()
        ],
    }


@router.get(
    "/me/threads",
    response=list[MyThreadOut],
    summary="My private conversations with the moderators",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def my_threads(request):
    return [_my_thread(p) for p in queries.my_threads(request.auth)]


@router.post(
    "/me/threads/{party_id}/messages",
    response={201: MyMessageOut},
    summary="Write to the moderators in one of my conversations",
)
def my_thread_message(request, party_id: int, data: MyMessageIn):
    party = queries.access_my_thread(request.auth, party_id)
    message = actions.send_thread_message(party, actor=request.auth, body=data.body, via="api")
    return Status(
        201,
        {
            "id": message.pk,
            "from_moderators": False,
            "body": message.body,
            "via": message.via,
            "created_at": message.created_at,
        },
    )
