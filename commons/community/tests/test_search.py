import pytest

from commons.community import actions
from commons.community.models import Comment, Post, SearchEntry
from commons.community.search import search
from commons.members.actions import block_member
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory


def _post(author, title, body, kind="insight"):
    return actions.create_post(author=author, kind=kind, title=title, body=body)


def test_search_finds_posts_and_comments_with_their_post(member, sam):
    post = _post(sam, "Discovery calls", "How do you open a discovery call?", kind="question")
    comment = actions.create_comment(post, author=member, body="I open with a renewal story.")
    hits = search(member, "renewal")
    assert [(h.kind, h.post.pk, h.comment_id) for h in hits] == [("comment", post.pk, comment.pk)]
    assert hits[0].title == "Discovery calls"
    assert hits[0].post.author.profile.display_name == "Sam Okafor"


def test_search_requires_every_word(member, sam):
    _post(sam, "Pricing", "Anchoring the price early")
    _post(sam, "Pricing again", "Discounts at quarter end")
    assert [h.post.title for h in search(member, "pricing discounts")] == ["Pricing again"]


def test_search_matches_word_forms(member, sam):
    _post(sam, "Onboarding", "We were negotiating renewals all week.")
    assert len(search(member, "negotiate renewal")) == 1


def test_search_ranks_title_and_repeated_matches_first(member, sam):
    weak = _post(
        sam, "A long week", "Some notes, one of them about churn, many about other things."
    )
    strong = _post(sam, "Churn", "Churn, churn and churn again: what we learned about churn.")
    assert [h.post for h in search(member, "churn")] == [strong, weak]
    hits = search(member, "churn")
    assert hits[0].rank > hits[1].rank


def test_search_snippet_highlights_and_escapes(member, sam):
    _post(
        sam, "Markup", "Beware <script>alert(1)</script> if price < cost: objections & rebuttals."
    )
    (hit,) = search(member, "objections")
    assert "<mark>objections</mark>" in hit.snippet
    assert "<script>" not in hit.snippet  # escaped (SQLite) or dropped as a tag (PostgreSQL)
    assert "price &lt; cost" in hit.snippet
    assert "&amp; rebuttals" in hit.snippet


def test_search_snippet_cannot_be_forged_by_marker_characters(member, sam):
    _post(sam, "Forgery", "objections \ue000<b>bold</b>\ue001")
    (hit,) = search(member, "objections")
    assert hit.snippet.count("<mark>") == 1
    assert "<b>" not in hit.snippet


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"unbalanced',
        "*",
        "churn*",
        "-churn",
        "churn AND",
        "AND OR NOT",
        "(churn",
        "churn)",
        "NEAR(churn",
        "title:churn",
        "^churn",
        "'; DROP TABLE community_post; --",
        "churn & | ! <->",
        "c'hurn",
        "\\",
        "😀 churn",
    ],
)
def test_search_survives_hostile_input(member, sam, q):
    _post(sam, "Churn", "Churn is the topic.")
    hits = search(member, q)
    assert isinstance(hits, list)
    assert Post.objects.count() == 1


def test_search_hostile_input_still_finds_the_words(member, sam):
    _post(sam, "Churn", "Churn is the topic.")
    assert len(search(member, '"churn" AND (NOT')) == 1


@pytest.mark.parametrize("q", ["", "   ", "!!!", None])
def test_search_with_no_words_returns_nothing(member, sam, q):
    _post(sam, "Churn", "Churn is the topic.")
    assert search(member, q) == []


def test_search_does_not_find_deleted_posts_or_their_comments(member, sam):
    post = _post(sam, "Churn", "Churn is the topic.")
    actions.create_comment(post, author=member, body="More about churn.")
    actions.delete_post(post, actor=sam)
    assert search(member, "churn") == []


def test_search_does_not_find_deleted_comments(member, sam):
    post = _post(sam, "Pricing", "Anchoring early.")
    comment = actions.create_comment(post, author=member, body="Churn matters too.")
    actions.delete_comment(comment, actor=member)
    assert search(member, "churn") == []


def test_search_finds_the_edited_text_only(member, sam):
    post = _post(sam, "Pricing", "Anchoring early.")
    actions.edit_post(post, actor=sam, body="Discounts late.")
    assert search(member, "anchoring") == []
    assert len(search(member, "discounts")) == 1


def test_search_leaves_out_hidden_content_even_if_still_indexed(member, sam):
    post = _post(sam, "Churn", "Churn is the topic.")
    Post.objects.filter(pk=post.pk).update(status="hidden")
    assert SearchEntry.objects.filter(post=post).exists()
    assert search(member, "churn") == []


def test_search_leaves_out_inactive_members(member, sam):
    _post(sam, "Churn", "Churn is the topic.")
    sam.is_active = False
    sam.save(update_fields=["is_active"])
    assert search(member, "churn") == []


def test_search_leaves_out_members_the_viewer_blocked(member, sam):
    post = _post(member, "Renewals", "A question about renewals.")
    _post(sam, "Churn", "Churn is the topic.")
    actions.create_comment(post, author=sam, body="Churn again.")
    block_member(sam, actor=member)
    assert search(member, "churn") == []
    other = UserFactory()
    assert len(search(other, "churn")) == 2


def test_search_pages_with_limit_and_offset(member, sam):
    for n in range(5):
        _post(sam, f"Churn {n}", "Churn is the topic.")
    first, rest = search(member, "churn", limit=2), search(member, "churn", limit=10, offset=2)
    assert len(first) == 2 and len(rest) == 3
    assert not {h.post.pk for h in first} & {h.post.pk for h in rest}


def test_search_runs_constant_queries(member, sam):
    def make(n):
        posts = Post.objects.bulk_create(
            Post(author=sam, kind="insight", title=f"Churn {i}", body="Churn notes")
            for i in range(n)
        )
        for post in posts:
            SearchEntry.objects.create(
                post=post, title=post.title, body=post.body, created_at=post.created_at
            )

    assert_constant_queries(make, lambda: search(member, "churn"))
    assert len(search(member, "churn")) == 20


def test_search_comment_hits_run_constant_queries(member, sam):
    post = _post(sam, "Pricing", "Anchoring early.")

    def make(n):
        for i in range(n):
            comment = Comment.objects.create(post=post, author=member, body=f"Churn reply {i}")
            SearchEntry.objects.create(
                post=post, comment=comment, body=comment.body, created_at=comment.created_at
            )

    assert_constant_queries(make, lambda: search(member, "churn"))


@pytest.mark.parametrize("span", [1, 2, 1000])  # PostgreSQL: the newest entries, older, or both
def test_search_ranks_among_the_newest_matches_only(member, sam, monkeypatch, span):
    from commons.community import search as search_module

    monkeypatch.setattr(search_module, "RECENT_SPAN", span)
    old = _post(sam, "Churn churn churn", "Churn, churn and churn.")
    newer = [_post(sam, f"Note {n}", "A word on churn.") for n in range(3)]
    monkeypatch.setattr(search_module, "SEARCH_WINDOW", 3)
    assert {h.post.pk for h in search(member, "churn")} == {p.pk for p in newer}
    monkeypatch.setattr(search_module, "SEARCH_WINDOW", 10)
    assert search(member, "churn")[0].post == old
