"""A member's own data, downloaded; and deleting their account: what goes, what stays, who may."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commons.community import actions as community
from commons.community.models import (
    Comment,
    ContentStatus,
    Mention,
    MentionStatus,
    Post,
    Topic,
    TopicFollow,
)
from commons.core.models import AuditEntry
from commons.events import actions as events
from commons.events.models import Rsvp, RsvpStatus
from commons.members import actions
from commons.members.models import ApiToken, Follow, IdentityOption, SelfIdentification, User
from commons.notifications.models import Notification
from commons.safety import actions as safety
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HARASSMENT = "professional.no-harassment"


@pytest.fixture
def sam(code, member):
    sam = UserFactory(display_name="Sam Okafor", email="sam@example.org")
    for person in (sam, member):  # they may message each other
        actions.update_preferences(person, actor=person, who_may_message="anyone")
    return sam


def _post(author, title="Discovery questions that work", body="Ask about the last renewal."):
    return community.create_post(author=author, kind="insight", title=title, body=body)


def _event(host, capacity=None):
    start = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    return events.create_event(
        actor=host,
        title="Renewals roundtable",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=capacity,
    )


# --- download ------------------------------------------------------------------------------------


def test_export_holds_the_members_own_data_from_every_app(member, sam, owner):
    option = IdentityOption.objects.filter(is_active=True).first()
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=False, option_ids=[option.pk]
    )
    post = _post(member)
    community.create_comment(post, author=sam, body="Useful, thanks.")
    community.send_message(sender=member, recipient=sam, body="Coffee next week?")
    community.send_message(sender=sam, recipient=member, body="Yes, Tuesday.")
    events.rsvp(_event(owner), actor=member, status="going", acknowledge_conduct=True)
    safety.file_report(
        reporter=member, subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
    )

    data = actions.export_personal_data(member, actor=member)

    assert data["account"]["email"] == member.email
    assert data["profile"]["display_name"] == "Alex Rivera"
    assert data["self_identification"]["groups"] == [option.label]
    assert [p["title"] for p in data["community"]["posts"]] == [post.title]
    assert [m["body"] for m in data["community"]["messages"]] == [
        "Coffee next week?",
        "Yes, Tuesday.",
    ]
    assert [r["status"] for r in data["events"]["rsvps"]] == ["going"]
    assert [a["version"] for a in data["conduct"]] == [1]
    assert data["safety"]["reports_filed"][0]["status"] == "received"
    assert {"reply", "message"} <= {n["kind"] for n in data["notifications"]}
    json.dumps(data)  # one JSON document


def test_export_leaves_out_what_is_not_theirs_to_see(member, sam):
    sams_post = _post(sam, title="Pricing pages")
    mine = _post(member)
    safety.file_report(  # sam reports the member: never in the member's download
        reporter=sam,
        subject={"type": "post", "id": mine.pk},
        clause_keys=[HARASSMENT],
        description="Sam's private words",
    )
    actions.block_member(sam, actor=member)  # they blocked sam: sam's message is never delivered
    community.send_message(sender=sam, recipient=member, body="Never delivered")

    text = json.dumps(actions.export_personal_data(member, actor=member))

    assert "Sam's private words" not in text and "sam@example.org" not in text
    assert "Never delivered" not in text and sams_post.title not in text


def test_export_is_for_the_member_alone_and_audited(member, sam):
    with pytest.raises(PermissionDenied):
        actions.export_personal_data(member, actor=sam)

    actions.export_personal_data(member, actor=member)

    entry = AuditEntry.objects.get(verb="members.data.exported")
    assert entry.actor == member and "Alex" not in json.dumps(entry.data)


def test_export_runs_the_same_queries_for_1_and_20_items(member, sam, owner):
    def make(n):
        for i in range(n):
            _post(member, title=f"Post number {i}")
            community.send_message(sender=member, recipient=sam, body=f"Note {i}")
            events.rsvp(_event(owner), actor=member, status="interested")

    assert_constant_queries(make, lambda: actions.export_personal_data(member, actor=member))


# --- deleting the account ------------------------------------------------------------------------


def test_delete_account_with_a_wrong_password_changes_nothing(member):
    audit = AuditEntry.objects.count()

    with pytest.raises(ValidationError, match="not your password"):
        actions.delete_account(member, actor=member, password="guess")

    member.refresh_from_db()
    assert member.is_active and member.deleted_at is None
    assert AuditEntry.objects.count() == audit


def test_delete_account_is_for_the_member_alone(member, owner):
    with pytest.raises(PermissionDenied):
        actions.delete_account(member, actor=owner, password=PASSWORD)


def test_the_last_owner_cannot_delete_their_account(owner, code):
    with pytest.raises(ValidationError, match="only owner"):
        actions.delete_account(owner, actor=owner, password=PASSWORD)

    UserFactory(owner=True)
    actions.delete_account(owner, actor=owner, password=PASSWORD)
    owner.refresh_from_db()
    assert owner.deleted_at is not None


def test_delete_account_removes_what_identifies_them_and_keeps_what_they_wrote(client, member, sam):
    address = member.email
    client.force_login(member)
    option = IdentityOption.objects.filter(is_active=True).first()
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=False, option_ids=[option.pk]
    )
    actions.create_api_token(member, actor=member, name="crm")
    actions.follow_member(sam, actor=member)
    actions.follow_member(member, actor=sam)
    topic = Topic.objects.create(slug="renewals", name="Renewals")
    community.follow_topic(topic, actor=member)
    post = _post(member)
    community.create_comment(post, author=sam, body="Great.")  # notifies the member

    counts = actions.delete_account(member, actor=member, password=PASSWORD)

    member.refresh_from_db()
    profile = member.profile
    assert (member.is_active, member.has_usable_password()) == (False, False)
    assert member.email != address and address not in json.dumps(counts)
    assert member.deleted_at is not None
    assert (profile.display_name, profile.bio, profile.links) == ("Former member", "", [])
    assert not EmailAddress.objects.filter(email__iexact=address).exists()
    assert not SelfIdentification.objects.filter(user=member).exists()
    assert not ApiToken.objects.filter(user=member).exists()
    assert not Follow.objects.filter(follower=member).exists()
    assert not Follow.objects.filter(followee=member).exists()
    assert not TopicFollow.objects.filter(user=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert "_auth_user_id" not in client.session
    assert Post.objects.get(pk=post.pk).status == ContentStatus.PUBLISHED
    entry = AuditEntry.objects.get(verb="members.account.deleted")
    assert entry.actor == member and entry.data["apps"]["notifications"]["notifications"] == 1
    assert User.objects.filter(email__iexact=address).count() == 0  # the address may join again


def test_delete_account_with_content_deletes_posts_and_replies(member, sam):
    post = _post(member)
    reply = community.create_comment(
        _post(sam, title="Objection handling"), author=member, body="Agreed."
    )

    actions.delete_account(member, actor=member, password=PASSWORD, delete_content=True)

    assert Post.objects.get(pk=post.pk).status == ContentStatus.DELETED
    assert Comment.objects.get(pk=reply.pk).status == ContentStatus.DELETED


def test_delete_account_gives_their_place_at_a_coming_event_to_the_waitlist(member, sam, owner):
    event = _event(owner, capacity=1)
    events.rsvp(event, actor=member, status="going", acknowledge_conduct=True)
    events.rsvp(event, actor=sam, status="going", acknowledge_conduct=True)

    actions.delete_account(member, actor=member, password=PASSWORD)

    assert Rsvp.objects.get(event=event, user=member).status == RsvpStatus.NOT_GOING
    assert Rsvp.objects.get(event=event, user=sam).status == RsvpStatus.GOING


def test_delete_account_revokes_invitations_not_yet_used(member):
    from commons.community.models import Invitation

    community.invite_person(inviter=member, email="friend@example.net", note="Join us.")

    counts = actions.delete_account(member, actor=member, password=PASSWORD)

    assert Invitation.objects.get(email="friend@example.net").revoked_at is not None
    assert counts["apps"]["community"]["invitations"] == 1
    assert AuditEntry.objects.filter(verb="community.invitation.revoked", actor=member).exists()


def test_delete_account_ends_tags_of_them(member, sam):
    from commons.members.actions import update_preferences

    update_preferences(member, actor=member, who_may_tag="anyone")
    linked = _post(
        sam, title="Thanks @" + member.profile.handle, body=f"Thanks @{member.profile.handle}"
    )
    assert Mention.objects.get(post=linked).status == MentionStatus.LINKED

    actions.delete_account(member, actor=member, password=PASSWORD)

    assert Mention.objects.get(post=linked).status == MentionStatus.REMOVED
    assert f"/members/@{member.profile.handle}/" not in Post.objects.get(pk=linked.pk).body_html


def test_a_deleted_account_cannot_be_deleted_again(member):
    actions.delete_account(member, actor=member, password=PASSWORD)
    member.refresh_from_db()

    with pytest.raises(ValidationError, match="already closed"):
        actions.delete_account(member, actor=member, password=PASSWORD)


# --- the pages -----------------------------------------------------------------------------------


def test_data_page_downloads_a_json_file(member_client, member):
    page = member_client.get(reverse("members:settings-data")).text
    assert "Download my data" in page and "Delete my account" in page

    response = member_client.post(reverse("members:download-data"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["email"] == member.email


def test_download_needs_a_post(member_client):
    assert member_client.get(reverse("members:download-data")).status_code == 405


def test_delete_page_refuses_without_the_tick_and_with_a_wrong_password(member_client, member):
    url = reverse("members:settings-data")
    unticked = member_client.post(url, {"password": PASSWORD}).text
    wrong = member_client.post(url, {"password": "nope", "understood": "on"}).text

    assert "Tick this to confirm" in unticked
    assert "not your password" in wrong
    member.refresh_from_db()
    assert member.is_active


def test_delete_page_deletes_and_logs_out(member_client, member):
    response = member_client.post(
        reverse("members:settings-data"), {"password": PASSWORD, "understood": "on"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.deleted_at is not None
    assert "_auth_user_id" not in member_client.session


# --- the API -------------------------------------------------------------------------------------


def test_api_downloads_my_data(api, member):
    body = api.get("/me/data").json()

    assert body["account"]["email"] == member.email and "safety" in body


def test_api_delete_with_a_wrong_password_is_a_4xx_with_the_reason(api, member):
    response = api.post("/me/delete", {"password": "nope"})

    assert response.status_code == 400
    assert "not your password" in response.text
    member.refresh_from_db()
    assert member.is_active


def test_api_delete_deletes_and_the_token_stops_working(api, member):
    response = api.post("/me/delete", {"password": PASSWORD, "delete_content": True})

    assert response.status_code == 200 and response.json() == {"deleted": True}
    assert api.get("/me").status_code == 401


def test_posts_of_a_former_member_name_them_without_a_link(client, member, sam):
    post = _post(member)
    actions.delete_account(member, actor=member, password=PASSWORD)
    member.refresh_from_db()
    client.force_login(sam)

    page = client.get(reverse("community:post", args=[post.pk])).text
    feed = client.get("/").text + client.get(reverse("community:feed")).text

    assert "Former member" in page
    assert f"/members/@{member.profile.handle}/" not in page + feed


def test_a_former_members_posts_stay_findable_but_a_removed_members_do_not(client, member, sam):
    from commons.community.queries import visible_posts

    post = _post(member, title="Multithreading enterprise deals")
    removed = _post(sam, title="Multithreading small deals")
    actions.delete_account(member, actor=member, password=PASSWORD)
    User.objects.filter(pk=sam.pk).update(is_active=False)  # as a removal leaves it

    assert list(visible_posts(None).values_list("pk", flat=True)) == [post.pk]
    found = client.get(reverse("community:search"), {"q": "multithreading"}).text
    assert "Multithreading enterprise deals" in found
    assert "Multithreading small deals" not in found
    assert client.get(reverse("community:post", args=[removed.pk])).status_code == 404


def _with_avatar(member):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    profile = actions.update_profile(member.profile, actor=member, avatar=upload)
    return profile.avatar.storage, profile.avatar.name


def test_the_photo_file_goes_once_the_deletion_is_committed(
    member, django_capture_on_commit_callbacks
):
    storage, name = _with_avatar(member)

    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(member, actor=member, password=PASSWORD)

    assert not storage.exists(name)
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_a_deletion_rolled_back_keeps_the_photo(member, monkeypatch):
    from django.db import transaction

    storage, name = _with_avatar(member)
    monkeypatch.setattr(actions, "record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError))

    with pytest.raises(RuntimeError), transaction.atomic():
        actions.delete_account(member, actor=member, password=PASSWORD)

    assert storage.exists(name)
    member.refresh_from_db()
    assert member.is_active and member.profile.avatar.name == name
