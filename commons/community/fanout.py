"""Work done by tasks after commit: fan-out of notifications and invitation emails."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from commons.members.models import Block
from commons.notifications.actions import notify
from commons.notifications.models import Kind, Notification

from .models import ContentStatus, Invitation, Post, TopicFollow


def notify_topic_followers(post_id: int) -> int:
    post = (
        Post.objects.select_related("author__profile")
        .filter(pk=post_id, status=ContentStatus.PUBLISHED)
        .first()
    )
    if post is None:
        return 0
    url = reverse("community:post", args=[post.pk])
    already = set(
        Notification.objects.filter(kind=Kind.TOPIC_POST, url=url).values_list(
            "recipient_id", flat=True
        )
    )
    blocked_by = set(Block.objects.filter(blocked=post.author).values_list("blocker_id", flat=True))
    followers = (
        TopicFollow.objects.filter(topic__in=post.topics.all(), user__is_active=True)
        .exclude(user=post.author)
        .select_related("user", "topic")
        .order_by("user_id")
    )
    sent = 0
    seen = set()
    with transaction.atomic():
        for follow in followers:
            if follow.user_id in seen or follow.user_id in already or follow.user_id in blocked_by:
                continue
            seen.add(follow.user_id)
            notify(
                follow.user,
                kind=Kind.TOPIC_POST,
                actor=post.author,
                text=f"New in {follow.topic.name}: “{post.title}”",
                url=url,
            )
            sent += 1
    return sent


def send_invitation_email(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("inviter__profile").get(pk=invitation_id)
    link = f"{settings.SITE_URL}{reverse('community:invitation', args=[token])}"
    body = render_to_string(
        "community/email_invitation.txt", {"invitation": invitation, "link": link}
    )
    inviter = invitation.inviter.profile.display_name
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{inviter} invites you to join",
        body,
        None,
        [invitation.email],
    )
