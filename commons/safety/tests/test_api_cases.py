# ruff: noqa: F811  (pytest fixtures imported from case_helpers)
"""The case API: the queue, one case (audited), messages to one party, notes, assignment, status,
parties, screening review; and a member's own threads. 404 for everyone who may not see a case."""

import pytest
from django.core import mail

from commons.core.models import AuditEntry
from commons.members.actions import create_api_token
from commons.safety import actions
from commons.safety.models import Case, CaseStatus, PartyRole, Reason, Recusal, ThreadMessage
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

from .case_helpers import make_case, mod2, party_of, reporter, respondent  # noqa: F401


@pytest.fixture
def case(moderator, reporter, respondent):
    return make_case(
        actor=moderator, reporter=reporter, respondent=respondent, reason=Reason.HARASSMENT
    )


@pytest.fixture
def call(client):
    """`call(user, "get", "/cases", data)` with the user's Bearer token (None: no token)."""
    tokens = {}

    def do(user, method, path, data=None):
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = create_api_token(user, actor=user, name="tests")[1]
            headers["Authorization"] = f"Bearer {tokens[user.pk]}"
        kwargs = {"headers": headers}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v1{path}", **kwargs)

    return do


def test_api_case_queue_lists_open_cases_most_severe_first(call, moderator, respondent, case):
    other = make_case(actor=moderator, respondent=respondent)
    response = call(moderator, "get", "/cases")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [case.pk, other.pk]
    assert items[0]["category"] == "harassment" and items[0]["report_count"] == 1
    assert items[0]["waiting_since"] and items[0]["unanswered_since"] is None


def test_api_case_queue_filters_mine_and_status(call, moderator, respondent, case):
    other = make_case(actor=moderator, respondent=respondent)
    actions.assign_case(other, actor=moderator, assignee=moderator)
    assert [i["id"] for i in call(moderator, "get", "/cases?mine=true").json()["items"]] == [
        other.pk
    ]
    assert call(moderator, "get", "/cases?status=closed").json()["items"] == []
    assert call(moderator, "get", "/cases?status=bogus").status_code == 400


def test_api_case_queue_runs_the_same_queries_for_1_and_20_cases(call, moderator, reporter):
    call(moderator, "get", "/cases")  # make the token outside the measurement

    def make(n):
        for _ in range(n):
            c = make_case(actor=moderator, reporter=reporter, respondent=UserFactory())
            actions.assign_case(c, actor=moderator, assignee=moderator)

    assert_constant_queries(make, lambda: call(moderator, "get", "/cases"))


def test_api_case_detail_has_reports_parties_threads_notes_timeline_and_is_audited(
    call, moderator, case, reporter
):
    party = party_of(case, PartyRole.REPORTER)
    actions.send_thread_message(party, actor=moderator, body="Hello")
    actions.add_case_note(case, actor=moderator, body="A note")
    data = call(moderator, "get", f"/cases/{case.pk}").json()
    assert data["reports"][0]["reporter"]["id"] == reporter.pk
    assert {p["role"] for p in data["parties"]} == {"reporter", "respondent"}
    thread = next(t for t in data["threads"] if t["party_id"] == party.pk)
    assert thread["messages"][0]["body"] == "Hello"
    assert data["notes"][0]["body"] == "A note"
    assert data["timeline"] and data["status"] == "in_conversation"
    assert AuditEntry.objects.filter(
        verb="safety.case.viewed", actor=moderator, data={"part": "api"}
    ).exists()


@pytest.mark.parametrize("who", ["member", "respondent", "recused", "guest"])
def test_api_cases_are_404_for_everyone_who_may_not_see_them(
    call, who, member, respondent, mod2, case
):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    viewer = {"member": member, "respondent": respondent, "recused": mod2, "guest": None}[who]
    party = party_of(case, PartyRole.REPORTER)
    expected = 401 if viewer is None else 404
    assert call(viewer, "get", f"/cases/{case.pk}").status_code == expected
    assert (
        call(
            viewer, "post", f"/cases/{case.pk}/messages", {"party_id": party.pk, "body": "x"}
        ).status_code
        == expected
    )
    assert call(viewer, "post", f"/cases/{case.pk}/notes", {"body": "x"}).status_code == expected
    assert (
        call(viewer, "post", f"/cases/{case.pk}/status", {"status": "closed"}).status_code
        == expected
    )
    assert not ThreadMessage.objects.exists() and not case.notes.exists()


def test_api_recused_moderator_does_not_see_the_case_in_the_queue(call, mod2, case):
    Recusal.objects.create(case=case, moderator=mod2, why=Recusal.Why.EXCLUDED)
    assert call(mod2, "get", "/cases").json()["items"] == []


def test_api_send_message_writes_to_one_party_and_emails_them(
    call, moderator, case, respondent, django_capture_on_commit_callbacks
):
    party = party_of(case, PartyRole.RESPONDENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            moderator,
            "post",
            f"/cases/{case.pk}/messages",
            {"party_id": party.pk, "body": "Please stop."},
        )
    assert response.status_code == 201 and response.json()["body"] == "Please stop."
    assert mail.outbox[0].to == [respondent.email]
    assert ThreadMessage.objects.get().via == "api"


def test_api_send_message_to_a_party_of_another_case_is_404(call, moderator, respondent, case):
    other = make_case(actor=moderator, respondent=respondent)
    party = party_of(other, PartyRole.RESPONDENT)
    response = call(
        moderator, "post", f"/cases/{case.pk}/messages", {"party_id": party.pk, "body": "x"}
    )
    assert response.status_code == 404


def test_api_send_message_refuses_an_empty_body(call, moderator, case):
    party = party_of(case, PartyRole.RESPONDENT)
    response = call(
        moderator, "post", f"/cases/{case.pk}/messages", {"party_id": party.pk, "body": " "}
    )
    assert response.status_code == 400 and "detail" in response.json()


def test_api_assign_status_and_note(call, moderator, mod2, case):
    assert (
        call(moderator, "post", f"/cases/{case.pk}/assign", {"assignee_id": mod2.pk}).json()[
            "assignee"
        ]["id"]
        == mod2.pk
    )
    data = call(moderator, "post", f"/cases/{case.pk}/status", {"status": "closed"}).json()
    assert data["status"] == "closed" and "in_conversation" in data["allowed_statuses"]
    reopened = call(moderator, "post", f"/cases/{case.pk}/status", {"status": "acknowledged"})
    assert reopened.json()["status"] == CaseStatus.ACKNOWLEDGED
    assert call(moderator, "post", f"/cases/{case.pk}/notes", {"body": "n"}).status_code == 201


def test_api_status_refuses_a_bad_transition(call, moderator, case):
    response = call(moderator, "post", f"/cases/{case.pk}/status", {"status": "appealed"})
    assert response.status_code == 400 and "cannot go from" in response.json()["detail"]


def test_api_add_party_by_email(call, moderator, case):
    response = call(
        moderator,
        "post",
        f"/cases/{case.pk}/parties",
        {"role": "witness", "email": "wit@example.net", "name": "Wit"},
    )
    assert response.status_code == 201 and response.json()["email"] == "wit@example.net"


# --- a member's own threads -------------------------------------------------------------------


def test_api_me_threads_lists_only_my_thread(call, moderator, case, respondent):
    actions.send_thread_message(
        party_of(case, PartyRole.REPORTER), actor=moderator, body="To the reporter"
    )
    mine = party_of(case, PartyRole.RESPONDENT)
    actions.send_thread_message(mine, actor=moderator, body="To the respondent")
    items = call(respondent, "get", "/me/threads").json()["items"]
    assert [i["party_id"] for i in items] == [mine.pk]
    assert [m["body"] for m in items[0]["messages"]] == ["To the respondent"]
    assert "author" not in items[0]["messages"][0]  # moderators are not named to parties


def test_api_me_thread_reply_lands_in_my_thread(call, case, reporter):
    party = party_of(case, PartyRole.REPORTER)
    response = call(reporter, "post", f"/me/threads/{party.pk}/messages", {"body": "More info"})
    assert response.status_code == 201
    assert ThreadMessage.objects.get().party == party


def test_api_me_thread_reply_to_someone_elses_thread_is_404(call, case, respondent):
    party = party_of(case, PartyRole.REPORTER)
    response = call(respondent, "post", f"/me/threads/{party.pk}/messages", {"body": "Hi"})
    assert response.status_code == 404
    assert not ThreadMessage.objects.exists()


def test_api_me_threads_runs_the_same_queries_for_1_and_20_threads(
    call, moderator, reporter, respondent
):
    call(reporter, "get", "/me/threads")

    def make(n):
        for _ in range(n):
            c = make_case(actor=moderator, reporter=reporter, respondent=respondent)
            actions.send_thread_message(party_of(c, PartyRole.REPORTER), actor=moderator, body="Hi")

    assert_constant_queries(make, lambda: call(reporter, "get", "/me/threads"))


def test_api_review_screened_rejects_the_content_and_closes_the_case(call, moderator, settings):
    from commons.community import actions as community
    from commons.conduct.models import ReviewState, ScreenedItem

    settings.SCREENING_ENFORCED = True
    author = UserFactory()
    community.create_post(
        author=author,
        kind="insight",
        title="Notes",
        body="I know where you live and I will hurt you if you post that again.",
    )
    case = Case.objects.get()
    data = call(moderator, "post", f"/cases/{case.pk}/screened", {"approve": False}).json()
    assert data["status"] == "closed" and data["screened_item"]["review_state"] == "rejected"
    assert ScreenedItem.objects.get().review_state == ReviewState.REJECTED


def test_api_openapi_schema_lists_the_case_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/me/threads"):
        assert path in paths
