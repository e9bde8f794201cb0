import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from commons.community import actions
from commons.community.models import Comment, ContentStatus, Post
from commons.community.queries import access_post, post_detail, visible_comments, visible_posts
from commons.members.actions import block_member
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory


@pytest.fixture
def post(sam):
    return actions.create_post(author=sam, kind="question", title="Pricing?", body="How?")


def test_post_detail_nests_replies_under_their_comments(member, sam, post):
    first = actions.create_comment(post, author=member, body="First")
    second = actions.create_comment(post, author=sam, body="Second")
    reply = actions.create_comment(post, author=sam, body="Thanks, that helped.", parent=first)
    detail = post_detail(member, post.pk)
    assert detail.post == post
    assert [c.pk for c in detail.comments] == [first.pk, second.pk]
    assert [r.pk for r in detail.comments[0].reply_list] == [reply.pk]
    assert detail.comments[1].reply_list == []
    assert detail.comment_total == 3


def test_post_detail_leaves_out_deleted_comments_and_their_replies(member, sam, post):
    gone = actions.create_comment(post, author=member, body="Gone")
    actions.create_comment(post, author=sam, body="Orphan", parent=gone)
    kept = actions.create_comment(post, author=sam, body="Kept")
    actions.delete_comment(gone, actor=member)
    assert [c.pk for c in post_detail(member, post.pk).comments] == [kept.pk]


def test_post_detail_hides_comments_of_blocked_members(member, sam, post):
    troll = UserFactory()
    actions.create_comment(post, author=troll, body="Rude")
    kind = actions.create_comment(post, author=sam, body="Kind")
    block_member(troll, actor=member)
    assert [c.pk for c in post_detail(member, post.pk).comments] == [kind.pk]
    assert len(post_detail(sam, post.pk).comments) == 2


def test_post_detail_lists_the_viewers_own_reactions(member, sam, post):
    comment = actions.create_comment(post, author=sam, body="Answer")
    actions.react(post, actor=member, kind="helpful")
    actions.react(post, actor=member, comment=comment, kind="thanks")
    actions.react(post, actor=sam, kind="insightful")
    assert post_detail(member, post.pk).my_reactions == {(None, "helpful"), (comment.pk, "thanks")}
    assert post_detail(AnonymousUser(), post.pk).my_reactions == set()


@pytest.mark.parametrize("status", [ContentStatus.DELETED, ContentStatus.HIDDEN])
def test_deleted_and_hidden_posts_are_404_even_for_their_author(sam, post, status):
    Post.objects.filter(pk=post.pk).update(status=status)
    with pytest.raises(Http404):
        access_post(sam, post.pk)


def test_held_post_is_seen_only_by_its_author(member, sam, post):
    Post.objects.filter(pk=post.pk).update(status=ContentStatus.HELD)
    assert access_post(sam, post.pk) == post
    with pytest.raises(Http404):
        access_post(member, post.pk)


@pytest.mark.parametrize("post_id", [0, "abc", None, 10**12])
def test_access_post_is_404_for_unknown_ids(member, post_id):
    with pytest.raises(Http404):
        access_post(member, post_id)


def test_visible_posts_and_comments_leave_out_blocked_and_unpublished(member, sam, post):
    comment = actions.create_comment(post, author=UserFactory(), body="Hi")
    assert list(visible_posts(member)) == [post]
    assert list(visible_comments(member)) == [comment]
    block_member(sam, actor=member)
    assert list(visible_posts(member)) == []
    assert list(visible_comments(member)) == []
    assert list(visible_comments(UserFactory())) == [comment]
    actions.delete_post(post, actor=sam)
    assert list(visible_posts(UserFactory())) == []
    assert list(visible_comments(UserFactory())) == []


def test_post_detail_runs_constant_queries(member, sam, post):
    others = UserFactory.create_batch(4)
    actions.react(post, actor=member, kind="helpful")

    def make(n):
        for i in range(n):
            parent = Comment.objects.create(post=post, author=others[i % 4], body=f"C{i}")
            Comment.objects.create(post=post, author=sam, body=f"R{i}", parent=parent)

    assert_constant_queries(make, lambda: post_detail(member, post.pk), large=25)
    assert post_detail(member, post.pk).comment_total == 50
