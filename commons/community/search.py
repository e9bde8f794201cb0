"""Full-text search over posts and comments: SQLite FTS5 or PostgreSQL full-text search, one interface.

The actions call `index_post`, `index_comment` and `unindex_*` in their transactions; `search()`
reads. Only published content is indexed, and `search()` also checks at read time that the post
(and comment) is still published and written by an active member the viewer has not blocked.

The indexes are made by migrations: on SQLite (0002) an FTS5 table mirrors SearchEntry through
triggers, ranked with bm25 and highlighted with snippet(); on PostgreSQL (0003) a stored, weighted
tsvector column with a GIN index, ranked with ts_rank and highlighted with ts_headline.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from .models import Comment, ContentStatus, Post, SearchEntry

# Private-use characters mark the highlighted words until the snippet is escaped. They are
# removed from indexed text, so a member cannot forge a highlight.
_START, _STOP = "\ue000", "\ue001"
_MARKERS = {ord(_START): None, ord(_STOP): None}
_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}  # typed as operators; every word is required anyway
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "post" or "comment"
    post: Post
    comment_id: int | None
    title: str  # the post's title, plain text
    snippet: SafeString  # escaped text, matched words in <mark>
    rank: float  # higher is better


def _clean(text: str) -> str:
    return (text or "").translate(_MARKERS)


def index_post(post: Post) -> None:
    if post.status != ContentStatus.PUBLISHED:
        unindex_post(post)
        return
    SearchEntry.objects.update_or_create(
        post=post,
        comment=None,
        defaults={
            "title": _clean(post.title),
            "body": _clean(post.body),
            "created_at": post.created_at,
        },
    )


def unindex_post(post: Post) -> None:
    SearchEntry.objects.filter(post=post).delete()


def index_comment(comment: Comment) -> None:
    if comment.status != ContentStatus.PUBLISHED:
        unindex_comment(comment)
        return
    SearchEntry.objects.update_or_create(
        comment=comment,
        defaults={
            "post_id": comment.post_id,
            "title": "",
            "body": _clean(comment.body),
            "created_at": comment.created_at,
        },
    )


def unindex_comment(comment: Comment) -> None:
    SearchEntry.objects.filter(comment=comment).delete()


def terms(q: str) -> list[str]:
    """The words of a member's query; operators, quotes and punctuation are dropped, so no input
    can break the full-text query syntax."""
    words = [w[:MAX_TERM_LENGTH] for w in _WORD.findall(q or "") if w not in _OPERATORS]
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_TERMS]


def _render_snippet(raw: str) -> SafeString:
    escaped = html.escape(raw or "", quote=False)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


# Shared conditions: content still published, by members not removed (a member who deleted their
# account stays, as "Former member") whom the viewer has not blocked.
# `%(viewer)s` is the viewer's id, or 0 for a guest (no blocks).
_VISIBLE = """
    p.status = 'published' AND (au.is_active OR au.deleted_at IS NOT NULL)
    AND (se.comment_id IS NULL
         OR (c.status = 'published' AND (cu.is_active OR cu.deleted_at IS NOT NULL)))
    AND p.author_id NOT IN (SELECT blocked_id FROM members_block WHERE blocker_id = %(viewer)s)
    AND (c.author_id IS NULL
         OR c.author_id NOT IN (SELECT blocked_id FROM members_block WHERE blocker_id = %(viewer)s))
"""
_JOINS = """
    JOIN community_post p ON p.id = se.post_id
    JOIN members_user au ON au.id = p.author_id
    LEFT JOIN community_comment c ON c.id = se.comment_id
    LEFT JOIN members_user cu ON cu.id = c.author_id
"""

# Relevance is ranked among the newest SEARCH_WINDOW visible matches: a word found in most of a
# large community's posts would otherwise make every search rank hundreds of thousands of rows.
# Narrower queries (most of them) rank every match.
SEARCH_WINDOW = 200

_SQLITE = f"""
    WITH candidates AS (
        SELECT community_search_fts.rowid AS id
        FROM community_search_fts
        JOIN community_searchentry se ON se.id = community_search_fts.rowid
        {_JOINS}
        WHERE community_search_fts MATCH %(match)s AND {_VISIBLE}
        ORDER BY community_search_fts.rowid DESC
        LIMIT %(window)s
    ),
    ranked AS (
        SELECT rowid AS id, bm25(community_search_fts, 5.0, 1.0) AS score
        FROM community_search_fts
        WHERE community_search_fts MATCH %(match)s
          AND rowid >= (SELECT min(id) FROM candidates)
          AND +rowid IN (SELECT id FROM candidates)  -- "+": filter, don't seek the index per id
        ORDER BY score, rowid DESC
        LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT se.post_id, se.comment_id, -ranked.score,
           snippet(community_search_fts, 1, '{_START}', '{_STOP}', '…', 24)
    FROM community_search_fts
    JOIN ranked ON ranked.id = community_search_fts.rowid
    JOIN community_searchentry se ON se.id = ranked.id
    WHERE community_search_fts MATCH %(match)s
      AND community_search_fts.rowid >= (SELECT min(id) FROM ranked)
    ORDER BY ranked.score, ranked.id DESC
"""

# Find and rank with the stored vector (migration 0003), then make headlines for the returned
# rows only: ts_headline parses the text again, so it is the costly part.
# Finding the newest matches, with a bounded cost whatever the words: first among the newest
# RECENT_SPAN entries (walking them backwards is cheap, however common the words), and only when
# that finds too few, among older entries through the GIN index (then the words are rare, so
# their matches are few). The outer LIMIT stops PostgreSQL before the second part when the first
# is enough. The query is written out where rows are matched so the planner sees the words.
# Visibility is checked on the window only (content hidden since it was indexed is rare).
# Headlines are made for the returned rows only: ts_headline parses the text again.
RECENT_SPAN = 20_000

_POSTGRES = f"""
    WITH floor AS (SELECT COALESCE(MAX(id), 0) - %(span)s AS id FROM community_searchentry),
    candidates AS (
        SELECT * FROM (
            (SELECT se.id, se.post_id, se.comment_id, se.search_vector
             FROM community_searchentry se
             WHERE se.search_vector @@ plainto_tsquery('english', %(match)s)
               AND se.id > (SELECT id FROM floor)
             ORDER BY se.id DESC
             LIMIT %(window)s)
            UNION ALL
            (SELECT se.id, se.post_id, se.comment_id, se.search_vector
             FROM community_searchentry se
             WHERE se.search_vector @@ plainto_tsquery('english', %(match)s)
               AND se.id + 0 <= (SELECT id FROM floor)  -- "+ 0": the GIN index alone
             ORDER BY se.id + 0 DESC
             LIMIT %(window)s)
        ) AS newest_first
        LIMIT %(window)s
    ),
    visible AS (
        SELECT se.id, se.search_vector
        FROM candidates se
        {_JOINS}
        WHERE {_VISIBLE}
    ),
    hits AS (
        SELECT id, ts_rank(search_vector, plainto_tsquery('english', %(match)s)) AS rank
        FROM visible
        ORDER BY rank DESC, id DESC
        LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT se.post_id, se.comment_id, hits.rank,
           ts_headline('english', se.body, plainto_tsquery('english', %(match)s),
                       'StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12,
                        MaxFragments=2, FragmentDelimiter=" … "')
    FROM hits
    JOIN community_searchentry se ON se.id = hits.id
    ORDER BY hits.rank DESC, hits.id DESC
"""


def _match_expression(words: list[str]) -> str:
    if connection.vendor == "postgresql":
        return " ".join(words)  # plainto_tsquery: all words required, no operators
    # FTS5: each word as a quoted string, all required, so no word acts as an operator.
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(viewer, q: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Published posts and comments matching all the words of `q`, best first, with a
    highlighted snippet each. Nothing by inactive members or by members `viewer` blocked.

    Any input is safe: the words are extracted and quoted; no words means no results. Two
    queries whatever the number of hits. Ranking is among the newest SEARCH_WINDOW matches.
    """
    words = terms(q)
    if not words:
        return []
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if limit == 0:
        return []
    params = {
        "match": _match_expression(words),
        "viewer": viewer.pk if getattr(viewer, "is_authenticated", False) else 0,
        "limit": limit,
        "offset": offset,
        "window": SEARCH_WINDOW,
        "span": RECENT_SPAN,
    }
    sql = _POSTGRES if connection.vendor == "postgresql" else _SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    posts = Post.objects.select_related("author__profile").in_bulk({row[0] for row in rows})
    return [
        SearchHit(
            kind="comment" if comment_id else "post",
            post=posts[post_id],
            comment_id=comment_id,
            title=posts[post_id].title,
            snippet=_render_snippet(snippet),
            rank=float(rank),
        )
        for post_id, comment_id, rank, snippet in rows
        if post_id in posts
    ]
