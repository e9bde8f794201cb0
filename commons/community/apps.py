from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "commons.community"
    label = "community"
    verbose_name = "Community"

    def ready(self):
        from django.db.models import Q
        from django.urls import reverse

        from commons.conduct.moderation import ScreenInput, register_content

        from . import actions
        from .models import Comment, ContentStatus, Invitation, Message, Post

        def changed_since(since):
            return Q(created_at__gte=since) | Q(edited_at__gte=since)

        def recent_posts(since):
            return Post.objects.filter(
                changed_since(since), status=ContentStatus.PUBLISHED
            ).select_related("author")

        def post_input(post):
            return ScreenInput(
                post.author,
                "post",
                actions._post_text(post.title, post.body),
                actions._post_context(post.kind),
            )

        def recent_comments(since):
            return Comment.objects.filter(
                changed_since(since), status=ContentStatus.PUBLISHED
            ).select_related("author", "post")

        def comment_input(comment):
            context = actions._post_context(comment.post.kind, "comment")
            return ScreenInput(comment.author, "comment", comment.body, context)

        def recent_messages(since):
            return Message.objects.filter(created_at__gte=since, delivered=True).select_related(
                "sender"
            )

        def message_input(message):
            return ScreenInput(message.sender, "message", message.body, {"where": "message"})

        register_content(
            Post,
            publish=actions.publish_screened_post,
            hide=actions.hide_screened_post,
            url=lambda post: reverse("community:post", args=[post.pk]),
            recent=recent_posts,
            screen_input=post_input,
        )
        register_content(
            Comment,
            publish=actions.publish_screened_comment,
            hide=actions.hide_screened_comment,
            url=lambda c: f"{reverse('community:post', args=[c.post_id])}#comment-{c.pk}",
            recent=recent_comments,
            screen_input=comment_input,
        )
        # Messages and invitations are private: the queue shows their excerpt, with no link.
        register_content(
            Message,
            publish=actions.publish_screened_message,
            hide=actions.hide_screened_message,
            url=lambda message: None,
            recent=recent_messages,
            screen_input=message_input,
            with_item=True,
        )
        register_content(
            Invitation,
            publish=actions.publish_screened_invitation,
            hide=actions.hide_screened_invitation,
            url=lambda invitation: None,
        )

        from commons.core.personal_data import register_erasure, register_export

        from . import personal_data

        register_export("community", personal_data.export)
        register_erasure("community", personal_data.erase)
