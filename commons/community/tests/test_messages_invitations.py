import pytest
from django.core.exceptions import ValidationError

from commons.community import actions
from commons.community.messaging import conversation_list, conversation_messages
from commons.community.models import Invitation
from commons.members.actions import block_member, follow_member, update_preferences
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory


def test_messages_need_the_recipients_consent(sam, alex):
    with pytest.raises(ValidationError, match="not accepting messages"):
        actions.send_message(sender=sam, recipient=alex, body="hi")
    follow_member(sam, actor=alex)
    message = actions.send_message(sender=sam, recipient=alex, body="hi **there**")
    assert message.delivered and "<strong>there</strong>" in message.body_html


def test_nobody_refuses_all_messages(sam, alex):
    update_preferences(alex, actor=alex, who_may_message="nobody")
    with pytest.raises(ValidationError):
        actions.send_message(sender=sam, recipient=alex, body="hi")


def test_a_blocked_sender_is_not_told_and_the_message_is_never_shown(sam, alex):
    update_preferences(alex, actor=alex, who_may_message="anyone")
    block_member(sam, actor=alex)
    message = actions.send_message(sender=sam, recipient=alex, body="hello?")
    assert not message.delivered
    assert conversation_messages(alex, sam) == []
    assert conversation_messages(sam, alex) == [message]
    assert not Notification.objects.filter(recipient=alex, kind="message").exists()


def test_messages_are_sanitised(sam, alex):
    update_preferences(alex, actor=alex, who_may_message="anyone")
    message = actions.send_message(sender=sam, recipient=alex, body="<img src=x onerror=alert(1)>")
    assert "<img" not in message.body_html


def test_a_third_member_sees_no_conversation(sam, alex):
    update_preferences(alex, actor=alex, who_may_message="anyone")
    actions.send_message(sender=sam, recipient=alex, body="private")
    third = UserFactory()
    assert conversation_list(third) == []
    assert conversation_messages(third, alex) == []


def test_invitation_link_is_single_use(member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = actions.invite_person(
            inviter=member, email="friend@example.org", note="Join us!"
        )
    assert len(mailoutbox) == 1 and token in mailoutbox[0].body
    newcomer = UserFactory()
    actions.accept_invitation(token, user=newcomer)
    with pytest.raises(ValidationError, match="already been used"):
        actions.accept_invitation(token, user=UserFactory())
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer


def test_expired_invitation_is_refused(member):
    from datetime import timedelta

    from django.utils import timezone

    invitation, token = actions.invite_person(inviter=member, email="late@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        actions.find_invitation(token)


def test_inviting_an_existing_member_is_refused(member, sam):
    with pytest.raises(ValidationError, match="already a member"):
        actions.invite_person(inviter=member, email=sam.email.upper())


def test_invited_person_joins_through_the_code_of_conduct(client, member, code):
    from commons.conduct.models import Acceptance
    from commons.members.models import User

    invitation, token = actions.invite_person(inviter=member, email="friend@example.org")
    assert client.get(f"/invite/{token}/").status_code == 200
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Friend",
            "email": "friend@example.org",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "accept_conduct": "on",
            "conduct_version": code.number,
        },
    )
    friend = User.objects.get(email="friend@example.org")
    invitation.refresh_from_db()
    assert invitation.accepted_by == friend
    assert Acceptance.objects.filter(user=friend, version=code).exists()
