import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.community import actions
from commons.community.models import MentionStatus, Post
from commons.members.actions import block_member, follow_member, update_preferences
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory


def _question(author, body):
    return actions.create_post(
        author=author, kind="question", title="How do you run discovery?", body=body
    )


def test_ask_first_creates_a_tag_request_and_shows_plain_text(sam, alex):
    post = _question(sam, "What do you think, @alex-rivera?")
    mention = post.mentions.get()
    assert mention.status == MentionStatus.PENDING
    assert 'href="/members/@alex-rivera/"' not in post.body_html
    assert "@alex-rivera" in post.body_html
    assert Notification.objects.filter(recipient=alex, kind="tag_request").count() == 1
    assert not Notification.objects.filter(recipient=alex, kind="mention").exists()


def test_approving_a_tag_request_makes_the_mention_a_link(sam, alex):
    post = _question(sam, "What do you think, @alex-rivera?")
    actions.approve_tag(post.mentions.get(), actor=alex)
    post.refresh_from_db()
    assert 'href="/members/@alex-rivera/"' in post.body_html


def test_declining_keeps_plain_text(sam, alex):
    post = _question(sam, "@alex-rivera?")
    mention = actions.decline_tag(post.mentions.get(), actor=alex)
    post.refresh_from_db()
    assert mention.status == MentionStatus.DECLINED
    assert 'href="/members/@alex-rivera/"' not in post.body_html


def test_removing_a_tag_unlinks_it(sam, alex):
    update_preferences(alex, actor=alex, who_may_tag="anyone")
    post = _question(sam, "cc @alex-rivera")
    assert 'href="/members/@alex-rivera/"' in post.body_html
    actions.remove_tag(post.mentions.get(), actor=alex)
    post.refresh_from_db()
    assert 'href="/members/@alex-rivera/"' not in post.body_html


def test_only_the_tagged_person_decides(sam, alex):
    post = _question(sam, "@alex-rivera?")
    with pytest.raises(PermissionDenied):
        actions.approve_tag(post.mentions.get(), actor=sam)


def test_anyone_links_and_notifies(sam, alex):
    update_preferences(alex, actor=alex, who_may_tag="anyone")
    post = _question(sam, "cc @alex-rivera")
    assert post.mentions.get().status == MentionStatus.LINKED
    assert Notification.objects.filter(recipient=alex, kind="mention").count() == 1


def test_nobody_shows_plain_text_and_sends_nothing(sam, alex):
    update_preferences(alex, actor=alex, who_may_tag="nobody")
    post = _question(sam, "cc @alex-rivera")
    assert post.mentions.get().status == MentionStatus.PLAIN
    assert not Notification.objects.filter(recipient=alex).exists()


def test_following_links_only_people_they_follow(sam, alex):
    update_preferences(alex, actor=alex, who_may_tag="following")
    stranger = UserFactory()
    assert _question(stranger, "@alex-rivera").mentions.get().status == MentionStatus.PLAIN
    follow_member(sam, actor=alex)
    assert _question(sam, "@alex-rivera").mentions.get().status == MentionStatus.LINKED


def test_a_blocked_member_cannot_tag_silently(sam, alex):
    update_preferences(alex, actor=alex, who_may_tag="anyone")
    block_member(sam, actor=alex)
    post = _question(sam, "@alex-rivera")
    assert post.mentions.get().status == MentionStatus.PLAIN
    assert not Notification.objects.filter(recipient=alex).exists()


def test_community_tag_is_open_to_every_member(sam):
    post = _question(sam, "Hey @community, thoughts?")
    assert post.tags_community
    assert 'class="mention mention-community"' in post.body_html
    assert not post.mentions.exists()


def test_more_than_five_personal_tags_is_refused(sam):
    people = [UserFactory() for _ in range(6)]
    body = " ".join(f"@{p.profile.handle}" for p in people)
    with pytest.raises(ValidationError, match="at most 5"):
        _question(sam, body)
    assert not Post.objects.exists()


def test_email_addresses_are_not_mentions(sam, alex):
    post = _question(sam, "mail me at someone@alex-rivera.com")
    assert not post.mentions.exists()


def test_a_rolled_back_action_sends_nothing(
    sam, alex, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    update_preferences(alex, actor=alex, who_may_tag="anyone")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _question(sam, "cc @alex-rivera")
        raise RuntimeError
    assert callbacks == []
    assert not Notification.objects.filter(recipient=alex).exists()
    assert mailoutbox == []


def test_a_committed_mention_emails_the_person(
    sam, alex, mailoutbox, django_capture_on_commit_callbacks
):
    update_preferences(alex, actor=alex, who_may_tag="anyone")
    with django_capture_on_commit_callbacks(execute=True):
        _question(sam, "cc @alex-rivera")
    assert [m.to for m in mailoutbox] == [[alex.email]]
