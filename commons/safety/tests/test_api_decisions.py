# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
from datetime import timedelta

import pytest
from django.utils import timezone

from commons.community.models import ContentStatus
from commons.members.actions import create_api_token
from commons.safety import actions
from commons.safety.models import Appeal, Decision, DecisionStatus, Recusal

from .decision_fixtures import (  # noqa: F401
    case,
    post,
    reporter,
    respondent,
    second_moderator,
)

CLAUSE = "professional.no-harassment"


@pytest.fixture
def call(client):
    def call(user, method, path, data=None):
        _, key = create_api_token(user, actor=user, name="t")
        kwargs = {"headers": {"Authorization": f"Bearer {key}"}}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v1{path}", **kwargs)

    return call


def _warn(case, moderator):
    [decision] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Rude.",
        clause_keys=[CLAUSE],
    )
    return decision


def test_api_decide_creates_one_decision_per_outcome(call, case, moderator, post):
    response = call(
        moderator,
        "post",
        f"/cases/{case.pk}/decisions",
        {
            "outcomes": [
                {"outcome": "warning"},
                {"outcome": "remove_content", "content": [{"type": "post", "id": post.pk}]},
            ],
            "reason": "Insulting a member.",
            "clause_ids": [CLAUSE],
        },
    )
    assert response.status_code == 201, response.json()
    assert [d["outcome"] for d in response.json()] == ["warning", "remove_content"]
    post.refresh_from_db()
    assert post.status == ContentStatus.HIDDEN


def test_api_decide_on_a_closed_case_is_400(call, case, moderator):
    case.status = "closed"
    case.save()
    response = call(
        moderator,
        "post",
        f"/cases/{case.pk}/decisions",
        {"outcomes": [{"outcome": "no_action"}], "reason": "Nothing."},
    )
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_api_decide_is_404_for_members_and_recused_moderators(call, case, moderator, respondent):
    Recusal.objects.create(case=case, moderator=moderator, why="excluded")
    body = {"outcomes": [{"outcome": "no_action"}], "reason": "x"}
    for user in (respondent, moderator):
        assert call(user, "post", f"/cases/{case.pk}/decisions", body).status_code == 404


def test_api_me_decisions_lists_reason_and_clause_without_the_reporter(
    call, case, moderator, respondent, reporter
):
    _warn(case, moderator)
    response = call(respondent, "get", "/me/decisions")
    assert response.status_code == 200
    [decision] = response.json()
    assert decision["reason"] == "Rude."
    assert decision["clauses"][0]["key"] == CLAUSE
    assert decision["case_id"] is None
    text = response.content.decode()
    assert reporter.email not in text and "Remy" not in text


def test_api_me_decisions_is_empty_for_the_reporter(call, case, moderator, reporter):
    _warn(case, moderator)
    assert call(reporter, "get", "/me/decisions").json() == []


def test_api_acknowledge_warning(call, case, moderator, respondent):
    decision = _warn(case, moderator)
    response = call(respondent, "post", f"/decisions/{decision.pk}/acknowledge")
    assert response.status_code == 200
    assert response.json()["acknowledged_at"]


def test_api_acknowledge_someone_elses_warning_is_404(call, case, moderator, reporter):
    decision = _warn(case, moderator)
    assert call(reporter, "post", f"/decisions/{decision.pk}/acknowledge").status_code == 404


def test_api_appeal_then_second_appeal_is_400(call, case, moderator, respondent):
    decision = _warn(case, moderator)
    first = call(respondent, "post", f"/decisions/{decision.pk}/appeal", {"statement": "Please."})
    assert first.status_code == 201
    second = call(respondent, "post", f"/decisions/{decision.pk}/appeal", {"statement": "Again."})
    assert second.status_code == 400
    assert "already appealed" in second.json()["detail"]


def test_api_late_appeal_is_400(call, case, moderator, respondent):
    decision = _warn(case, moderator)
    Decision.objects.filter(pk=decision.pk).update(effective_at=timezone.now() - timedelta(days=15))
    response = call(respondent, "post", f"/decisions/{decision.pk}/appeal", {"statement": "Late."})
    assert response.status_code == 400
    assert "14 days" in response.json()["detail"]


def test_api_confirm_own_removal_is_403_and_another_moderator_confirms(
    call, case, moderator, second_moderator, respondent
):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    own = call(moderator, "post", f"/decisions/{removal.pk}/confirm")
    assert own.status_code == 403
    assert "second moderator" in own.json()["detail"]
    other = call(second_moderator, "post", f"/decisions/{removal.pk}/confirm")
    assert other.status_code == 200
    assert other.json()["status"] == DecisionStatus.IN_EFFECT


def test_api_review_by_the_decider_is_403_and_another_overturns(
    call, case, moderator, second_moderator, respondent
):
    decision = _warn(case, moderator)
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    own = call(moderator, "post", f"/appeals/{appeal.pk}/review", {"upheld": True})
    assert own.status_code == 403
    response = call(
        second_moderator,
        "post",
        f"/appeals/{appeal.pk}/review",
        {"upheld": False, "note": "Overturned."},
    )
    assert response.status_code == 200
    assert Appeal.objects.get().status == "overturned"


def test_api_review_is_404_for_members(call, case, moderator, respondent, reporter):
    decision = _warn(case, moderator)
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    assert (
        call(reporter, "post", f"/appeals/{appeal.pk}/review", {"upheld": True}).status_code == 404
    )


def test_api_decline_removal_cancels_it(call, case, moderator, second_moderator, respondent):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    response = call(second_moderator, "post", f"/decisions/{removal.pk}/decline", {"note": "No."})
    assert response.status_code == 200
    assert response.json()["status"] == DecisionStatus.CANCELLED
    respondent.refresh_from_db()
    assert respondent.is_active


def test_api_appeals_queue_marks_the_deciders_own(
    call, case, moderator, second_moderator, respondent
):
    decision = _warn(case, moderator)
    actions.appeal_decision(decision, actor=respondent, statement="Please.")
    assert [a["can_review"] for a in call(moderator, "get", "/appeals").json()] == [False]
    assert [a["can_review"] for a in call(second_moderator, "get", "/appeals").json()] == [True]
    assert call(respondent, "get", "/appeals").status_code == 404


def test_api_lists_run_the_same_queries_for_1_and_20(
    client, moderator, second_moderator, respondent, reporter
):
    from commons.testing.assertions import assert_constant_queries

    from .decision_fixtures import make_case

    _, mine = create_api_token(respondent, actor=respondent, name="t")
    _, theirs = create_api_token(second_moderator, actor=second_moderator, name="t")

    def make(n):
        for _ in range(n):
            decision = _warn(make_case(respondent=respondent, reporter=reporter), moderator)
            actions.appeal_decision(decision, actor=respondent, statement="Please.")

    def both():
        client.get("/api/v1/me/decisions", headers={"Authorization": f"Bearer {mine}"})
        client.get("/api/v1/appeals", headers={"Authorization": f"Bearer {theirs}"})

    assert_constant_queries(make, both)
