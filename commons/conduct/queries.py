from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from commons.core.permissions import Permission, has_permission

from .models import Acceptance, Clause, ConductVersion, VersionStatus


def current_version() -> ConductVersion | None:
    """The newest published version, with its clauses, or None before the first is published."""
    return (
        ConductVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .prefetch_related(Prefetch("clauses", queryset=Clause.objects.order_by("position", "pk")))
        .order_by("-number")
        .first()
    )


def published_versions() -> QuerySet[ConductVersion]:
    return ConductVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-number")


def access_version(viewer, number: int) -> ConductVersion:
    """A version by number: published ones for everyone, drafts only for those who may draft."""
    versions = ConductVersion.objects.prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("position", "pk"))
    )
    if not has_permission(viewer, Permission.DRAFT_CONDUCT):
        versions = versions.filter(status=VersionStatus.PUBLISHED)
    version = versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version of the Code of Conduct.")
    return version


def draft_versions(viewer) -> QuerySet[ConductVersion]:
    if not has_permission(viewer, Permission.DRAFT_CONDUCT):
        return ConductVersion.objects.none()
    return ConductVersion.objects.filter(status=VersionStatus.DRAFT).order_by("-number")


def clauses_by_section(version: ConductVersion) -> list[tuple[str, str, list[Clause]]]:
    from .models import SECTION_ORDER

    clauses = list(version.clauses.all())
    return [
        (section.value, section.label, [c for c in clauses if c.section == section])
        for section in SECTION_ORDER
    ]


def latest_accepted_number(user) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Acceptance.objects.filter(user=user)
        .order_by("-version__number")
        .values_list("version__number", flat=True)
        .first()
    )


@dataclass(frozen=True)
class ConductStatus:
    """Where a viewer stands with the current Code of Conduct."""

    current: int | None
    accepted: int | None

    @property
    def needs_acceptance(self) -> bool:
        return self.current is not None and self.accepted != self.current

    @property
    def is_new_version(self) -> bool:
        return self.needs_acceptance and self.accepted is not None


def conduct_status_for(user) -> ConductStatus | None:
    """None for guests; otherwise the current version number and the newest one `user` accepted."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_conduct_status", None)
    if cached is not None:
        return cached
    current = (
        ConductVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    status = ConductStatus(current=current, accepted=latest_accepted_number(user))
    user._conduct_status = status
    return status


def changes_since(accepted: int | None, current: int) -> list[ConductVersion]:
    """Published versions after `accepted` up to `current`, for their change summaries."""
    return list(
        published_versions()
        .filter(number__gt=accepted or 0, number__lte=current)
        .order_by("number")
    )


def dashboard_figures(viewer) -> dict:
    """The owners' figures: active members, the current version and how many accepted it, and
    self-identification in aggregate (counts under 5 suppressed). Owners only (raises otherwise)."""
    from commons.members.models import User
    from commons.members.queries import identity_aggregates

    identity = identity_aggregates(viewer)
    version = current_version()
    accepted = (
        Acceptance.objects.filter(version=version, user__is_active=True).count() if version else 0
    )
    return {
        "members": User.objects.filter(is_active=True).count(),
        "version": version,
        "accepted_current": accepted,
        "identity": identity,
    }
