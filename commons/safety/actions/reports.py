"""Filing reports. Reporting is always open: it never needs the current Code of Conduct accepted."""

import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.validators import URLValidator
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from commons.core.audit import record
from commons.core.permissions import Permission, has_permission
from commons.core.tasks import on_commit

from ..models import (
    OPEN_STATUSES,
    REASON_CATEGORY,
    Case,
    Evidence,
    Party,
    PartyRole,
    Reason,
    Recusal,
    Report,
    Source,
    SubjectType,
    severity_of,
)
from .common import add_activity, create_party, find_party, new_reference

__all__ = ["check_evidence", "evidence_storage", "file_report", "snapshot_of"]

CONTENT_TYPES = (
    SubjectType.POST,
    SubjectType.COMMENT,
    SubjectType.MEMBER,
    SubjectType.EVENT,
    SubjectType.MESSAGE,
)
# The image formats Pillow must recognise, and the content type each is stored as.
_IMAGE_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


class PrivateStorage(FileSystemStorage):
    """File storage with no URL at all: what it holds is served only by a view that checks."""

    def url(self, name):
        raise ValueError("Evidence has no public address; use evidence_file_response.")


def evidence_storage() -> FileSystemStorage:
    """Where evidence files live: outside MEDIA_ROOT and without a URL, so no web server serves
    them; moderators get them only through ``queries.evidence_file_response``.

    ``settings.EVIDENCE_ROOT`` when set, else a ``private`` folder beside MEDIA_ROOT.
    """
    root = getattr(settings, "EVIDENCE_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private"
    return PrivateStorage(location=root)


def check_evidence(name: str, data: bytes) -> str:
    """The content type of an evidence file judged from its bytes, never its name or declared type.

    Only PNG, JPEG, GIF and WebP images that Pillow can read, and PDF, at most
    ``settings.EVIDENCE_MAX_BYTES`` each. Raises ValidationError with a sentence for the reporter.
    """
    limit = settings.EVIDENCE_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            f"{name} is too large ({len(data) // 1024} KB); the limit is {limit // 1024} KB."
        )
    if not data:
        raise ValidationError(f"{name} is empty.")
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    if image_format not in _IMAGE_FORMATS:
        raise ValidationError(
            f"{name} is not an image or a PDF (judged from its contents, not its name); "
            "attach screenshots (PNG, JPEG, GIF, WebP) or PDF files only."
        )
    return _IMAGE_FORMATS[image_format]


def _read(upload) -> tuple[str, bytes]:
    """(name, bytes) of an uploaded file or of a ``(name, bytes)`` pair."""
    if isinstance(upload, tuple | list):
        name, data = upload
        return str(name), bytes(data)
    limit = settings.EVIDENCE_MAX_BYTES
    data = upload.read(limit + 1)  # never read more than one byte past the limit
    return Path(getattr(upload, "name", "") or "evidence").name, data


def _store_evidence(report: Report, files: list[tuple[str, bytes, str]]) -> None:
    storage = evidence_storage()
    now = timezone.now()
    for name, data, content_type in files:
        path = f"evidence/{now:%Y/%m}/{uuid.uuid4().hex}{_EXTENSIONS[content_type]}"
        stored = storage.save(path, ContentFile(data))
        evidence = Evidence(
            report=report,
            original_name=name[:200],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        evidence.file.name = stored
        evidence.save()


def _deleted_error(noun: str) -> ValidationError:
    return ValidationError(
        f"That {noun} was deleted before you reported it, so there is nothing left to keep a copy "
        "of. Report it as something that happened instead, and describe what it said."
    )


def snapshot_of(subject_type: str, subject_id: int, reporter) -> tuple[dict, object]:
    """What the reporter can see of the subject now, kept as it was, and the member responsible.

    Raises ValidationError when the subject was deleted, does not exist, or the reporter may not
    see it.
    """
    from commons.community.models import Comment, ContentStatus, Message, Post
    from commons.community.queries import access_post
    from commons.events.queries import access_event
    from commons.members.queries import access_member

    try:
        if subject_type == SubjectType.POST:
            if Post.objects.filter(pk=subject_id, status=ContentStatus.DELETED).exists():
                raise _deleted_error("post")
            post = access_post(reporter, subject_id)
            return (
                {
                    "title": post.title,
                    "body": post.body,
                    "kind": post.kind,
                    "author": post.author_id,
                    "created_at": post.created_at.isoformat(),
                },
                post.author,
            )
        if subject_type == SubjectType.COMMENT:
            comment = Comment.objects.select_related("post", "author").filter(pk=subject_id).first()
            if comment is not None and comment.status == ContentStatus.DELETED:
                raise _deleted_error("reply")
            if comment is None or comment.status != ContentStatus.PUBLISHED:
                raise Http404
            access_post(reporter, comment.post_id)
            return (
                {
                    "body": comment.body,
                    "post": comment.post_id,
                    "author": comment.author_id,
                    "created_at": comment.created_at.isoformat(),
                },
                comment.author,
            )
        if subject_type == SubjectType.MEMBER:
            user = access_member(reporter, subject_id)
            profile = user.profile
            return (
                {
                    "display_name": profile.display_name,
                    "handle": profile.handle,
                    "headline": profile.headline,
                    "bio": profile.bio,
                },
                user,
            )
        if subject_type == SubjectType.EVENT:
            event = access_event(reporter, subject_id)
            return (
                {
                    "title": event.title,
                    "description": event.description,
                    "starts_at": event.starts_at.isoformat(),
                    "venue": event.venue,
                    "created_by": event.created_by_id,
                },
                event.created_by,
            )
        if subject_type == SubjectType.MESSAGE:
            message = Message.objects.select_related("sender").filter(pk=subject_id).first()
            if message is None or getattr(reporter, "pk", None) not in (
                message.sender_id,
                message.recipient_id,
            ):
                raise Http404
            return (
                {
                    "body": message.body,
                    "sender": message.sender_id,
                    "recipient": message.recipient_id,
                    "created_at": message.created_at.isoformat(),
                },
                message.sender,
            )
    except Http404:
        raise ValidationError(
            {"subject": "There is nothing to report there, or you cannot see it."}
        ) from None
    raise ValidationError({"subject": f"Unknown subject type {subject_type!r}."})


def _clauses(clause_keys) -> list:
    from commons.conduct.queries import current_version

    version = current_version()
    clauses = {c.key: c for c in version.clauses.all()} if version else {}
    keys = list(dict.fromkeys(clause_keys or []))
    unknown = [k for k in keys if k not in clauses]
    if unknown:
        raise ValidationError({"clause_ids": f"Unknown clause: {', '.join(unknown)}."})
    return [clauses[k] for k in keys]


def _reason_from(clauses) -> str:
    """The reason of the most severe category among the cited clauses; ``other`` without one."""
    by_category = {category: reason for reason, category in REASON_CATEGORY.items()}
    reasons = [by_category.get(c.category, Reason.OTHER) for c in clauses]
    if not reasons:
        return Reason.OTHER
    return min(reasons, key=lambda r: (severity_of(REASON_CATEGORY[r]), r == Reason.OTHER))


def _excluded_moderators(ids) -> list:
    from commons.members.models import User

    ids = list(dict.fromkeys(int(i) for i in ids or ()))
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    wrong = [
        str(i)
        for i in ids
        if i not in users or not has_permission(users[i], Permission.HANDLE_CASES)
    ]
    if wrong:
        raise ValidationError({"exclude_moderator_ids": f"Not a moderator: {', '.join(wrong)}."})
    if ids:
        from commons.core.permissions import ROLE_PERMISSIONS

        roles = [r for r, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_CASES in perms]
        left = User.objects.filter(is_active=True, role__in=roles).exclude(pk__in=ids)
        if not left.exists():
            raise ValidationError(
                {
                    "exclude_moderator_ids": "At least one moderator must be able to see your "
                    "report: leave someone off this list."
                }
            )
    return [users[i] for i in ids]


def _subject(subject: dict, reporter) -> dict:
    """The Report fields for `subject`, with the snapshot, the member responsible and the case key."""
    from commons.events.models import Event

    if not isinstance(subject, dict) or not subject:
        raise ValidationError({"subject": "Say what you report: content, a URL or an incident."})
    if "url" in subject:
        url = str(subject.get("url") or "").strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError({"subject": "Give the full address (https://...)."}) from None
        if len(url) > 1000:
            raise ValidationError({"subject": "That address is too long."})
        digest = hashlib.sha256(url.lower().rstrip("/").encode()).hexdigest()[:32]
        return {
            "subject_type": SubjectType.EXTERNAL,
            "subject_url": url,
            "snapshot": {"url": url},
            "responsible": None,
            "key": f"url:{digest}",
        }
    if "incident" in subject:
        incident = subject.get("incident") or {}
        if not isinstance(incident, dict):
            raise ValidationError({"subject": "Describe the incident: when, where, who."})
        fields = {
            "incident_when": str(incident.get("when") or "").strip()[:120],
            "incident_where": str(incident.get("where") or "").strip()[:200],
            "incident_people": str(incident.get("people") or "").strip()[:2000],
            "witnesses": str(incident.get("witnesses") or "").strip()[:2000],
        }
        event = None
        if incident.get("event_id") not in (None, ""):
            try:
                event = Event.objects.filter(pk=int(incident["event_id"])).first()
            except (TypeError, ValueError):
                event = None
            if event is None:
                raise ValidationError({"subject": "There is no such event."})
        snapshot = {k.removeprefix("incident_"): v for k, v in fields.items() if v}
        if event is not None:
            snapshot["event"] = {"id": event.pk, "title": event.title}
        return {
            "subject_type": SubjectType.INCIDENT,
            "incident_event": event,
            **fields,
            "snapshot": snapshot,
            "responsible": None,
            "key": f"event:{event.pk}" if event else f"incident:{uuid.uuid4().hex}",
        }
    subject_type = subject.get("type")
    if subject_type not in CONTENT_TYPES:
        raise ValidationError(
            {"subject": f"type must be one of {', '.join(CONTENT_TYPES)}, or give url or incident."}
        )
    try:
        subject_id = int(subject.get("id"))
    except (TypeError, ValueError):
        raise ValidationError({"subject": "Give the id of what you report."}) from None
    snapshot, responsible = snapshot_of(subject_type, subject_id, reporter)
    return {
        "subject_type": subject_type,
        "subject_id": subject_id,
        "snapshot": snapshot,
        "responsible": responsible,
        "key": f"{subject_type}:{subject_id}",
    }


def _case_for(report: Report, key: str, responsible) -> tuple[Case, bool]:
    """The open case this report joins (same member responsible, else same content, URL or event),
    or a new one. Its severity only ever rises."""
    category = REASON_CATEGORY[Reason(report.reason)]
    severity = severity_of(category)
    if responsible is not None:
        key = f"member:{responsible.pk}"
    case = (
        Case.objects.select_for_update()
        .filter(subject_key=key, status__in=OPEN_STATUSES)
        .order_by("created_at", "pk")
        .first()
    )
    if case is None:
        case = Case.objects.create(
            reference=new_reference("C"),
            subject_key=key,
            respondent=responsible,
            category=category,
            severity=severity,
        )
        return case, True
    if severity < case.severity:
        case.severity, case.category = severity, category
        case.save(update_fields=["severity", "category", "updated_at"])
    return case, False


def _party(case: Case, *, role: str, user=None, email: str = "", name: str = "") -> Party:
    party = find_party(case, role=role, user=user, email=email)
    return party or create_party(case, role=role, user=user, email=email, name=name)


def _recuse(case: Case, moderator, why: str) -> None:
    Recusal.objects.get_or_create(case=case, moderator=moderator, defaults={"why": why})


@transaction.atomic
def file_report(
    *,
    reporter,
    subject: dict | None = None,
    reason: str = "",
    clause_keys=(),
    description: str = "",
    desired_outcome: str = "",
    exclude_moderator_ids=(),
    evidence=(),
    source: str = Source.WEB,
    contact_name: str = "",
    contact_email: str = "",
    anonymous: bool = False,
    incident: dict | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
) -> Report:
    """File a report and group it into a case. Anyone may call it, with or without an account
    (``reporter=None`` then needs ``contact_email``); it never needs the current Code of Conduct
    accepted.

    Keeps a snapshot of the reported content as it is now, stores the evidence privately (images
    and PDF judged from their bytes, each under ``settings.EVIDENCE_MAX_BYTES``), joins the open
    case about the same member (else the same content, URL or event) or opens one, adds the reporter
    and the member responsible as parties, recuses the moderators the reporter excluded and those
    who are a party, raises the case's severity to the report's, and writes the case timeline and
    the audit. After commit the reporter gets an acknowledgement with the reference by email (and
    in the app when a member); a failure to send loses nothing. The reported person is never told
    who reported them; with ``anonymous`` the moderators are not told either.

    ``subject_type``/``subject_id`` are the older spelling of ``subject={"type", "id"}``.
    """
    if subject is None and incident is not None:
        subject = {"incident": incident}
    if subject is None and subject_type is not None:
        subject = {"type": subject_type, "id": subject_id}
    member = reporter if getattr(reporter, "is_authenticated", False) else None
    contact_email = (contact_email or "").strip()
    if member is None and not contact_email and source != Source.EMAIL:
        raise ValidationError({"contact_email": "Give an email address so we can reach you."})
    if contact_email:
        from django.core.validators import validate_email

        try:
            validate_email(contact_email)
        except ValidationError:
            raise ValidationError({"contact_email": "That email address looks wrong."}) from None
    if anonymous and member is None:
        anonymous = False  # without an account there is no name to hide; the email stays
    if reason and reason not in Reason.values:
        raise ValidationError({"reason": f"Choose a reason: {', '.join(Reason.values)}."})
    description = (description or "").strip()
    desired_outcome = (desired_outcome or "").strip()
    if len(description) > 5000:
        raise ValidationError(
            {"description": "Please keep the description under 5,000 characters."}
        )
    if len(desired_outcome) > 2000:
        raise ValidationError(
            {"desired_outcome": "Please keep the outcome you hope for under 2,000 characters."}
        )
    clauses = _clauses(clause_keys)
    reason = reason or _reason_from(clauses)
    excluded = _excluded_moderators(exclude_moderator_ids)
    files = []
    for upload in evidence or ():
        name, data = _read(upload)
        try:
            files.append((name, data, check_evidence(name, data)))
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from None
    fields = _subject(subject, member)
    responsible = fields.pop("responsible")
    key = fields.pop("key")

    report = Report.objects.create(
        reference=new_reference("R"),
        source=source,
        reporter=member,
        anonymous=bool(anonymous),
        contact_name=(contact_name or "").strip()[:120],
        contact_email=contact_email,
        subject_user=responsible,
        reason=reason,
        clause_keys=[c.key for c in clauses],
        description=description,
        desired_outcome=desired_outcome,
        **fields,
    )
    if excluded:
        report.excluded_moderators.set(excluded)
    _store_evidence(report, files)

    case, opened = _case_for(report, key, responsible)
    report.case = case
    report.save(update_fields=["case"])
    if anonymous:  # a thread of its own: the moderators can write to them without knowing who
        reporters = Party.objects.filter(case=case, role=PartyRole.REPORTER)
        if not reporters.filter(anonymous_member=member).exists():
            create_party(
                case, role=PartyRole.REPORTER, name="Anonymous reporter", anonymous_member=member
            )
    elif member is not None:
        _party(case, role=PartyRole.REPORTER, user=member, email=member.email, name=str(member))
    else:
        _party(case, role=PartyRole.REPORTER, email=contact_email, name=report.contact_name)
    if responsible is not None:
        _party(case, role=PartyRole.RESPONDENT, user=responsible, email=responsible.email)
        if case.respondent_id is None:
            case.respondent = responsible
            case.save(update_fields=["respondent", "updated_at"])
    for moderator in excluded:
        _recuse(case, moderator, Recusal.Why.EXCLUDED)
    # Moderators who are parties are recused by the Party signal; an anonymous reporter's party
    # names no one, so a moderator reporting anonymously is recused here.
    if anonymous and has_permission(member, Permission.HANDLE_CASES):
        _recuse(case, member, Recusal.Why.PARTY)

    if opened:
        add_activity(case, None, "case.opened", f"Case opened by report {report.reference}.")
    add_activity(
        case,
        None,  # never the reporter: the timeline must not name who reported
        "report.filed",
        f"Report {report.reference} ({report.get_reason_display()}, "
        f"{report.get_subject_type_display().lower()}) received by {report.get_source_display().lower()}.",
    )
    record(
        None if anonymous else member,
        "safety.report.filed",
        report,
        {
            "reason": reason,
            "subject": report.subject_type,
            "source": source,
            "case": case.reference,
            "evidence": len(files),
        },
    )
    if member is not None:
        _notify_reporter(report, member)
    from ..acknowledgements import send_report_acknowledgement

    on_commit(send_report_acknowledgement, report.pk)
    return report


def _notify_reporter(report: Report, member) -> None:
    from django.urls import reverse

    from commons.notifications.actions import notify
    from commons.notifications.models import Kind, Notification

    notification = notify(
        member,
        kind=Kind.SAFETY_REPORT,
        text=f"We received your report {report.reference}. A moderator will look at it privately.",
        url=reverse("safety:my-reports"),
    )
    if notification is not None:
        # The acknowledgement email stands for this notification's email.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
