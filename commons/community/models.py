from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_COMMENT = 10_000
MAX_MESSAGE = 5_000
MAX_TOPICS = 5
MAX_PERSONAL_TAGS = 5


class PostKind(models.TextChoices):
    INSIGHT = "insight", "Insight"
    QUESTION = "question", "Question"
    RESOURCE = "resource", "Resource"
    PITCH_PRACTICE = "pitch_practice", "Pitch practice"
    RECOMMENDATION_REQUEST = "recommendation_request", "Recommendation request"


KIND_HELP = {
    PostKind.INSIGHT: "Something you learned or noticed, for others to learn from.",
    PostKind.QUESTION: "Ask the community; someone's answer can be marked as accepted.",
    PostKind.RESOURCE: "A template, article, book or tool worth sharing (not your own product pitch).",
    PostKind.PITCH_PRACTICE: "Share a pitch and ask for feedback. Pitching is welcome here, and only here.",
    PostKind.RECOMMENDATION_REQUEST: (
        "Ask for products or services. Replies that recommend or offer one are welcome in this thread only."
    ),
}


class ContentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HELD = "held", "Waiting for a moderator"
    HIDDEN = "hidden", "Hidden by a moderator"
    DELETED = "deleted", "Deleted"


class Topic(models.Model):
    """A topic (tag) posts are filed under; members follow topics. Owners and moderators keep the list."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="topic_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows topic {self.topic_id}"


class Post(models.Model):
    """A post of one of five kinds. `body` is Markdown; `body_html` is its sanitised rendering with
    mentions resolved by consent, re-rendered whenever a mention changes state."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(max_length=32, choices=PostKind.choices)
    title = models.CharField(max_length=MAX_TITLE)
    body = models.TextField(max_length=MAX_BODY)
    body_html = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, related_name="posts", blank=True)
    status = models.CharField(
        max_length=16, choices=ContentStatus.choices, default=ContentStatus.PUBLISHED
    )
    tags_community = models.BooleanField(default=False, help_text="The post mentions @community.")
    is_first_post = models.BooleanField(
        default=False, help_text="The author's first post: welcomed in the feed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    accepted_comment = models.ForeignKey(
        "Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="post_status_created_idx"),
            models.Index(fields=["author", "-created_at"], name="post_author_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_visible(self) -> bool:
        return self.status == ContentStatus.PUBLISHED


class PostRevision(models.Model):
    """The title and body of a post before an edit: the kept history behind "edited"."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=MAX_TITLE)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id}"


class Comment(models.Model):
    """A reply to a post, or to a top-level comment (one level of replies)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(max_length=MAX_COMMENT)
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=ContentStatus.choices, default=ContentStatus.PUBLISHED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    reaction_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"], name="comment_post_created_idx")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"


class ReactionKind(models.TextChoices):
    INSIGHTFUL = "insightful", "Insightful"
    HELPFUL = "helpful", "Helpful"
    THANKS = "thanks", "Thanks"
    CELEBRATE = "celebrate", "Celebrate"


class Reaction(models.Model):
    """One member's reaction to a post or a comment; each kind once per member and item."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=Q(comment__isnull=True),
                name="reaction_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["user", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="reaction_once_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="reaction_created_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class MentionStatus(models.TextChoices):
    LINKED = "linked", "Linked (consented)"
    PENDING = "pending", "Waiting for consent"
    DECLINED = "declined", "Declined"
    REMOVED = "removed", "Removed by the person tagged"
    PLAIN = "plain", "Shown as plain text (no consent)"


class Mention(models.Model):
    """An @mention of a member in a post or comment, and where the person's consent stands.

    Only LINKED mentions render as a link and notify; PENDING ones are the person's tag requests.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentioned = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    status = models.CharField(max_length=16, choices=MentionStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "mentioned"],
                condition=Q(comment__isnull=True),
                name="mention_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["comment", "mentioned"],
                condition=Q(comment__isnull=False),
                name="mention_once_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["mentioned", "status"], name="mention_person_status_idx")]

    def __str__(self) -> str:
        return f"Mention of {self.mentioned_id} in post {self.post_id}"


class Invitation(models.Model):
    """A member's invitation of a person by email. The link is single-use and expires; the invitee
    still joins by accepting the Code of Conduct. Only a hash of the token is kept."""

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    email = models.EmailField()
    note = models.TextField(blank=True, max_length=1000)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invited_by",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"


class Message(models.Model):
    """A direct message between two members, visible only to them (and as a snapshot in a report).

    `delivered` is False when the recipient had blocked the sender: it is kept, but never shown to
    the recipient, and the sender is not told.
    """

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received"
    )
    body = models.TextField(max_length=MAX_MESSAGE)
    body_html = models.TextField(blank=True)
    delivered = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sender", "recipient", "-created_at"], name="message_pair_idx"),
            models.Index(fields=["recipient", "-created_at"], name="message_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class ThreadHint(models.Model):
    """A friendly, private hint once sent to a member who wrote over a third of a thread's replies."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="thread_hint_once")]

    def __str__(self) -> str:
        return f"Hint to {self.user_id} on post {self.post_id}"


class SearchEntry(models.Model):
    """What search reads: one row per published post or comment, kept in step by the actions.

    On SQLite an FTS5 index mirrors this table; on PostgreSQL a GIN index covers its text.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=MAX_TITLE, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(comment__isnull=True),
                name="search_entry_once_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"Search entry for post {self.post_id}"
