from django.conf import settings
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
