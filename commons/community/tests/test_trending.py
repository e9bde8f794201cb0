from datetime import timedelta

import pytest
from django.utils import timezone

from commons.community import actions
from commons.community.models import Post, Topic
from commons.community.queries import trending_topics
from commons.testing.factories import UserFactory

# Ordinary text the screener lets through, so these tests are about the feed only.
BODY = "Notes from our weekly pipeline review: what moved, what stalled, and what we learned about timing."


@pytest.fixture
def pricing(db):
    return Topic.objects.create(slug="pricing", name="Pricing")


def _post(author, topic, days_ago=0, title="A post"):
    post = actions.create_post(
        author=author, kind="insight", title=title, body=BODY, topics=[topic.slug]
    )
    if days_ago:
        Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return post


def _ranking(**kwargs):
    return [(t.topic.slug, t.members) for t in trending_topics(now=timezone.now(), **kwargs)]


def test_one_member_posting_twenty_times_counts_once(sam, topic, pricing):
    for n in range(20):
        _post(sam, topic, title=f"Sam {n}")
    for person in UserFactory.create_batch(2):
        _post(person, pricing)
    assert _ranking() == [("pricing", 2), ("discovery", 1)]


def test_a_members_single_post_scores_like_twenty(sam, topic, pricing):
    _post(sam, topic)
    once = trending_topics(now=timezone.now())[0].score
    for n in range(19):
        _post(sam, topic, title=f"Again {n}")
    assert trending_topics(now=timezone.now())[0].score == pytest.approx(once, rel=1e-3)


def test_recent_engagement_outranks_older(sam, member, topic, pricing):
    _post(sam, topic, days_ago=5)
    _post(member, topic, days_ago=5)
    _post(sam, pricing)
    _post(member, pricing)
    assert _ranking() == [("pricing", 2), ("discovery", 2)]


def test_activity_outside_the_window_does_not_count(sam, topic):
    _post(sam, topic, days_ago=8)
    assert _ranking(days=7) == []
    assert _ranking(days=10) == [("discovery", 1)]


def test_comments_and_reactions_count_their_distinct_members(sam, member, topic, pricing):
    _post(sam, topic, days_ago=10)
    quiet = _post(sam, pricing, days_ago=10)
    chatty = Post.objects.get(topics=topic)
    for person in [member, *UserFactory.create_batch(2)]:
        actions.react(chatty, actor=person, kind="helpful")
    for n in range(5):
        actions.create_comment(
            quiet, author=member, body=f"This matches what we saw in renewals (note {n})."
        )
    assert _ranking() == [("discovery", 3), ("pricing", 1)]


def test_deleted_posts_do_not_count(sam, topic):
    post = _post(sam, topic)
    actions.delete_post(post, actor=sam)
    assert _ranking() == []


def test_limit_caps_the_list(sam, topic, pricing):
    _post(sam, topic)
    _post(sam, pricing)
    assert len(trending_topics(now=timezone.now(), limit=1)) == 1


def test_trending_is_cached_briefly(sam, topic, pricing):
    _post(sam, topic)
    assert [t.topic.slug for t in trending_topics()] == ["discovery"]
    _post(sam, pricing)
    assert [t.topic.slug for t in trending_topics()] == ["discovery"]
    assert len(trending_topics(now=timezone.now())) == 2
