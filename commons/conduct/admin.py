from django.contrib import admin

from commons.core.admin import ReadOnlyAdmin

from .models import Acceptance, Clause, ConductVersion


@admin.register(ConductVersion)
class ConductVersionAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "published_at")


@admin.register(Clause)
class ClauseAdmin(ReadOnlyAdmin):
    list_display = ("key", "version", "section", "category", "title")
    list_filter = ("version", "section", "category")


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("user", "version", "accepted_at", "via")
