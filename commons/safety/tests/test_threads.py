# ruff: noqa: F811  (pytest fixtures imported from case_helpers)
"""Private threads: each party has their own with the moderators and sees only it; moderators'
messages go by email with a Reply-To of the thread and in the app; replies by email land back."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from commons.core.models import AuditEntry
from commons.notifications.models import Kind, Notification
from commons.safety import actions, queries
from commons.safety.models import CaseStatus, PartyRole, ThreadMessage
from commons.testing.assertions import assert_constant_queries

from .case_helpers import make_case, mod2, party_of, reporter, respondent  # noqa: F401


@pytest.fixture
def case(moderator, reporter, respondent):
    return make_case(actor=moderator, reporter=reporter, respondent=respondent)


def _send(party, actor, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.send_thread_message(party, actor=actor, body=body)


# --- moderators write -------------------------------------------------------------------------


def test_send_thread_message_emails_the_party_with_the_thread_reply_to(
    settings, moderator, case, reporter, django_capture_on_commit_callbacks
):
    settings.SAFETY_EMAIL = "safety@commons.example"
    party = party_of(case, PartyRole.REPORTER)
    _send(
        party, moderator, "Could you tell us when it happened?", django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [reporter.email]
    assert email.reply_to == [f"safety+{party.reply_token}@commons.example"]
    assert "Could you tell us when it happened?" in email.body
    assert case.reference in email.subject


def test_send_thread_message_notifies_a_member_in_the_app_once(
    moderator, case, reporter, django_capture_on_commit_callbacks
):
    party = party_of(case, PartyRole.REPORTER)
    _send(party, moderator, "Hello", django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=reporter, kind=Kind.SAFETY_MESSAGE)
    assert notification.url == reverse("safety:my-thread", args=[party.pk])
    assert len(mail.outbox) == 1  # the thread email, not a second notification email


def test_send_thread_message_emails_a_party_without_an_account(
    moderator, respondent, django_capture_on_commit_callbacks
):
    case = make_case(actor=moderator, respondent=respondent, contact_email="pat@example.net")
    party = party_of(case, PartyRole.REPORTER)
    _send(party, moderator, "Thanks for writing.", django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["pat@example.net"]
    assert not Notification.objects.filter(kind=Kind.SAFETY_MESSAGE).exists()


def test_first_moderator_message_moves_the_case_to_in_conversation(moderator, case):
    actions.send_thread_message(party_of(case, PartyRole.RESPONDENT), actor=moderator, body="Hi")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_CONVERSATION
    assert case.first_response_at is None  # the respondent is not the reporter


def test_first_message_to_the_reporter_is_the_first_response(moderator, case):
    actions.send_thread_message(party_of(case, PartyRole.REPORTER), actor=moderator, body="Hi")
    case.refresh_from_db()
    assert case.first_response_at is not None


def test_send_thread_message_is_audited_without_the_text(moderator, case):
    party = party_of(case, PartyRole.REPORTER)
    message = actions.send_thread_message(party, actor=moderator, body="Private words")
    entry = AuditEntry.objects.get(verb="safety.thread.message-sent")
    assert entry.target_id == str(message.pk) and "Private words" not in str(entry.data)


def test_a_failed_email_keeps_the_message(
    settings, moderator, case, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "commons.safety.tests.test_threads.BrokenBackend"
    party = party_of(case, PartyRole.REPORTER)
    _send(party, moderator, "Still here", django_capture_on_commit_callbacks)
    assert ThreadMessage.objects.filter(party=party, body="Still here").exists()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_send_thread_message_refuses_a_recused_moderator_and_other_members(
    mod2, member, respondent, case
):
    from commons.safety.models import Recusal

    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    party = party_of(case, PartyRole.REPORTER)
    for person in (mod2, member, respondent):
        with pytest.raises(PermissionDenied):
            actions.send_thread_message(party, actor=person, body="Let me in")
    assert not ThreadMessage.objects.exists()


def test_send_thread_message_refuses_an_empty_or_huge_body(moderator, case):
    party = party_of(case, PartyRole.REPORTER)
    for body in ("   ", "x" * 10001):
        with pytest.raises(ValidationError):
            actions.send_thread_message(party, actor=moderator, body=body)


def test_moderator_thread_page_sends_and_is_audited(client, moderator, case):
    party = party_of(case, PartyRole.RESPONDENT)
    client.force_login(moderator)
    url = reverse("safety:case-thread", args=[case.pk, party.pk])
    assert client.post(url, {"body": "We need to talk."}).status_code == 302
    html = client.get(url).content.decode()
    assert "We need to talk." in html
    assert AuditEntry.objects.filter(
        verb="safety.case.viewed", data={"part": f"thread:{party.pk}"}
    ).exists()


# --- parties read and reply -------------------------------------------------------------------


def test_a_party_sees_only_their_own_thread(client, moderator, case, reporter, respondent):
    to_reporter = party_of(case, PartyRole.REPORTER)
    to_respondent = party_of(case, PartyRole.RESPONDENT)
    actions.send_thread_message(to_reporter, actor=moderator, body="For the reporter only")
    actions.send_thread_message(to_respondent, actor=moderator, body="For the respondent only")
    client.force_login(respondent)
    mine = client.get(reverse("safety:my-thread", args=[to_respondent.pk])).content.decode()
    assert "For the respondent only" in mine and "For the reporter only" not in mine
    assert "Rita" not in mine and "Morgan" not in mine  # neither reporter nor moderator named
    assert client.get(reverse("safety:my-thread", args=[to_reporter.pk])).status_code == 404
    listing = client.get(reverse("safety:my-threads")).content.decode()
    assert case.reference in listing
    assert [p.pk for p in queries.my_threads(respondent)] == [to_respondent.pk]


def test_thread_for_is_404_for_someone_not_a_party(member, reporter, case):
    assert queries.thread_for(reporter, case.pk).role == PartyRole.REPORTER
    with pytest.raises(Http404):
        queries.thread_for(member, case.pk)


def test_a_party_replies_in_their_thread_and_the_assignee_is_told(
    client, moderator, case, respondent
):
    actions.assign_case(case, actor=moderator, assignee=moderator)
    party = party_of(case, PartyRole.RESPONDENT)
    client.force_login(respondent)
    response = client.post(reverse("safety:my-thread", args=[party.pk]), {"body": "My side."})
    assert response.status_code == 302
    message = ThreadMessage.objects.get(party=party)
    assert (message.from_moderators, message.author, message.via) == (False, respondent, "web")
    assert Notification.objects.filter(recipient=moderator, kind=Kind.SAFETY_MESSAGE).exists()


def test_my_threads_page_needs_a_login(client):
    assert client.get(reverse("safety:my-threads")).status_code == 302


def test_my_threads_page_runs_the_same_queries_for_1_and_20_threads(
    client, moderator, reporter, respondent
):
    client.force_login(reporter)

    def make(n):
        for _ in range(n):
            case = make_case(actor=moderator, reporter=reporter, respondent=respondent)
            actions.send_thread_message(
                party_of(case, PartyRole.REPORTER), actor=moderator, body="Hi"
            )

    assert_constant_queries(make, lambda: client.get(reverse("safety:my-threads")))


# --- replies by email -------------------------------------------------------------------------


def test_receive_thread_email_lands_in_the_thread(moderator, case, reporter):
    party = party_of(case, PartyRole.REPORTER)
    message = actions.receive_thread_email(
        reply_token=party.reply_token,
        from_email=f"Rita <{reporter.email.upper()}>",
        body="Replying by email.",
    )
    assert (message.party, message.via, message.from_moderators) == (party, "email", False)
    assert message.author == reporter
    assert AuditEntry.objects.filter(verb="safety.thread.message-received").exists()


def test_receive_thread_email_works_for_a_party_without_an_account(moderator, respondent):
    case = make_case(actor=moderator, respondent=respondent, contact_email="pat@example.net")
    party = party_of(case, PartyRole.REPORTER)
    message = actions.receive_thread_email(
        reply_token=party.reply_token, from_email="pat@example.net", body="From Pat"
    )
    assert (message.author, message.party) == (None, party)


def test_receive_thread_email_refuses_an_unknown_token(case):
    with pytest.raises(ValidationError):
        actions.receive_thread_email(reply_token="nope", from_email="x@example.org", body="Hi")
    assert not ThreadMessage.objects.exists()


def test_receive_thread_email_refuses_a_sender_who_is_not_the_party(case, respondent):
    party = party_of(case, PartyRole.REPORTER)
    with pytest.raises(ValidationError):
        actions.receive_thread_email(
            reply_token=party.reply_token, from_email=respondent.email, body="Spoofed"
        )
    assert not ThreadMessage.objects.exists()


def test_an_email_reply_round_trip_through_the_reply_to(
    settings, moderator, case, reporter, django_capture_on_commit_callbacks
):
    party = party_of(case, PartyRole.REPORTER)
    _send(party, moderator, "Question", django_capture_on_commit_callbacks)
    reply_to = mail.outbox[0].reply_to[0]
    token = reply_to.split("@")[0].split("+", 1)[1]
    actions.receive_thread_email(reply_token=token, from_email=reporter.email, body="Answer")
    assert [m.body for m in ThreadMessage.objects.filter(party=party)] == ["Question", "Answer"]


def test_the_respondents_email_and_notification_name_no_reporter_and_quote_no_report(
    moderator, case, reporter, respondent, django_capture_on_commit_callbacks
):
    actions.add_case_note(case, actor=moderator, body="Rita seems credible")
    _send(
        party_of(case, PartyRole.RESPONDENT),
        moderator,
        "Please tell us your side.",
        django_capture_on_commit_callbacks,
    )
    email = mail.outbox[0]
    text = f"{email.subject}\n{email.body}"
    for secret in ("Rita", reporter.email, "It happened in the thread.", "credible", "Morgan"):
        assert secret not in text
    notification = Notification.objects.get(recipient=respondent)
    assert "Rita" not in notification.text and "Morgan" not in notification.text
