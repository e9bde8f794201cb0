from django.conf import settings
from django.db import models


class Community(models.Model):
    """The one community this installation serves: its name, tagline and mission (Markdown)."""

    name = models.CharField(max_length=80, default="Commons")
    tagline = models.CharField(max_length=200, blank=True)
    mission = models.TextField(
        blank=True, help_text="Markdown. Shown on the home and mission pages."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "community"

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One state change: who did what to which object, written in the action's own transaction.

    Entries are never updated or deleted by the application.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are append-only")
