"""Posts, comments, answers, reactions, the feed, topics and search through the API."""

import pytest

from commons.community import actions
from commons.community.models import (
    Comment,
    ContentStatus,
    Post,
    PostRevision,
    Reaction,
    SearchEntry,
    Topic,
    TopicFollow,
)
from commons.core.models import AuditEntry
from commons.safety.models import Report
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _post(
    author, *, kind="insight", title="Discovery calls", body="Ask about the budget.", topics=()
):
    return actions.create_post(
        author=author, kind=kind, title=title, body=body, topics=list(topics)
    )


def _new_post(api, **overrides):
    data = {"kind": "insight", "title": "On discovery", "body": "Listen first.", "topics": []}
    data.update(overrides)
    return api.post("/posts", data)


def _counts():
    return (
        Post.objects.count(),
        Comment.objects.count(),
        Reaction.objects.count(),
        SearchEntry.objects.count(),
    )


# creating posts


def test_post_create_returns_201_with_id_and_status(api, member, topic):
    response = _new_post(api, topics=["discovery"])

    assert response.status_code == 201
    body = response.json()
    post = Post.objects.get(pk=body["id"])
    assert body["status"] == post.status == "published"
    assert (post.author, [t.slug for t in post.topics.all()]) == (member, ["discovery"])
    assert AuditEntry.objects.filter(verb="community.post.created", actor=member).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"title": ""}, "title"),
        ({"body": "x" * 20_001}, "body"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "advert"}, "kind"),
        ({"topics": ["no-such-topic"]}, "topics"),
    ],
)
def test_post_create_bad_input_is_400_and_writes_nothing(api, member, overrides, field):
    before = (_counts(), AuditEntry.objects.count())

    response = _new_post(api, **overrides)

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}: ")
    assert (_counts(), AuditEntry.objects.count()) == before


def test_post_create_missing_field_is_422_with_string_detail(api, member):
    response = api.post("/posts", {"kind": "insight", "title": "No body"})

    assert response.status_code == 422
    assert "body" in response.json()["detail"]
    assert Post.objects.count() == 0


def test_post_create_removes_script_from_body_html(api, member):
    response = _new_post(
        api, body='Hello <script>alert("x")</script> [a](javascript:alert(1)) **bold**'
    )

    html = api.get(f"/posts/{response.json()['id']}").json()["body_html"]
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<strong>bold</strong>" in html


def test_post_create_links_get_nofollow_ugc(api, member):
    response = _new_post(api, body="A [guide](https://example.org/guide) on discovery calls.")

    html = api.get(f"/posts/{response.json()['id']}").json()["body_html"]
    assert 'rel="nofollow ugc' in html


def test_post_create_tagging_more_than_five_people_is_400_and_writes_nothing(api, member):
    handles = [UserFactory(display_name=f"Person {n}").profile.handle for n in range(6)]
    before = (_counts(), AuditEntry.objects.count())

    response = _new_post(api, body=" ".join(f"@{h}" for h in handles))

    assert response.status_code == 400
    assert "at most 5" in response.json()["detail"]
    assert (_counts(), AuditEntry.objects.count()) == before


def test_post_create_tagging_five_people_is_allowed(api, member):
    handles = [UserFactory(display_name=f"Person {n}").profile.handle for n in range(5)]

    assert _new_post(api, body=" ".join(f"@{h}" for h in handles)).status_code == 201


def test_post_create_without_current_conduct_is_403(api, token_for, code):
    newcomer = UserFactory(accepted=False)

    response = api.post(
        "/posts", {"kind": "insight", "title": "Hi", "body": "Hello"}, token=token_for(newcomer)
    )

    assert response.status_code == 403
    assert "Code of Conduct" in response.json()["detail"]
    assert Post.objects.count() == 0


def test_post_member_without_current_conduct_can_still_read_and_report(api, token_for, sam):
    newcomer = UserFactory(accepted=False)
    post = _post(sam)
    token = token_for(newcomer)

    read = api.get(f"/posts/{post.pk}", token=token)
    report = api.post(
        "/reports",
        {"subject": {"type": "post", "id": post.pk}, "reason": "unsolicited_pitch"},
        token=token,
    )

    assert read.status_code == 200
    assert report.status_code == 201


def test_post_create_needs_authentication(api, code):
    response = api.post("/posts", {"kind": "insight", "title": "Hi", "body": "Hello"}, token="")

    assert response.status_code == 401
    assert Post.objects.count() == 0


# reading posts


def test_post_detail_shows_post_comments_and_replies(api, member, sam, topic):
    post = _post(sam, kind="question", title="Pricing?", topics=["discovery"])
    top = actions.create_comment(post, author=member, body="Value first.")
    reply = actions.create_comment(post, author=sam, body="Thanks!", parent=top)
    actions.accept_answer(post, top, actor=sam)

    body = api.get(f"/posts/{post.pk}").json()

    assert body["author"]["handle"] == sam.profile.handle
    assert (body["kind"], body["topics"], body["edited"]) == ("question", ["discovery"], False)
    assert (body["comment_count"], body["accepted_comment_id"]) == (2, top.pk)
    assert [c["id"] for c in body["comments"]] == [top.pk]
    assert [r["id"] for r in body["comments"][0]["replies"]] == [reply.pk]
    assert "<p>" in body["body_html"]


def test_post_detail_shows_my_reactions(api, member, sam):
    post = _post(sam)
    comment = actions.create_comment(post, author=sam, body="More")
    actions.react(post, actor=member, kind="helpful")
    actions.react(post, actor=member, kind="thanks", comment=comment)

    body = api.get(f"/posts/{post.pk}").json()

    assert body["my_reactions"] == ["helpful"]
    assert body["comments"][0]["my_reactions"] == ["thanks"]


def test_post_detail_unknown_is_404(api, member):
    assert api.get("/posts/999999").json() == {"detail": "Not found."}


def test_post_detail_deleted_post_is_404(api, member, sam):
    post = _post(sam)
    actions.delete_post(post, actor=sam)

    assert api.get(f"/posts/{post.pk}").status_code == 404


def test_post_detail_query_count_is_constant_in_comments(api, member, sam):
    post = _post(sam)

    def make(n):
        for _ in range(n):
            top = actions.create_comment(post, author=UserFactory(), body="A thought")
            actions.create_comment(
                post, author=UserFactory(), body="Thanks, that helped.", parent=top
            )

    assert_constant_queries(make, lambda: api.get(f"/posts/{post.pk}"))


# editing and deleting


def test_post_edit_by_author_marks_edited_and_keeps_history(api, member):
    post_id = _new_post(api, title="First title", body="First body").json()["id"]

    response = api.patch(f"/posts/{post_id}", {"body": "Second body"})

    assert response.status_code == 200
    assert response.json()["edited"] is True
    assert response.json()["body"] == "Second body"
    revisions = api.get(f"/posts/{post_id}/revisions").json()
    assert revisions["count"] == 1
    assert (revisions["items"][0]["title"], revisions["items"][0]["body"]) == (
        "First title",
        "First body",
    )


def test_post_edit_by_someone_else_is_403_and_changes_nothing(api, member, sam):
    post = _post(sam, body="Mine")

    response = api.patch(f"/posts/{post.pk}", {"body": "Yours now"})

    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).body == "Mine"
    assert not PostRevision.objects.exists()


def test_post_edit_to_empty_body_is_400_and_keeps_no_revision(api, member):
    post_id = _new_post(api).json()["id"]

    response = api.patch(f"/posts/{post_id}", {"body": ""})

    assert response.status_code == 400
    assert Post.objects.get(pk=post_id).edited_at is None
    assert not PostRevision.objects.exists()


def test_post_delete_by_author_hides_it(api, member):
    post_id = _new_post(api).json()["id"]

    assert api.delete(f"/posts/{post_id}").status_code == 204
    assert Post.objects.get(pk=post_id).status == ContentStatus.DELETED
    assert api.get(f"/posts/{post_id}").status_code == 404


def test_post_delete_by_someone_else_is_403(api, member, sam):
    post = _post(sam)

    assert api.delete(f"/posts/{post.pk}").status_code == 403
    assert Post.objects.get(pk=post.pk).status == ContentStatus.PUBLISHED


# comments


def test_comment_create_returns_201(api, member, sam):
    post = _post(sam)

    response = api.post(f"/posts/{post.pk}/comments", {"body": "Great point"})

    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.post, comment.author, comment.parent) == (post, member, None)
    assert Post.objects.get(pk=post.pk).comment_count == 1


def test_comment_reply_to_a_comment_keeps_one_level(api, member, sam):
    post = _post(sam)
    top = actions.create_comment(post, author=sam, body="Top")
    reply = actions.create_comment(post, author=sam, body="Thanks, that helped.", parent=top)

    response = api.post(f"/posts/{post.pk}/comments", {"body": "Deeper", "parent_id": reply.pk})

    assert response.status_code == 201
    assert response.json()["parent_id"] == top.pk


def test_comment_parent_on_another_post_is_400(api, member, sam):
    post, elsewhere = _post(sam), _post(sam, title="Elsewhere")
    stranger = actions.create_comment(elsewhere, author=sam, body="Hi")

    response = api.post(f"/posts/{post.pk}/comments", {"body": "x", "parent_id": stranger.pk})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("parent_id: ")
    assert Comment.objects.count() == 1


def test_comment_empty_body_is_400_and_writes_nothing(api, member, sam):
    post = _post(sam)
    before = _counts()

    response = api.post(f"/posts/{post.pk}/comments", {"body": "  "})

    assert response.status_code == 400
    assert _counts() == before


def test_comment_on_a_deleted_post_is_refused_and_writes_nothing(api, member, sam):
    post = _post(sam)
    actions.delete_post(post, actor=sam)
    before = _counts()

    response = api.post(f"/posts/{post.pk}/comments", {"body": "Late reply"})

    assert response.status_code == 404
    assert response.json()["detail"]
    assert _counts() == before


def test_comment_without_current_conduct_is_403(api, token_for, sam):
    post = _post(sam)

    response = api.post(
        f"/posts/{post.pk}/comments", {"body": "Hi"}, token=token_for(UserFactory(accepted=False))
    )

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_delete_by_author(api, member, sam):
    comment = actions.create_comment(_post(sam), author=member, body="Oops")

    assert api.delete(f"/comments/{comment.pk}").status_code == 204
    assert Comment.objects.get(pk=comment.pk).status == ContentStatus.DELETED
    assert api.delete(f"/comments/{comment.pk}").status_code == 404


def test_comment_delete_by_someone_else_is_403(api, member, sam):
    comment = actions.create_comment(_post(sam), author=sam, body="Mine")

    assert api.delete(f"/comments/{comment.pk}").status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == ContentStatus.PUBLISHED


# accepted answers


def test_accept_by_the_questions_author(api, member, sam):
    post = _post(member, kind="question")
    answer = actions.create_comment(post, author=sam, body="Try this")

    response = api.post(f"/posts/{post.pk}/accept", {"comment_id": answer.pk})

    assert response.json() == {"post_id": post.pk, "accepted_comment_id": answer.pk}
    assert Post.objects.get(pk=post.pk).accepted_comment == answer


def test_accept_by_someone_else_is_403(api, member, sam):
    post = _post(sam, kind="question")
    answer = actions.create_comment(post, author=member, body="Mine is best")

    assert api.post(f"/posts/{post.pk}/accept", {"comment_id": answer.pk}).status_code == 403
    assert Post.objects.get(pk=post.pk).accepted_comment is None


def test_accept_on_an_insight_is_403(api, member, sam):
    post = _post(member, kind="insight")
    answer = actions.create_comment(post, author=sam, body="Thanks, that helped.")

    assert api.post(f"/posts/{post.pk}/accept", {"comment_id": answer.pk}).status_code == 403


# reactions


def test_reaction_returns_201_and_counts(api, member, sam):
    post = _post(sam)

    response = api.post(f"/posts/{post.pk}/reactions", {"kind": "insightful"})

    assert response.status_code == 201
    assert response.json() == {"kind": "insightful", "post_id": post.pk, "comment_id": None}
    assert Post.objects.get(pk=post.pk).reaction_count == 1


def test_reaction_twice_is_400_and_counts_once(api, member, sam):
    post = _post(sam)
    api.post(f"/posts/{post.pk}/reactions", {"kind": "helpful"})

    response = api.post(f"/posts/{post.pk}/reactions", {"kind": "helpful"})

    assert response.status_code == 400
    assert "already" in response.json()["detail"]
    assert Reaction.objects.count() == 1
    assert Post.objects.get(pk=post.pk).reaction_count == 1


def test_reaction_unknown_kind_is_400(api, member, sam):
    post = _post(sam)

    response = api.post(f"/posts/{post.pk}/reactions", {"kind": "angry"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("kind: ")
    assert not Reaction.objects.exists()


def test_reaction_on_a_comment(api, member, sam):
    post = _post(sam)
    comment = actions.create_comment(post, author=sam, body="Detail")

    response = api.post(f"/posts/{post.pk}/reactions", {"kind": "thanks", "comment_id": comment.pk})

    assert response.status_code == 201
    assert Comment.objects.get(pk=comment.pk).reaction_count == 1
    assert Post.objects.get(pk=post.pk).reaction_count == 0


def test_reaction_without_current_conduct_is_403(api, token_for, sam):
    post = _post(sam)

    response = api.post(
        f"/posts/{post.pk}/reactions",
        {"kind": "thanks"},
        token=token_for(UserFactory(accepted=False)),
    )

    assert response.status_code == 403
    assert not Reaction.objects.exists()


def test_reaction_delete_takes_it_back(api, member, sam):
    post = _post(sam)
    api.post(f"/posts/{post.pk}/reactions", {"kind": "celebrate"})

    assert api.delete(f"/posts/{post.pk}/reactions/celebrate").status_code == 204
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert api.delete(f"/posts/{post.pk}/reactions/celebrate").status_code == 404


# feed


def test_feed_has_page_shape_and_badges(api, member, sam):
    _post(sam, kind="question", title="Anyone?")

    body = api.get("/feed").json()

    assert set(body) == {"items", "page", "has_next"}
    assert (body["page"], body["has_next"]) == (1, False)
    item = body["items"][0]
    assert item["title"] == "Anyone?"
    assert item["badge"] == "welcome"  # Sam's first post
    assert item["author"]["handle"] == sam.profile.handle


def test_feed_latest_is_newest_first_and_pages_by_twenty(api, member, sam):
    posts = [_post(UserFactory(), title=f"Post {n}") for n in range(21)]

    first = api.get("/feed?order=latest").json()
    second = api.get("/feed?order=latest&page=2").json()

    assert [i["id"] for i in first["items"]] == [p.pk for p in reversed(posts[1:])]
    assert first["has_next"] is True
    assert [i["id"] for i in second["items"]] == [posts[0].pk]


def test_feed_variety_gives_one_author_at_most_two_of_ten(api, member, sam):
    for n in range(8):
        _post(sam, title=f"Sam {n}")
    for n in range(8):
        _post(UserFactory(), title=f"Other {n}")

    items = api.get("/feed").json()["items"][:10]

    assert len(items) == 10
    assert sum(i["author"]["id"] == sam.pk for i in items) == 2


def test_feed_topic_filter(api, member, sam, topic):
    inside = _post(sam, topics=["discovery"])
    _post(sam, title="Elsewhere")

    items = api.get("/feed?order=latest&topic=discovery").json()["items"]

    assert [i["id"] for i in items] == [inside.pk]
    assert items[0]["topics"] == ["discovery"]


def test_feed_unknown_topic_is_400(api, member):
    response = api.get("/feed?topic=astrology")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("topic: ")


def test_feed_unknown_order_is_400(api, member):
    response = api.get("/feed?order=random")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("order: ")


@pytest.mark.parametrize("order", ["variety", "latest"])
def test_feed_query_count_is_constant(api, member, topic, order):
    def make(n):
        for _ in range(n):
            _post(UserFactory(), kind="question", topics=["discovery"])

    assert_constant_queries(make, lambda: api.get(f"/feed?order={order}"))


# topics


def test_topics_list_shows_which_i_follow(api, member, topic):
    Topic.objects.create(slug="renewals", name="Renewals")
    actions.follow_topic(topic, actor=member)

    body = api.get("/topics").json()

    assert body["count"] == 2
    assert {t["slug"]: t["following"] for t in body["items"]} == {
        "discovery": True,
        "renewals": False,
    }


def test_topics_list_query_count_is_constant(api, member):
    def make(n):
        for _ in range(n):
            topic = Topic.objects.create(
                slug=f"t{Topic.objects.count()}", name=f"T{Topic.objects.count()}"
            )
            actions.follow_topic(topic, actor=member)

    assert_constant_queries(make, lambda: api.get("/topics"))


def test_topic_create_by_a_moderator(api, moderator, token_for):
    response = api.post(
        "/topics", {"name": "Cold outreach", "description": "Kindly"}, token=token_for(moderator)
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "cold-outreach"
    assert Topic.objects.filter(slug="cold-outreach").exists()


def test_topic_create_by_a_member_is_403(api, member):
    assert api.post("/topics", {"name": "Mine"}).status_code == 403
    assert not Topic.objects.exists()


def test_topic_create_duplicate_is_400(api, moderator, token_for, topic):
    response = api.post("/topics", {"name": "Discovery"}, token=token_for(moderator))

    assert response.status_code == 400
    assert Topic.objects.count() == 1


def test_topic_follow_and_unfollow(api, member, topic):
    assert api.post("/topics/discovery/follow").json() == {"following": True}
    assert TopicFollow.objects.filter(user=member, topic=topic).exists()
    assert api.delete("/topics/discovery/follow").json() == {"following": False}
    assert not TopicFollow.objects.filter(user=member, topic=topic).exists()


def test_topic_follow_unknown_is_404(api, member):
    assert api.post("/topics/astrology/follow").status_code == 404


def test_trending_counts_distinct_members(api, member, sam, topic):
    Topic.objects.create(slug="renewals", name="Renewals")
    for n in range(5):
        _post(sam, title=f"Again {n}", topics=["renewals"])
    for user in UserFactory.create_batch(3):
        _post(user, topics=["discovery"])

    body = api.get("/topics/trending").json()

    assert set(body) == {"items", "count"}
    assert [(t["slug"], t["members"]) for t in body["items"]] == [
        ("discovery", 3),
        ("renewals", 1),
    ]


# search


def test_search_finds_posts_and_comments_with_snippets(api, member, sam):
    post = _post(sam, title="Renewal playbook", body="How we handle renewals early.")
    actions.create_comment(post, author=member, body="Our renewal playbook starts 90 days out.")

    body = api.get("/search?q=playbook").json()

    assert set(body) == {"items", "page", "has_next"}
    assert {(h["kind"], h["post_id"]) for h in body["items"]} == {
        ("post", post.pk),
        ("comment", post.pk),
    }
    assert any("<mark>" in h["snippet"] for h in body["items"])


def test_search_leaves_out_deleted_posts(api, member, sam):
    post = _post(sam, title="Forecasting secrets")
    actions.delete_post(post, actor=sam)

    assert api.get("/search?q=forecasting").json()["items"] == []


def test_search_empty_query_is_400(api, member):
    response = api.get("/search?q=%20")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("q: ")


def test_search_operators_are_safe(api, member, sam):
    _post(sam, title="Objection handling")

    assert api.get('/search?q="objection* OR NEAR(').status_code == 200


def test_search_query_count_is_constant(api, member):
    def make(n):
        for _ in range(n):
            _post(UserFactory(), title="Quarterly planning", body="Planning notes")

    assert_constant_queries(make, lambda: api.get("/search?q=planning"))


# reports


def test_report_returns_201_with_reference(api, member, sam):
    post = _post(sam, kind="insight", body="Buy my CRM today!")

    response = api.post(
        "/reports",
        {
            "subject": {"type": "post", "id": post.pk},
            "reason": "unsolicited_pitch",
            "clause_ids": [],
            "description": "A pitch outside pitch practice.",
        },
    )

    assert response.status_code == 201
    report = Report.objects.get(reference=response.json()["reference"])
    assert (report.reporter, report.subject_user, report.reason) == (
        member,
        sam,
        "unsolicited_pitch",
    )
    assert report.snapshot["body"] == "Buy my CRM today!"


def test_report_unknown_reason_is_400(api, member, sam):
    post = _post(sam)

    response = api.post("/reports", {"subject": {"type": "post", "id": post.pk}, "reason": "rude"})

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_report_unknown_clause_is_400(api, member, sam):
    post = _post(sam)

    response = api.post(
        "/reports",
        {"subject": {"type": "post", "id": post.pk}, "reason": "other", "clause_ids": ["nope"]},
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("clause_ids: ")


def test_report_of_a_deleted_post_is_400(api, member, sam):
    post = _post(sam)
    actions.delete_post(post, actor=sam)

    response = api.post("/reports", {"subject": {"type": "post", "id": post.pk}, "reason": "other"})

    assert response.status_code == 400
    assert not Report.objects.exists()
