"""The monthly transparency report: suppression of small counts, month boundaries in the community's
time zone, who may see it, and the API.

Reports, cases and decisions are written straight to the models here and dated with a queryset
update: the report is about past months, and the actions stamp everything with the present.
"""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commons.core.actions import update_community
from commons.core.models import AuditEntry
from commons.safety.models import Case, Decision, DecisionStatus, Report
from commons.safety.transparency import monthly_report, parse_month
from commons.testing.assertions import assert_constant_queries

MARCH = date(2025, 3, 1)
IN_MARCH = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
_refs = itertools.count(1)


def _reports(n: int, reason: str = "harassment", at: datetime = IN_MARCH) -> None:
    pks = [
        Report.objects.create(
            reference=f"R-T{next(_refs):06d}", subject_type="member", reason=reason
        ).pk
        for _ in range(n)
    ]
    Report.objects.filter(pk__in=pks).update(created_at=at)


def _case(at: datetime = IN_MARCH, responded: timedelta | None = None, decided=None) -> Case:
    case = Case.objects.create(
        reference=f"C-T{next(_refs):06d}", subject_key=f"member:{next(_refs)}"
    )
    Case.objects.filter(pk=case.pk).update(
        created_at=at,
        first_response_at=at + responded if responded is not None else None,
        decided_at=at + decided if decided is not None else None,
    )
    return case


def _decisions(n: int, outcome: str, status=DecisionStatus.IN_EFFECT, at=IN_MARCH) -> None:
    case = _case()
    pks = [
        Decision.objects.create(case=case, outcome=outcome, status=status, reason="r").pk
        for _ in range(n)
    ]
    Decision.objects.filter(pk__in=pks).update(created_at=at)


def _count(groups, key):
    (group,) = [g for g in groups if g.key == key]
    return group.count


@pytest.fixture
def month_api(client):
    def get(month="2025-03", token=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.get("/api/v1/transparency", {"month": month}, headers=headers)

    return get


# --- suppression -------------------------------------------------------------------------------


def test_transparency_counts_five_reports_in_a_category(db):
    _reports(5, "harassment")
    assert _count(monthly_report(MARCH).by_category, "harassment") == 5


def test_transparency_withholds_a_category_with_fewer_than_five_reports(db):
    _reports(4, "threat")
    assert _count(monthly_report(MARCH).by_category, "threats") is None


def test_transparency_withholds_a_total_that_would_reveal_a_small_category(db):
    _reports(5, "harassment")
    _reports(3, "threat")
    report = monthly_report(MARCH)
    assert _count(report.by_category, "harassment") == 5
    assert report.reports is None


def test_transparency_shows_a_total_when_every_category_in_it_is_shown(db):
    _reports(5, "harassment")
    _reports(6, "other")
    assert monthly_report(MARCH).reports == 11


def test_transparency_counts_outcomes_of_decisions_made(db):
    _decisions(5, "warning")
    _decisions(2, "no_action")
    report = monthly_report(MARCH)
    assert (_count(report.outcomes, "warning"), _count(report.outcomes, "no_action")) == (5, None)


def test_transparency_does_not_count_a_removal_never_confirmed(db):
    _decisions(3, "removal", status=DecisionStatus.PENDING_CONFIRMATION)
    _decisions(3, "removal", status=DecisionStatus.CANCELLED)
    _decisions(4, "removal")
    assert _count(monthly_report(MARCH).outcomes, "removal") is None


def test_transparency_gives_the_median_time_to_first_response_over_five_cases(db):
    for hours in (1, 2, 3, 10, 50):
        _case(responded=timedelta(hours=hours))
    wait = monthly_report(MARCH).first_response
    assert (wait.cases, wait.median_hours) == (5, 3.0)


def test_transparency_withholds_a_median_over_fewer_than_five_cases(db):
    for hours in (1, 2, 3, 4):
        _case(responded=timedelta(hours=hours), decided=timedelta(hours=hours))
    _case()  # opened, never answered: not part of any median
    report = monthly_report(MARCH)
    assert report.cases_opened == 5
    assert (report.first_response.median, report.first_response.cases) == (None, None)
    assert report.decision.median is None


def test_transparency_gives_the_median_time_to_decision(db):
    for days in (1, 2, 4, 8, 16, 32):
        _case(responded=timedelta(hours=1), decided=timedelta(days=days))
    assert monthly_report(MARCH).decision.median == timedelta(days=6)


# --- months ------------------------------------------------------------------------------------


def test_transparency_month_starts_at_midnight_in_the_community_time_zone(db, settings):
    settings.TIME_ZONE = "Asia/Kolkata"  # UTC+05:30 all year
    _reports(5, "harassment", at=datetime(2025, 3, 31, 18, 29, tzinfo=UTC))  # 23:59 on 31 March
    _reports(5, "other", at=datetime(2025, 3, 31, 18, 30, tzinfo=UTC))  # midnight, 1 April
    march, april = monthly_report(MARCH), monthly_report(date(2025, 4, 1))
    assert (_count(march.by_category, "harassment"), _count(march.by_category, "other")) == (
        5,
        None,
    )
    assert (_count(april.by_category, "harassment"), _count(april.by_category, "other")) == (
        None,
        5,
    )
    assert april.starts_at == datetime(2025, 3, 31, 18, 30, tzinfo=UTC)


def test_transparency_month_in_utc_keeps_the_same_instants_in_one_month(db, settings):
    settings.TIME_ZONE = "UTC"
    _reports(5, "harassment", at=datetime(2025, 3, 31, 18, 29, tzinfo=UTC))
    _reports(5, "other", at=datetime(2025, 3, 31, 18, 30, tzinfo=UTC))
    assert monthly_report(MARCH).reports == 10


def test_parse_month_defaults_to_the_last_full_month(db):
    first = timezone.localdate().replace(day=1)
    assert parse_month("") == (first - timedelta(days=1)).replace(day=1)


@pytest.mark.parametrize("value", ["2025-13", "March", "2025-3-1", "9999-01"])
def test_parse_month_refuses_what_is_not_a_past_month(value):
    with pytest.raises(ValidationError):
        parse_month(value)


# --- who may see it ----------------------------------------------------------------------------


def test_transparency_page_sends_a_guest_to_log_in_when_not_public(client, owner):
    response = client.get("/safety/transparency/", {"month": "2025-03"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_transparency_page_is_open_to_guests_when_public(client, owner):
    with transaction.atomic():
        update_community(actor=owner, name="Commons", transparency_public=True)
    response = client.get("/safety/transparency/", {"month": "2025-03"})
    assert response.status_code == 200
    assert "Transparency report: March 2025" in response.content.decode()


def test_transparency_page_shows_members_the_figures(member_client):
    _reports(5, "harassment")
    _reports(6, "other")
    html = member_client.get("/safety/transparency/", {"month": "2025-03"}).content.decode()
    assert "<td>11</td>" in html and "fewer than 5" in html


def test_transparency_page_explains_a_bad_month(member_client):
    response = member_client.get("/safety/transparency/", {"month": "soon"})
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_transparency_api_answers_401_to_a_guest_when_not_public(month_api, owner):
    response = month_api()
    assert response.status_code == 401
    assert "detail" in response.json()


def test_transparency_api_is_open_to_guests_when_public(month_api, owner):
    update_community(actor=owner, name="Commons", transparency_public=True)
    assert month_api().status_code == 200


def test_transparency_api_gives_members_the_suppressed_figures(month_api, api_token):
    _reports(5, "harassment")
    _reports(2, "threat")
    for hours in (1, 2, 3, 4, 5):
        _case(responded=timedelta(hours=hours))
    body = month_api(token=api_token).json()
    assert body["month"] == "2025-03" and body["minimum"] == 5
    categories = {g["key"]: g["count"] for g in body["by_category"]}
    assert (categories["harassment"], categories["threats"], body["reports"]) == (5, None, None)
    assert body["first_response"] == {"cases": 5, "median_hours": 3.0}
    assert body["decision"] == {"cases": None, "median_hours": None}


def test_transparency_api_refuses_a_bad_month_with_400(month_api, api_token):
    response = month_api(month="2025-99", token=api_token)
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["detail"]


def test_transparency_api_query_count_does_not_grow_with_the_month(month_api, api_token):
    assert_constant_queries(
        lambda n: (_reports(n, "other"), [_case(responded=timedelta(hours=1)) for _ in range(n)]),
        lambda: month_api(token=api_token),
    )


# --- the owners' setting -----------------------------------------------------------------------


def test_owner_publishes_the_report_from_the_community_settings_page(owner_client):
    response = owner_client.post(
        "/dashboard/community/",
        {"name": "Commons", "mission": "Be kind.", "transparency_public": "on"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(verb="core.community.updated").first()
    assert entry.data["transparency_public"] is True


def test_owner_publishes_the_report_through_the_api(client, owner):
    from commons.members.actions import create_api_token

    _, key = create_api_token(owner, actor=owner, name="t")
    headers = {"Authorization": f"Bearer {key}"}
    response = client.put(
        "/api/v1/community",
        {"name": "Commons", "transparency_public": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["transparency_public"] is True
    response = client.put(
        "/api/v1/community", {"name": "Renamed"}, content_type="application/json", headers=headers
    )
    assert response.json()["transparency_public"] is True  # omitted: left as it was


def test_member_cannot_publish_the_report(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        update_community(actor=member, name="Commons", transparency_public=True)


def test_footer_links_members_to_the_transparency_report(member_client):
    assert 'href="/safety/transparency/"' in member_client.get("/mission/").content.decode()


def test_footer_hides_the_link_from_guests_while_the_report_is_private(client, owner):
    assert 'href="/safety/transparency/"' not in client.get("/mission/").content.decode()
    update_community(actor=owner, name="Commons", transparency_public=True)
    assert 'href="/safety/transparency/"' in client.get("/mission/").content.decode()


@pytest.mark.browser
def test_owner_publishes_the_report_and_a_guest_reads_it(
    page, browser_context, live_server, owner, code, password
):
    from playwright.sync_api import expect

    from commons.testing.browser import check_accessibility, log_in

    _reports(5, "harassment")
    log_in(page, owner, password)
    page.goto("/dashboard/")
    page.get_by_label("Mission").fill("Be kind to each other.")
    page.get_by_label("Publish the monthly transparency report to everyone").check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Community details saved.")).to_be_visible()
    page.goto("/dashboard/audit/?verb=core.community.")
    expect(page.get_by_role("cell", name="core.community.updated")).to_be_visible()
    check_accessibility(page)

    guest = browser_context.browser.new_context(base_url=live_server.url, bypass_csp=True)
    visitor = guest.new_page()
    visitor.goto("/mission/")
    visitor.get_by_role("link", name="Transparency").click()
    visitor.goto("/safety/transparency/?month=2025-03")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Transparency report: March 2025")
    expect(visitor.get_by_role("row", name="Harassment or bullying 5")).to_be_visible()
    check_accessibility(visitor)
    guest.close()
