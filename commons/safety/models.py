from django.conf import settings
from django.db import models


class Reason(models.TextChoices):
    """Why something is reported. Each maps to a Code of Conduct category."""

    DISCRIMINATION = "discrimination", "Discrimination"
    HARASSMENT = "harassment", "Harassment or bullying"
    THREAT = "threat", "A threat"
    SEXUAL = "sexual", "Unwelcome sexual attention"
    EXPLICIT = "explicit", "Explicit material"
    DOXING = "doxing", "Someone's personal information"
    UNSOLICITED_PITCH = "unsolicited_pitch", "Unsolicited pitch"
    TAGGING = "tagging", "Tagged without consent"
    OTHER = "other", "Something else against the Code of Conduct"


REASON_CATEGORY = {
    Reason.DISCRIMINATION: "discrimination",
    Reason.HARASSMENT: "harassment",
    Reason.THREAT: "threats",
    Reason.SEXUAL: "sexual",
    Reason.EXPLICIT: "explicit-material",
    Reason.DOXING: "doxing",
    Reason.UNSOLICITED_PITCH: "soliciting",
    Reason.TAGGING: "tagging",
    Reason.OTHER: "other",
}


class SubjectType(models.TextChoices):
    POST = "post", "Post"
    COMMENT = "comment", "Comment"
    MEMBER = "member", "Member"
    MESSAGE = "message", "Direct message"


class Report(models.Model):
    """A report to the moderators about a post, comment, member or message.

    Keeps a snapshot of the reported content as it was when reported. The reporter's identity is
    never shown to the person reported.
    """

    reference = models.CharField(max_length=16, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=16, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField()
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=24, choices=Reason.choices)
    clause_keys = models.JSONField(default=list, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report {self.reference}"
