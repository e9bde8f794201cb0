"""The monthly transparency report: how many reports arrived and about what, what the moderators
decided, and how long people waited, without anything that could single someone out.

Policy, for anyone reading the figures:

- A month runs from midnight on its first day to midnight on the first day of the next, in the
  community's time zone (the `COMMONS_TIME_ZONE` setting).
- Reports are counted by the Code of Conduct category of their reason, in the month they were filed
  (including those filed by screening). Outcomes are the decisions made in the month, one per
  decision, not counting removals still waiting for a second moderator or never confirmed.
- Waiting times are medians over the cases opened in the month: to the moderators' first response
  (`first_response_at`) and to the first decision (`decided_at`). A case still waiting is not
  counted, so a recent month's medians can still change.
- Any count under `AGGREGATE_MINIMUM` (5) is withheld ("fewer than 5"), a median is withheld when
  fewer than 5 cases give it, and a total is withheld when, together with the groups shown, it would
  reveal the size of the withheld ones.
- Members always see the report; guests see it only when the community publishes it
  (`Community.transparency_public`, set by owners).

Reads only; nothing here changes state.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from commons.core.permissions import Permission, has_permission
from commons.core.queries import current_community
from commons.members.queries import AGGREGATE_MINIMUM

from .models import REASON_CATEGORY, Case, Decision, DecisionStatus, Outcome, Reason, Report

# Decisions that took effect at some point; pending and unconfirmed removals never did.
_MADE = (DecisionStatus.IN_EFFECT, DecisionStatus.EXPIRED, DecisionStatus.OVERTURNED)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    count: int | None  # None: withheld, fewer than AGGREGATE_MINIMUM


@dataclass(frozen=True)
class Wait:
    cases: int | None  # how many cases give the median; None when fewer than AGGREGATE_MINIMUM
    median: timedelta | None

    @property
    def median_hours(self) -> float | None:
        return None if self.median is None else round(self.median.total_seconds() / 3600, 1)


@dataclass(frozen=True)
class TransparencyReport:
    month: date
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    reports: int | None
    by_category: list[Group]
    decisions: int | None
    outcomes: list[Group]
    cases_opened: int | None
    first_response: Wait
    decision: Wait
    minimum: int = AGGREGATE_MINIMUM

    @property
    def label(self) -> str:
        return self.month.strftime("%B %Y")

    @property
    def last_day(self) -> date:
        return _next(self.month) - timedelta(days=1)

    @property
    def previous_month(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next_month(self) -> date | None:
        following = _next(self.month)
        return following if following <= _this_month() else None


def can_view_transparency(viewer) -> bool:
    """Members may always read the report; anyone may when the community publishes it."""
    return (
        has_permission(viewer, Permission.VIEW_TRANSPARENCY)
        or current_community().transparency_public
    )


def parse_month(value: str | None) -> date:
    """`YYYY-MM` to the first day of that month; the last full month when empty.

    Raises ValidationError for anything else, and for a month that has not begun.
    """
    if not value:
        return (_this_month() - timedelta(days=1)).replace(day=1)
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError(
            {"month": "Give the month as YYYY-MM, for example 2026-10."}
        ) from None
    if first.year < 2000 or first > _this_month():
        raise ValidationError({"month": "There is no report for that month yet."})
    return first


def monthly_report(month: date) -> TransparencyReport:
    """The figures for the month that begins on `month` (a first day), suppressed as the module
    docstring says. Three queries whatever the size of the month."""
    zone = timezone.get_default_timezone()
    starts_at = datetime(month.year, month.month, 1, tzinfo=zone)
    following = _next(month)
    ends_at = datetime(following.year, following.month, 1, tzinfo=zone)
    within = {"created_at__gte": starts_at, "created_at__lt": ends_at}

    per_reason = dict(
        Report.objects.filter(**within)
        .values("reason")
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    per_category: dict[str, int] = {}
    for reason, n in per_reason.items():
        category = REASON_CATEGORY.get(reason, "other")
        per_category[category] = per_category.get(category, 0) + n
    categories = [
        Group(
            REASON_CATEGORY[reason],
            reason.label,
            _suppress(per_category.get(REASON_CATEGORY[reason], 0)),
        )
        for reason in Reason
    ]

    per_outcome = dict(
        Decision.objects.filter(status__in=_MADE, **within)
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    outcomes = [
        Group(outcome.value, outcome.label, _suppress(per_outcome.get(outcome.value, 0)))
        for outcome in Outcome
    ]

    cases = list(
        Case.objects.filter(**within).values_list("created_at", "first_response_at", "decided_at")
    )
    return TransparencyReport(
        month=month,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=str(zone),
        reports=_total(sum(per_reason.values()), categories),
        by_category=categories,
        decisions=_total(sum(per_outcome.values()), outcomes),
        outcomes=outcomes,
        cases_opened=_suppress(len(cases)),
        first_response=_wait([(at, responded) for at, responded, _ in cases]),
        decision=_wait([(at, decided) for at, _, decided in cases]),
    )


def _suppress(n: int) -> int | None:
    return n if n >= AGGREGATE_MINIMUM else None


def _total(total: int, groups: list[Group]) -> int | None:
    """The total, unless it is small or would give away how many the withheld groups hold."""
    withheld = total - sum(g.count for g in groups if g.count is not None)
    if total < AGGREGATE_MINIMUM or 0 < withheld < AGGREGATE_MINIMUM:
        return None
    return total


def _wait(pairs: list[tuple[datetime, datetime | None]]) -> Wait:
    waits = [(end - start).total_seconds() for start, end in pairs if end is not None]
    if len(waits) < AGGREGATE_MINIMUM:
        return Wait(cases=None, median=None)
    return Wait(cases=len(waits), median=timedelta(seconds=median(waits)))


def _next(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _this_month() -> date:
    # the community's zone, not the viewer's (the middleware activates each member's own)
    return timezone.localdate(timezone=timezone.get_default_timezone()).replace(day=1)
