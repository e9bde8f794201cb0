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
    list_display = ("created_at", "actor", "verb", "target_repr")
    list_filter = ("verb",)
    search_fields = ("verb", "target_repr")


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ("name", "tagline")
