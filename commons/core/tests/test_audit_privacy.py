"""The audit browser (page and API) is for owners, and an owner may be a party to a case: safety
entries never show who reported, what they wrote, or anyone a case is about. Moderators' handling
of cases stays visible, so the audit is still useful."""

import pytest
from django.db import transaction

from commons.core.audit import record
from commons.members.actions import create_api_token
from commons.safety.models import Case, Report
from commons.testing.factories import UserFactory


@pytest.fixture
def reporter(code):
    return UserFactory(display_name="Riley Reporter", email="riley@example.org")


@pytest.fixture
def case(db):
    return Case.objects.create(reference="C-AUDIT01", subject_key="member:1")


@pytest.fixture
def report(reporter, case):
    report = Report.objects.create(
        reference="R-AUDIT01",
        case=case,
        reporter=reporter,
        subject_type="member",
        reason="harassment",
        description="What Riley saw",
    )
    with transaction.atomic():
        record(reporter, "safety.report.filed", report, {"reason": "harassment", "by": "Riley"})
    return report


@pytest.fixture
def owner_api(client, owner):
    _, key = create_api_token(owner, actor=owner, name="audit")

    def get(**params):
        response = client.get("/api/v1/audit", params, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200
        return response.json()["items"]

    return get


def _page(client, owner, **params) -> str:
    client.force_login(owner)
    response = client.get("/dashboard/audit/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_audit_page_withholds_the_reporter_of_a_report(client, owner, report):
    html = _page(client, owner, verb="safety.")
    assert "safety.report.filed" in html
    assert "riley@example.org" not in html and "Riley" not in html
    assert "withheld" in html


def test_audit_page_shows_the_report_reference_which_names_no_one(client, owner, report):
    assert "Report R-AUDIT01" in _page(client, owner, verb="safety.")


def test_audit_api_withholds_the_reporter_and_the_data_of_a_report(owner_api, report):
    (entry,) = owner_api(verb="safety.")
    assert entry["verb"] == "safety.report.filed"
    assert entry["actor_id"] is None
    assert entry["data"] == {}


def test_audit_page_shows_the_moderator_who_viewed_a_case(client, owner, moderator, case):
    with transaction.atomic():
        record(moderator, "safety.case.viewed", case)
    html = _page(client, owner, verb="safety.")
    assert "moderator@example.org" in html and "Case C-AUDIT01" in html


def test_audit_api_shows_the_moderator_who_decided(owner_api, moderator, case):
    with transaction.atomic():
        record(moderator, "safety.decision.made", case, {"outcome": "warning"})
    (entry,) = owner_api(verb="safety.")
    assert (entry["actor_id"], entry["target_repr"]) == (moderator.pk, "Case C-AUDIT01")
    assert entry["data"] == {}


def test_audit_withholds_a_person_named_as_the_target_of_a_safety_entry(
    client, owner, owner_api, moderator, reporter
):
    with transaction.atomic():
        record(moderator, "safety.party.added", reporter, {"role": "reporter"})
    assert "Riley" not in _page(client, owner, verb="safety.")
    (entry,) = owner_api(verb="safety.")
    assert (entry["target_repr"], entry["target_id"], entry["actor_id"]) == ("", "", moderator.pk)


def test_audit_withholds_a_member_writing_in_their_case_thread(owner_api, reporter, case):
    with transaction.atomic():
        record(reporter, "safety.thread.replied", case)
    (entry,) = owner_api(verb="safety.")
    assert entry["actor_id"] is None


def test_audit_filter_by_actor_does_not_reveal_what_they_reported(
    client, owner, owner_api, reporter, report
):
    assert owner_api(actor=reporter.pk, verb="safety.") == []
    assert "safety.report.filed" not in _page(client, owner, actor=reporter.pk)


def test_audit_search_does_not_match_a_withheld_name(owner_api, moderator, reporter):
    with transaction.atomic():
        record(moderator, "safety.party.added", reporter, {"role": "reporter"})
    assert owner_api(q="Riley", verb="safety.") == []


def test_audit_shows_entries_outside_safety_whole(owner_api, owner, member):
    with transaction.atomic():
        record(owner, "members.role.changed", member, {"role": "moderator"})
    (entry,) = owner_api(verb="members.role.")
    assert (entry["actor_id"], entry["target_repr"], entry["data"]) == (
        owner.pk,
        "Alex Rivera",
        {"role": "moderator"},
    )


def test_dashboard_recent_entries_withhold_a_person_named_by_a_safety_entry(
    client, owner, moderator, reporter
):
    with transaction.atomic():
        record(moderator, "safety.party.added", reporter, {"role": "reporter"})
    client.force_login(owner)
    html = client.get("/dashboard/").content.decode()
    (line,) = [li for li in html.split("<li>") if "safety.party.added" in li]
    assert "Riley" not in line.split("</li>")[0]


def test_admin_list_of_audit_entries_withholds_the_reporter(client, owner, report):
    client.force_login(owner)
    response = client.get("/admin/core/auditentry/", {"verb": "safety.report.filed"})
    html = response.content.decode()
    assert len(response.context["cl"].result_list) == 1
    assert "Riley" not in html and "riley@example.org" not in html


def test_admin_page_of_an_audit_entry_withholds_the_reporter_and_data(client, owner, report):
    from commons.core.models import AuditEntry

    entry = AuditEntry.objects.get(verb="safety.report.filed")
    client.force_login(owner)
    html = client.get(f"/admin/core/auditentry/{entry.pk}/change/").content.decode()
    assert "R-AUDIT01" in html
    assert "Riley" not in html and "harassment" not in html


def test_admin_search_does_not_match_a_withheld_name(client, owner, moderator, reporter):
    with transaction.atomic():
        record(moderator, "safety.party.added", reporter, {"role": "reporter"})
    client.force_login(owner)
    response = client.get("/admin/core/auditentry/", {"q": "Riley"})
    assert list(response.context["cl"].result_list) == []


def test_audit_hides_a_case_from_an_owner_recused_from_it(
    client, owner, owner_api, moderator, case
):
    from commons.safety.models import Recusal

    other = Case.objects.create(reference="C-AUDIT02", subject_key="member:2")
    Recusal.objects.create(case=case, moderator=owner, why="party")
    with transaction.atomic():
        record(moderator, "safety.case.viewed", case)
        record(moderator, "safety.case.viewed", other)
    assert [e["target_repr"] for e in owner_api(verb="safety.")] == ["Case C-AUDIT02"]
    assert "C-AUDIT01" not in _page(client, owner, verb="safety.")


def test_audit_hides_a_report_in_a_case_the_owner_is_recused_from(owner_api, owner, report, case):
    from commons.safety.models import Recusal

    assert len(owner_api(verb="safety.report.")) == 1
    Recusal.objects.create(case=case, moderator=owner, why="excluded")
    assert owner_api(verb="safety.report.") == []


def test_audit_page_query_count_does_not_grow_with_safety_entries(client, owner, reporter, case):
    from commons.testing.assertions import assert_constant_queries

    def make(n):
        with transaction.atomic():
            for _ in range(n):
                record(reporter, "safety.thread.message-received", case)

    client.force_login(owner)
    assert_constant_queries(make, lambda: client.get("/dashboard/audit/", {"verb": "safety."}))


def test_audit_withholds_a_moderator_writing_as_a_party_in_their_own_thread(
    owner_api, moderator, case
):
    with transaction.atomic():
        record(moderator, "safety.thread.message-received", case)
    (entry,) = owner_api(verb="safety.")
    assert entry["actor_id"] is None
    assert owner_api(actor=moderator.pk, verb="safety.") == []
