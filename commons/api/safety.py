"""Reports to the moderators. Reporting never needs the current Code of Conduct accepted."""

from datetime import datetime

from ninja import Field, Router, Schema, Status

from commons.safety import actions
from commons.safety.models import Reason, SubjectType

router = Router(tags=["safety"])


class SubjectIn(Schema):
    type: str = Field(..., description=f"One of: {', '.join(SubjectType.values)}.")
    id: int


class ReportIn(Schema):
    subject: SubjectIn
    reason: str = Field(..., description=f"One of: {', '.join(Reason.values)}.")
    clause_ids: list[str] = Field(
        default_factory=list, description="Clause ids of the current Code of Conduct."
    )
    description: str = ""


class ReportOut(Schema):
    reference: str = Field(..., description="Quote it when you write to the moderators.")
    created_at: datetime


@router.post("/reports", response={201: ReportOut}, summary="Report something to the moderators")
def file_report(request, data: ReportIn):
    report = actions.file_report(
        reporter=request.auth,
        subject_type=data.subject.type,
        subject_id=data.subject.id,
        reason=data.reason,
        clause_keys=data.clause_ids,
        description=data.description,
    )
    return Status(201, {"reference": report.reference, "created_at": report.created_at})
