"""Outcomes of cases: decisions and their effects, confirmation of removals, warnings acknowledged,
expiry, appeals.

One call of ``decide`` makes one ``Decision`` per outcome (a case may end in a warning *and* a
removed post), all for one respondent, sharing the reason and the cited clauses. Each decision
keeps in ``effects`` what it did, so an appeal that overturns it can undo exactly that.

Policy, for moderators to read:

- Resolving without action needs a note (the reason); it closes the case. It cannot be combined
  with a sanction.
- A sanction cites at least one clause of the Code of Conduct and gives the respondent a reason.
- Outside the zero-tolerance categories (harassment, unwelcome sexual attention, discrimination)
  a sanction comes after a conversation: the moderators must have written to someone on the case.
- A removal from the community waits for a second moderator's confirmation; until then nothing
  happens to the account. The moderator who asked for it cannot confirm it.
- No-contact orders, event bars and suspensions end on their date by themselves
  (``expire_sanctions``, run by ``commons tick`` and Celery beat).
- A sanctioned member may appeal each decision once, within 14 days of it taking effect; a
  moderator who neither decided nor confirmed it reviews it. Overturning undoes the effects.
  A member removed from the community cannot log in: the signed link in the email telling them
  of the removal stands for them (``appeal_decision_by_token``).
- The respondent is told each decision with its reason and clauses, never who reported them; the
  reporters are told only "we took action" or "we found no breach".
"""

from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from commons.core.audit import record
from commons.core.permissions import Permission, check_permission
from commons.core.tasks import on_commit
from commons.members.actions import end_sessions
from commons.members.models import email_hash

from ..models import (
    REASON_CATEGORY,
    SANCTIONS,
    ZERO_TOLERANCE,
    Appeal,
    AppealStatus,
    BarredEmail,
    Case,
    CaseStatus,
    Decision,
    DecisionStatus,
    Outcome,
    ThreadMessage,
)
from .common import add_activity

__all__ = [
    "APPEAL_DAYS",
    "acknowledge_warning",
    "appeal_deadline",
    "appeal_decision",
    "appeal_decision_by_token",
    "appeal_refusal",
    "confirm_removal",
    "decide",
    "decline_removal",
    "expire_sanctions",
    "review_appeal",
]

APPEAL_DAYS = 14
MAX_TEXT = 5000
DATED = frozenset({Outcome.NO_CONTACT, Outcome.SUSPENSION})
EXPIRING = frozenset({Outcome.NO_CONTACT, Outcome.SUSPENSION, Outcome.EVENT_REMOVAL})


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _check_moderator(actor, case: Case, permission: Permission) -> None:
    """Moderators with `permission` who are not recused; a recused moderator gets 404, as if the
    case did not exist."""
    from ..queries.cases import is_recused

    check_permission(actor, permission)
    if is_recused(actor, case):
        raise Http404("No such case.")


def _as_datetime(value, field: str, now: datetime) -> datetime:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError({field: "Give a date as YYYY-MM-DD."}) from None
    if isinstance(value, datetime):
        end = value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
    elif isinstance(value, date):
        end = datetime.combine(value, time.min, tzinfo=UTC)
    else:
        raise ValidationError({field: "Give the date it ends."})
    if end <= now:
        raise ValidationError({field: "The date must be in the future."})
    return end


def _clean_text(value, *, field: str, label: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"{label} is required."})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"{label} is too long (at most {MAX_TEXT:,} characters)."})
    return value


def _clean_clauses(clause_keys) -> list[str]:
    from commons.conduct.queries import current_version

    keys = list(dict.fromkeys(k for k in (clause_keys or []) if k))
    version = current_version()
    known = set(version.clauses.values_list("key", flat=True)) if version else set()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValidationError({"clause_ids": f"Unknown clause: {', '.join(unknown)}."})
    return keys


def _zero_tolerance(case: Case, clause_keys: list[str]) -> bool:
    from commons.conduct.models import Clause

    if case.category in ZERO_TOLERANCE:
        return True
    if any(
        REASON_CATEGORY.get(r) in ZERO_TOLERANCE
        for r in case.reports.values_list("reason", flat=True)
    ):
        return True
    return Clause.objects.filter(key__in=clause_keys, category__in=ZERO_TOLERANCE).exists()


def _had_conversation(case: Case) -> bool:
    return (
        case.status in (CaseStatus.IN_CONVERSATION, CaseStatus.DECIDED, CaseStatus.APPEALED)
        or ThreadMessage.objects.filter(party__case=case, from_moderators=True).exists()
    )


# --- content ------------------------------------------------------------------------------------


def _content_model(kind: str):
    from commons.community.models import Comment, Post

    models = {"post": Post, "comment": Comment}
    if kind not in models:
        raise ValidationError({"content": "Content to remove is a post or a comment."})
    return models[kind]


def _default_content(case: Case) -> list[dict]:
    """What a content removal hides unless told: the reported posts and comments, and the content
    screening held or flagged when the case came from the screening queue."""
    items = [
        {"type": t, "id": i}
        for t, i in case.reports.filter(subject_type__in=("post", "comment"))
        .values_list("subject_type", "subject_id")
        .distinct()
    ]
    item = case.screened_item
    if item is not None and item.content_type.app_label == "community":
        screened = {"type": item.content_type.model, "id": item.object_id}
        if screened["type"] in ("post", "comment") and screened not in items:
            items.append(screened)
    return items


def _clean_content(items, respondent) -> list[dict]:
    cleaned = []
    for item in items or []:
        kind = (item or {}).get("type")
        model = _content_model(kind)
        try:
            pk = int(item.get("id"))
        except (TypeError, ValueError):
            raise ValidationError({"content": "Each item needs a numeric id."}) from None
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            raise ValidationError({"content": f"There is no {kind} {pk}."})
        if obj.author_id != respondent.pk:
            raise ValidationError({"content": f"That {kind} was not written by the respondent."})
        if {"type": kind, "id": pk} not in cleaned:
            cleaned.append({"type": kind, "id": pk})
    if not cleaned:
        raise ValidationError({"content": "Name the post or comment to remove."})
    return cleaned


def _hide(kind: str, obj, *, actor) -> dict:
    """Hide one post or comment through the community app's moderation hook; keep what it was."""
    from commons.conduct.moderation import _HOOKS

    previous = obj.status
    _HOOKS[obj._meta.label_lower].hide(obj, actor=actor)
    return {"type": kind, "id": obj.pk, "status": previous}


def _restore(item: dict, *, actor) -> None:
    """Put back a post or comment hidden by a decision, as it was (unless it changed since)."""
    from commons.community import search
    from commons.community.models import Comment, ContentStatus, Post

    model = _content_model(item["type"])
    obj = model.objects.select_for_update().filter(pk=item["id"]).first()
    previous = item.get("status")
    if obj is None or obj.status != ContentStatus.HIDDEN or previous == ContentStatus.HIDDEN:
        return
    obj.status = previous
    obj.save(update_fields=["status"])
    if previous == ContentStatus.PUBLISHED:
        if isinstance(obj, Post):
            search.index_post(obj)
        elif isinstance(obj, Comment):
            Post.objects.filter(pk=obj.post_id).update(comment_count=F("comment_count") + 1)
            search.index_comment(obj)
    record(actor, f"community.{item['type']}.restored", obj, {"status": previous})


def _remove_all_content(user, *, actor) -> list[dict]:
    from commons.community.models import Comment, ContentStatus, Post

    visible = (ContentStatus.PUBLISHED, ContentStatus.HELD)
    done = []
    for comment in Comment.objects.filter(author=user, status__in=visible).order_by("pk"):
        done.append(_hide("comment", comment, actor=actor))
    for post in Post.objects.filter(author=user, status__in=visible).order_by("pk"):
        done.append(_hide("post", post, actor=actor))
    return done


# --- effects and their undoing ------------------------------------------------------------------


def _close_account(decision: Decision, *, actor, now) -> dict:
    from commons.members.models import ApiToken, User

    user = User.objects.select_for_update().get(pk=decision.respondent_id)
    tokens = list(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("pk", flat=True)
    )
    ApiToken.objects.filter(pk__in=tokens).update(revoked_at=now)
    barred, _ = BarredEmail.objects.get_or_create(
        email_hash=user.deleted_email_hash or email_hash(user.email),
        defaults={"decision": decision},
    )
    effects = {
        "was_active": user.is_active,
        "tokens": tokens,
        "sessions": end_sessions(user),
        "barred_email": barred.pk,
        "content": [],
    }
    user.is_active = False
    user.save(update_fields=["is_active"])
    if decision.effects.get("remove_content"):
        effects["content"] = _remove_all_content(user, actor=actor)
    return effects


def _apply(decision: Decision, spec: dict, *, actor, now) -> None:
    """Carry out one decision (already saved) and keep in ``effects`` what was done."""
    outcome = decision.outcome
    if outcome == Outcome.REMOVE_CONTENT:
        hidden = []
        for item in decision.content:
            obj = _content_model(item["type"]).objects.get(pk=item["id"])
            hidden.append(_hide(item["type"], obj, actor=actor))
        decision.effects = {"content": hidden}
    elif outcome == Outcome.EVENT_REMOVAL:
        from commons.events.actions import remove_attendee

        removal = remove_attendee(
            decision.event,
            decision.respondent,
            actor=actor,
            message=spec.get("message") or decision.reason,
            barred_until=decision.until,
            case_id=decision.case_id,
            now=now,
        )
        bar = removal.bars.first()
        decision.effects = {"removal": removal.pk, "bar": bar.pk if bar else None}
    elif outcome == Outcome.REMOVAL:
        decision.effects = {**decision.effects, **_close_account(decision, actor=actor, now=now)}
    decision.effective_at = now
    decision.save(update_fields=["effects", "effective_at"])


def _undo(decision: Decision, *, actor) -> None:
    """Undo what ``_apply`` did, for an overturned decision."""
    effects = decision.effects or {}
    for item in effects.get("content", []):
        _restore(item, actor=actor)
    if decision.outcome == Outcome.EVENT_REMOVAL:
        from commons.events.models import EventBar, EventRemoval, Rsvp, RsvpStatus

        if effects.get("bar"):
            EventBar.objects.filter(pk=effects["bar"]).delete()
        removal = EventRemoval.objects.filter(pk=effects.get("removal")).first()
        if removal is not None:
            Rsvp.objects.filter(
                event_id=removal.event_id, user_id=removal.user_id, status=RsvpStatus.REMOVED
            ).update(status=RsvpStatus.NOT_GOING)
            record(actor, "events.attendee.reinstated", removal, {"decision": decision.pk})
    if decision.outcome == Outcome.REMOVAL and effects.get("barred_email"):
        from commons.members.models import User

        BarredEmail.objects.filter(pk=effects["barred_email"]).delete()
        if effects.get("was_active", True):
            # an account its member deleted meanwhile stays closed
            User.objects.filter(pk=decision.respondent_id, deleted_at__isnull=True).update(
                is_active=True
            )


# --- telling people -----------------------------------------------------------------------------


def _tell_respondent(decision: Decision, *, actor) -> None:
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    from ..tasks import send_decision_email

    notify(
        decision.respondent,
        kind=Kind.SAFETY_DECISION,
        text=f"A moderation decision about you: {decision.get_outcome_display()}. "
        "Read the reason and how to appeal.",
        url=_url("safety:my-decisions"),
    )
    on_commit(send_decision_email, decision.pk)


def _tell_reporters(case: Case, *, took_action: bool, respondent) -> None:
    """Tell each reporter of the case the outcome in general terms, nothing more."""
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    from ..tasks import send_report_outcome_email

    told = set()
    for report in case.reports.select_related("reporter").order_by("pk"):
        reporter = report.reporter
        if reporter is not None and getattr(respondent, "pk", None) == reporter.pk:
            continue
        if reporter is not None:
            if reporter.pk in told:
                continue
            told.add(reporter.pk)
            outcome = (
                "we took action." if took_action else "we found no breach of the Code of Conduct."
            )
            notify(
                reporter,
                kind=Kind.SAFETY_REPORT,
                text=f"About your report {report.reference}: {outcome}",
                url=_url("safety:my-reports"),
            )
        elif report.contact_email:
            on_commit(send_report_outcome_email, report.pk, took_action)


# --- deciding -----------------------------------------------------------------------------------


def _clean_outcome(spec: dict, *, case: Case, respondent, now) -> dict:
    """Check one outcome's own fields; returns the fields of its Decision."""
    from commons.events.models import Event
    from commons.members.models import User

    outcome = spec.get("outcome")
    fields: dict = {"outcome": outcome}
    if outcome in DATED:
        fields["until"] = _as_datetime(spec.get("until"), "until", now)
    if outcome == Outcome.REMOVE_CONTENT:
        fields["content"] = _clean_content(
            spec.get("content") or _default_content(case), respondent
        )
    elif outcome == Outcome.NO_CONTACT:
        ids = {int(i) for i in spec.get("protected_user_ids") or [] if str(i).isdigit()}
        ids.discard(respondent.pk)
        protected = list(User.objects.filter(pk__in=ids))
        if not protected or len(protected) != len(ids):
            raise ValidationError(
                {"protected_user_ids": "Name the members the respondent must not contact."}
            )
        fields["protected"] = protected
    elif outcome == Outcome.EVENT_REMOVAL:
        event = Event.objects.filter(pk=spec.get("event_id") or 0).first()
        if event is None:
            raise ValidationError({"event_id": "Choose the event to ask them to leave."})
        fields["event"] = event
        if spec.get("until"):
            fields["until"] = _as_datetime(spec.get("until"), "until", now)
    elif outcome == Outcome.REMOVAL:
        fields["effects"] = {"remove_content": bool(spec.get("remove_content"))}
    elif outcome == Outcome.EXTERNAL_ACTION:
        external = spec.get("external") or {}
        cleaned = {
            key: str(external.get(key) or "").strip()[:500]
            for key in ("what", "where", "who", "when")
        }
        if not cleaned["what"] or not cleaned["where"]:
            raise ValidationError(
                {"external": "Say what was done and where (which outside channel)."}
            )
        fields["external"] = cleaned
    return fields


@transaction.atomic
def decide(
    case: Case,
    *,
    actor,
    outcomes: list[dict],
    reason: str,
    clause_keys=(),
    respondent=None,
    now: datetime | None = None,
) -> list[Decision]:
    """Decide a case: one Decision per outcome, for one respondent (the case's, unless given).

    Moderators with DECIDE_CASES who are not recused (404 otherwise). Each outcome is a dict with
    ``outcome`` (an ``Outcome`` value) and its own fields: ``until`` (no-contact, suspension; the
    event bar for an event removal), ``content`` (``[{"type": "post", "id": 5}]``, by default the
    reported posts and comments), ``protected_user_ids``, ``event_id`` and ``message``,
    ``remove_content`` (removal from the community), ``external`` (``what``, ``where``, ``who``,
    ``when``). The policy is in this module's docstring. Refused for a closed case. The case becomes
    "decided" (or "closed" when resolved without action); the respondent and the reporters are told
    on commit. Audited as ``safety.decision.made``.
    """
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_moderator(actor, case, Permission.DECIDE_CASES)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This case is closed; reopen it before deciding.")
    specs = [dict(s) for s in outcomes or []]
    kinds = [s.get("outcome") for s in specs]
    if not specs:
        raise ValidationError({"outcomes": "Choose at least one outcome."})
    unknown = [k for k in kinds if k not in Outcome.values]
    if unknown:
        raise ValidationError({"outcomes": f"Unknown outcome: {', '.join(map(str, unknown))}."})
    if len(set(kinds)) != len(kinds):
        raise ValidationError({"outcomes": "Choose each outcome once."})
    if Outcome.NO_ACTION in kinds and len(kinds) > 1:
        raise ValidationError({"outcomes": "Resolving without action cannot go with a sanction."})
    label = "The note" if kinds == [Outcome.NO_ACTION] else "The reason"
    reason = _clean_text(reason, field="reason", label=label)
    clause_keys = _clean_clauses(clause_keys)
    respondent = respondent or case.respondent
    sanctioning = any(k in SANCTIONS for k in kinds)
    if respondent is None and any(
        k not in (Outcome.NO_ACTION, Outcome.EXTERNAL_ACTION) for k in kinds
    ):
        raise ValidationError({"respondent": "Name the member this decision is about."})
    if respondent is not None and respondent.pk == actor.pk:
        raise PermissionDenied("You cannot decide a case about yourself.")
    if sanctioning:
        if not clause_keys:
            raise ValidationError({"clause_ids": "Cite the clause of the Code of Conduct."})
        if not _zero_tolerance(case, clause_keys) and not _had_conversation(case):
            raise ValidationError(
                "Talk with the people involved first: only harassment, unwelcome sexual attention "
                "and discrimination may be decided without a conversation."
            )
    cleaned = [_clean_outcome(s, case=case, respondent=respondent, now=now) for s in specs]

    decisions = []
    for spec, fields in zip(specs, cleaned, strict=True):
        protected = fields.pop("protected", [])
        pending = fields["outcome"] == Outcome.REMOVAL
        decision = Decision.objects.create(
            case=case,
            respondent=respondent,
            reason=reason,
            clause_keys=clause_keys,
            decided_by=actor,
            status=DecisionStatus.PENDING_CONFIRMATION if pending else DecisionStatus.IN_EFFECT,
            **fields,
        )
        if protected:
            decision.protected_users.set(protected)
        if not pending:
            _apply(decision, spec, actor=actor, now=now)
        record(
            actor,
            "safety.decision.made",
            decision,
            {
                "case": case.pk,
                "outcome": decision.outcome,
                "respondent": getattr(respondent, "pk", None),
                "clauses": clause_keys,
                "until": decision.until.isoformat() if decision.until else None,
                "status": decision.status,
            },
        )
        add_activity(
            case,
            actor,
            "decision.pending" if pending else "decision.made",
            f"{decision.get_outcome_display()}"
            + (" (waiting for a second moderator)" if pending else ""),
        )
        decisions.append(decision)

    case.decided_at = now
    if kinds == [Outcome.NO_ACTION]:
        case.status, case.closed_at = CaseStatus.CLOSED, now
    elif case.status != CaseStatus.APPEALED:
        case.status = CaseStatus.DECIDED
    case.save(update_fields=["status", "decided_at", "closed_at", "updated_at"])
    for decision in decisions:
        if decision.status == DecisionStatus.IN_EFFECT and decision.outcome in SANCTIONS:
            _tell_respondent(decision, actor=actor)
    if any(d.status == DecisionStatus.IN_EFFECT for d in decisions):
        _tell_reporters(case, took_action=kinds != [Outcome.NO_ACTION], respondent=respondent)
    return decisions


def _lock_decision(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("case", "respondent")
        .get(pk=decision.pk)
    )


@transaction.atomic
def confirm_removal(decision: Decision, *, actor, now: datetime | None = None) -> Decision:
    """A second moderator confirms a removal from the community; only then is the account closed
    (inactive, sessions and API tokens ended, the email barred, content hidden when asked).
    The moderator who decided it cannot confirm it. Audited as ``safety.decision.confirmed``."""
    now = now or timezone.now()
    decision = _lock_decision(decision)
    _check_moderator(actor, decision.case, Permission.DECIDE_CASES)
    if decision.status != DecisionStatus.PENDING_CONFIRMATION:
        raise ValidationError("This decision is not waiting for confirmation.")
    if decision.decided_by_id == actor.pk:
        raise PermissionDenied(
            "You asked for this removal; a second moderator must confirm it, not you."
        )
    if decision.respondent_id == actor.pk:
        raise PermissionDenied("You cannot confirm a decision about yourself.")
    decision.status = DecisionStatus.IN_EFFECT
    decision.confirmed_by = actor
    decision.save(update_fields=["status", "confirmed_by"])
    _apply(decision, {}, actor=actor, now=now)
    record(
        actor,
        "safety.decision.confirmed",
        decision,
        {"case": decision.case_id, "respondent": decision.respondent_id},
    )
    add_activity(decision.case, actor, "decision.confirmed", "Removal from the community confirmed")
    _tell_respondent(decision, actor=actor)
    _tell_reporters(decision.case, took_action=True, respondent=decision.respondent)
    return decision


@transaction.atomic
def decline_removal(decision: Decision, *, actor, note: str = "") -> Decision:
    """A second moderator declines a removal waiting for confirmation: it never takes effect.
    The moderator who asked for it may withdraw it too. Audited as ``safety.decision.cancelled``."""
    decision = _lock_decision(decision)
    _check_moderator(actor, decision.case, Permission.DECIDE_CASES)
    if decision.status != DecisionStatus.PENDING_CONFIRMATION:
        raise ValidationError("This decision is not waiting for confirmation.")
    decision.status = DecisionStatus.CANCELLED
    decision.ended_at = timezone.now()
    decision.save(update_fields=["status", "ended_at"])
    record(actor, "safety.decision.cancelled", decision, {"case": decision.case_id, "note": note})
    add_activity(
        decision.case, actor, "decision.cancelled", "Removal from the community not confirmed"
    )
    return decision


@transaction.atomic
def acknowledge_warning(decision: Decision, *, actor) -> Decision:
    """The warned member acknowledges a formal warning; until then they may not take part.
    Only that member (404 for anyone else). Audited as ``safety.warning.acknowledged``."""
    decision = _lock_decision(decision)
    if decision.respondent_id != getattr(actor, "pk", None):
        raise Http404("No such decision.")
    if decision.outcome != Outcome.WARNING:
        raise ValidationError("Only a formal warning is acknowledged.")
    if decision.acknowledged_at is not None:
        return decision
    decision.acknowledged_at = timezone.now()
    decision.save(update_fields=["acknowledged_at"])
    record(actor, "safety.warning.acknowledged", decision, {"case": decision.case_id})
    add_activity(
        decision.case, actor, "warning.acknowledged", "The respondent acknowledged the warning"
    )
    return decision


# --- expiry -------------------------------------------------------------------------------------


def expire_sanctions(now: datetime | None = None) -> int:
    """End the no-contact orders, event bars and suspensions whose date has passed.

    Run by ``commons tick`` and Celery beat; idempotent. Each decision ends in its own transaction,
    audited as ``safety.decision.expired`` (by the system), with a line on the case's timeline and a
    notification to the member. Returns how many ended. (Restrictions also check the date, so a
    sanction never outlasts its date even when this has not run yet.)
    """
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    now = now or timezone.now()
    due = Decision.objects.filter(
        status=DecisionStatus.IN_EFFECT, outcome__in=EXPIRING, until__lte=now
    ).values_list("pk", flat=True)
    ended = 0
    for pk in list(due):
        with transaction.atomic():
            decision = (
                Decision.objects.select_for_update(of=("self",))
                .select_related("case", "respondent")
                .filter(pk=pk, status=DecisionStatus.IN_EFFECT)
                .first()
            )
            if decision is None:
                continue
            decision.status = DecisionStatus.EXPIRED
            decision.ended_at = now
            decision.save(update_fields=["status", "ended_at"])
            record(None, "safety.decision.expired", decision, {"case": decision.case_id})
            add_activity(
                decision.case, None, "decision.expired", f"{decision.get_outcome_display()} ended"
            )
            notify(
                decision.respondent,
                kind=Kind.SAFETY_DECISION,
                text=f"{decision.get_outcome_display()} has ended.",
                url=_url("safety:my-decisions"),
            )
            ended += 1
    return ended


# --- appeals ------------------------------------------------------------------------------------


def appeal_deadline(decision: Decision) -> datetime:
    return (decision.effective_at or decision.created_at) + timedelta(days=APPEAL_DAYS)


def appeal_refusal(decision: Decision, *, now: datetime | None = None) -> str:
    """Why `decision` cannot be appealed (now), or "" when its respondent may appeal it: only a
    sanction in effect or ended by its date, once, within 14 days of taking effect."""
    now = now or timezone.now()
    if decision.outcome not in SANCTIONS:
        return "Only a sanction can be appealed."
    if decision.status not in (DecisionStatus.IN_EFFECT, DecisionStatus.EXPIRED):
        return "This decision is not in effect, so there is nothing to appeal."
    if Appeal.objects.filter(decision=decision).exists():
        return "You have already appealed this decision; each decision is appealed once."
    if now > appeal_deadline(decision):
        return (
            f"The {APPEAL_DAYS} days to appeal this decision ended on "
            f"{appeal_deadline(decision):%Y-%m-%d}."
        )
    return ""


@transaction.atomic
def appeal_decision(
    decision: Decision, *, actor, statement: str, now: datetime | None = None
) -> Appeal:
    """The sanctioned member appeals a decision: once, within 14 days of it taking effect.
    Only that member (404 for anyone else). The case goes to "appealed" until a moderator who did
    not decide it reviews it. Audited as ``safety.appeal.filed``."""
    now = now or timezone.now()
    decision = _lock_decision(decision)
    if decision.respondent_id != getattr(actor, "pk", None):
        raise Http404("No such decision.")
    return _file_appeal(decision, appellant=actor, statement=statement, now=now, via="account")


@transaction.atomic
def appeal_decision_by_token(
    decision: Decision, *, token: str, statement: str, now: datetime | None = None
) -> Appeal:
    """The sanctioned member appeals through the signed link in the decision's email, without
    logging in (a member removed from the community cannot): the link stands for the member (see
    ``commons.safety.appeal_links``). A link that is not valid or has expired is refused with a
    reason; one made for another decision or member is 404. Then the same rules as
    ``appeal_decision``: once, within 14 days. Audited as ``safety.appeal.filed`` with
    ``"via": "link"``, the respondent as actor."""
    from ..appeal_links import read_appeal_token

    now = now or timezone.now()
    respondent_id = read_appeal_token(token, decision_id=decision.pk, now=now)
    decision = _lock_decision(decision)
    if decision.respondent_id is None or decision.respondent_id != respondent_id:
        raise Http404("No such decision.")
    return _file_appeal(
        decision, appellant=decision.respondent, statement=statement, now=now, via="link"
    )


def _file_appeal(decision: Decision, *, appellant, statement: str, now, via: str) -> Appeal:
    """File `appellant`'s appeal of the locked `decision`, whichever way it came."""
    refusal = appeal_refusal(decision, now=now)
    if refusal:
        raise ValidationError(refusal)
    statement = _clean_text(statement, field="statement", label="Your statement")
    appeal = Appeal.objects.create(decision=decision, appellant=appellant, statement=statement)
    case = Case.objects.select_for_update().get(pk=decision.case_id)
    case.status = CaseStatus.APPEALED
    case.save(update_fields=["status", "updated_at"])
    record(
        appellant,
        "safety.appeal.filed",
        appeal,
        {"decision": decision.pk, "case": case.pk, "via": via},
    )
    add_activity(
        case,
        appellant,
        "appeal.filed",
        f"Appeal of: {decision.get_outcome_display()}"
        + (" (by email link)" if via == "link" else ""),
    )
    return appeal


@transaction.atomic
def review_appeal(
    appeal: Appeal, *, actor, upheld: bool, note: str, now: datetime | None = None
) -> Appeal:
    """A moderator with REVIEW_APPEALS who neither decided nor confirmed the decision reviews the
    appeal: upheld, or overturned with every effect undone (content restored, warning cleared, bar
    or suspension lifted, account reactivated and email unbarred). The appellant is told; the case
    goes back to "decided" (or "closed" when nothing remains in effect). Audited as
    ``safety.appeal.upheld`` / ``safety.appeal.overturned``."""
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    now = now or timezone.now()
    appeal = Appeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
    decision = _lock_decision(appeal.decision)
    case = Case.objects.select_for_update().get(pk=decision.case_id)
    _check_moderator(actor, case, Permission.REVIEW_APPEALS)
    if appeal.status != AppealStatus.PENDING:
        raise ValidationError("This appeal has already been reviewed.")
    if actor.pk in (decision.decided_by_id, decision.confirmed_by_id):
        raise PermissionDenied(
            "You made this decision; a moderator who did not decide it must review the appeal."
        )
    if actor.pk == decision.respondent_id:
        raise PermissionDenied("You cannot review your own appeal.")
    note = _clean_text(note, field="note", label="The note", required=not upheld)
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.OVERTURNED
    appeal.reviewer, appeal.review_note, appeal.reviewed_at = actor, note, now
    appeal.save(update_fields=["status", "reviewer", "review_note", "reviewed_at"])
    if not upheld:
        _undo(decision, actor=actor)
        decision.status = DecisionStatus.OVERTURNED
        decision.ended_at = now
        decision.save(update_fields=["status", "ended_at"])
    record(
        actor,
        f"safety.appeal.{appeal.status}",
        appeal,
        {"decision": decision.pk, "case": case.pk, "outcome": decision.outcome},
    )
    add_activity(
        case,
        actor,
        f"appeal.{appeal.status}",
        f"Appeal {appeal.get_status_display().lower()}: {decision.get_outcome_display()}",
    )
    if not Appeal.objects.filter(decision__case=case, status=AppealStatus.PENDING).exists():
        remaining = case.decisions.filter(
            status__in=(DecisionStatus.IN_EFFECT, DecisionStatus.PENDING_CONFIRMATION)
        ).exists()
        if remaining:
            case.status = CaseStatus.DECIDED
        else:
            case.status, case.closed_at = CaseStatus.CLOSED, now
        case.save(update_fields=["status", "closed_at", "updated_at"])
    result = "upheld" if upheld else "overturned: its effects are undone"
    if decision.respondent is not None:
        decision.respondent.refresh_from_db(fields=["is_active"])
    notify(
        decision.respondent,
        kind=Kind.SAFETY_APPEAL,
        text=f"Your appeal of {decision.get_outcome_display().lower()} was {result}.",
        url=_url("safety:my-decisions"),
    )
    from ..tasks import send_appeal_result_email

    on_commit(send_appeal_result_email, appeal.pk)
    return appeal
