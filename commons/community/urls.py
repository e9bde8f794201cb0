from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("posts/", views.feed, name="feed"),
    path("posts/new/", views.compose, name="compose"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:post_id>/history/", views.post_history, name="post-history"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post-delete"),
    path("posts/<int:post_id>/comments/", views.comment_create, name="comment-create"),
    path("posts/<int:post_id>/react/", views.react, name="react"),
    path("posts/<int:post_id>/accept/<int:comment_id>/", views.accept_answer, name="accept-answer"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment-delete"),
    path("topics/", views.topics, name="topics"),
    path("topics/<slug:topic>/", views.feed, name="topic"),
    path("topics/<slug:slug>/follow/", views.topic_follow, name="topic-follow"),
    path("search/", views.search_page, name="search"),
    path("tags/", views.tag_requests, name="tag-requests"),
    path("tags/<int:mention_id>/<str:decision>/", views.tag_decide, name="tag-decide"),
    path("messages/", views.conversations, name="conversations"),
    path("messages/@<slug:handle>/", views.conversation, name="conversation"),
    path("invitations/", views.invitations, name="invitations"),
    path("invite/<str:token>/", views.invitation_landing, name="invitation"),
    path("notifications/", views.notifications, name="notifications"),
    path("report/", views.report, name="report"),
]
