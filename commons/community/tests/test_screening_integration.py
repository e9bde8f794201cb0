"""Screening inside the community actions and pages: posts, edits and replies are screened in the
context of the post's kind; nudges, holds and blocks do what ``commons.conduct.moderation`` says."""

import pytest
from django.urls import reverse

from commons.community import actions, queries, search
from commons.community.models import Comment, ContentStatus, Post, Topic, TopicFollow
from commons.conduct.models import ReviewState, ScreenedItem
from commons.conduct.moderation import ScreeningBlock, ScreeningNudge
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
RECOMMENDATION = (
    "We use Acme CRM and love it. Book a demo with them at acme.example, use code SAVE20."
)
THREAT = "I know where you live and I will hurt you if you post that again."
DOXING = (
    "Call Dana Whitfield on (202) 456-1414, she lives at 1234 Oak Street, Springfield, IL 62704."
)
OWN_CONTACT = "Call me at (202) 456-1414 if you want to talk renewals."
ORDINARY = "We crushed quota and the killer demo did it."


def _post(author, body=ORDINARY, kind="insight", **kw):
    return actions.create_post(author=author, kind=kind, title="Quarter notes", body=body, **kw)


# --- create_post ------------------------------------------------------------------------------


def test_create_post_publishes_ordinary_sales_talk_without_a_record(sam):
    post = _post(sam)
    assert post.status == ContentStatus.PUBLISHED
    assert not ScreenedItem.objects.exists()


def test_create_post_nudges_a_pitch_and_writes_nothing(sam):
    with pytest.raises(ScreeningNudge) as caught:
        _post(sam, PITCH)
    assert caught.value.verdict.flags == ["solicitation"]
    assert caught.value.clause.key == "professional.no-soliciting"
    assert caught.value.reasons
    assert not Post.objects.exists()


def test_create_post_anyway_publishes_and_queues_it(sam):
    post = _post(sam, PITCH, post_anyway=True)
    assert post.status == ContentStatus.PUBLISHED
    item = ScreenedItem.objects.get()
    assert (item.content, item.posted_anyway, item.review_state) == (post, True, "pending")
    assert item.decision == "nudge" and item.flags == ["solicitation"]
    assert item.clause_keys == {"solicitation": "professional.no-soliciting"}
    assert item.scores["solicitation"] > 0.5


def test_pitch_practice_post_is_allowed(sam):
    post = _post(sam, PITCH, kind="pitch_practice")
    assert post.status == ContentStatus.PUBLISHED
    assert not ScreenedItem.objects.exists()


def test_create_post_holds_a_threat_out_of_feed_search_and_notifications(sam, member):
    topic = Topic.objects.create(slug="renewals", name="Renewals")
    TopicFollow.objects.create(user=member, topic=topic)
    post = actions.create_post(
        author=sam, kind="insight", title="Renewals", body=THREAT, topics=["renewals"]
    )
    assert post.status == ContentStatus.HELD
    assert post.screening_message.startswith("Your text is waiting for a moderator")
    item = ScreenedItem.objects.get()
    assert (item.decision, item.posted_anyway, item.flags) == ("hold", False, ["threat"])
    assert not queries.visible_posts(member).filter(pk=post.pk).exists()
    assert search.search(member, "hurt") == []
    assert not Notification.objects.filter(recipient=member).exists()


def test_post_anyway_does_not_skip_a_hold(sam):
    post = _post(sam, THREAT, post_anyway=True)
    assert post.status == ContentStatus.HELD


def test_create_post_blocks_someone_elses_phone_and_address(sam):
    with pytest.raises(ScreeningBlock) as caught:
        _post(sam, DOXING, post_anyway=True)
    message = " ".join(caught.value.messages)
    assert "a phone number" in message and "a street address" in message
    assert caught.value.clause.key == "professional.no-doxing"
    assert not Post.objects.exists() and not ScreenedItem.objects.exists()


def test_own_contact_details_in_a_post_are_allowed(sam):
    assert _post(sam, OWN_CONTACT).status == ContentStatus.PUBLISHED


# --- edit_post --------------------------------------------------------------------------------


def test_edit_post_nudges_a_pitch_and_keeps_the_old_text(sam):
    post = _post(sam)
    with pytest.raises(ScreeningNudge):
        actions.edit_post(post, actor=sam, body=PITCH)
    post.refresh_from_db()
    assert post.body == ORDINARY and not post.revisions.exists()


def test_edit_post_that_is_held_takes_the_post_out_of_sight(sam, member):
    post = _post(sam)
    actions.edit_post(post, actor=sam, body=THREAT)
    post.refresh_from_db()
    assert post.status == ContentStatus.HELD
    assert not queries.visible_posts(member).filter(pk=post.pk).exists()
    assert ScreenedItem.objects.get().object_id == post.pk


def test_edit_post_without_a_text_change_is_not_screened_again(sam):
    post = _post(sam, PITCH, post_anyway=True)
    actions.edit_post(post, actor=sam, topics=[])
    assert ScreenedItem.objects.count() == 1


# --- create_comment ---------------------------------------------------------------------------


def test_create_comment_nudges_a_pitch_under_a_question(sam, member):
    post = _post(sam, kind="question")
    with pytest.raises(ScreeningNudge):
        actions.create_comment(post, author=member, body=RECOMMENDATION)
    assert not Comment.objects.exists()


def test_recommendation_request_reply_is_allowed(sam, member):
    post = _post(sam, "Which CRM do you use for renewals?", kind="recommendation_request")
    comment = actions.create_comment(post, author=member, body=RECOMMENDATION)
    assert comment.status == ContentStatus.PUBLISHED
    assert not ScreenedItem.objects.exists()


def test_held_comment_is_not_counted_indexed_or_notified(sam, member):
    post = _post(sam)
    comment = actions.create_comment(post, author=member, body=THREAT)
    post.refresh_from_db()
    assert comment.status == ContentStatus.HELD
    assert post.comment_count == 0
    assert not Notification.objects.filter(recipient=sam).exists()
    assert not queries.visible_comments(sam).filter(pk=comment.pk).exists()
    assert search.search(sam, "hurt") == []


def test_create_comment_blocks_doxing(sam, member):
    post = _post(sam)
    with pytest.raises(ScreeningBlock):
        actions.create_comment(post, author=member, body=DOXING)
    assert not Comment.objects.exists()


def test_comment_posted_anyway_is_published_and_queued(sam, member):
    post = _post(sam)
    comment = actions.create_comment(post, author=member, body=RECOMMENDATION, post_anyway=True)
    assert comment.status == ContentStatus.PUBLISHED
    assert ScreenedItem.objects.get().content == comment


# --- pages ------------------------------------------------------------------------------------


def _compose(client, body, **extra):
    return client.post(
        reverse("community:compose"),
        {"kind": "insight", "title": "Quarter notes", "body": body, **extra},
    )


def test_composer_shows_a_nudge_with_the_clause_and_post_anyway(member_client):
    response = _compose(member_client, PITCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Before you post" in html and "No soliciting" in html
    assert 'name="post_anyway"' in html and "Post anyway" in html
    assert "SAVE20" in html  # the text stays in the form for editing
    assert not Post.objects.exists()


def test_composer_post_anyway_publishes(member_client):
    response = _compose(member_client, PITCH, post_anyway="1")
    post = Post.objects.get()
    assert response.status_code == 302 and post.status == ContentStatus.PUBLISHED


def test_composer_block_shows_the_reason_and_keeps_the_text(member_client):
    html = _compose(member_client, DOXING).content.decode()
    assert "This cannot be published" in html and "a street address" in html
    assert "1234 Oak Street" in html
    assert "Post anyway" not in html
    assert not Post.objects.exists()


def test_held_post_shows_its_author_waiting_for_a_moderator(member_client, sam):
    response = _compose(member_client, THREAT)
    post = Post.objects.get()
    page = member_client.get(reverse("community:post", args=[post.pk])).content.decode()
    assert response.status_code == 302 and "Waiting for a moderator" in page


def test_held_post_is_404_for_other_members_and_open_to_moderators(client, sam, moderator):
    post = _post(sam, THREAT)
    client.force_login(UserFactory())
    assert client.get(reverse("community:post", args=[post.pk])).status_code == 404
    client.force_login(moderator)
    assert client.get(reverse("community:post", args=[post.pk])).status_code == 200


def test_comment_form_shows_a_nudge_and_keeps_the_reply(member_client, sam):
    post = _post(sam)
    url = reverse("community:comment-create", args=[post.pk])
    html = member_client.post(url, {"body": RECOMMENDATION}).content.decode()
    assert "Before you post" in html and "Post anyway" in html and "acme.example" in html
    response = member_client.post(url, {"body": RECOMMENDATION, "post_anyway": "1"})
    assert response.status_code == 302 and Comment.objects.get().status == "published"


def test_comment_form_tells_the_author_a_held_reply_waits(member_client, sam):
    post = _post(sam)
    url = reverse("community:comment-create", args=[post.pk])
    response = member_client.post(url, {"body": THREAT}, follow=True)
    assert "waiting for a moderator" in response.content.decode()
    assert Comment.objects.get().status == ContentStatus.HELD


def test_approving_a_held_post_publishes_it(sam, member, moderator):
    from commons.conduct.moderation import approve_screened

    post = _post(sam, THREAT)
    approve_screened(ScreenedItem.objects.get(), actor=moderator)
    post.refresh_from_db()
    assert post.status == ContentStatus.PUBLISHED
    assert queries.visible_posts(member).filter(pk=post.pk).exists()


def test_rejecting_a_posted_anyway_comment_hides_it_and_keeps_it(sam, member, moderator):
    from commons.conduct.moderation import reject_screened

    post = _post(sam)
    comment = actions.create_comment(post, author=member, body=RECOMMENDATION, post_anyway=True)
    reject_screened(ScreenedItem.objects.get(), actor=moderator)
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.status == ContentStatus.HIDDEN and comment.body == RECOMMENDATION
    assert post.comment_count == 0
    assert ScreenedItem.objects.get().review_state == ReviewState.REJECTED


def test_approving_a_held_comment_publishes_counts_and_notifies_it(sam, member, moderator):
    from commons.conduct.moderation import approve_screened

    post = _post(sam)
    comment = actions.create_comment(post, author=member, body=THREAT)
    approve_screened(ScreenedItem.objects.get(), actor=moderator)
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.status == ContentStatus.PUBLISHED and post.comment_count == 1
    assert Notification.objects.filter(recipient=sam, kind="reply").exists()
    assert queries.visible_comments(sam).filter(pk=comment.pk).exists()


def test_comment_form_block_shows_the_reason_and_keeps_the_reply(member_client, sam):
    post = _post(sam)
    url = reverse("community:comment-create", args=[post.pk])
    html = member_client.post(url, {"body": DOXING}).content.decode()
    assert "This cannot be published" in html and "1234 Oak Street" in html
    assert "Post anyway" not in html and not Comment.objects.exists()


def test_edit_page_shows_a_nudge_and_saves_when_posting_anyway(member_client, member):
    post = _post(member)
    url = reverse("community:post-edit", args=[post.pk])
    data = {"title": "Quarter notes", "body": PITCH}
    assert "Post anyway" in member_client.post(url, data).content.decode()
    post.refresh_from_db()
    assert post.body == ORDINARY
    assert member_client.post(url, {**data, "post_anyway": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.body == PITCH and ScreenedItem.objects.get().posted_anyway


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True
