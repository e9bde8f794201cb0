import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.community import actions
from commons.community.models import ContentStatus, Post, PostRevision
from commons.conduct.permissions import ConductNotAccepted
from commons.core.models import AuditEntry
from commons.testing.factories import UserFactory


def test_create_post_publishes_with_sanitised_html_and_audit(sam, topic):
    post = actions.create_post(
        author=sam,
        kind="insight",
        title="Multi-threading",
        body="Talk to **three** people <script>x()</script>",
        topics=["discovery"],
    )
    assert post.status == ContentStatus.PUBLISHED
    assert "<strong>three</strong>" in post.body_html
    assert "<script" not in post.body_html
    assert list(post.topics.all()) == [topic]
    assert AuditEntry.objects.filter(verb="community.post.created", target_id=str(post.pk)).exists()


def test_links_in_posts_get_nofollow_ugc(sam):
    post = actions.create_post(
        author=sam,
        kind="resource",
        title="Read this",
        body="A [guide](https://example.org/guide) on discovery calls.",
    )
    assert 'rel="nofollow ugc noopener"' in post.body_html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "body": "x"}, "title cannot be empty"),
        ({"title": "t", "body": "   "}, "post cannot be empty"),
        ({"title": "t", "body": "x" * 20_001}, "too long"),
        ({"title": "t", "body": "x", "kind": "rant"}, "Unknown kind"),
        ({"title": "t", "body": "x", "topics": ["nope"]}, "Unknown topic"),
    ],
)
def test_create_post_refuses_bad_input_and_writes_nothing(sam, fields, message):
    data = {"kind": "insight", **fields}
    with pytest.raises(ValidationError, match=message):
        actions.create_post(author=sam, **data)
    assert not Post.objects.exists()


def test_create_post_needs_the_current_code_accepted(code):
    newcomer = UserFactory(accepted=False)
    with pytest.raises(ConductNotAccepted):
        actions.create_post(author=newcomer, kind="insight", title="Hi", body="Hello")
    assert not Post.objects.exists()


def test_first_post_is_marked_for_a_welcome(sam):
    first = actions.create_post(author=sam, kind="insight", title="One", body="x")
    second = actions.create_post(author=sam, kind="insight", title="Two", body="y")
    assert first.is_first_post and not second.is_first_post


def test_edit_post_keeps_history_and_shows_edited(sam):
    post = actions.create_post(
        author=sam, kind="insight", title="Old", body="First draft of my notes."
    )
    actions.edit_post(post, actor=sam, title="New", body="Second draft of my notes.")
    post.refresh_from_db()
    assert post.edited_at is not None
    assert list(PostRevision.objects.filter(post=post).values_list("title", "body")) == [
        ("Old", "First draft of my notes.")
    ]


def test_only_the_author_edits_or_deletes(sam, member):
    post = actions.create_post(author=sam, kind="insight", title="Mine", body="x")
    with pytest.raises(PermissionDenied):
        actions.edit_post(post, actor=member, title="Yours")
    with pytest.raises(PermissionDenied):
        actions.delete_post(post, actor=member)


def test_delete_post_keeps_the_content(sam):
    post = actions.create_post(author=sam, kind="insight", title="Gone", body="kept for reports")
    actions.delete_post(post, actor=sam)
    post.refresh_from_db()
    assert post.status == ContentStatus.DELETED and post.body == "kept for reports"


def test_replying_to_a_deleted_post_is_refused(sam, member):
    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    actions.delete_post(post, actor=sam)
    with pytest.raises(ValidationError, match="no longer available"):
        actions.create_comment(post, author=member, body="answer")


def test_replies_have_one_level(sam, member):
    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    top = actions.create_comment(post, author=member, body="Thanks, that helped.")
    reply = actions.create_comment(post, author=sam, body="b", parent=top)
    deeper = actions.create_comment(post, author=member, body="c", parent=reply)
    assert reply.parent == top and deeper.parent == top
    post.refresh_from_db()
    assert post.comment_count == 3


def test_accept_answer_only_by_the_question_author(sam, member):
    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    answer = actions.create_comment(post, author=member, body="Thanks, that helped.")
    with pytest.raises(PermissionDenied):
        actions.accept_answer(post, answer, actor=member)
    actions.accept_answer(post, answer, actor=sam)
    post.refresh_from_db()
    assert post.accepted_comment == answer


def test_accept_answer_only_on_questions(sam, member):
    post = actions.create_post(author=sam, kind="insight", title="I", body="!")
    comment = actions.create_comment(post, author=member, body="Thanks, that helped.")
    with pytest.raises(PermissionDenied):
        actions.accept_answer(post, comment, actor=sam)


def test_reacting_twice_is_refused(sam, member):
    post = actions.create_post(author=sam, kind="insight", title="I", body="!")
    actions.react(post, actor=member, kind="helpful")
    with pytest.raises(ValidationError, match="already reacted"):
        actions.react(post, actor=member, kind="helpful")
    actions.react(post, actor=member, kind="thanks")
    post.refresh_from_db()
    assert post.reaction_count == 2


def test_unknown_reaction_is_refused(sam, member):
    post = actions.create_post(author=sam, kind="insight", title="I", body="!")
    with pytest.raises(ValidationError, match="Unknown reaction"):
        actions.react(post, actor=member, kind="angry")


def test_a_member_writing_over_a_third_of_a_thread_gets_one_private_hint(sam, member):
    from commons.notifications.models import Notification

    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    others = [UserFactory() for _ in range(2)]
    for other in others:
        actions.create_comment(post, author=other, body="my take")
    for i in range(5):
        actions.create_comment(post, author=member, body=f"and another thing {i}")
    hints = Notification.objects.filter(recipient=member, kind="thread_hint")
    assert hints.count() == 1
    assert "room" in hints.get().text


def test_no_hint_when_replies_are_spread(sam, member):
    from commons.notifications.models import Notification

    post = actions.create_post(author=sam, kind="question", title="Q", body="?")
    for _ in range(6):
        actions.create_comment(post, author=UserFactory(), body="one each")
    assert not Notification.objects.filter(kind="thread_hint").exists()


def test_topics_are_kept_by_moderators(moderator, member):
    actions.create_topic(actor=moderator, name="Renewals")
    with pytest.raises(PermissionDenied):
        actions.create_topic(actor=member, name="Spam")
