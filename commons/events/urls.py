from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/new/", views.event_create, name="create"),
    path("events/tickets/", views.my_tickets, name="tickets"),
    path("events/<int:event_id>/", views.event_detail, name="detail"),
    path("events/<int:event_id>/going/", views.event_going, name="going"),
    path("events/<int:event_id>/rsvp/", views.event_rsvp, name="rsvp"),
    path("events/<int:event_id>/rsvp/cancel/", views.event_rsvp_cancel, name="rsvp-cancel"),
    path("events/<int:event_id>/invite/", views.event_invite, name="invite"),
    path("events/<int:event_id>/edit/", views.event_edit, name="edit"),
    path("events/<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path("events/<int:event_id>/duplicate/", views.event_duplicate, name="duplicate"),
    path("events/<int:event_id>/door/", views.event_door, name="door"),
    path("events/<int:event_id>/door/check-in/", views.event_check_in, name="check-in"),
    path("events/<int:event_id>/door/remove/<int:user_id>/", views.event_remove, name="remove"),
    path("events/<int:event_id>/calendar.ics", views.event_calendar, name="event-calendar"),
    path("settings/calendar/", views.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal-feed"),
]
