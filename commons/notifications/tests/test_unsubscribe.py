"""One-click unsubscribe from notification emails: signed per member, a page for people and a POST
for mail clients (RFC 8058), audited as the member's own preference change."""

import re

import pytest
from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from commons.core.models import AuditEntry
from commons.notifications import unsubscribe
from commons.notifications.actions import notify
from commons.notifications.emails import send_digests

pytestmark = pytest.mark.django_db


def _emailed(user, settings):
    settings.SITE_URL = "https://commons.example"
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        notify(user, kind="reply", text="Sam replied", url="/posts/1/")


def _path(user) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe.token_for(user)])


def test_every_notification_email_carries_the_one_click_headers_and_link(
    member, mailoutbox, settings
):
    _emailed(member, settings)

    email = mailoutbox[0]
    url = unsubscribe.url_for(member)
    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body


def test_the_digest_carries_them_too(member, mailoutbox, settings):
    from commons.members.actions import update_preferences

    update_preferences(member, actor=member, email_notifications="daily")
    _emailed(member, settings)
    send_digests()

    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.url_for(member) in mailoutbox[0].body


def test_opening_the_link_changes_nothing_until_the_button(client, member, settings):
    _emailed(member, settings)  # a notification, so the preference is the default
    path = _path(member)

    page = client.get(path)

    assert page.status_code == 200 and "Stop notification emails" in page.text
    member.profile.refresh_from_db()
    assert member.profile.email_notifications == "immediate"


def test_a_mail_clients_one_click_post_turns_emails_off_and_is_audited(
    client, member, mailoutbox, settings
):
    path = _path(member)

    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.email_notifications == "off"
    entry = AuditEntry.objects.get(verb="members.preferences.updated")
    assert entry.actor == member and entry.data == {"email_notifications": "off"}
    mailoutbox.clear()
    _emailed(member, settings)
    assert mailoutbox == []


def test_a_second_post_writes_nothing_more(client, member):
    path = _path(member)
    client.post(path)
    client.post(path)

    assert AuditEntry.objects.filter(verb="members.preferences.updated").count() == 1


def test_an_altered_token_is_404(client, member):
    token = unsubscribe.token_for(member)
    altered = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)

    assert client.post(f"/notifications/unsubscribe/{altered}/").status_code == 404
    assert client.get("/notifications/unsubscribe/not-a-token/").status_code == 404
    member.profile.refresh_from_db()
    assert member.profile.email_notifications == "immediate"


def test_a_closed_account_link_is_404(client, member):
    from commons.members.actions import delete_account
    from commons.testing.factories import PASSWORD

    path = _path(member)
    delete_account(member, actor=member, password=PASSWORD)

    assert client.post(path).status_code == 404
