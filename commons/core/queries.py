from django.db.models import Q, QuerySet

from .models import (
    PARTY_VERB_PREFIXES,
    SAFETY_NAMELESS_TARGETS,
    SAFETY_VERB_PREFIX,
    STAFF_ROLES,
    AuditEntry,
    Community,
)
from .permissions import Permission, check_permission


def current_community() -> Community:
    """The community record; created with defaults on first use."""
    community = Community.objects.order_by("pk").first()
    return community or Community(name="Commons")


def visible_audit_entries(
    viewer, *, verb: str = "", actor_id: int | None = None, q: str = ""
) -> QuerySet:
    """Audit entries for owners, newest first, filtered by verb prefix, actor and free text.

    Show them through `AuditEntry.shown_*`: safety entries withhold reporters, data and any target
    that could name a person. The filters never match on what is withheld, so filtering by an
    actor or searching for a name cannot reveal who reported.
    """
    check_permission(viewer, Permission.VIEW_AUDIT)
    entries = AuditEntry.objects.select_related("actor")
    recused = _about_recused_cases(viewer)
    if recused is not None:
        entries = entries.exclude(recused)
    if verb:
        entries = entries.filter(verb__startswith=verb)
    if actor_id:
        entries = entries.filter(actor_id=actor_id).exclude(_actor_withheld())
    if q:
        entries = entries.filter(
            (Q(target_repr__icontains=q) & ~_target_withheld()) | Q(verb__icontains=q)
        )
    return entries


def _about_recused_cases(viewer) -> Q | None:
    """Safety entries about the cases `viewer` is recused from (named by a reporter, or a party),
    which they may not know exist; None when there are none. The safety models are looked up by
    name: core stays below safety."""
    from django.apps import apps
    from django.db.models import CharField
    from django.db.models.functions import Cast

    recusals = apps.get_model("safety", "Recusal").objects.filter(moderator_id=viewer.pk)
    if not recusals.exists():
        return None
    cases = recusals.values("case_id")
    model = apps.get_model
    targets = {
        "safety.case": model("safety", "Case").objects.filter(pk__in=cases),
        "safety.report": model("safety", "Report").objects.filter(case_id__in=cases),
        "safety.decision": model("safety", "Decision").objects.filter(case_id__in=cases),
        "safety.appeal": model("safety", "Appeal").objects.filter(decision__case_id__in=cases),
        "safety.party": model("safety", "Party").objects.filter(case_id__in=cases),
        "safety.threadmessage": model("safety", "ThreadMessage").objects.filter(
            party__case_id__in=cases
        ),
        "safety.casenote": model("safety", "CaseNote").objects.filter(case_id__in=cases),
    }
    about = Q()
    for target_type, rows in targets.items():
        ids = rows.annotate(key=Cast("pk", output_field=CharField())).values("key")
        about |= Q(target_type=target_type, target_id__in=ids)
    return Q(verb__startswith=SAFETY_VERB_PREFIX) & about


def _actor_withheld() -> Q:
    """The SQL twin of `AuditEntry.actor_withheld`."""
    party = Q()
    for prefix in PARTY_VERB_PREFIXES:
        party |= Q(verb__startswith=prefix)
    return party | (Q(verb__startswith=SAFETY_VERB_PREFIX) & ~Q(actor__role__in=STAFF_ROLES))


def _target_withheld() -> Q:
    """The SQL twin of `AuditEntry.target_withheld`."""
    return Q(verb__startswith=SAFETY_VERB_PREFIX) & ~Q(target_type__in=SAFETY_NAMELESS_TARGETS)
