"""Reads of discussions: visible posts and comments, the feed, trending topics, a post's page.

Everything here runs a constant number of SQL queries whatever the number of items, so pages and
API lists stay fast as the community grows (see `make bench`).
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from commons.conduct.moderation import can_review_screened
from commons.members.models import Block, Follow, User

from .models import (
    Comment,
    ContentStatus,
    Invitation,
    Mention,
    MentionStatus,
    Post,
    PostKind,
    Reaction,
    Topic,
    TopicFollow,
)

FEED_ORDERS = ("variety", "latest")
MAX_PER_PAGE = 100

# Variety feed: which posts are considered, and how they are scored.
VARIETY_DAYS = 14
RECENT_CANDIDATES = 200  # newest posts of the window
FOLLOWED_CANDIDATES = 100  # newest posts by followed members or in followed topics
SPOTLIGHT_CANDIDATES = 30  # newest first posts, and newest unanswered questions
HALF_LIFE_HOURS = 36
AUTHOR_CAP = 2  # places per author in each run of 10
BLOCK = 10
# Places (within each run of 10) kept for a welcome or an unanswered question when there is one.
SPOTLIGHT_SLOTS = {2: "welcome", 4: "unanswered", 7: "welcome", 9: "unanswered"}

# Trending topics.
TRENDING_WEIGHTS = {"post": 3.0, "comment": 2.0, "reaction": 1.0}
TRENDING_HALF_LIFE_DAYS = 2.0
TRENDING_CACHE_SECONDS = 600  # refreshed every few minutes by tick / beat


def _member(viewer) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def _blocked_by(viewer):
    return Block.objects.filter(blocker_id=viewer.pk).values("blocked_id")


def _by_removed(field: str = "author_id") -> Exists:
    """Written by a member whose account the community closed (removed). A member who deleted their
    account themself is not one: what they wrote stays, shown as by "Former member"."""
    # A per-row primary-key probe rather than a join on every member, so the planner stays on the
    # (status, created_at) index and "newest first" reads only what it returns.
    return Exists(User.objects.filter(pk=OuterRef(field), is_active=False, deleted_at__isnull=True))


def visible_posts(viewer) -> QuerySet[Post]:
    """Published posts, leaving out those of removed members and of members `viewer` blocked."""
    posts = Post.objects.filter(status=ContentStatus.PUBLISHED).exclude(_by_removed())
    if _member(viewer):
        posts = posts.exclude(author_id__in=_blocked_by(viewer))
    return posts


def visible_comments(viewer) -> QuerySet[Comment]:
    """Published comments on published posts, leaving out removed members and members `viewer`
    blocked (as commenters, and as authors of the post)."""
    comments = (
        Comment.objects.filter(status=ContentStatus.PUBLISHED, post__status=ContentStatus.PUBLISHED)
        .exclude(_by_removed())
        .exclude(_by_removed("post__author_id"))
    )
    if _member(viewer):
        blocked = _blocked_by(viewer)
        comments = comments.exclude(author_id__in=blocked).exclude(post__author_id__in=blocked)
    return comments


def access_post(viewer, post_id) -> Post:
    """The post `post_id` with its author's profile and topics, or 404.

    Deleted and hidden posts are 404 for everyone; a held post (waiting for a moderator) is seen
    only by its author and by moderators, and the posts of a removed member only by their author
    (a member who deleted their account is shown as "Former member"). A post by someone the viewer blocked stays reachable by its address; lists leave it out.
    """
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        raise Http404("No such post.") from None
    post = (
        Post.objects.select_related("author__profile")
        .prefetch_related("topics")
        .filter(pk=post_id)
        .first()
    )
    if post is None or post.status in (ContentStatus.DELETED, ContentStatus.HIDDEN):
        raise Http404("No such post.")
    is_author = _member(viewer) and viewer.pk == post.author_id
    if post.status == ContentStatus.HELD and not is_author and can_review_screened(viewer):
        return post  # moderators read a held post to decide about it
    removed = not post.author.is_active and post.author.deleted_at is None
    if not is_author and (post.status != ContentStatus.PUBLISHED or removed):
        raise Http404("No such post.")
    return post


# --- feed -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    post: Post
    badge: str | None  # None, "welcome" (a new member's first post) or "unanswered"


@dataclass(frozen=True)
class FeedPage:
    items: list[FeedItem]
    page: int
    has_next: bool
    order: str = "variety"
    topic: Topic | None = None


_QUESTION = PostKind.QUESTION.value  # looked up once: badge_for runs for every candidate


def badge_for(post) -> str | None:
    if post.is_first_post:
        return "welcome"
    if post.kind == _QUESTION and post.comment_count == 0:
        return "unanswered"
    return None


@dataclass(eq=False)  # compared by identity: cheap list.remove()
class _Candidate:
    id: int
    author_id: int
    kind: str
    created_at: datetime
    comment_count: int
    reaction_count: int
    is_first_post: bool
    by_followed: bool = False
    in_followed_topic: bool = False
    score: float = 0.0
    badge: str | None = field(default=None)


_CANDIDATE_FIELDS = (
    "id",
    "author_id",
    "kind",
    "created_at",
    "comment_count",
    "reaction_count",
    "is_first_post",
)


_NUDGE = {"welcome": 1.5, "unanswered": 1.3}


def _score(c: _Candidate, now: datetime) -> float:
    """Recency halves every HALF_LIFE_HOURS; replies and reactions add with diminishing returns;
    followed members and topics count more; welcomes and open questions get a nudge."""
    age_hours = max(0.0, (now - c.created_at).total_seconds() / 3600)
    decay = 0.5 ** (age_hours / HALF_LIFE_HOURS)
    engagement = 1 + 0.6 * math.log1p(c.comment_count) + 0.4 * math.log1p(c.reaction_count)
    relevance = 1 + (1.0 if c.by_followed else 0) + (0.5 if c.in_followed_topic else 0)
    nudge = _NUDGE.get(c.badge, 1.0)
    return decay * engagement * relevance * nudge


def _rerank(candidates: list[_Candidate], count: int) -> list[_Candidate]:
    """Order by score, but at most AUTHOR_CAP places per author in each run of 10, and the
    SPOTLIGHT_SLOTS given to a welcome or an unanswered question when one is waiting. Posts that
    miss out are only pushed down, never dropped."""
    remaining = sorted(candidates, key=lambda c: (-c.score, -c.id))
    chosen: list[_Candidate] = []
    while remaining and len(chosen) < count:
        position = len(chosen)
        run = Counter(c.author_id for c in chosen[position - position % BLOCK :])
        want = SPOTLIGHT_SLOTS.get(position % BLOCK)
        pick = None
        if want:
            pick = next(
                (c for c in remaining if c.badge == want and run[c.author_id] < AUTHOR_CAP), None
            )
        if pick is None:
            pick = next((c for c in remaining if run[c.author_id] < AUTHOR_CAP), remaining[0])
        remaining.remove(pick)
        chosen.append(pick)
    return chosen


def _clean_page(page, per_page) -> tuple[int, int]:
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError):
        raise ValidationError({"page": "The page must be a whole number."}) from None
    if page < 1:
        raise ValidationError({"page": "Pages start at 1."})
    return page, max(1, min(per_page, MAX_PER_PAGE))


def feed(
    viewer, *, order: str = "variety", topic: str | None = None, page=1, per_page=20
) -> FeedPage:
    """The feed, newest first (`latest`) or re-ranked for a variety of voices (`variety`).

    Variety considers recent posts (the last VARIETY_DAYS days: the newest, those by followed
    members or in followed topics, and the newest welcomes and unanswered questions), scores them
    by recency, engagement and relevance, then re-ranks so no author holds more than 2 of any 10
    places and welcomes and unanswered questions get seen. Unknown order: ValidationError;
    unknown topic: 404.
    """
    if order not in FEED_ORDERS:
        raise ValidationError(
            {"order": f"Unknown order {order!r}; choose one of {', '.join(FEED_ORDERS)}."}
        )
    page, per_page = _clean_page(page, per_page)
    topic_obj = None
    if topic:
        topic_obj = Topic.objects.filter(slug=str(topic).strip().lower()).first()
        if topic_obj is None:
            raise Http404(f"There is no topic “{topic}”.")
    posts = visible_posts(viewer)
    if topic_obj is not None:
        posts = posts.filter(topics=topic_obj)
    start, end = (page - 1) * per_page, page * per_page
    shown = posts.select_related("author__profile").prefetch_related("topics")

    if order == "latest":
        found = list(shown.order_by("-created_at", "-id")[start : end + 1])
        items = [FeedItem(post=p, badge=badge_for(p)) for p in found[:per_page]]
        return FeedPage(items, page, len(found) > per_page, order, topic_obj)

    now = timezone.now()
    ranked = _rerank(_variety_candidates(viewer, posts, now), end + 1)
    page_ids = [c.id for c in ranked[start:end]]
    # The candidates are visible posts already: fetch the page's by primary key alone.
    by_id = (
        Post.objects.select_related("author__profile").prefetch_related("topics").in_bulk(page_ids)
        if page_ids
        else {}
    )
    items = [FeedItem(post=by_id[c.id], badge=c.badge) for c in ranked[start:end] if c.id in by_id]
    return FeedPage(items, page, len(ranked) > end, order, topic_obj)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _viewer_follows(viewer) -> tuple[set[int], set[int]]:
    """The members and the topics `viewer` follows (empty for guests), in one small query."""
    following: set[int] = set()
    followed_topics: set[int] = set()
    if not _member(viewer):
        return following, followed_topics
    sql = (
        f"SELECT 0, {_column(Follow, 'followee')} FROM {_table(Follow)} "
        f"WHERE {_column(Follow, 'follower')} = %s "
        f"UNION ALL SELECT 1, {_column(TopicFollow, 'topic')} FROM {_table(TopicFollow)} "
        f"WHERE {_column(TopicFollow, 'user')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [viewer.pk, viewer.pk])
        for is_topic, pk in cursor.fetchall():
            (followed_topics if is_topic else following).add(pk)
    return following, followed_topics


def _in_topics(post_ids, topic_ids) -> set[int]:
    """Which of `post_ids` are in one of `topic_ids`."""
    if not post_ids or not topic_ids:
        return set()
    through = Post.topics.through
    post, topic = _column(through, "post"), _column(through, "topic")
    sql = (
        f"SELECT {post} FROM {_table(through)} WHERE {topic} IN ({_placeholders(topic_ids)}) "
        f"AND {post} IN ({_placeholders(post_ids)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*topic_ids, *post_ids])
        return {row[0] for row in cursor.fetchall()}


def _variety_candidates(viewer, posts: QuerySet[Post], now: datetime) -> list[_Candidate]:
    # Plain index walks, newest first, each stopping at its limit, all in one statement: the
    # visible posts of the window (`posts`, compiled once) with each walk's own condition. Who
    # and what the viewer follows is read once and matched in Python: as correlated subqueries,
    # PostgreSQL would hash every post of the followed topics on each request.
    following, followed_topics = _viewer_follows(viewer)
    window = (
        posts.filter(created_at__gte=now - timedelta(days=VARIETY_DAYS))
        .order_by()
        .values_list(*_CANDIDATE_FIELDS)
    )
    compiler = window.query.get_compiler(window.db)
    try:
        window_sql, window_params = compiler.as_sql()
    except EmptyResultSet:
        return []
    through = Post.topics.through
    # Asked apart: first posts are rare (a partial index finds them), unanswered questions common.
    walks: list[tuple[str, list, int]] = [
        ("", [], RECENT_CANDIDATES),
        ("WHERE v.is_first_post", [], SPOTLIGHT_CANDIDATES),
        (
            "WHERE v.kind = %s AND v.comment_count = 0",
            [_QUESTION],
            SPOTLIGHT_CANDIDATES,
        ),
    ]
    if following:
        authors = sorted(following)
        walks.append(
            (f"WHERE v.author_id IN ({_placeholders(authors)})", authors, FOLLOWED_CANDIDATES)
        )
    if followed_topics:
        topics = sorted(followed_topics)
        walks.append(
            (
                f"WHERE EXISTS (SELECT 1 FROM {_table(through)} pt "
                f"WHERE pt.{_column(through, 'post')} = v.id "
                f"AND pt.{_column(through, 'topic')} IN ({_placeholders(topics)}))",
                topics,
                FOLLOWED_CANDIDATES,
            )
        )
    sql = " UNION ALL ".join(
        f"SELECT * FROM (SELECT * FROM ({window_sql}) v {condition} "
        f"ORDER BY v.created_at DESC, v.id DESC LIMIT {int(limit)}) w{n}"
        for n, (condition, _, limit) in enumerate(walks)
    )
    params = [param for _, extra, _ in walks for param in (*window_params, *extra)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = list(compiler.results_iter([fetched], tuple_expected=True))  # datetimes, booleans
    in_followed_topic = _in_topics(sorted({row[0] for row in rows}), sorted(followed_topics))
    candidates = {}
    for row in rows:
        if row[0] in candidates:
            continue
        c = _Candidate(*row)
        c.by_followed = c.author_id in following
        c.in_followed_topic = c.id in in_followed_topic
        c.badge = badge_for(c)
        c.score = _score(c, now)
        candidates[c.id] = c
    return list(candidates.values())


# --- trending topics --------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendingTopic:
    topic: Topic
    score: float
    members: int  # distinct members who took part in the window


def trending_topics(
    *, now: datetime | None = None, days: int = 7, limit: int = 10
) -> list[TrendingTopic]:
    """Topics ranked by time-decayed engagement from distinct members over the last `days`.

    Each member counts once per topic, with their single weightiest recent act there (a post
    weighs 3, a comment 2, a reaction 1, halving every TRENDING_HALF_LIFE_DAYS of age): one
    member posting twenty times counts no more than posting once. Only published content by
    active members counts. Cached for TRENDING_CACHE_SECONDS unless `now` is given.
    """
    if now is not None:
        return _trending(now, days, limit)
    result = cache.get(_trending_key(days))
    if result is None:
        result = refresh_trending_topics(days=days)
    if limit > TRENDING_CACHED:
        return _trending(timezone.now(), days, limit)
    return result[:limit]


TRENDING_CACHED = 30


def _trending_key(days: int) -> str:
    return f"community:trending:v2:{days}"


def refresh_trending_topics(*, days: int = 7) -> list[TrendingTopic]:
    """Recompute trending topics into the cache, so no page pays for it (run by tick and beat)."""
    result = _trending(timezone.now(), days, TRENDING_CACHED)
    cache.set(_trending_key(days), result, TRENDING_CACHE_SECONDS)
    return result


# Every act in the window as (topic, member, weight, time); each (topic, member) pair keeps its
# weightiest decayed act; a topic's score sums its members'. All in the database, which returns
# one row per topic.
_TRENDING_SQL = """
    WITH acts AS (
        SELECT pt.topic_id, p.author_id AS member_id, %(post)s AS weight, p.created_at AS at
        FROM community_post p
        JOIN community_post_topics pt ON pt.post_id = p.id
        WHERE p.status = 'published' AND p.created_at >= %(since)s AND p.created_at <= %(now)s
        UNION ALL
        SELECT pt.topic_id, c.author_id, %(comment)s, c.created_at
        FROM community_comment c
        JOIN community_post p ON p.id = c.post_id
        JOIN community_post_topics pt ON pt.post_id = p.id
        WHERE c.status = 'published' AND p.status = 'published'
          AND c.created_at >= %(since)s AND c.created_at <= %(now)s
        UNION ALL
        SELECT pt.topic_id, r.user_id, %(reaction)s, r.created_at
        FROM community_reaction r
        JOIN community_post p ON p.id = r.post_id
        JOIN community_post_topics pt ON pt.post_id = p.id
        WHERE p.status = 'published' AND r.created_at >= %(since)s AND r.created_at <= %(now)s
    ),
    best AS (
        SELECT topic_id, member_id, MAX(weight * EXP(%(per_day)s * {age_days})) AS value
        FROM acts
        WHERE member_id NOT IN (SELECT id FROM members_user WHERE NOT is_active)
        GROUP BY topic_id, member_id
    )
    SELECT topic_id, SUM(value) AS score, COUNT(*) AS members
    FROM best
    GROUP BY topic_id
    ORDER BY score DESC, members DESC
    LIMIT %(limit)s
"""
_AGE_DAYS = {
    "sqlite": "(julianday(%(now)s) - julianday(at))",
    "postgresql": "(EXTRACT(EPOCH FROM (%(now)s - at)) / 86400.0)",
}


def _trending(now: datetime, days: int, limit: int) -> list[TrendingTopic]:
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "now": adapt(now),
        "since": adapt(now - timedelta(days=days)),
        "per_day": math.log(0.5) / TRENDING_HALF_LIFE_DAYS,
        "limit": int(limit),
        **{kind: float(weight) for kind, weight in TRENDING_WEIGHTS.items()},
    }
    sql = _TRENDING_SQL.format(age_days=_AGE_DAYS[connection.vendor])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    topics = Topic.objects.in_bulk([row[0] for row in rows]) if rows else {}
    ranked = [
        TrendingTopic(topics[topic_id], round(float(score), 4), int(members))
        for topic_id, score, members in rows
        if topic_id in topics
    ]
    ranked.sort(key=lambda tt: (-tt.score, -tt.members, tt.topic.name))
    return ranked


# --- a post's page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostDetail:
    post: Post
    comments: list[Comment]  # top-level, oldest first, each with `.reply_list`
    my_reactions: set[tuple[int | None, str]]  # (comment id or None for the post, kind)
    comment_total: int  # comments and replies shown


# What the thread shows of each reply (commons/community/thread.py and the API's CommentOut):
# loading only these keeps hundreds of replies with their authors cheap to build.
_THREAD_FIELDS = (
    "id",
    "post_id",
    "parent_id",
    "body_html",
    "created_at",
    "edited_at",
    "reaction_count",
    "author__id",
    "author__is_active",
    "author__profile__user_id",
    "author__profile__handle",
    "author__profile__display_name",
)


def post_detail(viewer, post_id) -> PostDetail:
    """A post's page: the post (via `access_post`), its published comments with one level of
    replies, oldest first, and the viewer's own reactions. Comments by members the viewer blocked
    are left out, and so are replies under a comment that is not shown. Four queries, whatever
    the number of comments."""
    post = access_post(viewer, post_id)
    comments = (
        Comment.objects.filter(post_id=post.pk, status=ContentStatus.PUBLISHED)
        .exclude(_by_removed())
        .select_related("author__profile")
        .only(*_THREAD_FIELDS)
    )
    if _member(viewer):
        comments = comments.exclude(author_id__in=_blocked_by(viewer))
    top, replies = [], []
    for comment in comments.order_by("created_at", "id"):
        (replies if comment.parent_id else top).append(comment)
    by_id = {}
    for comment in top:
        comment.reply_list = []
        by_id[comment.pk] = comment
    shown = len(top)
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.reply_list.append(reply)
            shown += 1
    mine = set()
    if _member(viewer):
        mine = set(
            Reaction.objects.filter(post_id=post.pk, user_id=viewer.pk).values_list(
                "comment_id", "kind"
            )
        )
    return PostDetail(post=post, comments=top, my_reactions=mine, comment_total=shown)


# --- lists of one's own ---------------------------------------------------------------------------


def topics_for(viewer) -> QuerySet[Topic]:
    """Every topic by name, each with `following`: whether `viewer` follows it (False for guests)."""
    if not _member(viewer):
        return Topic.objects.annotate(following=Value(False)).order_by("name")
    mine = TopicFollow.objects.filter(user=viewer, topic=OuterRef("pk"))
    return Topic.objects.annotate(following=Exists(mine)).order_by("name")


def tags_of(viewer, status: str = MentionStatus.PENDING) -> QuerySet[Mention]:
    """Mentions of `viewer` in `status` (pending tag requests, or linked tags), newest first.

    Only in content still published: a tag in a deleted or hidden post or reply is not listed.
    """
    if not _member(viewer):
        return Mention.objects.none()
    return (
        Mention.objects.filter(
            mentioned=viewer, status=status, post__status=ContentStatus.PUBLISHED
        )
        .filter(Q(comment__isnull=True) | Q(comment__status=ContentStatus.PUBLISHED))
        .select_related("post", "author__profile")
        .order_by("-created_at", "-id")
    )


def visible_invitations(viewer, *, everyone: bool = False) -> QuerySet[Invitation]:
    """`viewer`'s own invitations, newest first; with `everyone`, all of them (who invited whom),
    for those allowed to see it (PermissionDenied otherwise)."""
    from commons.core.permissions import Permission, check_permission

    invitations = Invitation.objects.select_related(
        "inviter__profile", "accepted_by__profile"
    ).order_by("-created_at", "-id")
    if everyone:
        check_permission(viewer, Permission.SEE_WHO_INVITED)
        return invitations
    if not _member(viewer):
        return Invitation.objects.none()
    return invitations.filter(inviter=viewer)
