from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from commons.community import actions
from commons.community.models import Post
from commons.community.queries import feed
from commons.members.actions import block_member, follow_member
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

# Ordinary text the screener lets through, so these tests are about the feed only.
BODY = "Notes from our weekly pipeline review: what moved, what stalled, and what we learned about timing."


def _post(author, title="A post", kind="insight", topics=(), hours_ago=None):
    post = actions.create_post(author=author, kind=kind, title=title, body=BODY, topics=topics)
    if hours_ago is not None:
        when = timezone.now() - timedelta(hours=hours_ago)
        Post.objects.filter(pk=post.pk).update(created_at=when, last_activity_at=when)
        post.refresh_from_db()
    return post


def _ids(page):
    return [item.post.pk for item in page.items]


def test_latest_feed_is_newest_first(member, sam):
    old = _post(sam, "Old", hours_ago=5)
    new = _post(sam, "New", hours_ago=1)
    assert _ids(feed(member, order="latest")) == [new.pk, old.pk]


def test_latest_feed_pages_without_overlap(member, sam):
    posts = [_post(sam, f"P{n}", hours_ago=n) for n in range(5)]
    first = feed(member, order="latest", per_page=2)
    third = feed(member, order="latest", page=3, per_page=2)
    assert _ids(first) == [posts[0].pk, posts[1].pk] and first.has_next
    assert _ids(third) == [posts[4].pk] and not third.has_next


def test_variety_feed_gives_one_author_at_most_two_of_the_first_ten(member, sam):
    for n in range(12):
        _post(sam, f"Sam {n}", hours_ago=n * 0.1)
    others = [_post(UserFactory(), f"Other {n}", hours_ago=20 + n) for n in range(8)]
    page = feed(member, per_page=20)
    first_ten = [item.post.author_id for item in page.items[:10]]
    assert first_ten.count(sam.pk) == 2
    assert {p.pk for p in others} <= set(_ids(page)[:10])


def test_variety_feed_pushes_a_prolific_author_down_without_dropping_posts(member, sam):
    posts = [_post(sam, f"Sam {n}", hours_ago=n) for n in range(12)]
    page = feed(member, per_page=50)
    assert sorted(_ids(page)) == sorted(p.pk for p in posts)


def test_variety_feed_welcomes_a_new_members_first_post(member, sam):
    for n in range(12):
        _post(UserFactory(), f"Busy {n}", hours_ago=1)
        _post(sam if n % 2 else member, f"More {n}", hours_ago=1)
    Post.objects.update(is_first_post=False)
    newcomer = UserFactory(display_name="Nia New")
    first = _post(newcomer, "Hello all", hours_ago=30)
    second = _post(newcomer, "Second", hours_ago=29)
    items = {item.post.pk: item for item in feed(member, per_page=50).items}
    assert items[first.pk].badge == "welcome"
    assert items[second.pk].badge is None
    assert first.pk in _ids(feed(member, per_page=10))


def test_variety_feed_surfaces_unanswered_questions(member, sam):
    _post(sam, "Warm-up", hours_ago=24 * 30)
    question = _post(sam, "How do you price?", kind="question", hours_ago=48)
    for n in range(15):
        busy = _post(UserFactory(), f"Busy {n}", hours_ago=1)
        actions.create_comment(busy, author=member, body="Following this one, curious too.")
    Post.objects.update(is_first_post=False)
    page = feed(member, per_page=10)
    assert question.pk in _ids(page)
    assert {i.post.pk: i.badge for i in page.items}[question.pk] == "unanswered"


def test_answered_question_loses_the_unanswered_badge(member, sam):
    _post(sam, "Warm-up", hours_ago=2)  # Sam's first post takes the welcome
    question = _post(sam, "How do you price?", kind="question")
    assert {i.post.pk: i.badge for i in feed(member).items}[question.pk] == "unanswered"
    actions.create_comment(question, author=member, body="Value first.")
    assert {i.post.pk: i.badge for i in feed(member).items}[question.pk] is None


def test_variety_feed_ranks_followed_authors_higher(member, sam):
    followed = _post(sam, "Followed", hours_ago=6)
    stranger = UserFactory()
    _post(stranger, "Warm-up", hours_ago=10)
    newer = _post(stranger, "Newer", hours_ago=5)
    Post.objects.filter(pk=followed.pk).update(is_first_post=False)
    assert _ids(feed(member)).index(newer.pk) < _ids(feed(member)).index(followed.pk)
    follow_member(sam, actor=member)
    assert _ids(feed(member)).index(followed.pk) < _ids(feed(member)).index(newer.pk)


def test_variety_feed_ranks_engaged_posts_higher(member, sam):
    quiet = _post(sam, "Quiet", hours_ago=1)
    busy = _post(UserFactory(), "Busy", hours_ago=3)
    Post.objects.filter(pk__in=[quiet.pk, busy.pk]).update(is_first_post=False)
    for person in [member, *UserFactory.create_batch(3)]:
        actions.react(busy, actor=person, kind="helpful")
    actions.create_comment(busy, author=member, body="Great")
    assert _ids(feed(member))[:2] == [busy.pk, quiet.pk]


def test_variety_feed_keeps_to_recent_posts(member, sam):
    _post(sam, "Warm-up", hours_ago=1)
    old = _post(sam, "Old", hours_ago=24 * 20)
    assert old.pk not in _ids(feed(member))
    assert old.pk in _ids(feed(member, order="latest"))


@pytest.mark.parametrize("order", ["variety", "latest"])
def test_feed_filters_by_topic(member, sam, topic, order):
    inside = _post(sam, "Inside", topics=["discovery"])
    _post(sam, "Outside")
    page = feed(member, order=order, topic="discovery")
    assert _ids(page) == [inside.pk]
    assert page.topic == topic


def test_feed_unknown_topic_is_404(member):
    with pytest.raises(Http404, match="no topic"):
        feed(member, topic="nope")


@pytest.mark.parametrize("bad", [{"order": "popular"}, {"page": 0}, {"page": "x"}])
def test_feed_refuses_bad_parameters(member, bad):
    with pytest.raises(ValidationError):
        feed(member, **bad)


@pytest.mark.parametrize("order", ["variety", "latest"])
def test_feed_hides_members_the_viewer_blocked(member, sam, order):
    _post(sam, "Hidden")
    shown = _post(UserFactory(), "Shown")
    block_member(sam, actor=member)
    assert _ids(feed(member, order=order)) == [shown.pk]
    assert len(feed(UserFactory(), order=order).items) == 2


@pytest.mark.parametrize("order", ["variety", "latest"])
def test_feed_leaves_out_deleted_posts(member, sam, order):
    post = _post(sam, "Gone")
    actions.delete_post(post, actor=sam)
    assert feed(member, order=order).items == []


def test_feed_works_for_guests(sam):
    from django.contrib.auth.models import AnonymousUser

    post = _post(sam, "Public")
    assert _ids(feed(AnonymousUser())) == [post.pk]


@pytest.mark.parametrize("order", ["variety", "latest"])
def test_feed_runs_constant_queries(member, sam, topic, order):
    follow_member(sam, actor=member)
    actions.follow_topic(topic, actor=member)
    authors = UserFactory.create_batch(5)

    def make(n):
        for i in range(n):
            post = Post.objects.create(
                author=authors[i % 5],
                kind="question",
                title=f"Q{i}",
                body="?",
                is_first_post=i == 0,
            )
            post.topics.add(topic)

    assert_constant_queries(make, lambda: feed(member, order=order, per_page=20))
    assert len(feed(member, order=order).items) == 20
