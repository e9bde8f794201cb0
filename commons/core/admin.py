"""The Django admin is a read-only window for owners: every change goes through the app's actions."""

from django.contrib import admin

from .models import AuditEntry, Community


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and getattr(request.user, "is_owner", False))

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Shows what the audit browser shows: safety entries withhold reporters, their data and any
    person they name (see `AuditEntry.shown_*`), so search covers the verb only."""

    list_display = ("created_at", "who", "verb", "what")
    list_select_related = ("actor",)
    list_filter = ("verb",)
    search_fields = ("verb",)
    fields = ("created_at", "who", "verb", "target_type", "what", "details", "prev_hash", "hash")
    readonly_fields = fields

    @admin.display(description="actor")
    def who(self, entry):
        if entry.actor_withheld:
            return "(withheld)"
        return entry.actor or "system"

    @admin.display(description="target")
    def what(self, entry):
        return "(withheld)" if entry.target_withheld else entry.target_repr

    @admin.display(description="data")
    def details(self, entry):
        return entry.shown_data


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ("name", "tagline")
