from django.http import Http404
from ninja import Field, Router, Schema, Status

from commons.conduct import actions, queries
from commons.conduct.models import ConductVersion
from commons.core.permissions import Permission, check_permission

from .auth import optional_auth

router = Router(tags=["conduct"])


class ClauseOut(Schema):
    id: str = Field(..., description="Stable clause id, e.g. professional.no-doxing")
    number: str
    section: str
    title: str
    text: str
    category: str


class ConductOut(Schema):
    version: int
    status: str
    published_at: str | None
    preamble: str
    change_summary: str
    clauses: list[ClauseOut]


class VersionSummary(Schema):
    version: int
    published_at: str | None
    change_summary: str


class AcceptIn(Schema):
    version: int


class AcceptOut(Schema):
    version: int
    accepted_at: str


class ClauseIn(Schema):
    id: str
    section: str
    category: str = "other"
    title: str
    text: str


class DraftIn(Schema):
    preamble: str | None = None
    change_summary: str | None = None
    clauses: list[ClauseIn] | None = None


def conduct_out(version: ConductVersion) -> dict:
    return {
        "version": version.number,
        "status": version.status,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "preamble": version.preamble,
        "change_summary": version.change_summary,
        "clauses": [
            {
                "id": c.key,
                "number": c.number,
                "section": c.section,
                "title": c.title,
                "text": c.text,
                "category": c.category,
            }
            for c in version.clauses.all()
        ],
    }


@router.get(
    "/conduct", response=ConductOut, auth=optional_auth, summary="The current Code of Conduct"
)
def get_conduct(request):
    version = queries.current_version()
    if version is None:
        raise Http404
    return conduct_out(version)


@router.get(
    "/conduct/versions",
    response=list[VersionSummary],
    auth=optional_auth,
    summary="Published versions",
)
def list_versions(request):
    return [
        {
            "version": v.number,
            "published_at": v.published_at.isoformat() if v.published_at else None,
            "change_summary": v.change_summary,
        }
        for v in queries.published_versions()
    ]


@router.get(
    "/conduct/versions/{number}", response=ConductOut, auth=optional_auth, summary="One version"
)
def get_version(request, number: int):
    return conduct_out(queries.access_version(request.user, number))


@router.post("/conduct/accept", response=AcceptOut, summary="Accept the current version")
def accept(request, data: AcceptIn):
    acceptance = actions.accept_conduct(request.auth, version_number=data.version, via="api")
    return {"version": acceptance.version.number, "accepted_at": acceptance.accepted_at.isoformat()}


@router.get("/conduct/drafts", response=list[ConductOut], summary="Unpublished drafts (owners)")
def list_drafts(request):
    check_permission(request.auth, Permission.DRAFT_CONDUCT)
    return [
        conduct_out(v) for v in queries.draft_versions(request.auth).prefetch_related("clauses")
    ]


@router.post(
    "/conduct/drafts", response={201: ConductOut}, summary="Draft the next version (owners)"
)
def create_draft(request):
    draft = actions.create_draft(actor=request.auth)
    return Status(201, conduct_out(queries.access_version(request.auth, draft.number)))


def _draft(request, number: int) -> ConductVersion:
    """The draft `number`; 404 for anyone who may not draft, as they may not know drafts exist."""
    return queries.access_version(request.auth, number)


@router.put("/conduct/drafts/{number}", response=ConductOut, summary="Edit a draft (owners)")
def update_draft(request, number: int, data: DraftIn):
    version = _draft(request, number)
    actions.update_draft(
        version,
        actor=request.auth,
        preamble=data.preamble,
        change_summary=data.change_summary,
        clauses=[c.dict() for c in data.clauses] if data.clauses is not None else None,
    )
    return conduct_out(queries.access_version(request.auth, number))


@router.post(
    "/conduct/drafts/{number}/publish", response=ConductOut, summary="Publish a draft (owners)"
)
def publish(request, number: int):
    version = _draft(request, number)
    actions.publish_version(version, actor=request.auth)
    return conduct_out(queries.access_version(request.auth, number))


@router.delete("/conduct/drafts/{number}", response={204: None}, summary="Discard a draft (owners)")
def discard(request, number: int):
    actions.discard_draft(_draft(request, number), actor=request.auth)
    return Status(204, None)
