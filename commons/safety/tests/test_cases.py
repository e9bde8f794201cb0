# ruff: noqa: F811  (pytest fixtures imported from case_helpers)
"""Case handling: the queue (order, waiting times, filters, query budget), the case page, status,
assignment, notes, parties and recusal, the audit of every moderator view, and 404 for everyone
who may not see a case."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from commons.core.models import AuditEntry
from commons.notifications.models import Kind, Notification
from commons.safety import actions, queries
from commons.safety.models import CaseActivity, CaseStatus, PartyRole, Reason, Recusal
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

from .case_helpers import make_case, mod2, party_of, reporter, respondent  # noqa: F401


@pytest.fixture
def case(moderator, reporter, respondent):
    return make_case(actor=moderator, reporter=reporter, respondent=respondent)


# --- queue ------------------------------------------------------------------------------------


def test_visible_cases_orders_zero_tolerance_and_threats_first_then_oldest(moderator, respondent):
    old_other = make_case(actor=moderator, respondent=respondent, age=timedelta(days=3))
    new_threat = make_case(actor=moderator, reason=Reason.THREAT, age=timedelta(hours=1))
    old_harassment = make_case(actor=moderator, reason=Reason.HARASSMENT, age=timedelta(days=1))
    doxing = make_case(actor=moderator, reason=Reason.DOXING, age=timedelta(days=2))
    assert list(queries.visible_cases(moderator)) == [
        old_harassment,
        new_threat,
        doxing,
        old_other,
    ]


def test_visible_cases_leaves_out_closed_and_recused_cases(moderator, mod2, respondent):
    shown = make_case(actor=moderator, respondent=respondent)
    closed = make_case(actor=moderator)
    actions.set_case_status(closed, actor=moderator, status=CaseStatus.CLOSED)
    recused = make_case(actor=moderator)
    Recusal.objects.create(case=recused, moderator=mod2, why=Recusal.Why.EXCLUDED)
    assert list(queries.visible_cases(mod2)) == [shown]
    assert set(queries.visible_cases(moderator)) == {shown, recused}


def test_visible_cases_is_empty_for_members(member, case):
    assert list(queries.visible_cases(member)) == []


def test_queue_filters_by_status_and_assigned_to_me(moderator, mod2, case, respondent):
    other = make_case(actor=moderator, respondent=respondent)
    actions.assign_case(case, actor=moderator, assignee=moderator)
    actions.set_case_status(other, actor=moderator, status=CaseStatus.ACKNOWLEDGED)
    assert list(queries.visible_cases(moderator, assigned_to=moderator)) == [case]
    assert list(queries.visible_cases(mod2, status=CaseStatus.ACKNOWLEDGED)) == [other]


def test_queue_page_shows_category_status_assignee_reports_and_waiting(client, moderator, case):
    actions.assign_case(case, actor=moderator, assignee=moderator)
    client.force_login(moderator)
    html = client.get(reverse("safety:queue")).content.decode()
    assert case.reference in html
    assert "Morgan Moderator" in html and "New" in html and "other" in html
    assert "minute" in html  # how long it has waited


def test_queue_page_shows_unanswered_party_message(client, moderator, case, reporter):
    party = party_of(case, PartyRole.REPORTER)
    actions.send_thread_message(party, actor=moderator, body="Tell us more?")
    actions.send_thread_message(party, actor=reporter, body="Here is more.")
    client.force_login(moderator)
    page = client.get(reverse("safety:queue"))
    row = page.context["rows"][0]
    assert row["unanswered_since"] is not None


def test_queue_page_filter_mine_lists_only_my_cases(client, moderator, mod2, case, respondent):
    other = make_case(actor=moderator, respondent=respondent)
    actions.assign_case(other, actor=moderator, assignee=mod2)
    client.force_login(mod2)
    html = client.get(reverse("safety:queue"), {"mine": "1"}).content.decode()
    assert other.reference in html and case.reference not in html


def test_queue_page_runs_the_same_queries_for_1_and_20_cases(client, moderator, reporter):
    client.force_login(moderator)

    def make(n):
        for _ in range(n):
            case = make_case(actor=moderator, reporter=reporter, respondent=UserFactory())
            actions.assign_case(case, actor=moderator, assignee=moderator)

    assert_constant_queries(make, lambda: client.get(reverse("safety:queue")))


def test_queue_page_is_404_for_members_and_guests(client, member, case):
    assert client.get(reverse("safety:queue")).status_code == 404
    client.force_login(member)
    assert client.get(reverse("safety:queue")).status_code == 404


# --- access and audit -------------------------------------------------------------------------


def test_access_case_is_404_for_a_recused_moderator(mod2, case):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    with pytest.raises(Http404):
        queries.access_case(mod2, case.pk)
    assert not queries.can_see_case(mod2, case)


def test_access_case_is_404_for_the_respondent_and_members(respondent, member, case):
    for person in (respondent, member, None):
        with pytest.raises(Http404):
            queries.access_case(person, case.pk)


@pytest.mark.parametrize("who", ["guest", "member", "respondent", "recused"])
def test_case_pages_are_404_for_everyone_who_may_not_see_the_case(
    client, who, member, respondent, mod2, case
):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    viewer = {"guest": None, "member": member, "respondent": respondent, "recused": mod2}[who]
    if viewer is not None:
        client.force_login(viewer)
    party = party_of(case, PartyRole.REPORTER)
    urls = [
        reverse("safety:case", args=[case.pk]),
        reverse("safety:case-thread", args=[case.pk, party.pk]),
        reverse("safety:case-evidence", args=[case.pk, 1]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = {
        "safety:case-note": {"body": "x"},
        "safety:case-status": {"status": "closed"},
        "safety:case-assign": {"assignee": ""},
        "safety:case-screened": {"decision": "approve"},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[case.pk]), data).status_code == 404, name
    assert (
        client.post(
            reverse("safety:case-thread", args=[case.pk, party.pk]), {"body": "hi"}
        ).status_code
        == 404
    )
    assert not AuditEntry.objects.filter(verb="safety.case.viewed").exists()
    assert not case.notes.exists()


def test_case_page_shows_reports_clauses_parties_and_is_audited(client, moderator, respondent):
    case = make_case(
        actor=moderator,
        reporter=UserFactory(display_name="Rita Reporter"),
        respondent=respondent,
        clause_keys=["professional.no-doxing"],
    )
    client.force_login(moderator)
    html = client.get(reverse("safety:case", args=[case.pk])).content.decode()
    assert case.reference in html and "It happened in the thread." in html
    assert "Original bio" in html  # the snapshot
    assert "Rita Reporter" in html and "Ray Respondent" in html
    assert "No doxing" in html or "doxing" in html.lower()
    entry = AuditEntry.objects.get(verb="safety.case.viewed")
    assert (entry.actor, entry.target_id, entry.data) == (moderator, str(case.pk), {"part": "case"})


def test_case_page_shows_the_cited_clause_number_and_title(client, moderator, respondent):
    from commons.conduct.models import Clause

    clause = Clause.objects.filter(version__status="published").first()
    case = make_case(actor=moderator, respondent=respondent, clause_keys=[clause.key])
    client.force_login(moderator)
    html = client.get(reverse("safety:case", args=[case.pk])).content.decode()
    assert f"{clause.number} {clause.title}" in html


def test_case_page_never_names_an_anonymous_reporter(client, moderator, respondent):
    anonymous = UserFactory(display_name="Secret Sender")
    case = make_case(actor=moderator, respondent=respondent)
    report = case.reports.get()
    report.reporter, report.anonymous = anonymous, True
    report.save()
    client.force_login(moderator)
    html = client.get(reverse("safety:case", args=[case.pk])).content.decode()
    assert "Secret Sender" not in html and "anonymous reporter" in html


def test_view_case_refuses_a_recused_moderator(mod2, case):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    with pytest.raises(PermissionDenied):
        actions.view_case(case, actor=mod2)


# --- status -----------------------------------------------------------------------------------


def test_set_case_status_acknowledges_sets_first_response_and_tells_the_reporter(
    moderator, case, reporter
):
    actions.set_case_status(case, actor=moderator, status=CaseStatus.ACKNOWLEDGED)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACKNOWLEDGED and case.first_response_at is not None
    assert Notification.objects.filter(recipient=reporter, kind=Kind.SAFETY_REPORT).exists()
    assert AuditEntry.objects.filter(
        verb="safety.case.status-changed", data={"from": "new", "to": "acknowledged"}
    ).exists()
    assert CaseActivity.objects.filter(case=case, verb="status").exists()


def test_set_case_status_refuses_a_transition_not_allowed(moderator, case):
    with pytest.raises(ValidationError):
        actions.set_case_status(case, actor=moderator, status=CaseStatus.APPEALED)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_set_case_status_closes_and_reopens(moderator, case):
    actions.set_case_status(case, actor=moderator, status=CaseStatus.CLOSED)
    case.refresh_from_db()
    assert case.closed_at is not None
    actions.set_case_status(case, actor=moderator, status=CaseStatus.IN_CONVERSATION)
    case.refresh_from_db()
    assert (case.status, case.closed_at) == (CaseStatus.IN_CONVERSATION, None)
    assert AuditEntry.objects.filter(verb="safety.case.reopened").exists()


def test_set_case_status_refuses_members(member, case):
    with pytest.raises(PermissionDenied):
        actions.set_case_status(case, actor=member, status=CaseStatus.CLOSED)


def test_status_form_changes_status_and_shows_refusals(client, moderator, case):
    client.force_login(moderator)
    url = reverse("safety:case-status", args=[case.pk])
    assert client.post(url, {"status": "acknowledged"}).status_code == 302
    response = client.post(url, {"status": "appealed"})
    assert response.status_code == 400
    assert "cannot go from acknowledged to appealed" in response.content.decode()


# --- assignment, notes, parties ---------------------------------------------------------------


def test_assign_case_refuses_a_recused_or_non_moderator_assignee(moderator, mod2, member, case):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    for person in (mod2, member):
        with pytest.raises(ValidationError):
            actions.assign_case(case, actor=moderator, assignee=person)
    case.refresh_from_db()
    assert case.assignee is None


def test_assign_form_assigns_and_is_audited(client, moderator, mod2, case):
    client.force_login(moderator)
    client.post(reverse("safety:case-assign", args=[case.pk]), {"assignee": mod2.pk})
    case.refresh_from_db()
    assert case.assignee == mod2
    assert AuditEntry.objects.filter(
        verb="safety.case.assigned", data={"assignee": mod2.pk}
    ).exists()


def test_add_case_note_keeps_it_among_moderators(client, moderator, case, reporter):
    client.force_login(moderator)
    client.post(reverse("safety:case-note", args=[case.pk]), {"body": "Seen this before."})
    assert case.notes.get().body == "Seen this before."
    entry = AuditEntry.objects.get(verb="safety.case.noted")
    assert "Seen this before." not in str(entry.data)
    client.force_login(reporter)
    party = party_of(case, PartyRole.REPORTER)
    html = client.get(reverse("safety:my-thread", args=[party.pk])).content.decode()
    assert "Seen this before." not in html


def test_add_case_note_refuses_an_empty_note(moderator, case):
    with pytest.raises(ValidationError):
        actions.add_case_note(case, actor=moderator, body="  ")


def test_add_party_recuses_a_moderator_who_becomes_a_party(moderator, mod2, case):
    actions.assign_case(case, actor=moderator, assignee=mod2)
    actions.add_party(case, actor=moderator, role=PartyRole.WITNESS, user=mod2)
    case.refresh_from_db()
    assert Recusal.objects.filter(case=case, moderator=mod2, why=Recusal.Why.PARTY).exists()
    assert case.assignee is None
    with pytest.raises(Http404):
        queries.access_case(mod2, case.pk)


def test_a_moderator_party_created_elsewhere_is_recused_too(moderator, mod2, respondent):
    case = make_case(actor=moderator, reporter=mod2, respondent=respondent)
    assert not queries.can_see_case(mod2, case)


def test_add_party_by_email_for_someone_without_an_account(moderator, case):
    party = actions.add_party(
        case, actor=moderator, role=PartyRole.WITNESS, email="w@example.net", name="Wen"
    )
    assert (party.user, party.email, len(party.reply_token)) == (None, "w@example.net", 32)
    with pytest.raises(ValidationError):
        actions.add_party(case, actor=moderator, role=PartyRole.WITNESS, email="not-an-email")
    with pytest.raises(ValidationError):
        actions.add_party(case, actor=moderator, role="judge", email="j@example.net")


def test_party_form_adds_a_member_by_handle(client, moderator, case, member):
    client.force_login(moderator)
    client.post(
        reverse("safety:case-party", args=[case.pk]),
        {"role": "witness", "handle": member.profile.handle},
    )
    assert case.parties.filter(user=member, role=PartyRole.WITNESS).exists()


def test_party_form_with_an_unknown_handle_says_so_and_adds_no_one(client, moderator, case):
    client.force_login(moderator)
    before = case.parties.count()
    response = client.post(
        reverse("safety:case-party", args=[case.pk]), {"role": "witness", "handle": "@nobody-here"}
    )
    assert "No member has that handle." in response.content.decode()
    assert case.parties.count() == before


# --- with the report intake -------------------------------------------------------------------


def test_a_filed_report_reaches_the_queue_and_its_reporter_can_be_written_to(
    moderator, reporter, respondent
):
    report = actions.file_report(
        reporter=reporter,
        subject={"type": "member", "id": respondent.pk},
        reason=Reason.HARASSMENT,
        description="Keeps messaging me.",
    )
    case = queries.access_case(moderator, report.case_id)
    assert list(queries.visible_cases(moderator)) == [case]
    party = queries.thread_for(reporter, case.pk)
    actions.send_thread_message(party, actor=moderator, body="We are on it.")
    assert [m.body for m in queries.access_my_thread(reporter, party.pk).messages.all()] == [
        "We are on it."
    ]


def test_a_moderator_excluded_by_the_reporter_cannot_open_the_filed_case(
    moderator, mod2, reporter, respondent
):
    report = actions.file_report(
        reporter=reporter,
        subject={"type": "member", "id": respondent.pk},
        reason=Reason.OTHER,
        exclude_moderator_ids=[mod2.pk],
    )
    with pytest.raises(Http404):
        queries.access_case(mod2, report.case_id)
    assert list(queries.visible_cases(mod2)) == []


def test_evidence_is_served_to_a_moderator_and_audited_and_404_when_recused(
    client, moderator, mod2, reporter, respondent
):
    from .report_fixtures import png_bytes

    report = actions.file_report(
        reporter=reporter,
        subject={"type": "member", "id": respondent.pk},
        reason=Reason.HARASSMENT,
        evidence=[("screenshot.png", png_bytes())],
    )
    evidence = report.evidence.get()
    url = reverse("safety:case-evidence", args=[report.case_id, evidence.pk])
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert AuditEntry.objects.filter(
        verb="safety.case.viewed", data={"part": f"evidence:{evidence.pk}"}
    ).exists()
    Recusal.objects.create(case_id=report.case_id, moderator=mod2, why=Recusal.Why.EXCLUDED)
    client.force_login(mod2)
    assert client.get(url).status_code == 404
