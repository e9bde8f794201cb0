"""Editing a reply: only its author, screened again like a new reply, shown as edited, through the
action, the page and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commons.community import actions, queries, search
from commons.community.models import Comment, ContentStatus, Mention, MentionStatus
from commons.conduct.models import ScreenedItem
from commons.conduct.moderation import ScreeningBlock, ScreeningNudge, approve_screened
from commons.core.models import AuditEntry
from commons.members.actions import update_preferences
from commons.notifications.models import Notification

pytestmark = pytest.mark.django_db

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
THREAT = "I know where you live and I will hurt you if you post that again."
DOXING = (
    "Call Dana Whitfield on (202) 456-1414, she lives at 1234 Oak Street, Springfield, IL 62704."
)


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True


@pytest.fixture
def reply(sam, member):
    post = actions.create_post(
        author=sam, kind="question", title="Renewal tactics?", body="What works for you?"
    )
    return actions.create_comment(post, author=member, body="Start ninety days out.")


def test_the_author_edits_a_reply_and_it_shows_as_edited(reply, member, sam):
    edited = actions.edit_comment(
        reply, actor=member, body="Start one hundred and twenty days out."
    )

    assert edited.edited_at is not None
    assert "one hundred and twenty" in Comment.objects.get(pk=reply.pk).body_html
    assert AuditEntry.objects.filter(verb="community.comment.edited", actor=member).exists()
    assert [hit.comment_id for hit in search.search(sam, "hundred")] == [reply.pk]
    assert search.search(sam, "ninety") == []


def test_only_the_author_edits_a_reply(reply, sam):
    with pytest.raises(PermissionDenied):
        actions.edit_comment(reply, actor=sam, body="Rewritten by someone else.")

    assert Comment.objects.get(pk=reply.pk).body == "Start ninety days out."


def test_an_empty_edit_is_refused_and_the_text_kept(reply, member):
    with pytest.raises(ValidationError):
        actions.edit_comment(reply, actor=member, body="   ")

    assert Comment.objects.get(pk=reply.pk).body == "Start ninety days out."


def test_an_unchanged_edit_writes_nothing(reply, member):
    before = AuditEntry.objects.count()

    actions.edit_comment(reply, actor=member, body="Start ninety days out.")

    assert AuditEntry.objects.count() == before
    assert Comment.objects.get(pk=reply.pk).edited_at is None


def test_an_edit_into_a_pitch_is_nudged_and_changes_nothing(reply, member):
    with pytest.raises(ScreeningNudge):
        actions.edit_comment(reply, actor=member, body=PITCH)

    assert Comment.objects.get(pk=reply.pk).body == "Start ninety days out."
    assert not ScreenedItem.objects.exists()


def test_an_edit_that_doxes_is_blocked(reply, member):
    with pytest.raises(ScreeningBlock):
        actions.edit_comment(reply, actor=member, body=DOXING)

    assert Comment.objects.get(pk=reply.pk).body == "Start ninety days out."


def test_a_held_edit_takes_the_reply_out_of_sight_until_approved(reply, member, sam, moderator):
    actions.edit_comment(reply, actor=member, body=THREAT)

    reply.refresh_from_db()
    assert reply.status == ContentStatus.HELD
    assert reply.post.comment_count == 0
    assert not queries.visible_comments(sam).filter(pk=reply.pk).exists()
    assert search.search(sam, "hurt") == []
    with pytest.raises(ValidationError, match="waiting for a moderator"):
        actions.edit_comment(reply, actor=member, body="Sorry, I take it back.")

    told = Notification.objects.filter(recipient=sam, kind="reply").count()
    approve_screened(ScreenedItem.objects.get(object_id=reply.pk), actor=moderator)
    reply.refresh_from_db()
    assert reply.status == ContentStatus.PUBLISHED and reply.post.comment_count == 1
    assert Notification.objects.filter(recipient=sam, kind="reply").count() == told == 1


def test_a_new_mention_in_an_edit_follows_consent(reply, member, sam):
    update_preferences(sam, actor=sam, who_may_tag="ask_first")

    actions.edit_comment(
        reply, actor=member, body=f"Start ninety days out, as @{sam.profile.handle} says."
    )

    assert Mention.objects.get(comment=reply, mentioned=sam).status == MentionStatus.PENDING


def test_the_edit_page_saves_and_the_thread_shows_edited(member_client, reply):
    url = reverse("community:comment-edit", args=[reply.pk])
    assert "Start ninety days out." in member_client.get(url).text

    response = member_client.post(url, {"body": "Start a quarter ahead."})

    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{reply.pk}")
    page = member_client.get(reverse("community:post", args=[reply.post_id])).text
    assert "Start a quarter ahead." in page and " · edited" in page
    assert url in page  # the author's own reply offers Edit


def test_the_edit_page_shows_a_nudge_and_post_anyway_publishes(member_client, reply):
    url = reverse("community:comment-edit", args=[reply.pk])

    nudged = member_client.post(url, {"body": PITCH}).text
    assert "post_anyway" in nudged
    member_client.post(url, {"body": PITCH, "post_anyway": "1"})

    assert Comment.objects.get(pk=reply.pk).body == PITCH


def test_the_edit_page_is_404_for_someone_elses_reply(client, reply, sam):
    client.force_login(sam)

    assert client.get(reverse("community:comment-edit", args=[reply.pk])).status_code == 404
    assert (
        reverse("community:comment-edit", args=[reply.pk])
        not in client.get(reverse("community:post", args=[reply.post_id])).text
    )


def test_api_edits_a_reply(api, reply):
    response = api.patch(f"/comments/{reply.pk}", {"body": "Start a quarter ahead."})

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert "quarter ahead" in response.json()["body_html"]


def test_api_edit_of_someone_elses_reply_is_404(api, sam, reply):
    from commons.members.actions import create_api_token

    token = create_api_token(sam, actor=sam, name="tests")[1]
    response = api.patch(f"/comments/{reply.pk}", {"body": "Mine now."}, token=token)

    assert response.status_code == 404
    assert Comment.objects.get(pk=reply.pk).body == "Start ninety days out."


def test_api_edit_into_a_pitch_is_400_with_the_screening_reason(api, reply):
    response = api.patch(f"/comments/{reply.pk}", {"body": PITCH})

    assert response.status_code == 400 and response.json()["screening"]
