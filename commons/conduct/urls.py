from django.urls import path

from . import views

app_name = "conduct"

urlpatterns = [
    path("", views.conduct, name="home"),
    path("v<int:number>/", views.version_detail, name="version"),
    path("accept/", views.accept, name="accept"),
    path("drafts/new/", views.draft_create, name="draft-create"),
    path("drafts/<int:number>/", views.draft_edit, name="draft-edit"),
    path("drafts/<int:number>/discard/", views.draft_discard, name="draft-discard"),
    path("screening/", views.screening_settings, name="screening"),
    path(
        "screening/categories/<str:category>/", views.screening_category, name="screening-category"
    ),
    path("screening/words/", views.watched_word_add, name="watched-word-add"),
    path("screening/words/<int:pk>/remove/", views.watched_word_remove, name="watched-word-remove"),
    path("screening/rescreen/", views.rescreen_start, name="rescreen"),
    path("screening/rescreen/<int:pk>/", views.rescreen_progress, name="rescreen-progress"),
    path("queue/", views.moderation_queue, name="queue"),
    path("queue/<int:pk>/<str:decision>/", views.moderation_decide, name="queue-decide"),
]
