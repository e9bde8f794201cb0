"""Posts, comments, reactions, accepted answers, the feed, topics, search, tag consent and invitations."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from commons.community import actions, queries
from commons.community import search as community_search
from commons.community.models import (
    Comment,
    ContentStatus,
    Mention,
    MentionStatus,
    PostKind,
    Topic,
)
from commons.core.permissions import Permission, has_permission

router = Router(tags=["community"])

PAGE_SIZE = 20


# --- schemas ----------------------------------------------------------------------------------


class AuthorOut(Schema):
    id: int
    handle: str
    display_name: str


class PostIn(Schema):
    kind: str = Field(..., description=f"One of: {', '.join(PostKind.values)}.")
    title: str
    body: str = Field(..., description="Markdown. @handle mentions a member, by their consent.")
    topics: list[str] = Field(default_factory=list, description="Up to 5 topic slugs.")
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


class PostEditIn(Schema):
    title: str | None = None
    body: str | None = None
    topics: list[str] | None = None
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


class PostCreatedOut(Schema):
    id: int
    status: str = Field(..., description="published, or held while a moderator looks at it.")


class CommentOut(Schema):
    id: int
    author: AuthorOut
    body_html: str
    created_at: datetime
    edited: bool
    reaction_count: int
    parent_id: int | None
    my_reactions: list[str]
    replies: list["CommentOut"] = Field(default_factory=list)


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str = Field(..., description="The Markdown as written.")
    body_html: str = Field(..., description="Sanitised HTML; mentions link only with consent.")
    status: str
    topics: list[str]
    author: AuthorOut
    created_at: datetime
    edited: bool
    edited_at: datetime | None
    comment_count: int
    reaction_count: int
    accepted_comment_id: int | None
    my_reactions: list[str] = Field(..., description="Your reactions to the post itself.")
    comments: list[CommentOut]


class RevisionOut(Schema):
    title: str
    body: str
    created_at: datetime = Field(..., description="When this version was replaced by an edit.")


class CommentIn(Schema):
    body: str
    parent_id: int | None = Field(None, description="Reply to this top-level comment.")
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


class CommentCreatedOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    body_html: str
    status: str = Field(..., description="published, or held while a moderator looks at it.")


class AcceptIn(Schema):
    comment_id: int


class AcceptOut(Schema):
    post_id: int
    accepted_comment_id: int | None


class ReactionIn(Schema):
    kind: str = Field(..., description="insightful, helpful, thanks or celebrate.")
    comment_id: int | None = Field(None, description="React to this comment of the post instead.")


class ReactionOut(Schema):
    kind: str
    post_id: int
    comment_id: int | None


class FeedItemOut(Schema):
    id: int
    kind: str
    title: str
    author: AuthorOut
    topics: list[str]
    created_at: datetime
    edited: bool
    comment_count: int
    reaction_count: int
    answered: bool = Field(..., description="A question with an accepted answer.")
    badge: str | None = Field(
        ..., description="Why the feed surfaces it, e.g. a welcome to a first post."
    )


class FeedOut(Schema):
    items: list[FeedItemOut]
    page: int
    has_next: bool


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    following: bool


class TopicIn(Schema):
    name: str
    slug: str = ""
    description: str = ""


class FollowingOut(Schema):
    following: bool


class TrendingOut(Schema):
    slug: str
    name: str
    score: float
    members: int = Field(..., description="Distinct members engaging with the topic recently.")


class SearchHitOut(Schema):
    kind: str = Field(..., description="post or comment")
    post_id: int
    comment_id: int | None
    title: str
    snippet: str = Field(..., description="HTML-escaped text with matches in <mark>.")
    rank: float


class SearchOut(Schema):
    items: list[SearchHitOut]
    page: int
    has_next: bool


class TagRequestOut(Schema):
    id: int
    status: str
    created_at: datetime
    post_id: int
    post_title: str
    comment_id: int | None
    by: AuthorOut

    @staticmethod
    def resolve_post_title(obj) -> str:
        return obj.post.title

    @staticmethod
    def resolve_by(obj) -> dict:
        return author_out(obj.author)


class MentionOut(Schema):
    id: int
    status: str


class InvitationIn(Schema):
    email: str
    note: str = ""
    post_anyway: bool = Field(
        False, description="Send despite a screening nudge (a moderator will look at it)."
    )


class InvitationOut(Schema):
    id: int
    email: str
    note: str | None = Field(..., description="Shown to the inviter only.")
    status: str = Field(..., description="open, accepted, expired or revoked")
    created_at: datetime
    expires_at: datetime
    inviter: AuthorOut
    invitee: AuthorOut | None = Field(..., description="The member who joined from it.")

    @staticmethod
    def resolve_note(obj, context) -> str | None:
        return obj.note if obj.inviter_id == context["request"].auth.pk else None

    @staticmethod
    def resolve_status(obj) -> str:
        if obj.accepted_at is not None:
            return "accepted"
        if obj.revoked_at is not None:
            return "revoked"
        return "expired" if obj.expires_at < timezone.now() else "open"

    @staticmethod
    def resolve_inviter(obj) -> dict:
        return author_out(obj.inviter)

    @staticmethod
    def resolve_invitee(obj) -> dict | None:
        return author_out(obj.accepted_by) if obj.accepted_by_id else None


# --- helpers ----------------------------------------------------------------------------------


def author_out(user) -> dict:
    profile = user.profile
    return {"id": user.pk, "handle": profile.handle, "display_name": profile.display_name}


def _comment_out(comment, mine: set, replies=()) -> dict:
    return {
        "id": comment.pk,
        "author": author_out(comment.author),
        "body_html": comment.body_html,
        "created_at": comment.created_at,
        "edited": comment.edited_at is not None,
        "reaction_count": comment.reaction_count,
        "parent_id": comment.parent_id,
        "my_reactions": sorted(kind for cid, kind in mine if cid == comment.pk),
        "replies": [_comment_out(r, mine) for r in replies],
    }


def _post_out(detail) -> dict:
    post = detail.post
    return {
        "id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "status": post.status,
        "topics": [t.slug for t in post.topics.all()],
        "author": author_out(post.author),
        "created_at": post.created_at,
        "edited": post.edited_at is not None,
        "edited_at": post.edited_at,
        "comment_count": post.comment_count,
        "reaction_count": post.reaction_count,
        "accepted_comment_id": post.accepted_comment_id,
        "my_reactions": sorted(kind for cid, kind in detail.my_reactions if cid is None),
        "comments": [_comment_out(c, detail.my_reactions, c.reply_list) for c in detail.comments],
    }


def _comment_of(post, comment_id: int | None, *, field: str = "comment_id") -> Comment | None:
    if comment_id is None:
        return None
    comment = Comment.objects.select_related("author").filter(pk=comment_id, post=post).first()
    if comment is None:
        raise ValidationError({field: "There is no such comment on this post."})
    return comment


# --- posts ------------------------------------------------------------------------------------


@router.post("/posts", response={201: PostCreatedOut}, summary="Publish a post")
def create_post(request, data: PostIn):
    post = actions.create_post(
        author=request.auth,
        kind=data.kind,
        title=data.title,
        body=data.body,
        topics=data.topics,
        post_anyway=data.post_anyway,
    )
    return Status(201, {"id": post.pk, "status": post.status})


@router.get("/posts/{post_id}", response=PostOut, summary="A post with its comments")
def get_post(request, post_id: int):
    return _post_out(queries.post_detail(request.auth, post_id))


@router.patch("/posts/{post_id}", response=PostOut, summary="Edit your post (kept in its history)")
def edit_post(request, post_id: int, data: PostEditIn):
    post = queries.access_post(request.auth, post_id)
    actions.edit_post(post, actor=request.auth, **data.dict(exclude_unset=True))
    return _post_out(queries.post_detail(request.auth, post_id))


@router.delete("/posts/{post_id}", response={204: None}, summary="Delete your post")
def delete_post(request, post_id: int):
    actions.delete_post(queries.access_post(request.auth, post_id), actor=request.auth)
    return Status(204, None)


@router.get(
    "/posts/{post_id}/revisions", response=list[RevisionOut], summary="A post's edit history"
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def post_revisions(request, post_id: int):
    return queries.access_post(request.auth, post_id).revisions.all()


# --- comments, answers and reactions ----------------------------------------------------------


@router.post(
    "/posts/{post_id}/comments", response={201: CommentCreatedOut}, summary="Reply to a post"
)
def create_comment(request, post_id: int, data: CommentIn):
    post = queries.access_post(request.auth, post_id)
    parent = _comment_of(post, data.parent_id, field="parent_id")
    comment = actions.create_comment(
        post, author=request.auth, body=data.body, parent=parent, post_anyway=data.post_anyway
    )
    return Status(
        201,
        {
            "id": comment.pk,
            "post_id": post.pk,
            "parent_id": comment.parent_id,
            "body_html": comment.body_html,
            "status": comment.status,
        },
    )


class CommentEditIn(Schema):
    body: str
    post_anyway: bool = Field(
        False, description="Publish despite a screening nudge (a moderator will look at it)."
    )


@router.patch(
    "/comments/{comment_id}",
    response=CommentCreatedOut,
    summary="Edit your reply (it shows as edited; screened again)",
)
def edit_comment(request, comment_id: int, data: CommentEditIn):
    comment = (
        Comment.objects.filter(pk=comment_id, author=request.auth)
        .exclude(status__in=(ContentStatus.DELETED, ContentStatus.HIDDEN))
        .first()
    )
    if comment is None:
        raise Http404
    queries.access_post(request.auth, comment.post_id)
    comment = actions.edit_comment(
        comment, actor=request.auth, body=data.body, post_anyway=data.post_anyway
    )
    return {
        "id": comment.pk,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "body_html": comment.body_html,
        "status": comment.status,
    }


@router.delete("/comments/{comment_id}", response={204: None}, summary="Delete your comment")
def delete_comment(request, comment_id: int):
    comment = Comment.objects.filter(pk=comment_id).exclude(status=ContentStatus.DELETED).first()
    if comment is None:
        raise Http404
    queries.access_post(request.auth, comment.post_id)
    actions.delete_comment(comment, actor=request.auth)
    return Status(204, None)


@router.post(
    "/posts/{post_id}/accept", response=AcceptOut, summary="Accept an answer (question's author)"
)
def accept_answer(request, post_id: int, data: AcceptIn):
    post = queries.access_post(request.auth, post_id)
    comment = _comment_of(post, data.comment_id)
    post = actions.accept_answer(post, comment, actor=request.auth)
    return {"post_id": post.pk, "accepted_comment_id": post.accepted_comment_id}


@router.post(
    "/posts/{post_id}/reactions", response={201: ReactionOut}, summary="React to a post or comment"
)
def react(request, post_id: int, data: ReactionIn):
    post = queries.access_post(request.auth, post_id)
    comment = _comment_of(post, data.comment_id)
    reaction = actions.react(post, actor=request.auth, kind=data.kind, comment=comment)
    return Status(
        201, {"kind": reaction.kind, "post_id": post.pk, "comment_id": reaction.comment_id}
    )


@router.delete(
    "/posts/{post_id}/reactions/{kind}", response={204: None}, summary="Take back a reaction"
)
def unreact(request, post_id: int, kind: str, comment_id: int | None = None):
    post = queries.access_post(request.auth, post_id)
    comment = _comment_of(post, comment_id)
    if not actions.unreact(post, actor=request.auth, kind=kind, comment=comment):
        raise Http404
    return Status(204, None)


# --- feed, topics, search ---------------------------------------------------------------------


class FeedFilters(Schema):
    order: str = Field("variety", description="variety (the default) or latest")
    topic: str | None = Field(None, description="A topic slug.")
    page: int = Field(1, ge=1)


@router.get("/feed", response=FeedOut, summary="The feed: variety (default) or latest")
def feed(request, filters: Query[FeedFilters]):
    try:
        page = queries.feed(
            request.auth,
            order=filters.order,
            topic=filters.topic or None,
            page=filters.page,
            per_page=PAGE_SIZE,
        )
    except Http404:  # the only thing the feed looks up is the topic
        raise ValidationError({"topic": f"Unknown topic: {filters.topic}."}) from None
    return {
        "items": [
            {
                "id": item.post.pk,
                "kind": item.post.kind,
                "title": item.post.title,
                "author": author_out(item.post.author),
                "topics": [t.slug for t in item.post.topics.all()],
                "created_at": item.post.created_at,
                "edited": item.post.edited_at is not None,
                "comment_count": item.post.comment_count,
                "reaction_count": item.post.reaction_count,
                "answered": item.post.accepted_comment_id is not None,
                "badge": item.badge or None,
            }
            for item in page.items
        ],
        "page": page.page,
        "has_next": page.has_next,
    }


@router.get("/topics", response=list[TopicOut], summary="All topics, and which you follow")
@paginate(PageNumberPagination, page_size=50)
def list_topics(request):
    return queries.topics_for(request.auth)


@router.post("/topics", response={201: TopicOut}, summary="Add a topic (moderators)")
def create_topic(request, data: TopicIn):
    topic = actions.create_topic(
        actor=request.auth, name=data.name, slug=data.slug, description=data.description
    )
    return Status(
        201,
        {
            "slug": topic.slug,
            "name": topic.name,
            "description": topic.description,
            "following": False,
        },
    )


@router.get("/topics/trending", response=list[TrendingOut], summary="Trending topics this week")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def trending(request, days: int = Query(7, ge=1, le=90)):
    return [
        {"slug": t.topic.slug, "name": t.topic.name, "score": t.score, "members": t.members}
        for t in queries.trending_topics(days=days, limit=PAGE_SIZE)
    ]


@router.post("/topics/{slug}/follow", response=FollowingOut, summary="Follow a topic")
def follow_topic(request, slug: str):
    actions.follow_topic(get_object_or_404(Topic, slug=slug), actor=request.auth)
    return {"following": True}


@router.delete("/topics/{slug}/follow", response=FollowingOut, summary="Stop following a topic")
def unfollow_topic(request, slug: str):
    actions.unfollow_topic(get_object_or_404(Topic, slug=slug), actor=request.auth)
    return {"following": False}


@router.get("/search", response=SearchOut, summary="Search posts and comments")
def search(request, q: str, page: int = Query(1, ge=1)):
    q = q.strip()
    if not q:
        raise ValidationError({"q": "Type something to search for."})
    hits = community_search.search(
        request.auth, q, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    return {
        "items": [
            {
                "kind": h.kind,
                "post_id": h.post.pk,
                "comment_id": h.comment_id,
                "title": h.title,
                "snippet": h.snippet,
                "rank": h.rank,
            }
            for h in hits[:PAGE_SIZE]
        ],
        "page": page,
        "has_next": len(hits) > PAGE_SIZE,
    }


# --- tagging with consent ---------------------------------------------------------------------


@router.get(
    "/me/tag-requests",
    response=list[TagRequestOut],
    summary="Tags of you: pending requests, or ?status=linked for tags you approved",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def tag_requests(request, status: str = MentionStatus.PENDING):
    if status not in (MentionStatus.PENDING, MentionStatus.LINKED):
        raise ValidationError({"status": "Choose pending or linked."})
    return queries.tags_of(request.auth, status)


def _my_mention(request, mention_id: int) -> Mention:
    # someone else's tag is not theirs to know about
    return get_object_or_404(Mention, pk=mention_id, mentioned=request.auth)


@router.post(
    "/tag-requests/{mention_id}/approve", response=MentionOut, summary="Approve a tag of you"
)
def approve_tag(request, mention_id: int):
    mention = actions.approve_tag(_my_mention(request, mention_id), actor=request.auth)
    return {"id": mention.pk, "status": mention.status}


@router.post(
    "/tag-requests/{mention_id}/decline", response=MentionOut, summary="Decline a tag of you"
)
def decline_tag(request, mention_id: int):
    mention = actions.decline_tag(_my_mention(request, mention_id), actor=request.auth)
    return {"id": mention.pk, "status": mention.status}


@router.delete("/mentions/{mention_id}", response=MentionOut, summary="Remove a tag of you")
def remove_tag(request, mention_id: int):
    mention = actions.remove_tag(_my_mention(request, mention_id), actor=request.auth)
    return {"id": mention.pk, "status": mention.status}


# --- invitations ------------------------------------------------------------------------------


@router.post("/invitations", response={201: InvitationOut}, summary="Invite a person by email")
def invite(request, data: InvitationIn):
    invitation, _ = actions.invite_person(
        inviter=request.auth, email=data.email, note=data.note, post_anyway=data.post_anyway
    )
    return Status(201, invitation)


@router.get(
    "/invitations",
    response=list[InvitationOut],
    summary="Your invitations; owners see everyone's (who invited whom)",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_invitations(request):
    everyone = has_permission(request.auth, Permission.SEE_WHO_INVITED)
    return queries.visible_invitations(request.auth, everyone=everyone)
