from django.contrib import admin

from commons.core.admin import ReadOnlyAdmin

from .models import ApiToken, IdentityOption, ProfessionalRole, Profile, Sector, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("email", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active")
    search_fields = ("email",)
    exclude = ("password",)


@admin.register(Profile)
class ProfileAdmin(ReadOnlyAdmin):
    list_display = ("display_name", "handle", "job_role", "sector", "visibility")
    search_fields = ("display_name", "handle")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "revoked_at")
    exclude = ("key_hash",)


admin.site.register(ProfessionalRole, ReadOnlyAdmin)
admin.site.register(Sector, ReadOnlyAdmin)
admin.site.register(IdentityOption, ReadOnlyAdmin)
