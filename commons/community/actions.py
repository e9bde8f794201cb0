"""Every change to discussions: posts, comments, reactions, mentions and tag consent, topics,
invitations and direct messages. Each runs in one transaction with its audit record; notifications
and emails are sent by tasks after commit."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from commons.conduct.moderation import WAITING_MESSAGE, apply_screening, record_screened
from commons.core.audit import record
from commons.core.restrictions import check_may_participate
from commons.core.tasks import on_commit
from commons.members.models import Profile, User, WhoMayMessage, WhoMayTag
from commons.members.queries import follows, is_blocked
from commons.notifications.actions import notify
from commons.notifications.models import Kind

from . import search
from .models import (
    MAX_BODY,
    MAX_COMMENT,
    MAX_MESSAGE,
    MAX_PERSONAL_TAGS,
    MAX_TITLE,
    MAX_TOPICS,
    Comment,
    ContentStatus,
    Invitation,
    Mention,
    MentionStatus,
    Message,
    Post,
    PostKind,
    PostRevision,
    Reaction,
    ReactionKind,
    ThreadHint,
    Topic,
    TopicFollow,
)
from .permissions import (
    can_accept_answer,
    can_manage_topics,
    check_can_edit_post,
    check_can_take_part,
)
from .rendering import COMMUNITY_HANDLE, mentioned_handles, render_with_mentions

INVITATION_DAYS = 14
INVITATIONS_PER_DAY = 20
THREAD_HINT_MIN_REPLIES = 6


# --- validation -------------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, limit: int, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"{label} cannot be empty."})
    if len(value) > limit:
        raise ValidationError(
            {field: f"{label} is too long ({len(value):,} characters; at most {limit:,})."}
        )
    return value


def _clean_kind(kind: str) -> str:
    if kind not in PostKind.values:
        raise ValidationError(
            {"kind": f"Unknown kind {kind!r}; choose one of {', '.join(PostKind.values)}."}
        )
    return kind


def clean_topics(slugs) -> list[Topic]:
    """Up to MAX_TOPICS existing topics by slug; ValidationError naming any unknown one."""
    slugs = [s.strip().lower() for s in (slugs or []) if s and s.strip()]
    slugs = list(dict.fromkeys(slugs))
    if len(slugs) > MAX_TOPICS:
        raise ValidationError({"topics": f"At most {MAX_TOPICS} topics."})
    topics = list(Topic.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {t.slug for t in topics})
    if unknown:
        raise ValidationError({"topics": f"Unknown topic: {', '.join(unknown)}."})
    return topics


# --- mentions and consent ---------------------------------------------------------------------


def _mention_targets(text: str, author: User) -> tuple[list[Profile], bool]:
    """Profiles of the members mentioned in `text` (not the author), and whether @community is tagged."""
    handles = mentioned_handles(text)
    tags_community = COMMUNITY_HANDLE in handles
    handles = [h for h in handles if h != COMMUNITY_HANDLE]
    profiles = list(
        Profile.objects.filter(handle__in=handles, user__is_active=True)
        .exclude(user=author)
        .select_related("user")
    )
    if len(profiles) > MAX_PERSONAL_TAGS:
        raise ValidationError(
            {"body": f"You can tag at most {MAX_PERSONAL_TAGS} people in one post."}
        )
    return profiles, tags_community


def consent_for(mentioned: Profile, author: User) -> str:
    """The status a new mention of `mentioned` by `author` gets, from the person's tagging choice.

    Policy: a member who blocked the author is never tagged by them (shown as plain text, silently);
    "anyone" links; "people I follow" links when they follow the author, else plain; "ask me first"
    makes a tag request; "nobody" is plain. Plain mentions link nowhere and notify no one.
    """
    if is_blocked(mentioned.user_id, author.pk):
        return MentionStatus.PLAIN
    choice = mentioned.who_may_tag
    if choice == WhoMayTag.ANYONE:
        return MentionStatus.LINKED
    if choice == WhoMayTag.FOLLOWING:
        return (
            MentionStatus.LINKED if follows(mentioned.user_id, author.pk) else MentionStatus.PLAIN
        )
    if choice == WhoMayTag.ASK_FIRST:
        return MentionStatus.PENDING
    return MentionStatus.PLAIN


def _linked_handles(post: Post, comment: Comment | None) -> dict[str, str]:
    mentions = Mention.objects.filter(
        post=post, comment=comment, status=MentionStatus.LINKED
    ).select_related("mentioned__profile")
    return {m.mentioned.profile.handle: m.mentioned.profile.display_name for m in mentions}


def _rerender(post: Post, comment: Comment | None = None) -> None:
    target = comment or post
    target.body_html = render_with_mentions(target.body, _linked_handles(post, comment))
    target.save(update_fields=["body_html"])


def _sync_mentions(post: Post, comment: Comment | None, author: User, text: str) -> None:
    """Create mentions for newly mentioned members and tell them (link or tag request)."""
    profiles, _ = _mention_targets(text, author)
    existing = set(
        Mention.objects.filter(post=post, comment=comment).values_list("mentioned_id", flat=True)
    )
    where = _url(post, comment)
    for profile in profiles:
        if profile.user_id in existing:
            continue
        status = consent_for(profile, author)
        mention = Mention.objects.create(
            post=post, comment=comment, author=author, mentioned=profile.user, status=status
        )
        name = author.profile.display_name
        if status == MentionStatus.LINKED:
            notify(
                profile.user,
                kind=Kind.MENTION,
                actor=author,
                text=f"{name} mentioned you in “{post.title}”",
                url=where,
            )
        elif status == MentionStatus.PENDING:
            notify(
                profile.user,
                kind=Kind.TAG_REQUEST,
                actor=author,
                text=f"{name} would like to tag you in “{post.title}”",
                url=reverse("community:tag-requests"),
            )
        record(author, "community.mention.created", mention, {"status": status})


def _url(post: Post, comment: Comment | None = None) -> str:
    url = reverse("community:post", args=[post.pk])
    return f"{url}#comment-{comment.pk}" if comment else url


def _decide(
    mention: Mention, actor: User, *, allowed_from: set[str], to: str, verb: str
) -> Mention:
    mention = (
        Mention.objects.select_for_update(of=("self",))
        .select_related("post", "comment")
        .get(pk=mention.pk)
    )
    if mention.mentioned_id != actor.pk:
        raise PermissionDenied("Only the person tagged can decide about this tag.")
    if mention.status not in allowed_from:
        raise ValidationError(
            f"This tag is {mention.get_status_display().lower()}; nothing to change."
        )
    mention.status = to
    mention.decided_at = timezone.now()
    mention.save(update_fields=["status", "decided_at"])
    _rerender(mention.post, mention.comment)
    record(actor, verb, mention, {"post": mention.post_id})
    return mention


@transaction.atomic
def approve_tag(mention: Mention, *, actor: User) -> Mention:
    """The tagged person approves a tag request: the mention becomes a link, and the author is told."""
    mention = _decide(
        mention,
        actor,
        allowed_from={MentionStatus.PENDING},
        to=MentionStatus.LINKED,
        verb="community.tag.approved",
    )
    return mention


@transaction.atomic
def decline_tag(mention: Mention, *, actor: User) -> Mention:
    """The tagged person declines a tag request: the mention stays plain text for good."""
    return _decide(
        mention,
        actor,
        allowed_from={MentionStatus.PENDING},
        to=MentionStatus.DECLINED,
        verb="community.tag.declined",
    )


@transaction.atomic
def remove_tag(mention: Mention, *, actor: User) -> Mention:
    """The tagged person removes a tag of themselves at any time: the link becomes plain text."""
    return _decide(
        mention,
        actor,
        allowed_from={MentionStatus.LINKED, MentionStatus.PENDING},
        to=MentionStatus.REMOVED,
        verb="community.tag.removed",
    )


# --- posts ------------------------------------------------------------------------------------


NEWCOMER_DAYS = 30


def _is_newcomer(user: User) -> bool:
    """A member who joined in the last 30 days: their first post is welcomed in the feed."""
    return user.date_joined >= timezone.now() - timedelta(days=NEWCOMER_DAYS)


def _post_text(title: str, body: str) -> str:
    return f"{title}\n\n{body}"


def _post_context(kind: str, where: str = "post") -> dict:
    return {"where": where, "post_kind": kind}


@transaction.atomic
def create_post(
    *, author: User, kind: str, title: str, body: str, topics=(), post_anyway: bool = False
) -> Post:
    """Publish a post of one of the five kinds, in up to 5 existing topics, tagging up to 5 people.

    Needs the current Code of Conduct accepted. The title and body are screened first
    (``commons.conduct.moderation``): a block or a nudge (unless `post_anyway`) is raised before
    anything is written; a hold saves the post as held (no mentions, search or notifications until a
    moderator approves it) and returns it with ``screening_message`` set for the author. Mentions follow each person's tagging consent. Followers of the topics
    are told by a task after commit.
    """
    check_can_take_part(author)
    check_may_participate(author, action="post")
    kind = _clean_kind(kind)
    title = _clean_text(title, field="title", limit=MAX_TITLE, label="The title")
    body = _clean_text(body, field="body", limit=MAX_BODY, label="The post")
    topic_objs = clean_topics(topics)
    mentioned, tags_community = _mention_targets(body, author)
    check_may_participate(author, action="mention", others=[p.user for p in mentioned])
    text = _post_text(title, body)
    screening = apply_screening(text, _post_context(kind), post_anyway=post_anyway)
    post = Post.objects.create(
        author=author,
        kind=kind,
        title=title,
        body=body,
        tags_community=tags_community,
        is_first_post=_is_newcomer(author) and not Post.objects.filter(author=author).exists(),
        status=ContentStatus.HELD if screening.held else ContentStatus.PUBLISHED,
    )
    post.topics.set(topic_objs)
    record(
        author,
        "community.post.created",
        post,
        {"kind": kind, "topics": [t.slug for t in topic_objs], "status": post.status},
    )
    record_screened(post, screening, author=author, where="post", text=text)
    if screening.held:
        _rerender(post)
        post.screening_message = WAITING_MESSAGE
        return post
    _publish_post_effects(post, author, notify_followers=bool(topic_objs))
    return post


def _publish_post_effects(post: Post, author: User, *, notify_followers: bool) -> None:
    """What publishing a post sets off: mentions (and their notifications), search, followers."""
    _sync_mentions(post, None, author, post.body)
    _rerender(post)
    search.index_post(post)
    from .tasks import notify_topic_followers

    if notify_followers:
        on_commit(notify_topic_followers, post.pk)


@transaction.atomic
def edit_post(
    post: Post,
    *,
    actor: User,
    title: str | None = None,
    body: str | None = None,
    topics=None,
    post_anyway: bool = False,
) -> Post:
    """The author edits a post; the previous title and body are kept as a revision, and it shows "edited".

    A changed title or body is screened as in ``create_post``; an edit that is held takes a published
    post out of sight (status held) until a moderator approves it.
    """
    post = Post.objects.select_for_update().get(pk=post.pk)
    check_can_edit_post(actor, post)
    check_can_take_part(actor)
    check_may_participate(actor, action="post")
    new_title = (
        post.title
        if title is None
        else _clean_text(title, field="title", limit=MAX_TITLE, label="The title")
    )
    new_body = (
        post.body
        if body is None
        else _clean_text(body, field="body", limit=MAX_BODY, label="The post")
    )
    topic_objs = None if topics is None else clean_topics(topics)
    mentioned, tags_community = _mention_targets(new_body, actor)
    check_may_participate(actor, action="mention", others=[p.user for p in mentioned])
    changed = new_title != post.title or new_body != post.body
    screening = None
    if changed:
        text = _post_text(new_title, new_body)
        screening = apply_screening(text, _post_context(post.kind), post_anyway=post_anyway)
        PostRevision.objects.create(post=post, title=post.title, body=post.body)
        post.title, post.body, post.tags_community = new_title, new_body, tags_community
        post.edited_at = timezone.now()
        fields = ["title", "body", "tags_community", "edited_at"]
        if screening.held:
            post.status = ContentStatus.HELD
            fields.append("status")
        post.save(update_fields=fields)
    if topic_objs is not None:
        post.topics.set(topic_objs)
    record(actor, "community.post.edited", post, {})
    if screening is not None:
        record_screened(post, screening, author=actor, where="post", text=text)
    if post.status == ContentStatus.HELD:
        search.unindex_post(post)
        _rerender(post)
        post.screening_message = WAITING_MESSAGE
        return post
    _sync_mentions(post, None, actor, new_body)
    _rerender(post)
    search.index_post(post)
    return post


@transaction.atomic
def delete_post(post: Post, *, actor: User) -> Post:
    """The author deletes a post: it disappears for everyone but is kept (reports may need it)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    check_can_edit_post(actor, post)
    post.status = ContentStatus.DELETED
    post.save(update_fields=["status"])
    search.unindex_post(post)
    record(actor, "community.post.deleted", post, {})
    return post


# --- comments ---------------------------------------------------------------------------------


@transaction.atomic
def create_comment(
    post: Post,
    *,
    author: User,
    body: str,
    parent: Comment | None = None,
    post_anyway: bool = False,
) -> Comment:
    """Reply to a published post, or to one of its top-level comments (one level of replies).

    The reply is screened first, in the context of the post's kind (a recommendation under a
    recommendation request is welcome), as in ``create_post``: a held reply is saved but counted,
    indexed and notified only once a moderator approves it.
    Replies from someone the post's author (or the parent comment's author) has blocked are kept
    out of that person's sight and notifications, silently. Over a third of a thread's replies from
    one member earns them a private, friendly hint, once.
    """
    check_can_take_part(author)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != ContentStatus.PUBLISHED:
        raise ValidationError("This post is no longer available; you cannot reply to it.")
    body = _clean_text(body, field="body", limit=MAX_COMMENT, label="The reply")
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError({"parent_id": "That comment belongs to another post."})
        if parent.status != ContentStatus.PUBLISHED:
            raise ValidationError({"parent_id": "That comment is no longer available."})
        if parent.parent_id is not None:
            parent = parent.parent  # one level of replies: answer in the same thread
    check_may_participate(
        author, action="comment", others=[post.author, parent.author if parent else None]
    )
    mentioned, _ = _mention_targets(body, author)
    check_may_participate(author, action="mention", others=[p.user for p in mentioned])
    screening = apply_screening(body, _post_context(post.kind, "comment"), post_anyway=post_anyway)
    comment = Comment.objects.create(
        post=post,
        author=author,
        parent=parent,
        body=body,
        status=ContentStatus.HELD if screening.held else ContentStatus.PUBLISHED,
    )
    record(
        author,
        "community.comment.created",
        comment,
        {"post": post.pk, "parent": parent.pk if parent else None, "status": comment.status},
    )
    record_screened(comment, screening, author=author, where="comment", text=body)
    if screening.held:
        _rerender(post, comment)
        comment.screening_message = WAITING_MESSAGE
        return comment
    _publish_comment_effects(comment)
    return comment


@transaction.atomic
def edit_comment(comment: Comment, *, actor: User, body: str, post_anyway: bool = False) -> Comment:
    """The author edits their published reply; it shows "edited". Only the author may, and not a
    reply waiting for a moderator.

    The new text is screened as in ``create_comment``: a nudge or a block refuses it with nothing
    changed; an edit that is held takes the reply out of sight (out of the post's count and search)
    until a moderator approves it. New mentions follow each person's tagging consent.
    """
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post__author", "parent__author")
        .get(pk=comment.pk)
    )
    if comment.author_id != actor.pk or comment.status in (
        ContentStatus.DELETED,
        ContentStatus.HIDDEN,
    ):
        raise PermissionDenied("Only the author can change this reply.")
    if comment.status == ContentStatus.HELD:
        raise ValidationError(
            "This reply is waiting for a moderator; it can be edited once approved."
        )
    post = comment.post
    check_can_take_part(actor)
    check_may_participate(
        actor,
        action="comment",
        others=[post.author, comment.parent.author if comment.parent_id else None],
    )
    body = _clean_text(body, field="body", limit=MAX_COMMENT, label="The reply")
    if body == comment.body:
        return comment
    mentioned, _ = _mention_targets(body, actor)
    check_may_participate(actor, action="mention", others=[p.user for p in mentioned])
    screening = apply_screening(body, _post_context(post.kind, "comment"), post_anyway=post_anyway)
    comment.body = body
    comment.edited_at = timezone.now()
    fields = ["body", "edited_at"]
    if screening.held:
        comment.status = ContentStatus.HELD
        fields.append("status")
    comment.save(update_fields=fields)
    record(actor, "community.comment.edited", comment, {"status": comment.status})
    record_screened(comment, screening, author=actor, where="comment", text=body)
    if screening.held:
        Post.objects.filter(pk=post.pk, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )
        Post.objects.filter(pk=post.pk, accepted_comment=comment).update(accepted_comment=None)
        search.unindex_comment(comment)
        _rerender(post, comment)
        comment.screening_message = WAITING_MESSAGE
        return comment
    _sync_mentions(post, comment, actor, body)
    _rerender(post, comment)
    search.index_comment(comment)
    return comment


def _publish_comment_effects(comment: Comment) -> None:
    """What publishing a reply sets off: mentions, the post's count, search, and telling the post's
    author and the parent comment's author (unless they blocked the replier). A reply published
    again after an edit was held (``edited_at`` set) tells no one again: they heard of it once."""
    post, parent, author = comment.post, comment.parent, comment.author
    _sync_mentions(post, comment, author, comment.body)
    _rerender(post, comment)
    Post.objects.filter(pk=post.pk).update(
        comment_count=F("comment_count") + 1, last_activity_at=timezone.now()
    )
    search.index_comment(comment)
    if comment.edited_at is not None:
        return
    name = author.profile.display_name
    told = set()
    for person in (post.author, parent.author if parent else None):
        if person is None or person.pk in told or is_blocked(person.pk, author.pk):
            continue
        told.add(person.pk)
        notify(
            person,
            kind=Kind.REPLY,
            actor=author,
            text=f"{name} replied to “{post.title}”",
            url=_url(post, comment),
        )
    _maybe_hint(post, author)


# --- screened content: what a moderator's decision does ---------------------------------------


def publish_screened_post(post: Post, *, actor: User) -> None:
    """A moderator approved a screened post: a held post is published, with its mentions, search
    entry and followers' notifications; a published one stays as it is. Called by
    ``commons.conduct.moderation.approve_screened`` inside its transaction."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != ContentStatus.HELD:
        return
    post.status = ContentStatus.PUBLISHED
    post.save(update_fields=["status"])
    record(actor, "community.post.published", post, {"by": "moderator"})
    _publish_post_effects(
        post, post.author, notify_followers=post.edited_at is None and post.topics.exists()
    )


def hide_screened_post(post: Post, *, actor: User) -> None:
    """A moderator rejected a screened post: it is hidden (kept, never destroyed)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status in (ContentStatus.HIDDEN, ContentStatus.DELETED):
        return
    post.status = ContentStatus.HIDDEN
    post.save(update_fields=["status"])
    search.unindex_post(post)
    record(actor, "community.post.hidden", post, {"by": "moderator"})


def publish_screened_comment(comment: Comment, *, actor: User) -> None:
    """A moderator approved a screened reply: a held one is published as if just written."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post", "parent")
        .get(pk=comment.pk)
    )
    if comment.status != ContentStatus.HELD:
        return
    comment.status = ContentStatus.PUBLISHED
    comment.save(update_fields=["status"])
    record(actor, "community.comment.published", comment, {"by": "moderator"})
    _publish_comment_effects(comment)


def hide_screened_comment(comment: Comment, *, actor: User) -> None:
    """A moderator rejected a screened reply: it is hidden (kept, never destroyed)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status in (ContentStatus.HIDDEN, ContentStatus.DELETED):
        return
    was_published = comment.status == ContentStatus.PUBLISHED
    comment.status = ContentStatus.HIDDEN
    comment.save(update_fields=["status"])
    if was_published:
        Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(
            comment_count=F("comment_count") - 1
        )
        Post.objects.filter(pk=comment.post_id, accepted_comment=comment).update(
            accepted_comment=None
        )
    search.unindex_comment(comment)
    record(actor, "community.comment.hidden", comment, {"by": "moderator"})


def _maybe_hint(post: Post, author: User) -> None:
    counts = dict(
        Comment.objects.filter(post=post, status=ContentStatus.PUBLISHED)
        .values_list("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )
    total = sum(counts.values())
    mine = counts.get(author.pk, 0)
    if total < THREAD_HINT_MIN_REPLIES or mine * 3 <= total:
        return
    hint, created = ThreadHint.objects.get_or_create(post=post, user=author)
    if created:
        notify(
            author,
            kind=Kind.THREAD_HINT,
            text=(
                f"You've written {mine} of the {total} replies in “{post.title}”. Thanks for the energy! "
                "Consider leaving some room so other voices can join in."
            ),
            url=_url(post),
        )
        record(
            None,
            "community.thread_hint.sent",
            post,
            {"user": author.pk, "share": round(mine / total, 2)},
        )


@transaction.atomic
def delete_comment(comment: Comment, *, actor: User) -> Comment:
    """The author deletes their comment; it is kept but shown to no one."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != actor.pk or comment.status == ContentStatus.DELETED:
        raise PermissionDenied("Only the author can delete this comment.")
    comment.status = ContentStatus.DELETED
    comment.save(update_fields=["status"])
    Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(
        comment_count=F("comment_count") - 1
    )
    Post.objects.filter(pk=comment.post_id, accepted_comment=comment).update(accepted_comment=None)
    search.unindex_comment(comment)
    record(actor, "community.comment.deleted", comment, {})
    return comment


@transaction.atomic
def accept_answer(post: Post, comment: Comment, *, actor: User) -> Post:
    """A question's author marks one reply as the accepted answer (or moves the mark to another)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not can_accept_answer(actor, post):
        raise PermissionDenied("Only the author of a question can accept an answer.")
    if comment.post_id != post.pk or comment.status != ContentStatus.PUBLISHED:
        raise ValidationError("That reply is not part of this question.")
    post.accepted_comment = comment
    post.save(update_fields=["accepted_comment"])
    record(actor, "community.answer.accepted", post, {"comment": comment.pk})
    notify(
        comment.author,
        kind=Kind.ACCEPTED_ANSWER,
        actor=actor,
        text=f"Your reply was accepted as the answer to “{post.title}”",
        url=_url(post, comment),
    )
    return post


# --- reactions --------------------------------------------------------------------------------


@transaction.atomic
def react(post: Post, *, actor: User, kind: str, comment: Comment | None = None) -> Reaction:
    """React to a post or comment with one of a small fixed set; each kind once per member."""
    check_can_take_part(actor)
    check_may_participate(
        actor, action="react", others=[comment.author if comment is not None else post.author]
    )
    if kind not in ReactionKind.values:
        raise ValidationError(
            {"kind": f"Unknown reaction; choose one of {', '.join(ReactionKind.values)}."}
        )
    if post.status != ContentStatus.PUBLISHED or (
        comment is not None and comment.status != ContentStatus.PUBLISHED
    ):
        raise ValidationError("This is no longer available.")
    if comment is not None and comment.post_id != post.pk:
        raise ValidationError("That comment belongs to another post.")
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(user=actor, post=post, comment=comment, kind=kind)
    except IntegrityError:
        raise ValidationError("You already reacted this way.") from None
    if comment is None:
        Post.objects.filter(pk=post.pk).update(
            reaction_count=F("reaction_count") + 1, last_activity_at=timezone.now()
        )
    else:
        Comment.objects.filter(pk=comment.pk).update(reaction_count=F("reaction_count") + 1)
    record(
        actor,
        "community.reaction.added",
        post,
        {"kind": kind, "comment": comment.pk if comment else None},
    )
    return reaction


@transaction.atomic
def unreact(post: Post, *, actor: User, kind: str, comment: Comment | None = None) -> bool:
    deleted, _ = Reaction.objects.filter(user=actor, post=post, comment=comment, kind=kind).delete()
    if deleted:
        if comment is None:
            Post.objects.filter(pk=post.pk, reaction_count__gt=0).update(
                reaction_count=F("reaction_count") - 1
            )
        else:
            Comment.objects.filter(pk=comment.pk, reaction_count__gt=0).update(
                reaction_count=F("reaction_count") - 1
            )
        record(actor, "community.reaction.removed", post, {"kind": kind})
    return bool(deleted)


# --- topics -----------------------------------------------------------------------------------


@transaction.atomic
def create_topic(*, actor: User, name: str, slug: str = "", description: str = "") -> Topic:
    """Add a topic. Owners and moderators keep the list of topics."""
    if not can_manage_topics(actor):
        raise PermissionDenied("Only moderators and owners add topics.")
    name = _clean_text(name, field="name", limit=60, label="The name")
    slug = slugify(slug or name)[:40]
    if not slug:
        raise ValidationError({"slug": "Choose a topic id of letters, digits and dashes."})
    if Topic.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "That topic exists already."})
    topic = Topic.objects.create(name=name, slug=slug, description=(description or "")[:200])
    record(actor, "community.topic.created", topic, {"slug": slug})
    return topic


@transaction.atomic
def follow_topic(topic: Topic, *, actor: User) -> bool:
    from commons.core.permissions import Permission, check_permission

    check_permission(
        actor, Permission.READ_MEMBERS
    )  # following is reading: open without re-accepting
    _, created = TopicFollow.objects.get_or_create(user=actor, topic=topic)
    if created:
        record(actor, "community.topic.followed", topic, {})
    return created


@transaction.atomic
def unfollow_topic(topic: Topic, *, actor: User) -> bool:
    deleted, _ = TopicFollow.objects.filter(user=actor, topic=topic).delete()
    if deleted:
        record(actor, "community.topic.unfollowed", topic, {})
    return bool(deleted)


# --- invitations ------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_person(
    *, inviter: User, email: str, note: str = "", post_anyway: bool = False, footer: str = ""
) -> tuple[Invitation, str]:
    """A member invites a person by email with a personal note. The single-use link expires in 14 days.

    The note is screened like a message (``commons.conduct.moderation``): a block, or a hold (the
    email goes at once, so it cannot wait for a moderator), refuses the invitation; a nudge refuses it
    unless `post_anyway`, which sends it and queues it for a moderator, whose rejection revokes the
    link. `footer` is a line the site adds after the note (not the member's words, not screened).
    Returns the invitation and its token (for the email; only a hash is stored).
    """
    from django.core.validators import validate_email

    check_can_take_part(inviter)
    check_may_participate(inviter, action="invite")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "That person is already a member."})
    if len(note or "") > 1000:
        raise ValidationError({"note": "The note is too long (at most 1,000 characters)."})
    since = timezone.now() - timedelta(days=1)
    if (
        Invitation.objects.filter(inviter=inviter, created_at__gte=since).count()
        >= INVITATIONS_PER_DAY
    ):
        raise ValidationError(f"You can send at most {INVITATIONS_PER_DAY} invitations a day.")
    note = (note or "").strip()
    screening = (
        apply_screening(note, {"where": "message"}, post_anyway=post_anyway, can_hold=False)
        if note
        else None
    )
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        inviter=inviter,
        email=email,
        note=f"{note}\n\n{footer}".strip()[:1000] if footer else note,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    record(inviter, "community.invitation.sent", invitation, {"email": email})
    if screening is not None:
        record_screened(invitation, screening, author=inviter, where="message", text=note)
    from .tasks import send_invitation_email

    on_commit(send_invitation_email, invitation.pk, token)
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The open invitation for `token`; ValidationError when unknown, used, revoked or expired."""
    invitation = (
        Invitation.objects.select_related("inviter__profile")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError("This invitation link is not valid.")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation link has already been used.")
    if invitation.expires_at < timezone.now():
        raise ValidationError("This invitation link has expired; ask for a new one.")
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, user: User) -> Invitation:
    """Mark the invitation used by `user`, who has just joined (and accepted the Code of Conduct)."""
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation link has already been used.")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(user, "community.invitation.accepted", invitation, {"inviter": invitation.inviter_id})
    notify(
        invitation.inviter,
        kind=Kind.INVITATION,
        actor=user,
        text=f"{user.profile.display_name} joined from your invitation",
        url=reverse("members:profile", args=[user.profile.handle]),
    )
    return invitation


# --- direct messages --------------------------------------------------------------------------


def may_message(sender: User, recipient: User) -> bool:
    """Whether `recipient`'s choice lets `sender` message them (blocks are handled silently apart).

    Anyone may answer a member who wrote to them first, whatever that member's own choice.
    """
    if sender.pk == recipient.pk:
        return False
    if Message.objects.filter(sender=recipient, recipient=sender, delivered=True).exists():
        return True
    choice = recipient.profile.who_may_message
    if choice == WhoMayMessage.ANYONE:
        return True
    if choice == WhoMayMessage.FOLLOWING:
        return follows(recipient.pk, sender.pk)
    return False


def publish_screened_invitation(invitation: Invitation, *, actor: User) -> None:
    """A moderator approved an invitation sent after a nudge: it stays as it is."""


def hide_screened_invitation(invitation: Invitation, *, actor: User) -> None:
    """A moderator rejected an invitation sent after a nudge: its link is revoked unless already
    used (the invitation is kept, never destroyed)."""
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if updated:
        record(actor, "community.invitation.revoked", invitation, {"by": "moderator"})


@transaction.atomic
def send_message(*, sender: User, recipient: User, body: str, post_anyway: bool = False) -> Message:
    """Send a one-to-one message. The recipient's choice decides who may message them; a message to
    someone who blocked the sender is kept but never delivered, and the sender is not told.

    The body is screened where="message" (``commons.conduct.moderation``): a block or a nudge (unless
    `post_anyway`) refuses it before anything is written; a hold keeps it undelivered, with no
    notification, until a moderator approves it, and returns it with ``screening_message`` set."""
    check_can_take_part(sender)
    check_may_participate(sender, action="message", others=[recipient])
    if recipient.pk == sender.pk:
        raise ValidationError({"to": "You cannot message yourself."})
    if not recipient.is_active:
        raise ValidationError({"to": "That member is not available."})
    body = _clean_text(body, field="body", limit=MAX_MESSAGE, label="The message")
    blocked = is_blocked(recipient.pk, sender.pk)
    if not may_message(sender, recipient):  # as for anyone else, so a block cannot be detected
        raise ValidationError(
            {"to": f"{recipient.profile.display_name} is not accepting messages from you."}
        )
    screening = apply_screening(body, {"where": "message"}, post_anyway=post_anyway)
    message = Message.objects.create(
        sender=sender,
        recipient=recipient,
        body=body,
        body_html=render_with_mentions(body, {}),
        delivered=not blocked and not screening.held,
    )
    record(sender, "community.message.sent", message, {"to": recipient.pk, "held": screening.held})
    record_screened(message, screening, author=sender, where="message", text=body)
    if screening.held:
        message.screening_message = WAITING_MESSAGE
    elif not blocked:
        _notify_message(message)
    return message


def _notify_message(message: Message) -> None:
    sender = message.sender
    notify(
        message.recipient,
        kind=Kind.MESSAGE,
        actor=sender,
        text=f"New message from {sender.profile.display_name}",
        url=reverse("community:conversation", args=[sender.profile.handle]),
    )


def publish_screened_message(message: Message, *, actor: User, item=None) -> None:
    """A moderator approved a screened message: a held one is delivered and its recipient told (unless
    they blocked the sender meanwhile: then it stays undelivered, silently, as any such message)."""
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("sender__profile", "recipient")
        .get(pk=message.pk)
    )
    if item is None or item.decision != "hold" or message.delivered:
        return
    if is_blocked(message.recipient_id, message.sender_id):
        return
    message.delivered = True
    message.save(update_fields=["delivered"])
    record(actor, "community.message.delivered", message, {"by": "moderator"})
    _notify_message(message)


def hide_screened_message(message: Message, *, actor: User, item=None) -> None:
    """A moderator rejected a screened message: it is taken out of the recipient's sight (never
    delivered, or no longer), kept and never destroyed; the sender still sees what they wrote."""
    updated = Message.objects.filter(pk=message.pk, delivered=True).update(delivered=False)
    record(
        actor,
        "community.message.hidden",
        message,
        {"by": "moderator", "was_delivered": bool(updated)},
    )


@transaction.atomic
def mark_conversation_read(*, reader: User, other: User) -> int:
    count = Message.objects.filter(
        sender=other, recipient=reader, read_at__isnull=True, delivered=True
    ).update(read_at=timezone.now())
    if count:
        record(reader, "community.messages.read", None, {"from": other.pk, "count": count})
    return count
