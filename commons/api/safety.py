"""Reports to the moderators. Reporting never needs the current Code of Conduct accepted."""

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from commons.safety import actions, queries
from commons.safety.models import Reason, Report, Source, SubjectType

router = Router(tags=["safety"])

_CONTENT = ", ".join(
    [
        SubjectType.POST,
        SubjectType.COMMENT,
        SubjectType.MEMBER,
        SubjectType.EVENT,
        SubjectType.MESSAGE,
    ]
)


class IncidentIn(Schema):
    when: str = Field("", max_length=120, description="When it happened; roughly is fine.")
    where: str = Field("", max_length=200)
    event_id: int | None = Field(None, description="The event it happened at, if any.")
    people: str = Field("", max_length=2000, description="Who was involved.")
    witnesses: str = Field("", max_length=2000)


class SubjectIn(Schema):
    """Exactly one of: ``type`` and ``id`` (content on Commons), ``url`` (content outside Commons),
    or ``incident``."""

    type: str | None = Field(None, description=f"One of: {_CONTENT}.")
    id: int | None = None
    url: str | None = Field(None, description="Content outside Commons (LinkedIn, Instagram, ...).")
    incident: IncidentIn | None = Field(None, description="Something that happened offline.")

    def as_subject(self) -> dict:
        given = [
            name
            for name, present in (
                ("type", self.type is not None or self.id is not None),
                ("url", self.url is not None),
                ("incident", self.incident is not None),
            )
            if present
        ]
        if len(given) != 1:
            raise ValidationError(
                {"subject": 'Give exactly one of {"type", "id"}, {"url"} or {"incident"}.'}
            )
        if given[0] == "url":
            return {"url": self.url}
        if given[0] == "incident":
            return {"incident": self.incident.dict()}
        return {"type": self.type, "id": self.id}


class ReportIn(Schema):
    subject: SubjectIn
    clause_ids: list[str] = Field(
        default_factory=list, description="Clause ids of the current Code of Conduct."
    )
    reason: str = Field(
        "",
        description=f"One of: {', '.join(Reason.values)}; worked out from the clauses when left out.",
    )
    description: str = Field("", description="What happened (up to 5,000 characters).")
    desired_outcome: str = Field("", description="The outcome you hope for (optional).")
    exclude_moderator_ids: list[int] = Field(
        default_factory=list, description="Moderators who must not see this report."
    )
    anonymous: bool = Field(
        False,
        description="Do not show your name to the moderators (they can still write "
        "to you, in a thread that never names you).",
    )


class ReportOut(Schema):
    reference: str = Field(..., description="Quote it when you write to the moderators.")
    created_at: datetime


class MyReportOut(Schema):
    reference: str
    created_at: datetime
    subject_type: str
    status: str = Field(
        ...,
        description='"received", "being looked at", "we took action" or "we found no breach".',
    )
    outcome: str | None = Field(
        None, description='Once decided: "we took action" or "we found no breach".'
    )

    @staticmethod
    def resolve_status(obj: Report) -> str:
        return queries.reporter_status(obj)[0]

    @staticmethod
    def resolve_outcome(obj: Report) -> str | None:
        return queries.reporter_status(obj)[1]


@router.post("/reports", response={201: ReportOut}, summary="Report something to the moderators")
def file_report(request, data: ReportIn):
    report = actions.file_report(
        reporter=request.auth,
        subject=data.subject.as_subject(),
        reason=data.reason,
        clause_keys=data.clause_ids,
        description=data.description,
        desired_outcome=data.desired_outcome,
        exclude_moderator_ids=data.exclude_moderator_ids,
        anonymous=data.anonymous,
        source=Source.API,
    )
    return Status(201, {"reference": report.reference, "created_at": report.created_at})


@router.get("/me/reports", response=list[MyReportOut], summary="The reports you filed")
@paginate(PageNumberPagination, page_size=30)
def my_reports(request):
    """Your reports, newest first, with their status as a reporter may know it: general terms only."""
    return queries.my_reports(request.auth)
