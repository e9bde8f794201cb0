from django.conf import settings
from django.db import models

MAX_TITLE = 160
MAX_DESCRIPTION = 20_000
MAX_SPEAKERS = 20
MAX_REMOVAL_MESSAGE = 2_000


class EventKind(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Event(models.Model):
    """A community event, online, in person or both.

    `starts_at` and `ends_at` are stored in UTC; `timezone` is the IANA zone the event happens in
    (used for calendars and to show local times). `description` is Markdown and `description_html` its
    sanitised rendering. The meeting link is shown only to confirmed attendees and the event's runners
    (`events.permissions.can_see_meeting_link`). `capacity` counts people going; null is unlimited.
    `sequence` goes up on each change so calendar clients replace their copy.
    """

    title = models.CharField(max_length=MAX_TITLE)
    description = models.TextField(blank=True, max_length=MAX_DESCRIPTION)
    description_html = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=EventKind.choices, default=EventKind.ONLINE)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC")
    venue = models.CharField(max_length=300, blank=True)
    meeting_link = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    topics = models.ManyToManyField("community.Topic", related_name="events", blank=True)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="events_hosted", blank=True
    )
    speakers = models.JSONField(
        default=list, blank=True, help_text='The line-up: [{"name": ..., "about": ...}], in order.'
    )
    status = models.CharField(
        max_length=16, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    cancel_reason = models.TextField(blank=True, max_length=1000)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The event page belongs to the pages step; its address is fixed here so notifications can link it.
        return f"/events/{self.pk}/"

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class RsvpStatus(models.TextChoices):
    GOING = "going", "Going"
    WAITLISTED = "waitlisted", "On the waitlist"
    INTERESTED = "interested", "Interested"
    NOT_GOING = "not_going", "Not going"
    REMOVED = "removed", "Asked to leave"


class Attendance(models.TextChoices):
    UNKNOWN = "", "Not yet known"
    ATTENDED = "attended", "Attended"
    NO_SHOW = "no_show", "Did not come"


class Rsvp(models.Model):
    """One member's answer to one event, changed only by `events.actions`.

    Going needs the current Code of Conduct accepted and acknowledged for this event
    (`conduct_version` keeps which version). Waitlisted people are promoted in `waitlisted_at` order.
    `checkin_code` is the per-attendee code on the ticket (and in its QR code).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    status = models.CharField(max_length=16, choices=RsvpStatus.choices)
    conduct_version = models.ForeignKey(
        "conduct.ConductVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    checkin_code = models.CharField(max_length=12)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendance = models.CharField(
        max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="rsvp_once_per_event"),
            models.UniqueConstraint(
                fields=["event", "checkin_code"], name="rsvp_checkin_code_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlisted_at"], name="rsvp_event_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.event_id}"


class EventRemoval(models.Model):
    """A host or moderator asked `user` to leave `event`, with a private message to them only.

    `case_id` is left for the safety app to link the removal to its case (safety depends on events,
    never the other way round).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="removals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_removals"
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=MAX_REMOVAL_MESSAGE)
    previous_status = models.CharField(max_length=16, blank=True)
    barred_until = models.DateTimeField(null=True, blank=True)
    case_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The safety case, when there is one."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"removal of {self.user_id} from {self.event_id}"


class EventBar(models.Model):
    """`user` may not RSVP to any event until `until` (set when removing someone, or by the safety app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_bars"
    )
    until = models.DateTimeField()
    removal = models.ForeignKey(
        EventRemoval, null=True, blank=True, on_delete=models.SET_NULL, related_name="bars"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "until"], name="event_bar_user_until_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} barred from events until {self.until:%Y-%m-%d}"


class EventInvitation(models.Model):
    """`inviter` invited someone to `event`: a member (`invitee`), or a person by email through a community
    `Invitation`, which leads them through joining to the event's RSVP once they accept it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations_sent"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    community_invitation = models.OneToOneField(
        "community.Invitation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_invitation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "inviter", "invitee"],
                condition=models.Q(invitee__isnull=False),
                name="event_invitation_once",
            ),
            models.CheckConstraint(
                condition=models.Q(invitee__isnull=False)
                | models.Q(community_invitation__isnull=False),
                name="event_invitation_has_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation to {self.event_id}"


class CalendarToken(models.Model):
    """The secret of a member's personal calendar feed. Only its SHA-256 is kept; one active per member."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_token_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "24h", "24 hours before"
    HOUR_BEFORE = "1h", "1 hour before"


class ReminderLog(models.Model):
    """A reminder sent: the unique row is what makes each reminder go out at most once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder of {self.event_id} to {self.user_id}"
