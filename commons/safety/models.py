"""Reports, the cases they group into, private threads with each party, decisions and appeals.

Who may see what is decided in ``queries.py`` (one query each for reporter identity, threads and
evidence); these models hold fields only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


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

# Code of Conduct categories with zero tolerance: a moderator may skip the conversation and remove.
ZERO_TOLERANCE = frozenset({"harassment", "sexual", "discrimination"})


class Severity(models.IntegerChoices):
    """Queue order: lower comes first."""

    CRITICAL = 0, "Zero tolerance or threat"
    HIGH = 1, "High"
    NORMAL = 2, "Normal"


def severity_of(category: str) -> int:
    """The queue severity of a Code of Conduct category (zero-tolerance categories and threats first)."""
    if category in ZERO_TOLERANCE or category == "threats":
        return Severity.CRITICAL
    if category in ("doxing", "explicit-material"):
        return Severity.HIGH
    return Severity.NORMAL


class SubjectType(models.TextChoices):
    POST = "post", "Post"
    COMMENT = "comment", "Comment"
    MEMBER = "member", "Member"
    EVENT = "event", "Event"
    MESSAGE = "message", "Direct message"
    INCIDENT = "incident", "Something that happened at an event or offline"
    EXTERNAL = "external", "Content outside Commons (LinkedIn, Instagram, ...)"
    SCREENED = "screened", "Content held or nudged by screening"


class Source(models.TextChoices):
    WEB = "web", "Web (member)"
    PUBLIC_FORM = "public_form", "Public form"
    EMAIL = "email", "Email"
    API = "api", "API"
    SCREENING = "screening", "Screening"


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_CONVERSATION = "in_conversation", "In conversation"
    DECIDED = "decided", "Decided"
    APPEALED = "appealed", "Appealed"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.ACKNOWLEDGED,
    CaseStatus.IN_CONVERSATION,
    CaseStatus.DECIDED,
    CaseStatus.APPEALED,
)


class Case(models.Model):
    """One matter for the moderators: the reports about the same person or the same content.

    ``subject_key`` groups reports (``member:12`` when a member is responsible, else ``post:5``,
    ``url:<hash>``, ``incident:<event>`` ...). Severity orders the queue, then age.
    """

    reference = models.CharField(max_length=16, unique=True)
    subject_key = models.CharField(max_length=120, db_index=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=24, default="other")
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.NORMAL)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_item = models.ForeignKey(
        "conduct.ScreenedItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["severity", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "severity", "created_at"], name="case_queue_idx")]

    def __str__(self) -> str:
        return f"Case {self.reference}"


class Report(models.Model):
    """A report to the moderators, kept whole: a snapshot of the reported content as it was when
    reported, the reporter's words, and who must not see it.

    ``reporter`` is None for the public form and for email from an unknown address; ``contact_email``
    then reaches them. ``anonymous`` hides the reporter from moderators too. The reporter's identity is
    never shown to the person reported.
    """

    reference = models.CharField(max_length=16, unique=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.WEB)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymous = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    subject_type = models.CharField(max_length=16, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_url = models.URLField(max_length=1000, blank=True)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident_when = models.CharField(max_length=120, blank=True)
    incident_where = models.CharField(max_length=200, blank=True)
    incident_event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident_people = models.TextField(max_length=2000, blank=True, help_text="Who was involved.")
    witnesses = models.TextField(max_length=2000, blank=True)
    reason = models.CharField(max_length=24, choices=Reason.choices)
    clause_keys = models.JSONField(default=list, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    desired_outcome = models.TextField(max_length=2000, blank=True)
    snapshot = models.JSONField(default=dict)
    excluded_moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report {self.reference}"


class Evidence(models.Model):
    """A file attached to a report (image or PDF, type- and size-checked), stored privately: it is
    served only through the case page to moderators who may see the case."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Recusal(models.Model):
    """`moderator` may not see `case` at all: named by a reporter, or a party to it."""

    class Why(models.TextChoices):
        EXCLUDED = "excluded", "Excluded by a reporter"
        PARTY = "party", "A party to the case"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    why = models.CharField(max_length=16, choices=Why.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "moderator"], name="recusal_unique")]

    def __str__(self) -> str:
        return f"{self.moderator_id} recused from {self.case_id}"


class PartyRole(models.TextChoices):
    REPORTER = "reporter", "Reporter"
    RESPONDENT = "respondent", "Respondent"
    WITNESS = "witness", "Witness"
    AFFECTED = "affected", "Affected person"


class Party(models.Model):
    """Someone involved in a case, with their own private thread with the moderators.

    ``user`` is None for people without an account (public form, email); ``email`` reaches them.
    An anonymous reporter has neither: ``anonymous_member`` is the member behind it, whom the thread
    reaches in the app and by email without ever naming them to the moderators.
    ``reply_token`` addresses their thread for replies by email.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymous_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=16, choices=PartyRole.choices)
    reply_token = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user", "role"],
                condition=Q(user__isnull=False),
                name="party_unique_user_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.case_id}"

    @property
    def member(self):
        """The account this party is: their own, or the one behind an anonymous reporter."""
        return self.user or self.anonymous_member


class ThreadMessage(models.Model):
    """One message in a party's private thread with the moderators on a case."""

    class Via(models.TextChoices):
        WEB = "web", "Web"
        EMAIL = "email", "Email"
        API = "api", "API"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_moderators = models.BooleanField()
    body = models.TextField(max_length=10000)
    via = models.CharField(max_length=8, choices=Via.choices, default=Via.WEB)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk} in thread {self.party_id}"


class CaseNote(models.Model):
    """A note moderators keep on a case; never shown to any party."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.case_id}"


class CaseActivity(models.Model):
    """The case's timeline, as moderators read it: status changes, messages, decisions, appeals."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=60)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.verb} on {self.case_id}"


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", "Resolved without action"
    REMOVE_CONTENT = "remove_content", "Remove content"
    WARNING = "warning", "Formal warning"
    NO_CONTACT = "no_contact", "No-contact order"
    EVENT_REMOVAL = "event_removal", "Ask to leave an event"
    SUSPENSION = "suspension", "Suspension (read-only)"
    REMOVAL = "removal", "Removal from the community"
    EXTERNAL_ACTION = "external_action", "Action on an outside channel"


SANCTIONS = frozenset(
    {
        Outcome.REMOVE_CONTENT,
        Outcome.WARNING,
        Outcome.NO_CONTACT,
        Outcome.EVENT_REMOVAL,
        Outcome.SUSPENSION,
        Outcome.REMOVAL,
    }
)


class DecisionStatus(models.TextChoices):
    PENDING_CONFIRMATION = "pending", "Waiting for a second moderator"
    IN_EFFECT = "in_effect", "In effect"
    EXPIRED = "expired", "Expired"
    OVERTURNED = "overturned", "Overturned on appeal"
    CANCELLED = "cancelled", "Not confirmed"


class Decision(models.Model):
    """One outcome of a case for one respondent, with its reason and the clauses it cites.

    ``until`` ends a no-contact order, an event bar or a suspension by itself. A warning must be
    acknowledged (``acknowledged_at``) before the member may post again. A removal from the community
    waits for a second moderator (``confirmed_by``). ``effects`` records what was done so an appeal
    can undo it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.IN_EFFECT
    )
    clause_keys = models.JSONField(default=list, blank=True)
    reason = models.TextField(max_length=5000, help_text="Shown to the respondent.")
    until = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    protected_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    content = models.JSONField(
        default=list, blank=True, help_text='Content removed: [{"type": "post", "id": 5}, ...].'
    )
    external = models.JSONField(
        default=dict, blank=True, help_text="Outside channel: what, where, who, when."
    )
    effects = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    effective_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["respondent", "status", "outcome"], name="decision_respondent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.case_id})"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"


class Appeal(models.Model):
    """A sanctioned member's one appeal of one decision, reviewed by a moderator who did not decide it."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(max_length=5000)
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"appeal of {self.decision_id}"


class BarredEmail(models.Model):
    """An email address removed from the community may not join again (stored as a SHA-256 of the
    lower-cased address)."""

    email_hash = models.CharField(max_length=64, unique=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"barred {self.email_hash[:8]}"
