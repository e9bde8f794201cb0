"""Every change to the Code of Conduct and to who has accepted it."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from commons.core.audit import record
from commons.core.permissions import Permission, check_permission
from commons.members.actions import create_profile

from .models import Acceptance, Category, Clause, ConductVersion, Section, VersionStatus
from .queries import current_version

CLAUSE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")


def _check_current(version_number) -> ConductVersion:
    current = current_version()
    if current is None:
        raise ValidationError("There is no published Code of Conduct yet.")
    try:
        number = int(version_number)
    except (TypeError, ValueError):
        raise ValidationError({"version": "Give the version number you accept."}) from None
    if number != current.number:
        raise ValidationError(
            {
                "version": f"Version {number} is not the current Code of Conduct; the current one is {current.number}."
            }
        )
    return current


@transaction.atomic
def accept_conduct(user, *, version_number, via: str = "web") -> Acceptance:
    """Record that `user` accepts the current version. Refuses any other version; idempotent."""
    version = _check_current(version_number)
    existing = Acceptance.objects.filter(user=user, version=version).first()
    if existing:
        return existing
    acceptance = Acceptance.objects.create(user=user, version=version, via=via)
    record(user, "conduct.version.accepted", version, {"version": version.number, "via": via})
    user._conduct_status = None
    return acceptance


@transaction.atomic
def join_community(user, *, display_name: str, version_number, via: str = "web") -> Acceptance:
    """Complete a sign-up: give `user` a profile and record acceptance of the current version.

    Called inside the sign-up transaction (web form or API), so an account never exists without
    both; raises ValidationError when the version is not the current one.
    """
    version = _check_current(version_number)
    create_profile(user, display_name=display_name)
    record(user, "members.member.joined", user, {"via": via})
    return accept_conduct(user, version_number=version.number, via=via)


@transaction.atomic
def create_draft(*, actor, preamble: str | None = None) -> ConductVersion:
    """Start the next version as a copy of the current one (or empty). Owners only."""
    check_permission(actor, Permission.DRAFT_CONDUCT)
    if ConductVersion.objects.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError("A draft already exists; edit or publish it first.")
    base = current_version()
    number = (ConductVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ConductVersion.objects.create(
        number=number,
        preamble=preamble if preamble is not None else (base.preamble if base else ""),
        created_by=actor,
    )
    if base:
        Clause.objects.bulk_create(
            Clause(
                version=draft,
                key=c.key,
                section=c.section,
                category=c.category,
                position=c.position,
                title=c.title,
                text=c.text,
            )
            for c in base.clauses.all()
        )
    record(
        actor,
        "conduct.version.drafted",
        draft,
        {"number": number, "from": base.number if base else None},
    )
    return draft


def _check_draft(version: ConductVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError("A published version cannot be changed; draft a new version instead.")


def _clean_clause(data: dict) -> dict:
    key = (data.get("key") or data.get("id") or "").strip().lower()
    if not CLAUSE_KEY.match(key):
        raise ValidationError(
            {"key": f"Clause id {key!r} must look like 'professional.no-doxing'."}
        )
    if data.get("section") not in Section.values:
        raise ValidationError({"section": f"Section must be one of {', '.join(Section.values)}."})
    category = data.get("category") or Category.OTHER
    if category not in Category.values:
        raise ValidationError(
            {"category": f"Category must be one of {', '.join(Category.values)}."}
        )
    title = (data.get("title") or "").strip()
    text = (data.get("text") or "").strip()
    if not title or not text:
        raise ValidationError("Every clause needs a title and a text.")
    return {
        "key": key,
        "section": data["section"],
        "category": category,
        "title": title[:160],
        "text": text,
    }


@transaction.atomic
def update_draft(
    version: ConductVersion,
    *,
    actor,
    preamble: str | None = None,
    change_summary: str | None = None,
    clauses: list[dict] | None = None,
) -> ConductVersion:
    """Edit a draft: its preamble, change summary, and (when given) its whole list of clauses in order."""
    check_permission(actor, Permission.DRAFT_CONDUCT)
    version = ConductVersion.objects.select_for_update().get(pk=version.pk)
    _check_draft(version)
    if preamble is not None:
        version.preamble = preamble
    if change_summary is not None:
        version.change_summary = change_summary.strip()
    version.save()
    if clauses is not None:
        cleaned = [_clean_clause(c) for c in clauses]
        keys = [c["key"] for c in cleaned]
        if len(keys) != len(set(keys)):
            raise ValidationError("Two clauses share one id.")
        version.clauses.all().delete()
        positions: dict[str, int] = {}
        new = []
        for data in cleaned:
            positions[data["section"]] = positions.get(data["section"], 0) + 1
            new.append(Clause(version=version, position=positions[data["section"]], **data))
        Clause.objects.bulk_create(new)
    record(
        actor,
        "conduct.version.edited",
        version,
        {
            "clauses": len(clauses) if clauses is not None else None,
            "summary": change_summary is not None,
        },
    )
    return version


@transaction.atomic
def publish_version(version: ConductVersion, *, actor) -> ConductVersion:
    """Publish a draft: it becomes the current version and every member must accept it to take part.

    Needs a change summary (unless it is the first version) and at least one clause.
    """
    check_permission(actor, Permission.PUBLISH_CONDUCT)
    version = ConductVersion.objects.select_for_update().get(pk=version.pk)
    _check_draft(version)
    previous = current_version()
    if previous is not None and not version.change_summary.strip():
        raise ValidationError(
            {"change_summary": "Say what changed, so members know what they accept."}
        )
    if not version.clauses.exists():
        raise ValidationError("A Code of Conduct needs at least one clause.")
    if previous is not None and previous.number > version.number:
        raise ValidationError("A newer version is already published.")
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    try:
        version.save()
    except IntegrityError:
        raise ValidationError("This version could not be published.") from None
    record(actor, "conduct.version.published", version, {"number": version.number})
    # An owner who publishes accepts what they published.
    accept_conduct(actor, version_number=version.number, via="publish")
    return version


@transaction.atomic
def discard_draft(version: ConductVersion, *, actor) -> None:
    """Delete an unpublished draft. Owners only."""
    check_permission(actor, Permission.DRAFT_CONDUCT)
    _check_draft(version)
    record(actor, "conduct.version.discarded", version, {"number": version.number})
    version.delete()


def load_default_code() -> dict:
    """The Code of Conduct that ships with Commons, written for a sales and customer-success network."""
    import json
    from pathlib import Path

    return json.loads((Path(__file__).parent / "data" / "sales_network_code.json").read_text())


@transaction.atomic
def create_owner(*, email: str, password: str, display_name: str = ""):
    """Create an owner account (operators, `commons createowner`).

    On a new installation with no Code of Conduct yet, the shipped code is published as version 1
    in the new owner's name, so members can join at once; owners edit it by drafting version 2.
    """
    from commons.core.permissions import Role
    from commons.members.actions import create_account

    user = create_account(
        email=email, password=password, display_name=display_name, role=Role.OWNER
    )
    if not ConductVersion.objects.exists():
        code = load_default_code()
        draft = create_draft(actor=user, preamble=code["preamble"])
        update_draft(draft, actor=user, clauses=code["clauses"], change_summary="First version.")
        publish_version(draft, actor=user)
    return user
