"""Filing reports. Reporting is always open: it never needs the current Code of Conduct accepted."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from commons.core.audit import record

from ..models import Reason, Report, SubjectType

__all__ = ["file_report", "snapshot_of"]


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "R-" + "".join(secrets.choice(alphabet) for _ in range(8))


def snapshot_of(subject_type: str, subject_id: int, reporter) -> tuple[dict, object]:
    """What the reporter can see of the subject now, kept as it was, and the member responsible.

    Raises ValidationError when the subject does not exist or the reporter may not see it.
    """
    from django.http import Http404

    from commons.community.models import Comment, ContentStatus, Message
    from commons.community.queries import access_post
    from commons.members.queries import access_member

    try:
        if subject_type == SubjectType.POST:
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
            comment = (
                Comment.objects.select_related("post")
                .filter(pk=subject_id, status=ContentStatus.PUBLISHED)
                .first()
            )
            if comment is None:
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
        if subject_type == SubjectType.MESSAGE:
            message = Message.objects.filter(pk=subject_id).first()
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
        raise ValidationError("There is nothing to report there, or you cannot see it.") from None
    raise ValidationError({"subject": f"Unknown subject type {subject_type!r}."})


@transaction.atomic
def file_report(
    *,
    reporter,
    subject_type: str,
    subject_id: int,
    reason: str,
    clause_keys=(),
    description: str = "",
) -> Report:
    """File a report with a snapshot of the content as it is now. Reporting needs no acceptance of
    the current Code of Conduct. The reported person is never told who reported them."""
    from commons.conduct.queries import current_version

    if reason not in Reason.values:
        raise ValidationError({"reason": f"Choose a reason: {', '.join(Reason.values)}."})
    if len(description or "") > 5000:
        raise ValidationError(
            {"description": "Please keep the description under 5,000 characters."}
        )
    version = current_version()
    known = set(version.clauses.values_list("key", flat=True)) if version else set()
    clause_keys = list(dict.fromkeys(clause_keys or []))
    unknown = [k for k in clause_keys if k not in known]
    if unknown:
        raise ValidationError({"clause_ids": f"Unknown clause: {', '.join(unknown)}."})
    snapshot, responsible = snapshot_of(subject_type, int(subject_id), reporter)
    report = Report.objects.create(
        reference=_reference(),
        reporter=reporter if getattr(reporter, "is_authenticated", False) else None,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_user=responsible,
        reason=reason,
        clause_keys=clause_keys,
        description=(description or "").strip(),
        snapshot=snapshot,
    )
    record(reporter, "safety.report.filed", report, {"reason": reason, "subject": subject_type})
    return report
