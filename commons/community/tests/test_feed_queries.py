"""The variety feed's query budget: who and what the viewer follows (one query), every candidate
walk (one statement), which candidates are in followed topics, then the page's posts with their
authors and topics."""

from commons.community import actions
from commons.community.models import Post
from commons.community.queries import feed
from commons.members.actions import follow_member
from commons.testing.assertions import count_queries
from commons.testing.factories import UserFactory


def test_variety_feed_runs_five_queries_for_a_member_who_follows(member, sam, topic):
    follow_member(sam, actor=member)
    actions.follow_topic(topic, actor=member)
    for i, author in enumerate([sam, *UserFactory.create_batch(4)] * 5):
        post = Post.objects.create(author=author, kind="question", title=f"Q{i}", body="?")
        post.topics.add(topic)
    feed(member)  # warm caches
    with count_queries() as queries:
        page = feed(member)
    assert len(page.items) == 20
    assert len(queries) == 5, "\n".join(q["sql"] for q in queries.captured_queries)


def test_variety_feed_runs_three_queries_for_a_guest(sam):
    from django.contrib.auth.models import AnonymousUser

    Post.objects.create(author=sam, kind="insight", title="Hello", body="Hi")
    feed(AnonymousUser())
    with count_queries() as queries:
        page = feed(AnonymousUser())
    assert len(page.items) == 1
    assert len(queries) == 3, "\n".join(q["sql"] for q in queries.captured_queries)
