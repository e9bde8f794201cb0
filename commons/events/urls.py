from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/<int:event_id>/calendar.ics", views.event_calendar, name="event-calendar"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal-feed"),
]
