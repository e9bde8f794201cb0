from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "commons.community"
    label = "community"
    verbose_name = "Community"

    def ready(self):
        from django.urls import reverse

        from commons.conduct.moderation import register_content

        from . import actions
        from .models import Comment, Post

        register_content(
            Post,
            publish=actions.publish_screened_post,
            hide=actions.hide_screened_post,
            url=lambda post: reverse("community:post", args=[post.pk]),
        )
        register_content(
            Comment,
            publish=actions.publish_screened_comment,
            hide=actions.hide_screened_comment,
            url=lambda c: f"{reverse('community:post', args=[c.post_id])}#comment-{c.pk}",
        )
