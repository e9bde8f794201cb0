"""POST /api/v1/reports and GET /api/v1/me/reports."""
# ruff: noqa: F811 (pytest fixtures imported from report_fixtures)

from commons.members.actions import create_api_token
from commons.notifications.models import Notification
from commons.safety import actions
from commons.safety.models import Case, CaseStatus, Decision, Recusal, Report
from commons.testing.assertions import assert_constant_queries

from .report_fixtures import post, sam  # noqa: F401

HARASSMENT = "professional.no-harassment"


def _token(user):
    return create_api_token(user, actor=user, name="tests")[1]


def test_api_report_content_returns_201_with_reference(api, member, sam, post):
    response = api.post(
        "/reports",
        {
            "subject": {"type": "post", "id": post.pk},
            "clause_ids": [HARASSMENT],
            "description": "Insults.",
            "desired_outcome": "Ask them to stop.",
        },
    )

    assert response.status_code == 201
    report = Report.objects.get(reference=response.json()["reference"])
    assert (report.reporter, report.subject_user, report.reason, report.source) == (
        member,
        sam,
        "harassment",
        "api",
    )


def test_api_report_url(api, member):
    response = api.post(
        "/reports",
        {"subject": {"url": "https://www.instagram.com/p/xyz"}, "clause_ids": [HARASSMENT]},
    )

    assert response.status_code == 201
    assert Report.objects.get().subject_url == "https://www.instagram.com/p/xyz"


def test_api_report_incident(api, member):
    response = api.post(
        "/reports",
        {
            "subject": {"incident": {"when": "Friday 8pm", "where": "Bar", "event_id": None}},
            "clause_ids": [HARASSMENT],
        },
    )

    assert response.status_code == 201
    assert Report.objects.get().incident_where == "Bar"


def test_api_report_with_an_unknown_event_is_400(api, member):
    response = api.post(
        "/reports",
        {"subject": {"incident": {"when": "Friday", "event_id": 999}}, "clause_ids": [HARASSMENT]},
    )

    assert response.status_code == 400
    assert "no such event" in response.json()["detail"]


def test_api_report_with_two_subjects_is_400(api, member, post):
    response = api.post(
        "/reports",
        {"subject": {"type": "post", "id": post.pk, "url": "https://x.example"}},
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("subject: ")
    assert not Report.objects.exists()


def test_api_report_with_a_bad_url_is_400(api, member):
    response = api.post("/reports", {"subject": {"url": "not a url"}, "clause_ids": [HARASSMENT]})

    assert response.status_code == 400


def test_api_report_excluding_a_moderator_recuses_them(api, member, moderator, post):
    response = api.post(
        "/reports",
        {
            "subject": {"type": "post", "id": post.pk},
            "clause_ids": [HARASSMENT],
            "exclude_moderator_ids": [moderator.pk],
        },
    )

    assert response.status_code == 201
    assert Recusal.objects.filter(moderator=moderator, why="excluded").exists()


def test_api_report_excluding_a_non_moderator_is_400(api, member, sam, post):
    response = api.post(
        "/reports",
        {
            "subject": {"type": "post", "id": post.pk},
            "clause_ids": [HARASSMENT],
            "exclude_moderator_ids": [sam.pk],
        },
    )

    assert response.status_code == 400
    assert "exclude_moderator_ids" in response.json()["detail"]


def test_api_report_needs_authentication(api, post):
    response = api.post("/reports", {"subject": {"type": "post", "id": post.pk}}, token="")

    assert response.status_code == 401


def test_api_my_reports_lists_status_in_general_terms(api, member, moderator, post):
    report = actions.file_report(
        reporter=member, subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
    )
    Decision.objects.create(
        case=report.case,
        respondent=post.author,
        outcome="suspension",
        reason="Private reason for the respondent",
        decided_by=moderator,
    )
    Case.objects.filter(pk=report.case_id).update(status=CaseStatus.DECIDED)

    response = api.get("/me/reports")

    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["reference"], item["status"], item["outcome"]) == (
        report.reference,
        "we took action",
        "we took action",
    )
    assert "suspension" not in response.content.decode().lower()
    assert "Private reason" not in response.content.decode()


def test_api_my_reports_shows_nothing_of_others_reports(api, member, sam, post):
    actions.file_report(
        reporter=sam, subject={"type": "member", "id": member.pk}, clause_keys=[HARASSMENT]
    )

    assert api.get("/me/reports").json()["count"] == 0


def test_api_reported_member_learns_nothing_of_the_reporter(api, member, sam, post):
    api.post("/reports", {"subject": {"type": "post", "id": post.pk}, "clause_ids": [HARASSMENT]})
    token = _token(sam)

    mine = api.get("/me/reports", token=token).json()
    notifications = api.get("/notifications", token=token).content.decode()

    assert mine["count"] == 0
    assert "Alex" not in notifications and "report" not in notifications.lower()
    assert not Notification.objects.filter(recipient=sam).exists()


def test_api_my_reports_queries_do_not_grow(api, member, post):
    def make(n):
        for _ in range(n):
            actions.file_report(
                reporter=member, subject={"type": "post", "id": post.pk}, clause_keys=[HARASSMENT]
            )

    assert_constant_queries(make, lambda: api.get("/me/reports"))
