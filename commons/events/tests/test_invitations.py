import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commons.community.actions import accept_invitation
from commons.community.models import Invitation
from commons.events import actions, queries
from commons.events.models import EventInvitation
from commons.members.actions import block_member, follow_member
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory


def test_inviting_a_connection_notifies_them(event, member, sam):
    follow_member(sam, actor=member)
    invitation = actions.invite_to_event(event, actor=member, invitee=sam)
    assert invitation.invitee == sam
    notification = Notification.objects.get(kind="event_invitation")
    assert notification.recipient == sam and event.title in notification.text
    assert notification.url == f"/events/{event.pk}/"


def test_inviting_someone_who_follows_you_counts_as_a_connection(event, member, sam):
    follow_member(member, actor=sam)
    assert actions.invite_to_event(event, actor=member, invitee=sam).pk


def test_inviting_a_member_who_is_not_a_connection_is_refused(event, member, sam):
    with pytest.raises(ValidationError, match="your connections"):
        actions.invite_to_event(event, actor=member, invitee=sam)
    assert not EventInvitation.objects.exists()
    assert not Notification.objects.exists()


def test_inviting_the_same_connection_twice_notifies_once(event, member, sam):
    follow_member(sam, actor=member)
    actions.invite_to_event(event, actor=member, invitee=sam)
    actions.invite_to_event(event, actor=member, invitee=sam)
    assert Notification.objects.filter(kind="event_invitation").count() == 1


def test_a_person_who_blocked_the_inviter_is_not_told(event, member, sam):
    follow_member(sam, actor=member)
    block_member(member, actor=sam)
    follow_member(sam, actor=member)
    actions.invite_to_event(event, actor=member, invitee=sam)
    assert not Notification.objects.filter(kind="event_invitation").exists()


def test_inviting_to_a_past_event_is_refused(make_event, member, sam, host):
    event = make_event()
    actions.cancel_event(event, actor=host)
    follow_member(sam, actor=member)
    with pytest.raises(ValidationError, match="cancelled"):
        actions.invite_to_event(event, actor=member, invitee=sam)


def test_an_emailed_invitation_leads_the_new_member_to_the_event(
    event, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_to_event(event, actor=member, email="Friend@Example.org", note="Come along!")
    community_invitation = Invitation.objects.get()
    assert community_invitation.email == "friend@example.org"
    assert "Come along!" in community_invitation.note and event.title in community_invitation.note
    token = re.search(r"/invite/([^/\s]+)/", mail.outbox[-1].body).group(1)

    newcomer = UserFactory(email="friend@example.org")
    assert queries.event_for_new_member(newcomer) is None
    accept_invitation(token, user=newcomer)
    assert queries.event_for_new_member(newcomer) == event
    assert queries.event_for_new_member(newcomer, now=event.ends_at + timedelta(seconds=1)) is None


def test_inviting_an_existing_member_by_email_is_refused(event, member, sam):
    with pytest.raises(ValidationError, match="already a member"):
        actions.invite_to_event(event, actor=member, email=sam.email)
    assert not EventInvitation.objects.exists()


def test_hosts_see_who_invited_whom_and_members_do_not(event, host, member, sam, moderator):
    follow_member(sam, actor=member)
    actions.invite_to_event(event, actor=member, invitee=sam)
    actions.invite_to_event(event, actor=member, email="new@example.org")
    seen = queries.event_invitations(host, event)
    assert {(i.inviter, i.invitee) for i in seen} == {(member, sam), (member, None)}
    assert queries.event_invitations(moderator, event).count() == 2
    assert queries.event_invitations(sam, event).count() == 0
    assert queries.event_invitations(member, event).count() == 0
