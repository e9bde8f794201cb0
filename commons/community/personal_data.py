"""The community app's part of a member's download and of deleting their account
(``core.personal_data``)."""

from django.db.models import Q
from django.utils import timezone

from commons.core.audit import record
from commons.core.personal_data import iso

from . import actions
from .models import (
    Comment,
    ContentStatus,
    Invitation,
    Mention,
    MentionStatus,
    Message,
    Post,
    Reaction,
    TopicFollow,
)


def export(user) -> dict:
    """Their posts and replies (with any they deleted), reactions, topics, tags of them, the
    invitations they sent and their direct messages both ways (as their inbox shows them)."""
    posts = Post.objects.filter(author=user).prefetch_related("topics").order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    messages = (
        Message.objects.filter(Q(sender=user) | Q(recipient=user, delivered=True))
        .select_related("sender__profile", "recipient__profile")
        .order_by("created_at", "pk")
    )
    return {
        "posts": [
            {
                "id": p.pk,
                "kind": p.kind,
                "title": p.title,
                "body": p.body,
                "topics": sorted(t.slug for t in p.topics.all()),
                "status": p.status,
                "created_at": iso(p.created_at),
                "edited_at": iso(p.edited_at),
            }
            for p in posts
        ],
        "replies": [
            {
                "id": c.pk,
                "post_id": c.post_id,
                "body": c.body,
                "status": c.status,
                "created_at": iso(c.created_at),
                "edited_at": iso(c.edited_at),
            }
            for c in comments
        ],
        "reactions": [
            {
                "kind": r.kind,
                "post_id": r.post_id,
                "reply_id": r.comment_id,
                "created_at": iso(r.created_at),
            }
            for r in Reaction.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "topics_followed": sorted(
            TopicFollow.objects.filter(user=user).values_list("topic__slug", flat=True)
        ),
        "tags_of_me": [
            {
                "post_id": m.post_id,
                "reply_id": m.comment_id,
                "status": m.status,
                "created_at": iso(m.created_at),
            }
            for m in Mention.objects.filter(mentioned=user).order_by("created_at", "pk")
        ],
        "invitations_sent": [
            {
                "email": i.email,
                "note": i.note,
                "created_at": iso(i.created_at),
                "accepted_at": iso(i.accepted_at),
                "revoked_at": iso(i.revoked_at),
            }
            for i in Invitation.objects.filter(inviter=user).order_by("created_at", "pk")
        ],
        "messages": [
            {
                "from": m.sender.profile.handle,
                "to": m.recipient.profile.handle,
                "body": m.body,
                "sent_at": iso(m.created_at),
                "read_at": iso(m.read_at) if m.recipient_id == user.pk else None,
            }
            for m in messages
        ],
    }


def erase(user, *, delete_content: bool) -> dict:
    """Topic follows go; tags of them waiting for consent are declined and linked ones removed (no
    post links to a former member); invitations not yet used are revoked; with ``delete_content``
    their published posts and replies are deleted as the author deletes them (kept hidden, for
    reports)."""
    follows = TopicFollow.objects.filter(user=user).delete()[0]
    tags = 0
    for mention in Mention.objects.filter(
        mentioned=user, status__in=(MentionStatus.PENDING, MentionStatus.LINKED)
    ):
        if mention.status == MentionStatus.PENDING:
            actions.decline_tag(mention, actor=user)
        else:
            actions.remove_tag(mention, actor=user)
        tags += 1
    invitations = list(
        Invitation.objects.filter(inviter=user, accepted_at__isnull=True, revoked_at__isnull=True)
    )
    for invitation in invitations:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(user, "community.invitation.revoked", invitation, {"why": "account deleted"})
    posts = replies = 0
    if delete_content:
        # Published only: held content is the moderators' to settle.
        for comment in Comment.objects.filter(author=user, status=ContentStatus.PUBLISHED):
            actions.delete_comment(comment, actor=user)
            replies += 1
        for post in Post.objects.filter(author=user, status=ContentStatus.PUBLISHED):
            actions.delete_post(post, actor=user)
            posts += 1
    return {
        "topic_follows": follows,
        "tags": tags,
        "invitations": len(invitations),
        "posts_deleted": posts,
        "replies_deleted": replies,
    }
