"""The report pages: the member form from every subject, the public form, My reports, privacy."""
# ruff: noqa: F811 (pytest fixtures imported from report_fixtures)

import time

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commons.community import actions as community_actions
from commons.notifications.models import Notification
from commons.safety import actions
from commons.safety.forms import _STARTED_SALT
from commons.safety.models import Case, CaseStatus, Evidence, Report
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

from .report_fixtures import EXE_BYTES, PDF_BYTES, png_bytes, post, sam, second_moderator  # noqa: F401

HARASSMENT = "professional.no-harassment"
REPORT = reverse("safety:report")
PUBLIC = reverse("safety:report-public")


def _started(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=_STARTED_SALT)


def _public(**overrides):
    data = {
        "contact_email": "visitor@example.com",
        "contact_name": "Vi",
        "incident_when": "Saturday afternoon",
        "incident_where": "The meetup venue",
        "clauses": [HARASSMENT],
        "description": "He kept following me around.",
        "website": "",
        "started": _started(),
    }
    data.update(overrides)
    return data


# the member form


def test_report_page_shows_clauses_grouped_by_section_with_number_and_title(member_client, post):
    response = member_client.get(REPORT + f"?type=post&id={post.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unacceptable behaviour" in html and "2.2 No harassment" in html
    assert "You people are useless." in html


@pytest.mark.parametrize("subject", ["post", "comment", "member", "event", "message"])
def test_report_page_opens_for_every_kind_of_subject(subject, member_client, member, sam, post):
    from datetime import UTC, datetime, timedelta

    from commons.events.actions import create_event

    if subject == "post":
        subject_id = post.pk
    elif subject == "comment":
        subject_id = community_actions.create_comment(post=post, author=sam, body="Rude reply").pk
    elif subject == "member":
        subject_id = sam.pk
    elif subject == "event":
        start = datetime.now(UTC) + timedelta(days=2)
        subject_id = create_event(
            actor=UserFactory(moderator=True),
            title="Meetup",
            description="",
            kind="online",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            timezone="UTC",
            meeting_link="https://meet.example.com/x",
            capacity=None,
        ).pk
    else:
        from commons.community.models import Message

        # messaging rules are not the point here: a message as the recipient has it
        subject_id = Message.objects.create(sender=sam, recipient=member, body="Hi").pk

    response = member_client.get(REPORT + f"?type={subject}&id={subject_id}")

    assert response.status_code == 200


def test_report_links_lead_to_the_report_form(member_client, sam, post):
    profile = member_client.get(reverse("members:profile", args=[sam.profile.handle]))
    detail = member_client.get(reverse("community:post", args=[post.pk]))

    assert f"?type=member&amp;id={sam.pk}".encode() in profile.content
    assert f"?type=post&amp;id={post.pk}".encode() in detail.content


def test_report_post_files_and_shows_the_reference(member_client, member, post):
    response = member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "description": "Insulting everyone.",
            "desired_outcome": "An apology.",
        },
    )

    report = Report.objects.get()
    assert response.status_code == 200
    assert report.reference.encode() in response.content
    assert (report.reporter, report.clause_keys, report.desired_outcome) == (
        member,
        [HARASSMENT],
        "An apology.",
    )


def test_report_without_a_clause_is_refused_with_a_message(member_client, post):
    response = member_client.post(
        REPORT, {"kind": "content", "subject_type": "post", "subject_id": post.pk}
    )

    assert response.status_code == 400
    assert b"Tick at least one part" in response.content
    assert not Report.objects.exists()


def test_report_with_evidence_stores_it(member_client, post):
    member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "evidence": [
                SimpleUploadedFile("shot.png", png_bytes(), "image/png"),
                SimpleUploadedFile("chat.pdf", PDF_BYTES, "application/pdf"),
            ],
        },
    )

    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_report_with_an_exe_renamed_png_is_refused_with_a_message(member_client, post):
    response = member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "evidence": [SimpleUploadedFile("cute.png", EXE_BYTES, "image/png")],
        },
    )

    assert response.status_code == 400
    assert b"not an image or a PDF" in response.content
    assert not Report.objects.exists()


def test_report_with_oversized_evidence_is_refused_with_a_message(settings, member_client, post):
    settings.EVIDENCE_MAX_BYTES = 50

    response = member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "evidence": [SimpleUploadedFile("big.png", png_bytes((32, 32)), "image/png")],
        },
    )

    assert b"too large" in response.content
    assert not Report.objects.exists()


def test_report_evidence_has_no_public_media_address(settings, client, member_client, post):
    member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "evidence": [SimpleUploadedFile("shot.png", png_bytes(), "image/png")],
        },
    )
    name = Evidence.objects.get().file.name

    assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404


def test_report_incident_at_an_event(member_client, member):
    response = member_client.post(
        REPORT + "?kind=incident",
        {
            "kind": "incident",
            "incident_when": "Last Friday",
            "incident_where": "Coffee after the talk",
            "incident_people": "Someone from the audience",
            "witnesses": "Priya",
            "clauses": ["professional.no-sexual-attention"],
        },
    )

    report = Report.objects.get()
    assert response.status_code == 200
    assert (report.subject_type, report.reason, report.witnesses) == ("incident", "sexual", "Priya")


def test_report_outside_content_by_url(member_client):
    member_client.post(
        REPORT + "?kind=url",
        {"kind": "url", "url": "https://instagram.com/p/abc", "clauses": [HARASSMENT]},
    )

    assert Report.objects.get().subject_url == "https://instagram.com/p/abc"


def test_report_anonymous_option_hides_the_name_from_moderators(member_client, post):
    member_client.post(
        REPORT,
        {
            "kind": "content",
            "subject_type": "post",
            "subject_id": post.pk,
            "clauses": [HARASSMENT],
            "anonymous": "on",
        },
    )

    assert Report.objects.get().anonymous is True


def test_report_page_needs_login(client, post):
    response = client.get(REPORT + f"?type=post&id={post.pk}")

    assert response.status_code == 302


def test_report_page_for_a_deleted_post_is_404(member_client, sam, post):
    community_actions.delete_post(post, actor=sam)

    assert member_client.get(REPORT + f"?type=post&id={post.pk}").status_code == 404


def test_report_is_kept_and_acknowledged_on_the_page_when_email_fails(
    settings, member_client, post, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "commons.safety.tests.failing_email.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            REPORT,
            {
                "kind": "content",
                "subject_type": "post",
                "subject_id": post.pk,
                "clauses": [HARASSMENT],
            },
        )

    assert response.status_code == 200
    assert Report.objects.get().reference.encode() in response.content


# the public form


def test_public_report_files_without_an_account(client, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PUBLIC, _public())

    report = Report.objects.get()
    assert response.status_code == 200
    assert (report.reporter, report.contact_email, report.source) == (
        None,
        "visitor@example.com",
        "public_form",
    )
    assert mail.outbox[0].to == ["visitor@example.com"]
    assert report.reference in mail.outbox[0].body


def test_public_report_page_renders_for_guests(client, code):
    response = client.get(PUBLIC)

    assert response.status_code == 200
    assert b'name="website"' in response.content


def test_public_report_honeypot_files_nothing(client, code):
    response = client.post(PUBLIC, _public(website="http://spam.example"))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_public_report_sent_too_fast_files_nothing(client, code):
    response = client.post(PUBLIC, _public(started=_started(seconds_ago=0)))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_public_report_with_a_forged_start_files_nothing(client, code):
    response = client.post(PUBLIC, _public(started="12345"))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_public_report_is_rate_limited_per_address(client, code):
    from commons.safety.views.reports import PUBLIC_REPORTS_PER_HOUR

    for _ in range(PUBLIC_REPORTS_PER_HOUR):
        assert client.post(PUBLIC, _public()).status_code == 200

    response = client.post(PUBLIC, _public())

    assert response.status_code == 429
    assert Report.objects.count() == PUBLIC_REPORTS_PER_HOUR


def test_public_report_without_a_start_time_says_why(client, code):
    data = _public()
    del data["started"]

    response = client.post(PUBLIC, data)

    assert b"We could not accept this form" in response.content
    assert not Report.objects.exists()


def test_public_report_needs_an_email(client, code):
    response = client.post(PUBLIC, _public(contact_email=""))

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_public_report_about_outside_content(client, code):
    client.post(PUBLIC, _public(url="https://www.linkedin.com/feed/update/1", incident_when=""))

    assert Report.objects.get().subject_type == "external"


# My reports and confidentiality


def test_my_reports_shows_status_in_general_terms(member_client, member, post):
    report = actions.file_report(
        reporter=member, subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
    )
    Case.objects.filter(pk=report.case_id).update(status=CaseStatus.IN_CONVERSATION)

    response = member_client.get(reverse("safety:my-reports"))

    assert report.reference.encode() in response.content
    assert b"Being looked at" in response.content


def test_my_reports_shows_only_ones_own(client, member, sam, post):
    other = actions.file_report(
        reporter=UserFactory(), subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
    )
    client.force_login(member)

    response = client.get(reverse("safety:my-reports"))

    assert other.reference.encode() not in response.content


def test_my_reports_queries_do_not_grow(client, member, post):
    client.force_login(member)

    def make(n):
        for _ in range(n):
            actions.file_report(
                reporter=member, subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
            )

    assert_constant_queries(make, lambda: client.get(reverse("safety:my-reports")))


def test_reported_member_never_learns_who_reported(client, member, sam, post):
    actions.file_report(
        reporter=member,
        subject={"type": "post", "id": post.pk},
        clause_keys=[HARASSMENT],
        description="Alex here: this is rude.",
    )
    client.force_login(sam)

    pages = [
        client.get(reverse("safety:my-reports")),
        client.get(reverse("community:notifications")),
        client.get(reverse("community:post", args=[post.pk])),
    ]

    for page in pages:
        assert b"Alex Rivera" not in page.content
        assert b"Alex here" not in page.content
    assert not Notification.objects.filter(recipient=sam).exists()
