from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mission/", views.mission, name="mission"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/community/", views.edit_community, name="edit-community"),
    path("dashboard/appoint/", views.appoint, name="appoint"),
    path("dashboard/host/", views.host_role, name="host-role"),
    path("dashboard/lists/", views.list_item, name="list-item"),
    path("dashboard/audit/", views.audit, name="audit"),
]
