from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/@<slug:handle>/", views.profile_detail, name="profile"),
    path("members/@<slug:handle>/<str:what>/", views.relationship, name="relationship"),
    path("settings/", views.settings_index, name="settings"),
    path("settings/preferences/", views.settings_preferences, name="settings-preferences"),
    path("settings/profile/", views.settings_profile, name="settings-profile"),
    path("settings/privacy/", views.settings_privacy, name="settings-privacy"),
    path("settings/data/", views.settings_data, name="settings-data"),
    path("settings/data/download/", views.download_data, name="download-data"),
    path("settings/tokens/", views.settings_tokens, name="settings-tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="token-revoke"),
]
