from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    TAG_REQUEST = "tag_request", "Tag request"
    ACCEPTED_ANSWER = "accepted_answer", "Accepted answer"
    TOPIC_POST = "topic_post", "New post in a followed topic"
    THREAD_HINT = "thread_hint", "A friendly hint"
    MESSAGE = "message", "Direct message"
    INVITATION = "invitation", "Invitation accepted"
    EVENT_CANCELLED = "event_cancelled", "Event cancelled"
    WAITLIST_PROMOTED = "waitlist_promoted", "A place at an event"
    EVENT_INVITATION = "event_invitation", "Event invitation"
    EVENT_REMINDER = "event_reminder", "Event reminder"
    EVENT_REMOVED = "event_removed", "A message from an event's hosts"
    SAFETY_REPORT = "safety_report", "About your report"
    SAFETY_MESSAGE = "safety_message", "A message from the moderators"
    SAFETY_DECISION = "safety_decision", "A moderation decision"
    SAFETY_APPEAL = "safety_appeal", "About your appeal"


class Notification(models.Model):
    """Something a member should know about, in the app and by email (now, in a digest, or never)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return self.text
