from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Category(models.TextChoices):
    DISCRIMINATION = "discrimination", "Discrimination"
    HARASSMENT = "harassment", "Harassment"
    THREATS = "threats", "Threats"
    SEXUAL = "sexual", "Unwelcome sexual attention"
    EXPLICIT = "explicit-material", "Explicit material"
    DOXING = "doxing", "Doxing"
    SOLICITING = "soliciting", "Soliciting"
    TAGGING = "tagging", "Tagging without consent"
    OTHER = "other", "Other"


class Section(models.TextChoices):
    EXPECTED = "expected", "Expected behaviour"
    UNACCEPTABLE = "unacceptable", "Unacceptable behaviour"
    BREACH = "breach", "What happens on a breach"
    REPORTING = "reporting", "How to report"


SECTION_ORDER = [Section.EXPECTED, Section.UNACCEPTABLE, Section.BREACH, Section.REPORTING]


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ConductVersion(models.Model):
    """One version of the Code of Conduct. The newest published version is the current one.

    A published version never changes; owners draft the next version and publish it with a
    summary of the changes, which members read before accepting.
    """

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    preamble = models.TextField(blank=True, help_text="Markdown shown before the clauses.")
    change_summary = models.TextField(
        blank=True, help_text="What changed since the previous version."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Code of Conduct v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Clause(models.Model):
    """A numbered clause with a stable id (`professional.no-doxing`) that reports and sanctions cite.

    The same `key` keeps its meaning across versions; the number is its place in this version.
    """

    version = models.ForeignKey(ConductVersion, on_delete=models.CASCADE, related_name="clauses")
    key = models.CharField(max_length=80)
    section = models.CharField(max_length=16, choices=Section.choices)
    category = models.CharField(max_length=24, choices=Category.choices, default=Category.OTHER)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=160)
    text = models.TextField()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="clause_key_unique_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"

    @property
    def number(self) -> str:
        return f"{SECTION_ORDER.index(self.section) + 1}.{self.position}"


class Acceptance(models.Model):
    """Append-only log: `user` accepted `version` at `accepted_at`. Never updated or deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acceptances"
    )
    version = models.ForeignKey(
        ConductVersion, on_delete=models.PROTECT, related_name="acceptances"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=16, default="web")

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="acceptance_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted v{self.version_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("acceptances are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("acceptances are append-only")


class ScreeningAction(models.TextChoices):
    NUDGE = "nudge", "Nudge: the author may edit or post anyway"
    HOLD = "hold", "Hold for a moderator"
    BLOCK = "block", "Block with the reason"


class ScreeningCategory(models.TextChoices):
    HARASSMENT = "harassment", "Harassment"
    HATE = "hate", "Hate"
    THREAT = "threat", "Threats"
    SEXUAL = "sexual", "Sexual remarks"
    DOXING = "doxing", "Doxing"
    SOLICITATION = "solicitation", "Solicitation"


class ScreeningSetting(models.Model):
    """An owner's override of one screening category's thresholds; no row means the defaults.

    Each threshold is the calibrated score at which that action applies; an empty threshold means
    the action is not used for the category. The most severe action reached wins.
    """

    category = models.CharField(max_length=16, choices=ScreeningCategory.choices, unique=True)
    nudge = models.FloatField(null=True, blank=True)
    hold = models.FloatField(null=True, blank=True)
    block = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category"]

    def __str__(self) -> str:
        return f"screening settings for {self.category}"

    def rungs(self) -> dict[str, float]:
        """The thresholds in ``Policy.from_dict`` form: ``{"hold": 0.9, "nudge": 0.6}``."""
        return {
            action: getattr(self, action)
            for action in ScreeningAction.values
            if getattr(self, action) is not None
        }


class WatchedWord(models.Model):
    """A watched word or phrase: text that contains it is flagged in `category` with `action`.

    Matching ignores case and undoes obfuscation; ``*`` in the phrase matches any letters.
    """

    category = models.CharField(max_length=16, choices=ScreeningCategory.choices)
    phrase = models.CharField(max_length=200)
    action = models.CharField(max_length=8, choices=ScreeningAction.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "phrase"], name="watched_word_unique_per_category"
            )
        ]

    def __str__(self) -> str:
        return f'"{self.phrase}" ({self.category}, {self.action})'


class ReviewState(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected (hidden)"


class ScreenedItem(models.Model):
    """One screening decision that a moderator must look at: content held for review, or content
    its author posted anyway after a nudge. Allowed and blocked texts leave no record here.

    What was screened is a generic relation (content type + id), so the Code of Conduct app does not
    depend on the apps whose content it screens; `excerpt` keeps the text as screened (a snapshot,
    as reports keep one) and `where` the kind of place it was written.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screened_items"
    )
    where = models.CharField(max_length=16)
    excerpt = models.TextField()
    decision = models.CharField(max_length=8, choices=ScreeningAction.choices)
    flags = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    spans = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    clause_keys = models.JSONField(
        default=dict, help_text="The Code of Conduct clause key each flag cites."
    )
    posted_anyway = models.BooleanField(
        default=False, help_text="The author was nudged and chose to post anyway."
    )
    review_state = models.CharField(
        max_length=16, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["review_state", "created_at"], name="screened_state_created_idx"),
            models.Index(fields=["content_type", "object_id"], name="screened_content_idx"),
        ]

    def __str__(self) -> str:
        return f"screened {self.content_type_id}:{self.object_id} ({self.decision})"


class RunStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class ScreeningRun(models.Model):
    """One re-screening of recent content under the settings in force, started by an owner or a
    moderator (or by an operator from the command line, `started_by` empty). `total` and `done` count
    the pieces of content read, for the progress bar; `queued` those put in the moderation queue."""

    days = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"re-screening of the last {self.days} days ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.PENDING, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == RunStatus.FINISHED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
