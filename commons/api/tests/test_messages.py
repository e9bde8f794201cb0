"""Direct messages, invitations and notifications through the API."""

import re

import pytest
from django.core import mail

from commons.community import actions
from commons.community.models import Invitation, Message
from commons.members.actions import block_member, update_preferences
from commons.members.models import User
from commons.notifications.models import Notification
from commons.safety.models import Report
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _accepting_messages(member, sam):
    """Alex and Sam accept messages from any member (the default is people they follow)."""
    for user in (member, sam):
        update_preferences(user, actor=user, who_may_message="anyone")


def _send(api, to, body="Hello there", **kw):
    return api.post("/messages", {"to": to, "body": body}, **kw)


def _token(user):
    from commons.members.actions import create_api_token

    return create_api_token(user, actor=user, name="t")[1]


# sending


def test_message_send_by_id_returns_201(api, member, sam):
    response = _send(api, sam.pk)

    assert response.status_code == 201
    assert response.json()["to"]["handle"] == sam.profile.handle
    message = Message.objects.get(pk=response.json()["id"])
    assert (message.sender, message.recipient, message.delivered) == (member, sam, True)


def test_message_send_by_handle(api, member, sam):
    assert _send(api, f"@{sam.profile.handle}").status_code == 201
    assert _send(api, sam.profile.handle).status_code == 201
    assert Message.objects.filter(recipient=sam).count() == 2


def test_message_notifies_the_recipient(api, member, sam):
    _send(api, sam.pk)

    assert Notification.objects.filter(recipient=sam, kind="message").exists()


def test_message_unknown_recipient_is_400(api, member):
    response = _send(api, "nobody-here")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("to: ")


def test_message_to_yourself_is_400(api, member):
    assert _send(api, member.pk).status_code == 400
    assert not Message.objects.exists()


def test_message_empty_is_400_and_writes_nothing(api, member, sam):
    response = _send(api, sam.pk, body="   ")

    assert response.status_code == 400
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


def test_message_oversized_is_400(api, member, sam):
    assert _send(api, sam.pk, body="x" * 5001).status_code == 400
    assert not Message.objects.exists()


def test_message_to_someone_accepting_none_is_400(api, member, sam):
    update_preferences(sam, actor=sam, who_may_message="nobody")

    response = _send(api, sam.pk)

    assert response.status_code == 400
    assert "not accepting" in response.json()["detail"]
    assert not Message.objects.exists()


def test_message_by_default_only_from_people_they_follow(api, member):
    newcomer = UserFactory()

    refused = _send(api, newcomer.pk)
    api.post(f"/members/{member.pk}/follow", token=_token(newcomer))
    allowed = _send(api, newcomer.pk)

    assert (refused.status_code, allowed.status_code) == (400, 201)
    assert Message.objects.count() == 1


def test_message_without_current_conduct_is_403(api, token_for, sam):
    response = _send(api, sam.pk, token=token_for(UserFactory(accepted=False)))

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_message_body_is_sanitised(api, member, sam, sam_token):
    _send(api, sam.pk, body="<script>alert(1)</script> **hi**")

    html = api.get("/messages", token=sam_token).json()["items"][0]["body_html"]
    assert "<script" not in html and "<strong>hi</strong>" in html


# privacy


def test_messages_are_seen_by_both_people(api, member, sam, sam_token):
    _send(api, sam.pk, body="Coffee?")
    _send(api, member.pk, body="Sure!", token=sam_token)

    mine = [m["body_html"] for m in api.get("/messages").json()["items"]]
    theirs = [m["body_html"] for m in api.get("/messages", token=sam_token).json()["items"]]

    assert mine == theirs == ["<p>Sure!</p>\n", "<p>Coffee?</p>\n"]


def test_messages_are_never_shown_to_a_third_member(api, member, sam, token_for):
    _send(api, sam.pk, body="Just between us")
    third = token_for(UserFactory())

    assert api.get("/messages", token=third).json() == {"items": [], "count": 0}
    assert api.get(f"/messages?with={sam.pk}", token=third).json()["count"] == 0
    assert api.get("/messages/conversations", token=third).json()["count"] == 0
    assert "Just between us" not in api.get("/notifications", token=third).content.decode()


def test_message_report_by_a_third_member_is_refused(api, member, sam, token_for):
    message_id = _send(api, sam.pk, body="Private").json()["id"]

    response = api.post(
        "/reports",
        {"subject": {"type": "message", "id": message_id}, "reason": "harassment"},
        token=token_for(UserFactory()),
    )

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_message_report_by_the_recipient_keeps_a_snapshot(api, member, sam, sam_token):
    message_id = _send(api, sam.pk, body="Buy my tool").json()["id"]

    response = api.post(
        "/reports",
        {"subject": {"type": "message", "id": message_id}, "reason": "unsolicited_pitch"},
        token=sam_token,
    )

    assert response.status_code == 201
    assert Report.objects.get().snapshot["body"] == "Buy my tool"


def test_messages_with_filters_one_conversation(api, member, sam):
    other = UserFactory()
    _send(api, sam.pk, body="To Sam")
    _send(api, other.pk, body="To other")

    items = api.get(f"/messages?with={sam.profile.handle}").json()["items"]

    assert [m["recipient"]["id"] for m in items] == [sam.pk]


def test_messages_list_query_count_is_constant(api, member):
    def make(n):
        for _ in range(n):
            actions.send_message(sender=UserFactory(), recipient=member, body="Hi")

    assert_constant_queries(make, lambda: api.get("/messages"))


def test_conversations_query_count_is_constant(api, member):
    def make(n):
        for _ in range(n):
            actions.send_message(sender=UserFactory(), recipient=member, body="Hi")

    assert_constant_queries(make, lambda: api.get("/messages/conversations"))


def test_conversations_show_unread_until_read(api, member, sam, sam_token):
    _send(api, member.pk, body="Ping", token=sam_token)

    before = api.get("/messages/conversations").json()["items"]
    marked = api.post("/messages/read", {"with_member": sam.pk}).json()
    after = api.get("/messages/conversations").json()["items"]

    assert [(c["with_member"]["id"], c["unread"]) for c in before] == [(sam.pk, True)]
    assert marked == {"marked": 1}
    assert after[0]["unread"] is False


# blocks


def test_block_message_from_blocked_member_is_not_delivered_but_sender_gets_201(
    api, member, sam, sam_token
):
    block_member(sam, actor=member)

    response = _send(api, member.pk, body="Are you there?", token=sam_token)

    assert response.status_code == 201
    assert set(response.json()) == {"id", "to", "created_at", "status"}
    assert response.json()["status"] == "sent"  # the same answer as to anyone else
    assert api.get("/messages").json()["count"] == 0
    assert not Notification.objects.filter(recipient=member).exists()
    # the sender sees their own message as sent, as always
    assert api.get("/messages", token=sam_token).json()["count"] == 1


def test_block_hides_earlier_messages_from_the_blocked_member(api, member, sam, sam_token):
    _send(api, member.pk, body="Before the block", token=sam_token)

    api.post(f"/members/{sam.pk}/block")

    assert api.get("/messages").json()["count"] == 0
    assert api.get("/messages/conversations").json()["count"] == 0


@pytest.mark.parametrize("choice", ["anyone", "following", "nobody"])
def test_block_answer_is_what_any_stranger_gets(api, member, sam, sam_token, choice):
    third = UserFactory()
    for user in (member, third):
        update_preferences(user, actor=user, who_may_message=choice)
    block_member(sam, actor=member)

    blocked = _send(api, member.pk, token=sam_token)
    stranger = _send(api, third.pk, token=sam_token)

    assert blocked.status_code == stranger.status_code == (201 if choice == "anyone" else 400)
    assert set(blocked.json()) == set(stranger.json())
    assert not Message.objects.filter(recipient=member, delivered=True).exists()


# invitations


def test_invitation_create_returns_201_and_emails_a_link(
    api, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/invitations", {"email": "friend@example.org", "note": "Join us!"})

    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["status"], body["note"]) == (
        "friend@example.org",
        "open",
        "Join us!",
    )
    assert body["inviter"]["id"] == member.pk and body["invitee"] is None
    assert [m.to for m in mail.outbox] == [["friend@example.org"]]
    assert "Join us!" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("email", "field"), [("not-an-email", "email"), ("sam@example.org", "email")]
)
def test_invitation_bad_email_is_400_and_writes_nothing(api, member, sam, email, field):
    response = api.post("/invitations", {"email": email})

    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}: ")
    assert not Invitation.objects.exists()


def test_invitation_without_current_conduct_is_403(api, token_for, code):
    response = api.post(
        "/invitations", {"email": "x@example.org"}, token=token_for(UserFactory(accepted=False))
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitation_is_single_use(api, member, owner_token, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post("/invitations", {"email": "friend@example.org"})
    token = re.search(r"/invite/([^/\s]+)/", mail.outbox[0].body).group(1)
    signup = {"password": "a-long-and-unusual-pass-2026", "conduct_version": 1, "invitation": token}

    first = api.post(
        "/auth/signup",
        {**signup, "email": "friend@example.org", "display_name": "Fran Friend"},
        token="",
    )
    second = api.post(
        "/auth/signup",
        {**signup, "email": "other@example.org", "display_name": "Otto Other"},
        token="",
    )

    assert (first.status_code, first.json()["invitation_accepted"]) == (201, True)
    assert (second.status_code, second.json()["invitation_accepted"]) == (201, False)
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == User.objects.get(email="friend@example.org")
    everyone = api.get("/invitations", token=owner_token).json()["items"]
    assert [(i["inviter"]["id"], i["invitee"]["display_name"], i["status"]) for i in everyone] == [
        (member.pk, "Fran Friend", "accepted")
    ]


def test_invitations_list_shows_mine_only_to_members(api, member, sam, sam_token):
    actions.invite_person(inviter=member, email="a@example.org", note="Private note")
    actions.invite_person(inviter=sam, email="b@example.org")

    mine = api.get("/invitations").json()
    theirs = api.get("/invitations", token=sam_token).json()

    assert [i["email"] for i in mine["items"]] == ["a@example.org"]
    assert [i["email"] for i in theirs["items"]] == ["b@example.org"]


def test_invitations_owner_sees_everyone_but_not_the_notes(api, member, sam, owner_token):
    actions.invite_person(inviter=member, email="a@example.org", note="Private note")
    actions.invite_person(inviter=sam, email="b@example.org")

    body = api.get("/invitations", token=owner_token).json()

    assert body["count"] == 2
    assert {i["inviter"]["id"] for i in body["items"]} == {member.pk, sam.pk}
    assert {i["note"] for i in body["items"]} == {None}


def test_invitations_list_query_count_is_constant(api, owner_token, code):
    def make(n):
        for _ in range(n):
            actions.invite_person(
                inviter=UserFactory(), email=f"p{Invitation.objects.count()}@x.org"
            )

    assert_constant_queries(make, lambda: api.get("/invitations", token=owner_token))


# notifications


def test_notifications_list_my_own(api, member, sam, sam_token):
    post = actions.create_post(
        author=member, kind="question", title="Help?", body="How do you run a renewal call?"
    )
    api.post(f"/posts/{post.pk}/comments", {"body": "Here you go"}, token=sam_token)

    body = api.get("/notifications").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert (item["kind"], item["actor"]["id"], item["read"]) == ("reply", sam.pk, False)
    assert api.get("/notifications", token=sam_token).json()["count"] == 0


def test_notifications_mark_read(api, member, sam):
    post = actions.create_post(
        author=member, kind="question", title="Help?", body="How do you run a renewal call?"
    )
    for n in range(2):
        actions.create_comment(post, author=sam, body=f"Answer {n}")
    first = Notification.objects.filter(recipient=member).order_by("pk").first()

    assert api.post("/notifications/read", {"ids": [first.pk]}).json() == {"marked": 1}
    assert api.get("/notifications?unread=true").json()["count"] == 1
    assert api.post("/notifications/read").json() == {"marked": 1}
    assert api.get("/notifications?unread=true").json()["count"] == 0


def test_notifications_mark_read_of_someone_elses_changes_nothing(api, member, sam):
    post = actions.create_post(
        author=sam, kind="question", title="Help?", body="How do you run a renewal call?"
    )
    actions.create_comment(post, author=member, body="Answer")
    theirs = Notification.objects.get(recipient=sam)

    assert api.post("/notifications/read", {"ids": [theirs.pk]}).json() == {"marked": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_notifications_query_count_is_constant(api, member):
    post = actions.create_post(
        author=member, kind="question", title="Help?", body="How do you run a renewal call?"
    )

    def make(n):
        for _ in range(n):
            actions.create_comment(post, author=UserFactory(), body="Answer")

    assert_constant_queries(make, lambda: api.get("/notifications"))
