# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
from commons.safety import actions
from commons.safety.models import Appeal, Decision, Recusal
from commons.testing.assertions import assert_constant_queries

from .decision_fixtures import (  # noqa: F401
    case,
    make_case,
    post,
    reporter,
    respondent,
    second_moderator,
)

CLAUSE = "professional.no-harassment"


def _warn(case, moderator, reason="Rude."):
    [decision] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason=reason,
        clause_keys=[CLAUSE],
    )
    return decision


def test_decide_page_records_a_warning(client, case, moderator):
    client.force_login(moderator)
    assert client.get(f"/safety/cases/{case.pk}/decide/").status_code == 200
    response = client.post(
        f"/safety/cases/{case.pk}/decide/",
        {"outcomes": ["warning"], "reason": "Please be kind.", "clause_keys": [CLAUSE]},
    )
    assert response.status_code == 302
    assert Decision.objects.get().reason == "Please be kind."


def test_decide_page_shows_a_refusal_as_a_form_error(client, case, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/safety/cases/{case.pk}/decide/", {"outcomes": ["warning"], "reason": "No clause."}
    )
    assert response.status_code == 200
    assert "Cite the clause" in response.content.decode()
    assert not Decision.objects.exists()


def test_decide_page_is_404_for_members_and_recused_moderators(client, case, moderator, respondent):
    Recusal.objects.create(case=case, moderator=moderator, why="excluded")
    for user in (respondent, moderator):
        client.force_login(user)
        assert client.get(f"/safety/cases/{case.pk}/decide/").status_code == 404


def test_my_decisions_page_shows_reason_and_clause_never_the_reporter(
    client, case, moderator, respondent, reporter
):
    _warn(case, moderator, reason="You insulted a member.")
    client.force_login(respondent)
    page = client.get("/safety/me/decisions/").content.decode()
    assert "You insulted a member." in page
    assert "No harassment" in page
    assert "Remy Reporter" not in page and reporter.email not in page
    assert "They were rude to me" not in page


def test_my_decisions_page_runs_the_same_queries_for_1_and_20(
    client, moderator, respondent, reporter
):
    client.force_login(respondent)

    def make(n):
        for _ in range(n):
            _warn(make_case(respondent=respondent, reporter=reporter), moderator)

    assert_constant_queries(make, lambda: client.get("/safety/me/decisions/"))


def test_acknowledge_page_acknowledges_the_warning(client, case, moderator, respondent):
    decision = _warn(case, moderator)
    client.force_login(respondent)
    assert client.get(f"/safety/decisions/{decision.pk}/acknowledge/").status_code == 200
    client.post(f"/safety/decisions/{decision.pk}/acknowledge/")
    decision.refresh_from_db()
    assert decision.acknowledged_at is not None


def test_acknowledge_page_is_404_for_someone_else(client, case, moderator, reporter):
    decision = _warn(case, moderator)
    client.force_login(reporter)
    assert client.get(f"/safety/decisions/{decision.pk}/acknowledge/").status_code == 404


def test_appeal_page_files_an_appeal_and_refuses_a_second(client, case, moderator, respondent):
    decision = _warn(case, moderator)
    client.force_login(respondent)
    url = f"/safety/decisions/{decision.pk}/appeal/"
    assert client.post(url, {"statement": "I was quoting them."}).status_code == 302
    again = client.post(url, {"statement": "Again."})
    assert "already appealed" in again.content.decode()
    assert Appeal.objects.count() == 1


def test_appeals_queue_lists_appeals_for_moderators_only(
    client, case, moderator, second_moderator, respondent
):
    decision = _warn(case, moderator)
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    client.force_login(second_moderator)
    page = client.get("/safety/appeals/").content.decode()
    assert f"/safety/appeals/{appeal.pk}/" in page
    client.force_login(respondent)
    assert client.get("/safety/appeals/").status_code == 404


def test_appeals_queue_runs_the_same_queries_for_1_and_20(
    client, moderator, second_moderator, respondent, reporter
):
    client.force_login(second_moderator)

    def make(n):
        for _ in range(n):
            decision = _warn(make_case(respondent=respondent, reporter=reporter), moderator)
            actions.appeal_decision(decision, actor=respondent, statement="Please.")

    assert_constant_queries(make, lambda: client.get("/safety/appeals/"))


def test_review_page_overturns_the_decision(client, case, moderator, second_moderator, respondent):
    decision = _warn(case, moderator)
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    client.force_login(second_moderator)
    response = client.post(
        f"/safety/appeals/{appeal.pk}/", {"result": "overturned", "note": "We were wrong."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "overturned"


def test_review_page_tells_the_decider_to_leave_it_to_another_moderator(
    client, case, moderator, respondent
):
    decision = _warn(case, moderator)
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    client.force_login(moderator)
    response = client.post(f"/safety/appeals/{appeal.pk}/", {"result": "upheld", "note": ""})
    assert "did not decide it" in response.content.decode()


def test_confirm_removal_page_confirms_for_a_second_moderator(
    client, case, moderator, second_moderator, respondent
):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    client.force_login(moderator)
    client.post(f"/safety/decisions/{removal.pk}/confirm/")
    removal.refresh_from_db()
    assert removal.status == "pending"
    client.force_login(second_moderator)
    client.post(f"/safety/decisions/{removal.pk}/confirm/")
    removal.refresh_from_db()
    assert removal.status == "in_effect"


def _render_included(user, case):
    from django.template import engines
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = engines["django"].from_string('{% include "safety/decision_form.html" %}')
    return template.render({"case": case}, request)


def test_decision_form_include_renders_the_form_for_a_moderator(case, moderator):
    html = _render_included(moderator, case)
    assert f'action="/safety/cases/{case.pk}/decide/"' in html


def test_decision_form_include_renders_nothing_for_a_member(case, respondent):
    assert "decide" not in _render_included(respondent, case)


def test_decide_page_asks_to_leave_an_event_the_respondent_answered(
    client, case, moderator, respondent
):
    from datetime import timedelta

    from django.utils import timezone

    from commons.events import actions as events
    from commons.events.models import Rsvp

    start = timezone.now() + timedelta(days=3)
    event = events.create_event(
        actor=moderator, title="Meetup", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    events.rsvp(event, actor=respondent, status="going", acknowledge_conduct=True)
    client.force_login(moderator)
    assert "Meetup" in client.get(f"/safety/cases/{case.pk}/decide/").content.decode()
    client.post(
        f"/safety/cases/{case.pk}/decide/",
        {
            "outcomes": ["event_removal"],
            "reason": "Please leave the meetup.",
            "clause_keys": [CLAUSE],
            "event_id": str(event.pk),
        },
    )
    assert Rsvp.objects.get(event=event, user=respondent).status == "removed"


def test_case_page_includes_the_decide_form(client, case, moderator):
    client.force_login(moderator)
    page = client.get(f"/safety/cases/{case.pk}/").content.decode()
    assert f'action="/safety/cases/{case.pk}/decide/"' in page


def test_case_queue_links_to_the_appeals_queue(client, moderator):
    client.force_login(moderator)
    assert "/safety/appeals/" in client.get("/safety/cases/").content.decode()
