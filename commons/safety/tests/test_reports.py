"""Filing reports: snapshots, evidence, grouping into cases, parties, recusals, acknowledgement."""
# ruff: noqa: F811 (pytest fixtures imported from report_fixtures)

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from commons.community import actions as community_actions
from commons.core.models import AuditEntry
from commons.notifications.models import Notification
from commons.safety import actions, queries
from commons.safety.models import (
    Case,
    CaseActivity,
    CaseStatus,
    Decision,
    Evidence,
    Party,
    Recusal,
    Report,
    Severity,
)
from commons.testing.factories import UserFactory

from .report_fixtures import (  # noqa: F401
    EXE_BYTES,
    PDF_BYTES,
    jpeg_bytes,
    png_bytes,
    post,
    sam,
    second_moderator,
)

HARASSMENT = "professional.no-harassment"


def _file(reporter, post, **kwargs):
    kwargs.setdefault("clause_keys", [HARASSMENT])
    return actions.file_report(reporter=reporter, subject={"type": "post", "id": post.pk}, **kwargs)


def test_file_report_keeps_the_snapshot_after_the_post_is_deleted(member, sam, post):
    report = _file(member, post)
    community_actions.delete_post(post, actor=sam)

    report.refresh_from_db()
    assert report.snapshot["body"] == "You people are useless."


def test_file_report_about_a_post_deleted_before_is_a_clear_error(member, sam, post):
    community_actions.delete_post(post, actor=sam)

    with pytest.raises(ValidationError, match="deleted before you reported it"):
        _file(member, post)
    assert not Report.objects.exists()


def test_file_report_about_a_reply_deleted_before_is_a_clear_error(member, sam, post):
    comment = community_actions.create_comment(post=post, author=sam, body="Rude reply")
    community_actions.delete_comment(comment, actor=sam)

    with pytest.raises(ValidationError, match="deleted before you reported it"):
        actions.file_report(
            reporter=member, subject={"type": "comment", "id": comment.pk}, clause_keys=[HARASSMENT]
        )


def test_file_report_still_takes_the_older_subject_spelling(member, post):
    report = actions.file_report(
        reporter=member, subject_type="post", subject_id=post.pk, reason="harassment"
    )

    assert (report.subject_type, report.subject_id) == ("post", post.pk)


def test_file_report_derives_the_reason_from_the_cited_clauses(member, post):
    report = _file(member, post, clause_keys=["expected.respect", "professional.no-threats"])

    assert report.reason == "threat"


def test_file_report_keeps_a_given_reason(member, post):
    report = _file(member, post, reason="doxing", clause_keys=[])

    assert report.reason == "doxing"


def test_file_report_refuses_an_unknown_clause(member, post):
    with pytest.raises(ValidationError, match="Unknown clause"):
        _file(member, post, clause_keys=["nope"])


def test_file_report_groups_reports_about_the_same_member_into_one_case(member, sam, post):
    other = community_actions.create_post(author=sam, kind="insight", title="Two", body="More.")
    first = _file(member, post)
    second = _file(UserFactory(), other)

    assert first.case_id == second.case_id
    assert Case.objects.get().respondent == sam


def test_file_report_opens_a_new_case_once_the_old_one_is_closed(member, post):
    first = _file(member, post)
    Case.objects.filter(pk=first.case_id).update(status=CaseStatus.CLOSED)

    second = _file(member, post)

    assert second.case_id != first.case_id


def test_file_report_groups_reports_about_the_same_url(member):
    url = {"url": "https://www.linkedin.com/posts/our-community-123"}
    first = actions.file_report(reporter=member, subject=url, clause_keys=[HARASSMENT])
    second = actions.file_report(reporter=UserFactory(), subject=url, clause_keys=[HARASSMENT])

    assert first.case_id == second.case_id
    assert first.subject_type == "external"


def test_file_report_of_an_incident_keeps_when_where_who_and_witnesses(member):
    report = actions.file_report(
        reporter=member,
        subject={
            "incident": {
                "when": "Tuesday evening",
                "where": "The pub after the meetup",
                "people": "A man in a blue jacket",
                "witnesses": "Jo",
            }
        },
        clause_keys=[HARASSMENT],
    )

    assert (report.incident_when, report.incident_where, report.witnesses) == (
        "Tuesday evening",
        "The pub after the meetup",
        "Jo",
    )
    assert report.subject_type == "incident"


def test_file_report_raises_the_case_severity_and_never_lowers_it(member, post):
    first = _file(member, post, clause_keys=["professional.no-soliciting"])
    assert Case.objects.get(pk=first.case_id).severity == Severity.NORMAL

    _file(member, post, clause_keys=["professional.no-threats"])
    _file(member, post, clause_keys=["professional.no-soliciting"])

    case = Case.objects.get(pk=first.case_id)
    assert (case.severity, case.category) == (Severity.CRITICAL, "threats")


def test_file_report_adds_reporter_and_respondent_as_parties(member, sam, post):
    report = _file(member, post)

    roles = set(Party.objects.filter(case=report.case).values_list("user", "role"))
    assert roles == {(member.pk, "reporter"), (sam.pk, "respondent")}


def test_file_report_recuses_the_excluded_moderator(member, moderator, post):
    report = _file(member, post, exclude_moderator_ids=[moderator.pk])

    recusal = Recusal.objects.get(case=report.case)
    assert (recusal.moderator, recusal.why) == (moderator, "excluded")


def test_file_report_refuses_to_exclude_someone_who_is_not_a_moderator(member, sam, post):
    with pytest.raises(ValidationError, match="Not a moderator"):
        _file(member, post, exclude_moderator_ids=[sam.pk])


@pytest.mark.parametrize("anonymous", [False, True])
def test_file_report_by_a_moderator_recuses_them(anonymous, moderator, second_moderator, post):
    report = _file(moderator, post, anonymous=anonymous)

    recusal = Recusal.objects.get(case=report.case, moderator=moderator)
    assert recusal.why == "party"
    assert not Recusal.objects.filter(moderator=second_moderator).exists()


def test_file_report_refuses_to_exclude_every_moderator(member, owner, moderator, post):
    with pytest.raises(ValidationError, match="At least one moderator"):
        _file(member, post, exclude_moderator_ids=[owner.pk, moderator.pk])
    assert not Report.objects.exists()


def test_file_report_about_a_moderator_recuses_them(member, moderator):
    moderator_post = community_actions.create_post(
        author=moderator, kind="insight", title="Mod", body="Text."
    )

    report = _file(member, moderator_post)

    assert Recusal.objects.get(case=report.case).why == "party"


def test_file_report_writes_the_timeline_and_the_audit(member, post):
    report = _file(member, post)

    assert CaseActivity.objects.filter(case=report.case, verb="report.filed").exists()
    entry = AuditEntry.objects.get(verb="safety.report.filed")
    assert entry.actor == member


def test_file_report_anonymous_leaves_the_reporter_out_of_the_audit_and_parties(member, post):
    report = _file(member, post, anonymous=True)

    assert AuditEntry.objects.get(verb="safety.report.filed").actor is None
    party = Party.objects.get(case=report.case, role="reporter")
    assert (party.user, party.email) == (None, "")


def test_file_report_without_an_account_needs_an_email(post):
    with pytest.raises(ValidationError, match="email address"):
        actions.file_report(reporter=None, subject={"incident": {"when": "Yesterday"}})


def test_file_report_without_an_account_makes_a_contact_party(db, code):
    report = actions.file_report(
        reporter=None,
        subject={"incident": {"when": "Yesterday", "where": "Meetup"}},
        clause_keys=[HARASSMENT],
        contact_email="visitor@example.com",
        contact_name="Vi",
        source="public_form",
    )

    party = Party.objects.get(case=report.case)
    assert (party.user, party.email, party.role) == (None, "visitor@example.com", "reporter")


def test_file_report_stores_image_and_pdf_evidence_privately(settings, member, post):
    report = _file(member, post, evidence=[("shot.png", png_bytes()), ("log.pdf", PDF_BYTES)])

    files = {e.original_name: e for e in Evidence.objects.filter(report=report)}
    assert (files["shot.png"].content_type, files["log.pdf"].content_type) == (
        "image/png",
        "application/pdf",
    )
    media = str(settings.MEDIA_ROOT)
    stored = actions.evidence_storage().path(files["shot.png"].file.name)
    assert not stored.startswith(media)
    with pytest.raises(ValueError):
        actions.evidence_storage().url(files["shot.png"].file.name)


def test_file_report_refuses_an_executable_named_png(member, post):
    with pytest.raises(ValidationError, match="not an image or a PDF"):
        _file(member, post, evidence=[("cute.png", EXE_BYTES)])
    assert not Report.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=100)
def test_file_report_refuses_oversized_evidence(member, post):
    with pytest.raises(ValidationError, match="too large"):
        _file(member, post, evidence=[("big.png", png_bytes((64, 64)))])
    assert not Report.objects.exists()


def test_file_report_sends_the_acknowledgement_on_commit(
    member, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(member, post)

    assert [m.to for m in mail.outbox] == [[member.email]]
    assert report.reference in mail.outbox[0].body
    report.refresh_from_db()
    assert report.acknowledged_at is not None


def test_file_report_notifies_the_reporter_in_the_app(member, post):
    report = _file(member, post)

    note = Notification.objects.get(recipient=member)
    assert report.reference in note.text


def test_file_report_is_kept_when_the_email_fails(
    settings, member, post, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "commons.safety.tests.failing_email.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(member, post)

    report.refresh_from_db()
    assert report.acknowledged_at is None
    assert Report.objects.filter(pk=report.pk).exists()


def test_file_report_never_notifies_the_reported_member(
    member, sam, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _file(member, post)

    assert not Notification.objects.filter(recipient=sam).exists()
    assert all(sam.email not in m.to for m in mail.outbox)


# queries


def test_reporter_of_hides_the_reporter_from_the_reported_member(member, sam, post):
    report = _file(member, post)

    assert queries.reporter_of(sam, report) is None


def test_reporter_of_shows_a_named_reporter_to_a_moderator(member, moderator, post):
    report = _file(member, post)

    assert queries.reporter_of(moderator, report) == member


def test_reporter_of_hides_an_anonymous_reporter_from_moderators(member, moderator, post):
    report = _file(member, post, anonymous=True)

    assert queries.reporter_of(moderator, report) is None
    assert queries.reporter_of(member, report) == member


def test_reporter_of_hides_the_reporter_from_a_recused_moderator(member, moderator, post):
    report = _file(member, post, exclude_moderator_ids=[moderator.pk])

    assert queries.reporter_of(moderator, report) is None


def test_reporter_status_goes_from_received_to_looked_at(member, post):
    report = _file(member, post)
    assert queries.reporter_status(report) == ("received", None)

    Case.objects.filter(pk=report.case_id).update(status=CaseStatus.IN_CONVERSATION)
    report = queries.my_reports(member).get()

    assert queries.reporter_status(report) == ("being looked at", None)


def test_reporter_status_says_action_was_taken_in_general_terms(member, moderator, post):
    report = _file(member, post)
    Decision.objects.create(
        case=report.case,
        respondent=post.author,
        outcome="warning",
        reason="Rude",
        decided_by=moderator,
    )
    Case.objects.filter(pk=report.case_id).update(status=CaseStatus.DECIDED)

    assert queries.reporter_status(queries.my_reports(member).get()) == (
        "we took action",
        "we took action",
    )


def test_reporter_status_says_no_breach_after_a_no_action_decision(member, moderator, post):
    report = _file(member, post)
    Decision.objects.create(
        case=report.case,
        respondent=post.author,
        outcome="no_action",
        reason="Fine",
        decided_by=moderator,
    )
    Case.objects.filter(pk=report.case_id).update(status=CaseStatus.CLOSED)

    assert queries.reporter_status(queries.my_reports(member).get())[0] == "we found no breach"


def test_evidence_file_response_serves_a_moderator(member, moderator, post):
    report = _file(member, post, evidence=[("shot.png", png_bytes())])
    evidence = report.evidence.get()

    response = queries.evidence_file_response(moderator, evidence.pk)
    content = b"".join(response.streaming_content)
    response.close()

    assert content == png_bytes()
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("who", ["reporter", "respondent", "recused"])
def test_evidence_file_response_is_404_for_anyone_else(who, member, sam, moderator, post):
    from django.http import Http404

    report = _file(
        member, post, evidence=[("shot.png", png_bytes())], exclude_moderator_ids=[moderator.pk]
    )
    viewer = {"reporter": member, "respondent": sam, "recused": moderator}[who]

    with pytest.raises(Http404):
        queries.evidence_file_response(viewer, report.evidence.get().pk)
