# ruff: noqa: F811  (pytest fixtures imported from report_fixtures)
"""An anonymous reporter has a thread like any party: the moderators can ask them questions, and
nothing they read (pages, API, timeline, audit, emails) names the member behind it."""

import pytest
from django.core import mail
from django.urls import reverse

from commons.core.models import AuditEntry
from commons.members.actions import create_api_token
from commons.notifications.models import Kind, Notification
from commons.safety import actions, queries
from commons.safety.models import CaseActivity, Party, PartyRole, ThreadMessage
from commons.testing.factories import UserFactory

from .report_fixtures import post, sam  # noqa: F401

SECRET_NAME = "Quinn Quietly"


@pytest.fixture
def quinn(code):
    return UserFactory(display_name=SECRET_NAME, email="quinn@example.org")


@pytest.fixture
def report(quinn, post):
    return actions.file_report(
        reporter=quinn,
        subject={"type": "post", "id": post.pk},
        clause_keys=["professional.no-harassment"],
        description="This keeps happening.",
        anonymous=True,
    )


@pytest.fixture
def party(report):
    return Party.objects.get(case=report.case, role=PartyRole.REPORTER)


def _secrets(quinn):
    return (SECRET_NAME, quinn.email, quinn.profile.handle)


def test_the_anonymous_reporters_party_names_no_one_but_reaches_the_member(party, quinn):
    assert (party.user, party.email, party.name) == (None, "", "Anonymous reporter")
    assert party.anonymous_member == quinn and party.member == quinn


def test_a_second_anonymous_report_on_the_case_keeps_one_thread(report, quinn, post):
    actions.file_report(
        reporter=quinn,
        subject={"type": "post", "id": post.pk},
        clause_keys=["professional.no-harassment"],
        anonymous=True,
    )

    assert Party.objects.filter(case=report.case, anonymous_member=quinn).count() == 1


def test_a_moderators_message_reaches_them_in_the_app_and_by_email(
    settings, moderator, party, quinn, django_capture_on_commit_callbacks
):
    settings.SAFETY_EMAIL = "safety@commons.example"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_thread_message(party, actor=moderator, body="When did it start?")

    notification = Notification.objects.get(recipient=quinn, kind=Kind.SAFETY_MESSAGE)
    assert notification.url == reverse("safety:my-thread", args=[party.pk])
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [quinn.email]
    assert email.reply_to == [f"safety+{party.reply_token}@commons.example"]
    assert "When did it start?" in email.body and "reported anonymously" in email.body


def test_acknowledging_the_case_tells_the_anonymous_reporter(moderator, party, quinn):
    actions.set_case_status(party.case, actor=moderator, status="acknowledged")

    assert (
        Notification.objects.filter(recipient=quinn, kind=Kind.SAFETY_REPORT)
        .filter(text__contains="looking at your report")
        .exists()
    )


def test_they_answer_on_the_web_and_the_moderators_see_no_name(client, moderator, party, quinn):
    actions.send_thread_message(party, actor=moderator, body="When did it start?")
    client.force_login(quinn)
    mine = client.get(reverse("safety:my-threads")).text
    assert party.case.reference in mine
    thread = client.get(reverse("safety:my-thread", args=[party.pk])).text
    assert "When did it start?" in thread and "never your name" in thread

    response = client.post(reverse("safety:my-thread", args=[party.pk]), {"body": "Last May."})

    assert response.status_code == 302
    message = ThreadMessage.objects.get(party=party, from_moderators=False)
    assert (message.body, message.author) == ("Last May.", None)
    assert AuditEntry.objects.get(verb="safety.thread.message-received").actor is None
    assert CaseActivity.objects.get(case=party.case, verb="message_received").actor is None
    client.force_login(moderator)
    thread = client.get(reverse("safety:case-thread", args=[party.case.pk, party.pk])).text
    case = client.get(reverse("safety:case", args=[party.case.pk])).text
    assert "Last May." in thread and "reported anonymously" in thread
    assert not any(secret in thread + case for secret in _secrets(quinn))


def test_their_answer_through_the_api_carries_no_author_for_the_moderators(
    client, moderator, party, quinn
):
    def call(user, method, path, data=None):
        token = create_api_token(user, actor=user, name="tests")[1]
        kwargs = {"headers": {"Authorization": f"Bearer {token}"}}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v1{path}", **kwargs)

    actions.send_thread_message(party, actor=moderator, body="Anything else?")
    items = call(quinn, "get", "/me/threads").json()["items"]
    assert [i["party_id"] for i in items] == [party.pk]

    sent = call(quinn, "post", f"/me/threads/{party.pk}/messages", {"body": "A screenshot."})

    assert sent.status_code == 201
    case = call(moderator, "get", f"/cases/{party.case.pk}").text
    assert "A screenshot." in case
    assert not any(secret in case for secret in _secrets(quinn))


def test_they_answer_by_email_from_their_own_address_only(moderator, party, quinn, sam):
    message = actions.receive_thread_email(
        reply_token=party.reply_token, from_email=quinn.email, body="By email."
    )
    assert (message.party, message.author) == (party, None)

    with pytest.raises(Exception, match="must come from the person"):
        actions.receive_thread_email(
            reply_token=party.reply_token, from_email=sam.email, body="Spoofed"
        )
    assert ThreadMessage.objects.filter(party=party).count() == 1


def test_nobody_else_reads_or_writes_their_thread(client, party, sam, member):
    client.force_login(sam)
    assert client.get(reverse("safety:my-thread", args=[party.pk])).status_code == 404
    assert (
        client.post(reverse("safety:my-thread", args=[party.pk]), {"body": "Hi"}).status_code == 404
    )
    assert list(queries.my_threads(member)) == []
    assert not ThreadMessage.objects.exists()


def test_the_migration_links_earlier_anonymous_reporters_to_their_members(report, quinn, post):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("commons.safety.migrations.0004_link_anonymous_reporters")
    second = UserFactory(display_name="Second Reporter")
    actions.file_report(
        reporter=second,
        subject={"type": "post", "id": post.pk},
        clause_keys=["professional.no-harassment"],
        anonymous=True,
    )
    Party.objects.update(anonymous_member=None)  # as every party was before the field

    migration.link_anonymous_reporters(apps, None)

    parties = Party.objects.filter(case=report.case, role=PartyRole.REPORTER).order_by("pk")
    assert [p.anonymous_member for p in parties] == [quinn, second]


def test_a_member_who_deleted_their_account_is_not_emailed(
    client, moderator, party, quinn, django_capture_on_commit_callbacks
):
    from commons.members.actions import delete_account
    from commons.testing.factories import PASSWORD

    delete_account(quinn, actor=quinn, password=PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_thread_message(party, actor=moderator, body="Are you still there?")

    assert mail.outbox == []
    client.force_login(moderator)
    page = client.get(reverse("safety:case-thread", args=[party.case.pk, party.pk])).text
    assert "deleted their account" in page
