"""The monthly transparency report: for members, and for everyone when the community publishes it."""

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError

from commons.safety.transparency import can_view_transparency, monthly_report, parse_month

from .auth import optional_auth

router = Router(tags=["safety"])


class GroupOut(Schema):
    key: str
    label: str
    count: int | None = Field(..., description="null when fewer than `minimum`")


class WaitOut(Schema):
    cases: int | None = Field(..., description="cases the median is over; null when too few")
    median_hours: float | None


class TransparencyOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    minimum: int = Field(..., description="counts under this are withheld (null)")
    reports: int | None = Field(..., description="null when small or when it would reveal a group")
    by_category: list[GroupOut]
    decisions: int | None
    outcomes: list[GroupOut]
    cases_opened: int | None
    first_response: WaitOut
    decision: WaitOut

    @staticmethod
    def resolve_month(obj) -> str:
        return obj.month.strftime("%Y-%m")


@router.get(
    "/transparency",
    response=TransparencyOut,
    auth=optional_auth,
    summary="Monthly transparency report; counts under 5 are withheld",
)
def transparency(request, month: str = ""):
    """`month=YYYY-MM` (the last full month when omitted), in the community's time zone. Members
    may always read it; guests only when the community publishes it."""
    viewer = request.auth if request.auth is not True else None
    if not can_view_transparency(viewer):
        raise AuthenticationError
    return monthly_report(parse_month(month))
