"""Screening in the other actions that take text: profiles, events, invitations' notes and direct
messages. Nudge, post anyway, hold (or its refusal where nothing can wait), block, and what a
moderator's approve and reject do to each."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from commons.community import actions as community
from commons.community.models import Invitation, Message
from commons.conduct.models import ScreenedItem
from commons.conduct.moderation import (
    WAITING_MESSAGE,
    ScreeningBlock,
    ScreeningNotHeld,
    ScreeningNudge,
    approve_screened,
    reject_screened,
)
from commons.conduct.screening import add_watched_word
from commons.core.models import AuditEntry
from commons.events import actions as events
from commons.events.models import Event, EventStatus
from commons.members.actions import block_member, follow_member, update_profile
from commons.notifications.models import Notification
from commons.testing.factories import UserFactory

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
THREAT = "I know where you live and I will hurt you if you post that again."
DOXING = (
    "Call Dana Whitfield on (202) 456-1414, she lives at 1234 Oak Street, Springfield, IL 62704."
)
OWN_CONTACT = "Reach me on 202-456-1414 or at 1234 Oak Street, Springfield, IL 62704."


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True


@pytest.fixture
def sam(code):
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


def _item():
    return ScreenedItem.objects.get()


# --- profiles ---------------------------------------------------------------------------------


def test_update_profile_nudges_a_pitch_and_saves_nothing(sam):
    with pytest.raises(ScreeningNudge) as caught:
        update_profile(sam.profile, actor=sam, bio=PITCH)
    assert caught.value.clause.key == "professional.no-soliciting"
    sam.profile.refresh_from_db()
    assert sam.profile.bio == "" and not ScreenedItem.objects.exists()


def test_update_profile_anyway_saves_and_queues_it(sam):
    update_profile(sam.profile, actor=sam, bio=PITCH, post_anyway=True)
    sam.profile.refresh_from_db()
    item = _item()
    assert sam.profile.bio == PITCH
    assert (item.content, item.where, item.posted_anyway) == (sam.profile, "profile", True)
    assert AuditEntry.objects.filter(verb="conduct.screening.posted-anyway").exists()


def test_update_profile_refuses_a_threat_because_a_profile_cannot_wait(sam):
    with pytest.raises(ScreeningNotHeld) as caught:
        update_profile(sam.profile, actor=sam, headline=THREAT, post_anyway=True)
    assert caught.value.as_json()["can_post_anyway"] is False
    assert "moderator" in caught.value.messages[0]
    sam.profile.refresh_from_db()
    assert sam.profile.headline == "" and not ScreenedItem.objects.exists()


def test_update_profile_allows_own_contact_details(sam):
    update_profile(sam.profile, actor=sam, bio=OWN_CONTACT)
    sam.profile.refresh_from_db()
    assert sam.profile.bio == OWN_CONTACT and not ScreenedItem.objects.exists()


def test_update_profile_blocks_a_watched_word_with_the_reason(sam, moderator):
    add_watched_word(actor=moderator, category="harassment", phrase="pineapple", action="block")
    with pytest.raises(ScreeningBlock) as caught:
        update_profile(sam.profile, actor=sam, company="Pineapple Ltd", post_anyway=True)
    assert "cannot be published" in caught.value.messages[0]
    sam.profile.refresh_from_db()
    assert sam.profile.company == ""


def test_update_profile_screens_only_changed_text(sam, settings):
    settings.SCREENING_ENFORCED = False
    update_profile(sam.profile, actor=sam, bio=PITCH)
    settings.SCREENING_ENFORCED = True
    update_profile(sam.profile, actor=sam, bio=PITCH, headline="VP Sales at Acme")
    sam.profile.refresh_from_db()
    assert sam.profile.headline == "VP Sales at Acme" and not ScreenedItem.objects.exists()


def test_reject_screened_profile_clears_the_screened_text_and_keeps_the_snapshot(sam, moderator):
    update_profile(sam.profile, actor=sam, headline="VP Sales at Acme")
    update_profile(sam.profile, actor=sam, bio=PITCH, post_anyway=True)
    reject_screened(_item(), actor=moderator)
    sam.profile.refresh_from_db()
    assert (sam.profile.bio, sam.profile.headline) == ("", "VP Sales at Acme")
    assert _item().excerpt == PITCH
    entry = AuditEntry.objects.get(verb="members.profile.cleared")
    assert entry.data["fields"] == ["bio"]


def test_approve_screened_profile_keeps_it(sam, moderator):
    update_profile(sam.profile, actor=sam, bio=PITCH, post_anyway=True)
    approve_screened(_item(), actor=moderator)
    sam.profile.refresh_from_db()
    assert sam.profile.bio == PITCH and _item().review_state == "approved"


def test_profile_page_shows_the_nudge_then_saves_anyway(client, sam):
    client.force_login(sam)
    url = reverse("members:settings-profile")
    data = {
        "display_name": "Sam Okafor",
        "handle": sam.profile.handle,
        "bio": PITCH,
        "visibility": "members",
        "time_zone": "",
    }
    html = client.post(url, data).content.decode()
    assert "Before you save" in html and "No soliciting" in html and "Save anyway" in html
    sam.profile.refresh_from_db()
    assert sam.profile.bio == ""
    assert client.post(url, {**data, "post_anyway": "1"}).status_code == 302
    sam.profile.refresh_from_db()
    assert sam.profile.bio == PITCH and _item().posted_anyway


def test_profile_page_says_why_a_hold_is_refused(client, sam):
    client.force_login(sam)
    data = {
        "display_name": "Sam Okafor",
        "handle": sam.profile.handle,
        "headline": THREAT,
        "visibility": "members",
        "time_zone": "",
    }
    html = client.post(reverse("members:settings-profile"), data).content.decode()
    assert "cannot be saved as it is" in html and "Save anyway" not in html


# --- events -----------------------------------------------------------------------------------


def _event(actor, **overrides):
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    fields = {
        "actor": actor,
        "title": "Renewals roundtable",
        "description": "Bring one renewal story.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
    }
    return events.create_event(**{**fields, **overrides})


def test_create_event_nudges_a_pitch_and_writes_nothing(owner, code):
    with pytest.raises(ScreeningNudge):
        _event(owner, description=PITCH)
    assert not Event.objects.exists()


def test_create_event_anyway_publishes_and_queues_it(owner, code):
    event = _event(owner, description=PITCH, post_anyway=True)
    item = _item()
    assert (item.content, item.where, item.posted_anyway) == (event, "event", True)
    assert event.status == EventStatus.SCHEDULED


def test_create_event_refuses_a_threat_and_blocks_doxing(owner, code):
    with pytest.raises(ScreeningNotHeld):
        _event(owner, description=THREAT, post_anyway=True)
    with pytest.raises(ScreeningBlock):
        _event(owner, description=DOXING, post_anyway=True)
    assert not Event.objects.exists() and not ScreenedItem.objects.exists()


def test_create_event_screens_the_title(owner, code):
    with pytest.raises(ScreeningNudge):
        _event(owner, title="Book a demo today, use code SAVE20 for 20% off")


def test_edit_event_screens_a_changed_description_only(owner, code):
    event = _event(owner)
    events.edit_event(event, actor=owner, capacity=20)
    with pytest.raises(ScreeningNudge):
        events.edit_event(event, actor=owner, description=PITCH)
    event.refresh_from_db()
    assert event.description == "Bring one renewal story."
    events.edit_event(event, actor=owner, description=PITCH, post_anyway=True)
    assert _item().content == event


def test_reject_screened_event_cancels_it(owner, moderator, code):
    event = _event(owner, description=PITCH, post_anyway=True)
    reject_screened(_item(), actor=moderator)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.description == PITCH


def test_approve_screened_event_keeps_it(owner, moderator, code):
    event = _event(owner, description=PITCH, post_anyway=True)
    approve_screened(_item(), actor=moderator)
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_event_form_shows_the_nudge_then_publishes_anyway(client, owner, code):
    client.force_login(owner)
    start = datetime.now(UTC) + timedelta(days=3)
    data = {
        "title": "Renewals roundtable",
        "description": PITCH,
        "kind": "online",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "timezone": "UTC",
        "acknowledge_conduct": "on",
    }
    html = client.post(reverse("events:create"), data).content.decode()
    assert "Before you publish" in html and "Publish anyway" in html
    assert not Event.objects.exists()
    assert client.post(reverse("events:create"), {**data, "post_anyway": "1"}).status_code == 302
    assert _item().content == Event.objects.get()


# --- invitations ------------------------------------------------------------------------------


def test_invite_person_nudges_a_pitch_in_the_note(sam):
    with pytest.raises(ScreeningNudge):
        community.invite_person(inviter=sam, email="lee@example.org", note=PITCH)
    assert not Invitation.objects.exists()


def test_invite_person_anyway_sends_it_and_queues_it(sam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _ = community.invite_person(
            inviter=sam, email="lee@example.org", note=PITCH, post_anyway=True
        )
    assert len(mail.outbox) == 1
    item = _item()
    assert (item.content, item.where, item.posted_anyway) == (invitation, "message", True)


def test_invite_person_refuses_a_threat_because_the_email_cannot_wait(sam):
    with pytest.raises(ScreeningNotHeld):
        community.invite_person(inviter=sam, email="lee@example.org", note=THREAT, post_anyway=True)
    assert not Invitation.objects.exists()


def test_reject_screened_invitation_revokes_its_link(sam, moderator):
    invitation, _ = community.invite_person(
        inviter=sam, email="lee@example.org", note=PITCH, post_anyway=True
    )
    reject_screened(_item(), actor=moderator)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_invite_to_event_screens_the_note_and_may_send_anyway(owner, sam, code):
    event = _event(owner)
    with pytest.raises(ScreeningNudge):
        events.invite_to_event(event, actor=sam, email="lee@example.org", note=PITCH)
    invitation = events.invite_to_event(
        event, actor=sam, email="lee@example.org", note=PITCH, post_anyway=True
    )
    assert _item().content == invitation.community_invitation


def test_invitations_page_shows_the_nudge_then_sends_anyway(client, sam):
    client.force_login(sam)
    url = reverse("community:invitations")
    data = {"email": "lee@example.org", "note": PITCH}
    html = client.post(url, data).content.decode()
    assert "Before you send" in html and "Send anyway" in html
    assert not Invitation.objects.exists()
    assert client.post(url, {**data, "post_anyway": "1"}).status_code == 302
    assert Invitation.objects.get().note == PITCH


# --- direct messages --------------------------------------------------------------------------


@pytest.fixture
def lee(code, sam):
    """A member who follows Sam, so Sam may message them."""
    user = UserFactory(display_name="Lee Chen", email="lee@example.org")
    follow_member(sam, actor=user)
    return user


def _send(sam, lee, body, **kw):
    return community.send_message(sender=sam, recipient=lee, body=body, **kw)


def test_send_message_nudges_a_pitch_and_writes_nothing(sam, lee):
    with pytest.raises(ScreeningNudge):
        _send(sam, lee, PITCH)
    assert not Message.objects.exists()


def test_send_message_blocks_doxing(sam, lee):
    with pytest.raises(ScreeningBlock):
        _send(sam, lee, DOXING, post_anyway=True)
    assert not Message.objects.exists()


def test_send_message_anyway_delivers_and_queues_it(sam, lee):
    message = _send(sam, lee, PITCH, post_anyway=True)
    assert message.delivered and _item().content == message
    assert Notification.objects.filter(recipient=lee).exists()


def test_send_message_holds_a_threat_undelivered_and_unnotified(sam, lee):
    message = _send(sam, lee, THREAT)
    assert not message.delivered and message.screening_message == WAITING_MESSAGE
    assert not Notification.objects.filter(recipient=lee).exists()
    item = _item()
    assert (item.decision, item.posted_anyway, item.where) == ("hold", False, "message")


def test_held_message_does_not_let_the_recipient_answer_through_their_choice(sam, lee):
    _send(sam, lee, THREAT)
    assert not community.may_message(lee, sam)


def test_approve_held_message_delivers_and_notifies(sam, lee, moderator):
    message = _send(sam, lee, THREAT)
    approve_screened(_item(), actor=moderator)
    message.refresh_from_db()
    assert message.delivered
    assert Notification.objects.filter(recipient=lee, actor=sam).exists()


def test_approve_held_message_stays_undelivered_when_the_recipient_blocked_the_sender(
    sam, lee, moderator
):
    message = _send(sam, lee, THREAT)
    block_member(sam, actor=lee)
    approve_screened(_item(), actor=moderator)
    message.refresh_from_db()
    assert not message.delivered


def test_reject_held_message_keeps_it_undelivered(sam, lee, moderator):
    message = _send(sam, lee, THREAT)
    reject_screened(_item(), actor=moderator)
    message.refresh_from_db()
    assert not message.delivered and message.body == THREAT


def test_reject_posted_anyway_message_takes_it_out_of_the_recipients_sight(sam, lee, moderator):
    message = _send(sam, lee, PITCH, post_anyway=True)
    reject_screened(_item(), actor=moderator)
    message.refresh_from_db()
    assert not message.delivered
    assert AuditEntry.objects.filter(verb="community.message.hidden").exists()


def test_conversation_page_shows_the_nudge_then_sends_anyway(client, sam, lee):
    client.force_login(sam)
    url = reverse("community:conversation", args=[lee.profile.handle])
    html = client.post(url, {"body": PITCH}).content.decode()
    assert "Before you send" in html and "Send anyway" in html
    assert client.post(url, {"body": PITCH, "post_anyway": "1"}).status_code == 302
    assert Message.objects.get().delivered


def test_conversation_page_tells_the_sender_a_held_message_waits(client, sam, lee):
    client.force_login(sam)
    url = reverse("community:conversation", args=[lee.profile.handle])
    html = client.post(url, {"body": THREAT}, follow=True).content.decode()
    assert "waiting for a moderator" in html
    assert not Message.objects.get().delivered


def test_conversation_page_marks_a_held_message_for_its_sender_only(client, sam, lee):
    _send(sam, lee, THREAT)
    client.force_login(sam)
    html = client.get(reverse("community:conversation", args=[lee.profile.handle])).content
    assert b"Waiting for a moderator: it will be delivered" in html
    client.force_login(lee)
    html = client.get(reverse("community:conversation", args=[sam.profile.handle])).content
    assert b"Waiting for a moderator" not in html and b"I know where you live" not in html


def test_conversation_page_does_not_mark_a_message_undelivered_by_a_block(client, sam, lee):
    block_member(sam, actor=lee)
    lee.profile.who_may_message = "anyone"
    lee.profile.save(update_fields=["who_may_message"])
    _send(sam, lee, "Are you coming on Thursday?")
    client.force_login(sam)
    html = client.get(reverse("community:conversation", args=[lee.profile.handle])).content
    assert b"Are you coming" in html and b"Waiting for a moderator" not in html


def test_queue_lists_a_held_message_without_a_link(client, sam, lee, moderator):
    _send(sam, lee, THREAT)
    client.force_login(moderator)
    html = client.get(reverse("conduct:queue")).content.decode()
    assert "I know where you live" in html


def test_event_page_invitation_shows_the_nudge_then_sends_anyway(client, owner, sam, code):
    event = _event(owner)
    client.force_login(sam)
    url = reverse("events:invite", args=[event.pk])
    data = {"email": "lee@example.org", "note": PITCH}
    html = client.post(url, data).content.decode()
    assert "Before you send" in html and "Send anyway" in html
    assert client.post(url, {**data, "post_anyway": "1"}).status_code == 302
    assert _item().content == Invitation.objects.get()
