from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from commons.core import actions, queries

from .auth import optional_auth

router = Router(tags=["community"])


class CommunityOut(Schema):
    name: str
    tagline: str
    mission: str
    transparency_public: bool


class CommunityIn(Schema):
    name: str
    tagline: str = ""
    mission: str = ""
    transparency_public: bool | None = Field(
        None, description="Publish the monthly transparency report to everyone; omit to keep it."
    )


class AuditOut(Schema):
    id: int
    created_at: str
    actor_id: int | None
    verb: str
    target_type: str
    target_id: str
    target_repr: str
    data: dict

    @staticmethod
    def resolve_created_at(obj) -> str:
        return obj.created_at.isoformat()

    # safety entries withhold reporters, data and targets that could name a person
    @staticmethod
    def resolve_actor_id(obj) -> int | None:
        return None if obj.actor_withheld else obj.actor_id

    @staticmethod
    def resolve_target_id(obj) -> str:
        return obj.shown_target_id

    @staticmethod
    def resolve_target_repr(obj) -> str:
        return obj.shown_target_repr

    @staticmethod
    def resolve_data(obj) -> dict:
        return obj.shown_data


class GroupCount(Schema):
    label: str
    count: int | None


class DashboardOut(Schema):
    members: int
    conduct_version: int | None
    accepted_current: int
    self_identification_respondents: int | None
    self_identification: list[GroupCount]
    minimum_group_size: int


@router.get(
    "/community", response=CommunityOut, auth=optional_auth, summary="Name, tagline and mission"
)
def get_community(request):
    return queries.current_community()


@router.put("/community", response=CommunityOut, summary="Edit name, tagline and mission (owners)")
def put_community(request, data: CommunityIn):
    return actions.update_community(actor=request.auth, **data.dict())


@router.get("/audit", response=list[AuditOut], summary="The audit log (owners)")
@paginate(PageNumberPagination, page_size=50)
def audit(request, verb: str = "", actor: int | None = None, q: str = ""):
    return queries.visible_audit_entries(request.auth, verb=verb, actor_id=actor, q=q)


@router.get(
    "/dashboard", response=DashboardOut, summary="Owners' figures; groups under 5 are suppressed"
)
def dashboard(request):
    from commons.conduct.queries import dashboard_figures

    figures = dashboard_figures(request.auth)
    identity = figures["identity"]
    return {
        "members": figures["members"],
        "conduct_version": figures["version"].number if figures["version"] else None,
        "accepted_current": figures["accepted_current"],
        "self_identification_respondents": identity["respondents"],
        "self_identification": identity["groups"],
        "minimum_group_size": identity["minimum"],
    }
