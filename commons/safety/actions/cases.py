"""Case handling: assignment, status, private threads with each party, notes, recusal, and the
screening queue's items as cases.

Who may call what:

- moderators (``HANDLE_CASES``) who are not recused from the case: everything here;
- a party (the member in ``Party.user``): ``send_thread_message`` on their own thread only;
- people without an account reply by email: ``receive_thread_email``, called by the email intake;
- the system: ``open_screening_case`` and ``close_screening_case`` (from ``signals.py``).

Every change is audited and adds a line to the case's timeline (``CaseActivity``) in the same
transaction. Emails go out after commit; a failed send is logged and never loses the message.
"""

import logging
from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commons.core.audit import record
from commons.core.permissions import Permission, has_permission
from commons.core.tasks import on_commit

from ..models import (
    OPEN_STATUSES,
    REASON_CATEGORY,
    Case,
    CaseNote,
    CaseStatus,
    Party,
    PartyRole,
    Reason,
    Recusal,
    Report,
    Source,
    SubjectType,
    ThreadMessage,
    severity_of,
)
from .common import add_activity, create_party, find_party, new_reference

logger = logging.getLogger(__name__)

__all__ = [
    "STATUS_TRANSITIONS",
    "add_case_note",
    "add_party",
    "assign_case",
    "close_screening_case",
    "open_screening_case",
    "receive_thread_email",
    "recuse_party",
    "review_screened_case",
    "send_thread_message",
    "set_case_status",
    "settle_screened_item",
    "thread_reply_to",
    "view_case",
]

MESSAGE_LIMIT = 10000
NOTE_LIMIT = 10000

# Where a case may go from each status by hand. Deciding and appealing normally happen through the
# decision actions; closed cases may be reopened.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.NEW: frozenset(
        {CaseStatus.ACKNOWLEDGED, CaseStatus.IN_CONVERSATION, CaseStatus.DECIDED, CaseStatus.CLOSED}
    ),
    CaseStatus.ACKNOWLEDGED: frozenset(
        {CaseStatus.IN_CONVERSATION, CaseStatus.DECIDED, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_CONVERSATION: frozenset(
        {CaseStatus.ACKNOWLEDGED, CaseStatus.DECIDED, CaseStatus.CLOSED}
    ),
    CaseStatus.DECIDED: frozenset(
        {CaseStatus.IN_CONVERSATION, CaseStatus.APPEALED, CaseStatus.CLOSED}
    ),
    CaseStatus.APPEALED: frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ACKNOWLEDGED, CaseStatus.IN_CONVERSATION}),
}


def _check_handles(actor, case: Case) -> None:
    """Refuse unless `actor` is a moderator not recused from `case`. Private: refused as not found."""
    from ..queries.cases import can_see_case

    if not can_see_case(actor, case):
        raise PermissionDenied("You cannot handle this case.")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _who(user) -> str:
    return str(user) if user is not None else "The system"


# --- viewing ----------------------------------------------------------------------------------


@transaction.atomic
def view_case(case: Case, *, actor, part: str = "case") -> None:
    """Audit that moderator `actor` looked at `case` (``safety.case.viewed``); `part` says what
    (the case page, a thread, a piece of evidence, the API). Every moderator view is recorded."""
    _check_handles(actor, case)
    record(actor, "safety.case.viewed", case, {"part": part})


# --- parties and recusal ----------------------------------------------------------------------


@transaction.atomic
def recuse_party(party: Party, *, actor=None) -> bool:
    """A moderator who is a party to a case is recused from it: they can no longer see it, and
    are unassigned. Idempotent; returns True when a recusal was added. Runs in the caller's
    transaction (``add_party`` and the ``Party`` post-save signal)."""
    user = party.user
    if user is None or not has_permission(user, Permission.HANDLE_CASES):
        return False
    _, created = Recusal.objects.get_or_create(
        case_id=party.case_id, moderator=user, defaults={"why": Recusal.Why.PARTY}
    )
    if created:
        Case.objects.filter(pk=party.case_id, assignee=user).update(assignee=None)
        record(actor, "safety.case.recused", party.case, {"moderator": user.pk, "why": "party"})
        add_activity(party.case, None, "recused", "A moderator who is a party was recused.")
    return created


@transaction.atomic
def add_party(case: Case, *, actor, role: str, user=None, email: str = "", name: str = "") -> Party:
    """Add someone involved to `case` (`user` for a member, else `email` for someone without an
    account), with their own private thread. A moderator added as a party is recused at once.
    Audited as ``safety.party.added``."""
    _check_handles(actor, case)
    if role not in PartyRole.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(PartyRole.values)}."})
    email = (email or "").strip()
    name = (name or "").strip()[:120]
    if user is None and not email:
        raise ValidationError({"email": "Give a member or an email address to reach them."})
    if user is not None:
        if find_party(case, role=role, user=user):
            raise ValidationError(f"{user} is already a {role} on this case.")
        email = email or user.email
    else:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": "Enter a valid email address."}) from None
        if find_party(case, role=role, email=email):
            raise ValidationError(f"{email} is already a {role} on this case.")
    party = create_party(
        case, role=role, user=user, email=email, name=name or (str(user) if user else "")
    )
    record(actor, "safety.party.added", case, {"party": party.pk, "role": role})
    add_activity(case, actor, "party_added", f"{_who(actor)} added a {party.get_role_display()}.")
    return party


# --- assignment, status, notes ----------------------------------------------------------------


@transaction.atomic
def assign_case(case: Case, *, actor, assignee) -> Case:
    """Assign `case` to moderator `assignee` (None to unassign). The assignee must handle cases and
    not be recused. Audited as ``safety.case.assigned``."""
    from ..queries.cases import can_see_case

    _check_handles(actor, case)
    case = _locked(case)
    if assignee is not None and not can_see_case(assignee, case):
        raise ValidationError({"assignee": "Choose a moderator who may see this case."})
    if (assignee.pk if assignee else None) == case.assignee_id:
        return case
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    record(actor, "safety.case.assigned", case, {"assignee": assignee.pk if assignee else None})
    add_activity(
        case,
        actor,
        "assigned",
        f"{_who(actor)} assigned the case to {assignee}."
        if assignee
        else f"{_who(actor)} unassigned the case.",
    )
    return case


def _apply_status(case: Case, status: str, now) -> None:
    case.status = status
    if status == CaseStatus.CLOSED:
        case.closed_at = now
    else:
        case.closed_at = None
    if status == CaseStatus.DECIDED and case.decided_at is None:
        case.decided_at = now


@transaction.atomic
def set_case_status(case: Case, *, actor, status: str, note: str = "") -> Case:
    """Move `case` to `status` along ``STATUS_TRANSITIONS`` (a closed case may be reopened).

    Acknowledging is the first response to the reporters (``first_response_at``) and tells them
    the moderators are looking at their report. A screening case is closed by approving or
    rejecting its content, not by hand. Audited as ``safety.case.status-changed`` (or
    ``safety.case.reopened``).
    """
    _check_handles(actor, case)
    if status not in CaseStatus.values:
        raise ValidationError({"status": f"Choose one of: {', '.join(CaseStatus.values)}."})
    case = _locked(case)
    if status == case.status:
        raise ValidationError({"status": f"The case is already {case.get_status_display()}."})
    if status not in STATUS_TRANSITIONS[case.status]:
        raise ValidationError(
            {
                "status": f"A case cannot go from {case.get_status_display().lower()} to "
                f"{CaseStatus(status).label.lower()}."
            }
        )
    if status == CaseStatus.CLOSED and _screened_pending(case):
        raise ValidationError(
            {"status": "Approve or reject the screened content first; that closes the case."}
        )
    if len(note or "") > 300:
        raise ValidationError({"note": "Keep the note under 300 characters."})
    now = timezone.now()
    old = case.status
    reopened = old == CaseStatus.CLOSED
    _apply_status(case, status, now)
    fields = ["status", "closed_at", "decided_at", "updated_at"]
    acknowledged = status == CaseStatus.ACKNOWLEDGED and case.first_response_at is None
    if acknowledged:
        case.first_response_at = now
        fields.append("first_response_at")
    case.save(update_fields=fields)
    record(
        actor,
        "safety.case.reopened" if reopened else "safety.case.status-changed",
        case,
        {"from": old, "to": status},
    )
    text = f"{_who(actor)} {'reopened' if reopened else 'moved'} the case to "
    text += CaseStatus(status).label.lower()
    add_activity(case, actor, "status", f"{text}. {note}".strip() if note else f"{text}.")
    if acknowledged:
        _tell_reporters_acknowledged(case, actor)
    return case


def _tell_reporters_acknowledged(case: Case, actor) -> None:
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    parties = Party.objects.filter(case=case, role=PartyRole.REPORTER).select_related(
        "user", "anonymous_member"
    )
    for party in parties:
        if party.member is not None:
            notify(
                party.member,
                kind=Kind.SAFETY_REPORT,
                text="The moderators are looking at your report.",
                url=reverse("safety:my-thread", args=[party.pk]),
            )
        elif party.email:
            on_commit(send_acknowledged_email, party.pk)


@transaction.atomic
def add_case_note(case: Case, *, actor, body: str) -> CaseNote:
    """Add a moderator-only note to `case` (never shown to a party). Audited as
    ``safety.case.noted`` (without the text)."""
    _check_handles(actor, case)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write the note."})
    if len(body) > NOTE_LIMIT:
        raise ValidationError({"body": "Keep a note under 10,000 characters."})
    note = CaseNote.objects.create(case=case, author=actor, body=body)
    record(actor, "safety.case.noted", case, {"note": note.pk})
    add_activity(case, actor, "noted", f"{_who(actor)} added a note.")
    return note


# --- private threads --------------------------------------------------------------------------


def thread_reply_to(party: Party) -> str:
    """The address a party's replies go to: ``<local>+<reply_token>@<domain>`` of SAFETY_EMAIL."""
    address = parseaddr(settings.SAFETY_EMAIL)[1] or settings.SAFETY_EMAIL
    local, _, domain = address.rpartition("@")
    return f"{local}+{party.reply_token}@{domain}"


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a message."})
    if len(body) > MESSAGE_LIMIT:
        raise ValidationError({"body": "Keep a message under 10,000 characters."})
    return body


def _add_message(party: Party, *, author, from_moderators: bool, body: str, via: str):
    if via not in ThreadMessage.Via.values:
        raise ValidationError({"via": f"Unknown channel {via!r}."})
    case = _locked(party.case)
    if not from_moderators and party.user_id is None:
        author = None  # an anonymous reporter's words carry no name, here or in the audit
    message = ThreadMessage.objects.create(
        party=party,
        author=author if getattr(author, "is_authenticated", False) else None,
        from_moderators=from_moderators,
        body=body,
        via=via,
    )
    now = timezone.now()
    if from_moderators:
        fields = ["updated_at"]
        moved = case.status in (CaseStatus.NEW, CaseStatus.ACKNOWLEDGED)
        if moved:
            old = case.status
            case.status = CaseStatus.IN_CONVERSATION
            fields.append("status")
            record(
                author,
                "safety.case.status-changed",
                case,
                {"from": old, "to": CaseStatus.IN_CONVERSATION},
            )
        if party.role == PartyRole.REPORTER and case.first_response_at is None:
            case.first_response_at = now
            fields.append("first_response_at")
        case.save(update_fields=fields)
        add_activity(
            case,
            author,
            "message_sent",
            f"{_who(author)} wrote to the {party.get_role_display().lower()}"
            + ("; the case is now in conversation." if moved else "."),
        )
    else:
        Case.objects.filter(pk=case.pk).update(updated_at=now)
        add_activity(
            case,
            author,
            "message_received",
            f"The {party.get_role_display().lower()} replied"
            f"{' by email' if via == ThreadMessage.Via.EMAIL else ''}.",
        )
    record(
        author,
        "safety.thread.message-sent" if from_moderators else "safety.thread.message-received",
        message,
        {"case": case.pk, "party": party.pk, "via": via},
    )
    return message, case


@transaction.atomic
def send_thread_message(party: Party, *, actor, body: str, via: str = "web") -> ThreadMessage:
    """Write in `party`'s private thread: a moderator who may see the case writes to the party,
    or the party (their own member account) writes to the moderators.

    A moderator's message reaches the party by email (Reply-To ``thread_reply_to(party)`` so the
    answer lands back in the thread) and, for members, as an in-app notification; the first one
    moves a new or acknowledged case to "in conversation", and the first to a reporter is the
    case's first response. A party's message tells the assignee in the app. Audited as
    ``safety.thread.message-sent`` / ``-received`` (without the text).
    """
    from ..queries.cases import can_see_case

    party = Party.objects.select_related("case", "user", "anonymous_member").get(pk=party.pk)
    body = _clean_body(body)
    member = party.member
    if getattr(actor, "is_authenticated", False) and member is not None and member.pk == actor.pk:
        from_moderators = False
    elif can_see_case(actor, party.case):
        from_moderators = True
    else:
        raise PermissionDenied("You cannot write in this conversation.")
    message, case = _add_message(
        party, author=actor, from_moderators=from_moderators, body=body, via=via
    )
    if from_moderators:
        _tell_party(party, message)
    else:
        _tell_assignee(case, party)
    return message


@transaction.atomic
def receive_thread_email(*, reply_token: str, from_email: str, body: str) -> ThreadMessage:
    """A party's reply by email lands in their thread. Called by the email intake with the token
    from the ``+<reply_token>`` of the address it was sent to.

    Raises ValidationError for an unknown token, for a sender who is not that party (the address
    must match the party's email or their account's), and for an empty or oversized body.
    """
    party = (
        Party.objects.select_related("case", "user", "anonymous_member")
        .filter(reply_token=(reply_token or "").strip())
        .first()
    )
    if party is None or not reply_token:
        raise ValidationError("This reply does not belong to any conversation with the moderators.")
    sender = (parseaddr(from_email or "")[1] or "").strip().lower()
    known = {a.lower() for a in (party.email, getattr(party.member, "email", "")) if a}
    if not sender or sender not in known:
        raise ValidationError("Replies to this conversation must come from the person it is with.")
    message, case = _add_message(
        party, author=party.user, from_moderators=False, body=_clean_body(body), via="email"
    )
    _tell_assignee(case, party)
    return message


def _tell_party(party: Party, message: ThreadMessage) -> None:
    from commons.notifications.models import Kind, Notification

    member = party.member
    if member is not None and member.is_active:
        # The thread email below is this notification's email: mark it sent so it goes once.
        Notification.objects.create(
            recipient=member,
            kind=Kind.SAFETY_MESSAGE,
            text="You have a message from the moderators.",
            url=reverse("safety:my-thread", args=[party.pk]),
            emailed_at=timezone.now(),
        )
    if member is not None or party.email:
        on_commit(send_thread_email, message.pk)


def _tell_assignee(case: Case, party: Party) -> None:
    from commons.notifications.actions import notify
    from commons.notifications.models import Kind

    if case.assignee_id is None:
        return
    notify(
        case.assignee,
        kind=Kind.SAFETY_MESSAGE,
        text=f"A reply on case {case.reference}.",
        url=reverse("safety:case-thread", args=[case.pk, party.pk]),
    )


def _party_address(party: Party) -> str:
    member = party.member
    if member is not None:  # a member who deleted their account has no address left
        return "" if member.deleted_at else member.email
    return party.email


def email_thread_message(message_id: int) -> bool:
    """Email one moderator message to its party, with the Reply-To of their thread. A send error is
    logged, never raised: the message stays in the thread."""
    message = (
        ThreadMessage.objects.select_related(
            "party__case", "party__user", "party__anonymous_member"
        )
        .filter(pk=message_id, from_moderators=True)
        .first()
    )
    if message is None:
        return False
    party = message.party
    address = _party_address(party)
    if not address:
        return False
    body = render_to_string(
        "safety/thread_email.txt",
        {
            "message": message,
            "case": party.case,
            "link": f"{settings.SITE_URL}{reverse('safety:my-thread', args=[party.pk])}"
            if party.member is not None
            else "",
            "community": settings.COMMUNITY_NAME,
            "anonymous": party.anonymous_member_id is not None,
        },
    )
    email = EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}A message from the moderators "
        f"({party.case.reference})"[:200],
        body,
        None,
        [address],
        reply_to=[thread_reply_to(party)],
    )
    try:
        email.send()
    except Exception:  # any backend failure: the message is in the thread, operators see the log
        logger.exception("could not email thread message %s", message_id)
        return False
    return True


def email_acknowledged(party_id: int) -> bool:
    """Tell a reporter without an account that the moderators are looking at their report."""
    party = Party.objects.select_related("case").filter(pk=party_id).first()
    if party is None or not party.email:
        return False
    body = render_to_string(
        "safety/thread_acknowledged_email.txt",
        {"case": party.case, "community": settings.COMMUNITY_NAME},
    )
    email = EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}The moderators are looking at your report"[:200],
        body,
        None,
        [party.email],
        reply_to=[thread_reply_to(party)],
    )
    try:
        email.send()
    except Exception:  # the case is acknowledged either way
        logger.exception("could not email the acknowledgement to party %s", party_id)
        return False
    return True


@shared_task
def send_thread_email(message_id: int) -> None:
    """Email a moderator's thread message to its party (Reply-To their thread)."""
    email_thread_message(message_id)


@shared_task
def send_acknowledged_email(party_id: int) -> None:
    """Email a reporter without an account that their report is being looked at."""
    email_acknowledged(party_id)


# --- the screening queue joins in -------------------------------------------------------------

_REASON_OF_CATEGORY = {category: reason for reason, category in REASON_CATEGORY.items()}


def _screened_pending(case: Case) -> bool:
    from commons.conduct.models import ReviewState

    item = case.screened_item
    return item is not None and item.review_state == ReviewState.PENDING


@transaction.atomic
def open_screening_case(item) -> Case:
    """Open a case for content that screening held or that its author posted anyway after a nudge.

    Policy: every pending ``ScreenedItem`` gets its own case (never grouped with reports about the
    author, so approving or rejecting it closes only this case), with the author as respondent,
    the most severe Code of Conduct category among the screener's flags as its category and
    severity, and one report from the screener (source "screening") keeping the excerpt as a
    snapshot. An author who is a moderator is recused. Runs in the transaction that created the
    item; audited as ``safety.case.opened``.
    """
    from commons.screening import COC_CATEGORY

    categories = [COC_CATEGORY.get(flag, "other") for flag in item.flags] or ["other"]
    category = min(categories, key=severity_of)
    case = Case.objects.create(
        reference=new_reference("C"),
        subject_key=f"screened:{item.pk}",
        respondent=item.author,
        category=category,
        severity=severity_of(category),
        screened_item=item,
    )
    kind = item.content_type.model
    # Reported as the post, comment or message itself, so the decisions' default content to
    # remove is the screened content; anything else stays a "screened" subject.
    subject_type = kind if kind in SubjectType.values else SubjectType.SCREENED
    Report.objects.create(
        reference=new_reference("R"),
        case=case,
        source=Source.SCREENING,
        subject_type=subject_type,
        subject_id=item.object_id if subject_type != SubjectType.SCREENED else item.pk,
        subject_user=item.author,
        reason=_REASON_OF_CATEGORY.get(category, Reason.OTHER),
        clause_keys=[k for k in dict.fromkeys(item.clause_keys.values()) if k],
        description="; ".join(item.reasons),
        snapshot={
            "excerpt": item.excerpt,
            "where": item.where,
            "decision": item.decision,
            "posted_anyway": item.posted_anyway,
            "flags": list(item.flags),
            "content": f"{kind}:{item.object_id}",
            "screened_item": item.pk,
        },
    )
    create_party(
        case,
        role=PartyRole.RESPONDENT,
        user=item.author,
        email=item.author.email,
        name=str(item.author),
    )
    record(None, "safety.case.opened", case, {"source": "screening", "screened_item": item.pk})
    what = "held" if item.decision == "hold" else "posted anyway after a nudge"
    add_activity(case, None, "opened", f"Screening: {kind} {what}.")
    return case


@transaction.atomic
def close_screening_case(item) -> None:
    """The screened item was approved or rejected (in the old moderation queue or from the case):
    its open case closes, with the review on the timeline. Runs in the review's transaction."""
    for case in Case.objects.select_for_update(of=("self",)).filter(
        screened_item=item, status__in=OPEN_STATUSES
    ):
        now = timezone.now()
        old = case.status
        case.status = CaseStatus.CLOSED
        case.closed_at = now
        case.save(update_fields=["status", "closed_at", "updated_at"])
        record(
            item.reviewed_by,
            "safety.case.status-changed",
            case,
            {"from": old, "to": CaseStatus.CLOSED, "screened": item.review_state},
        )
        add_activity(
            case,
            item.reviewed_by,
            "screened_reviewed",
            f"{_who(item.reviewed_by)} {item.review_state} the screened content; case closed.",
        )


@transaction.atomic
def settle_screened_item(case: Case) -> None:
    """Deciding a screening case settles its screened item, so the old moderation queue agrees:
    resolved without action approves it (held content is published); removing content or the
    member rejects it (the content is hidden, kept). Other outcomes leave it for a moderator to
    approve or reject. Runs in the decision's transaction (the ``Case`` post-save signal), as the
    moderator who decided."""
    from commons.conduct.models import ReviewState
    from commons.conduct.moderation import approve_screened, reject_screened

    from ..models import DecisionStatus, Outcome

    item = case.screened_item
    if item is None or item.review_state != ReviewState.PENDING:
        return
    decisions = list(
        case.decisions.filter(
            status__in=(DecisionStatus.IN_EFFECT, DecisionStatus.EXPIRED)
        ).select_related("decided_by")
    )
    removing = [d for d in decisions if d.outcome in (Outcome.REMOVE_CONTENT, Outcome.REMOVAL)]
    if removing and removing[0].decided_by is not None:
        reject_screened(item, actor=removing[0].decided_by)
    elif (
        decisions
        and all(d.outcome == Outcome.NO_ACTION for d in decisions)
        and decisions[0].decided_by is not None
    ):
        approve_screened(item, actor=decisions[0].decided_by)


@transaction.atomic
def review_screened_case(case: Case, *, actor, approve: bool):
    """Approve (publish) or reject (hide, keep) the screened content of `case`, as the moderation
    queue does; that closes the case. Returns the reviewed item."""
    from commons.conduct.moderation import approve_screened, reject_screened

    _check_handles(actor, case)
    if case.screened_item is None:
        raise ValidationError("This case did not come from screening.")
    review = approve_screened if approve else reject_screened
    return review(case.screened_item, actor=actor)
