"""Tagging with consent, follows, blocks and preferences through the API."""

import pytest
from django.urls import reverse

from commons.community import actions
from commons.community.models import Mention, MentionStatus
from commons.members.models import Block, Follow, Profile
from commons.notifications.models import Notification
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _mention(author, person, title="Intro call tips"):
    return actions.create_post(
        author=author,
        kind="question",
        title=title,
        body=f"What do you think, @{person.profile.handle}?",
    )


def _html(api, post):
    return api.get(f"/posts/{post.pk}").json()["body_html"]


def _link(person):
    return f'href="{reverse("members:profile", args=[person.profile.handle])}"'


# preferences


def test_tagging_put_sets_who_may_tag(api, member):
    response = api.put("/me/tagging", {"who_may_tag": "anyone"})

    assert response.status_code == 200
    assert response.json()["who_may_tag"] == "anyone"
    assert Profile.objects.get(user=member).who_may_tag == "anyone"


def test_tagging_put_unknown_choice_is_400(api, member):
    response = api.put("/me/tagging", {"who_may_tag": "friends"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("who_may_tag: ")
    assert Profile.objects.get(user=member).who_may_tag == "ask_first"


def test_preferences_default_to_ask_first(api, member):
    body = api.get("/me/preferences").json()

    assert body["who_may_tag"] == "ask_first"


def test_preferences_put_changes_only_given_fields(api, member):
    response = api.put("/me/preferences", {"who_may_message": "nobody"})

    assert response.status_code == 200
    profile = Profile.objects.get(user=member)
    assert (profile.who_may_message, profile.who_may_tag) == ("nobody", "ask_first")


def test_preferences_put_unknown_email_mode_is_400(api, member):
    response = api.put("/me/preferences", {"email_notifications": "hourly"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("email_notifications: ")


# the consent flow


def test_tag_ask_first_makes_a_tag_request_with_post_and_who(api, member, sam):
    post = _mention(sam, member)

    body = api.get("/me/tag-requests").json()

    assert body["count"] == 1
    request = body["items"][0]
    assert (request["post_id"], request["post_title"], request["by"]["handle"]) == (
        post.pk,
        "Intro call tips",
        sam.profile.handle,
    )
    assert _link(member) not in _html(api, post)
    assert f"@{member.profile.handle}" in _html(api, post)


def test_tag_approve_turns_the_mention_into_a_link(api, member, sam):
    post = _mention(sam, member)
    mention_id = api.get("/me/tag-requests").json()["items"][0]["id"]

    response = api.post(f"/tag-requests/{mention_id}/approve")

    assert response.json() == {"id": mention_id, "status": "linked"}
    assert _link(member) in _html(api, post)
    assert api.get("/me/tag-requests").json()["count"] == 0
    assert api.get("/me/tag-requests?status=linked").json()["count"] == 1


def test_tag_decline_keeps_plain_text(api, member, sam):
    post = _mention(sam, member)
    mention_id = api.get("/me/tag-requests").json()["items"][0]["id"]

    response = api.post(f"/tag-requests/{mention_id}/decline")

    assert response.json()["status"] == "declined"
    assert _link(member) not in _html(api, post)
    assert api.post(f"/tag-requests/{mention_id}/approve").status_code == 400


def test_tag_remove_after_approving_unlinks(api, member, sam):
    post = _mention(sam, member)
    mention_id = api.get("/me/tag-requests").json()["items"][0]["id"]
    api.post(f"/tag-requests/{mention_id}/approve")

    response = api.delete(f"/mentions/{mention_id}")

    assert response.json()["status"] == "removed"
    assert _link(member) not in _html(api, post)


def test_tag_remove_of_an_anyone_tag(api, member, sam):
    api.put("/me/tagging", {"who_may_tag": "anyone"})
    post = _mention(sam, member)
    mention = Mention.objects.get(mentioned=member)
    assert _link(member) in _html(api, post)

    assert api.delete(f"/mentions/{mention.pk}").json()["status"] == "removed"
    assert _link(member) not in _html(api, post)


def test_tag_request_of_someone_else_is_404(api, member, sam):
    _mention(member, sam)
    mention = Mention.objects.get(mentioned=sam)

    assert api.post(f"/tag-requests/{mention.pk}/approve").status_code == 404
    assert api.post(f"/tag-requests/{mention.pk}/decline").status_code == 404
    assert api.delete(f"/mentions/{mention.pk}").status_code == 404
    assert Mention.objects.get(pk=mention.pk).status == MentionStatus.PENDING


def test_tag_nobody_shows_plain_name_and_sends_nothing(api, member, sam):
    api.put("/me/tagging", {"who_may_tag": "nobody"})

    post = _mention(sam, member)

    assert _link(member) not in _html(api, post)
    assert api.get("/me/tag-requests").json()["count"] == 0
    assert not Notification.objects.filter(recipient=member).exists()


def test_tag_following_links_only_people_i_follow(api, member, sam):
    api.put("/me/tagging", {"who_may_tag": "following"})
    stranger = UserFactory(display_name="Stranger Danger")
    api.post(f"/members/{sam.pk}/follow")

    followed_post = _mention(sam, member, title="From Sam")
    stranger_post = _mention(stranger, member, title="From a stranger")

    assert _link(member) in _html(api, followed_post)
    assert _link(member) not in _html(api, stranger_post)


def test_tag_requests_query_count_is_constant(api, member):
    def make(n):
        for _ in range(n):
            _mention(UserFactory(), member)

    assert_constant_queries(make, lambda: api.get("/me/tag-requests"))


# follows


def test_follow_and_unfollow_a_member(api, member, sam):
    assert api.post(f"/members/{sam.pk}/follow").json() == {"following": True}
    assert Follow.objects.filter(follower=member, followee=sam).exists()
    assert api.post(f"/members/{sam.pk}/follow").json() == {"following": True}  # idempotent
    assert api.delete(f"/members/{sam.pk}/follow").json() == {"following": False}
    assert not Follow.objects.exists()


def test_follow_yourself_is_400(api, member):
    assert api.post(f"/members/{member.pk}/follow").status_code == 400


def test_follow_unknown_member_is_404(api, member):
    assert api.post("/members/999999/follow").status_code == 404


# blocks


def test_block_and_unblock(api, member, sam):
    assert api.post(f"/members/{sam.pk}/block").json() == {"blocked": True}
    assert Block.objects.filter(blocker=member, blocked=sam).exists()
    assert api.delete(f"/members/{sam.pk}/block").json() == {"blocked": False}
    assert not Block.objects.exists()


def test_block_ends_follows_both_ways(api, member, sam):
    api.post(f"/members/{sam.pk}/follow")
    Follow.objects.create(follower=sam, followee=member)

    api.post(f"/members/{sam.pk}/block")

    assert not Follow.objects.exists()


def test_block_silences_their_mentions(api, member, sam):
    api.put("/me/tagging", {"who_may_tag": "anyone"})
    api.post(f"/members/{sam.pk}/block")

    post = _mention(sam, member)

    assert _link(member) not in post.body_html
    assert not Notification.objects.filter(recipient=member).exists()


def test_block_is_allowed_without_current_conduct(api, token_for, sam):
    newcomer = UserFactory(accepted=False)

    assert api.post(f"/members/{sam.pk}/block", token=token_for(newcomer)).status_code == 200


def test_block_silences_their_replies(api, member, sam, sam_token):
    post = actions.create_post(
        author=member, kind="question", title="Help?", body="How do you run a renewal call?"
    )
    api.post(f"/members/{sam.pk}/block")

    response = api.post(f"/posts/{post.pk}/comments", {"body": "Hi!"}, token=sam_token)

    assert response.status_code == 201
    assert not Notification.objects.filter(recipient=member).exists()
    assert api.get(f"/posts/{post.pk}").json()["comments"] == []
