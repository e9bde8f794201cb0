# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from commons.community.models import ContentStatus
from commons.core.restrictions import Restricted
from commons.notifications.models import Kind, Notification
from commons.safety import actions
from commons.safety.models import AppealStatus, BarredEmail, CaseStatus, DecisionStatus
from commons.testing.factories import UserFactory

from .decision_fixtures import (  # noqa: F401
    case,
    post,
    reporter,
    respondent,
    second_moderator,
)

CLAUSE = "professional.no-harassment"


def later(days=7):
    return timezone.now() + timedelta(days=days)


def _decide(case, moderator, outcome, **fields):
    [decision] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": outcome, **fields}],
        reason="Against the Code of Conduct.",
        clause_keys=[CLAUSE],
    )
    return decision


def _overturn(decision, respondent, reviewer):
    appeal = actions.appeal_decision(decision, actor=respondent, statement="I did not mean it.")
    return actions.review_appeal(appeal, actor=reviewer, upheld=False, note="Fair point.")


def test_appeal_puts_the_case_in_appealed(case, moderator, respondent):
    decision = _decide(case, moderator, "warning")
    actions.appeal_decision(decision, actor=respondent, statement="Please reconsider.")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPEALED


def test_appeal_a_second_time_is_refused(case, moderator, respondent):
    decision = _decide(case, moderator, "warning")
    actions.appeal_decision(decision, actor=respondent, statement="Please reconsider.")
    with pytest.raises(ValidationError, match="already appealed"):
        actions.appeal_decision(decision, actor=respondent, statement="Again.")


def test_appeal_after_14_days_is_refused(case, moderator, respondent):
    decision = _decide(case, moderator, "warning")
    with pytest.raises(ValidationError, match="14 days"):
        actions.appeal_decision(
            decision, actor=respondent, statement="Late.", now=timezone.now() + timedelta(days=15)
        )


def test_appeal_by_someone_else_is_not_found(case, moderator, reporter):
    decision = _decide(case, moderator, "warning")
    with pytest.raises(Http404):
        actions.appeal_decision(decision, actor=reporter, statement="Not mine.")


def test_appeal_of_no_action_is_refused(case, moderator, respondent):
    [decision] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason="Nothing."
    )
    with pytest.raises(ValidationError, match="Only a sanction"):
        actions.appeal_decision(decision, actor=respondent, statement="?")


def test_review_by_the_decider_is_refused(case, moderator, respondent):
    decision = _decide(case, moderator, "warning")
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    with pytest.raises(PermissionDenied, match="did not decide it"):
        actions.review_appeal(appeal, actor=moderator, upheld=True, note="")


def test_review_by_a_member_is_refused(case, moderator, respondent, reporter):
    decision = _decide(case, moderator, "warning")
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    with pytest.raises(PermissionDenied):
        actions.review_appeal(appeal, actor=reporter, upheld=False, note="x")


def test_review_upheld_keeps_the_decision_and_tells_the_member(
    case, moderator, second_moderator, respondent
):
    decision = _decide(case, moderator, "warning")
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    actions.review_appeal(appeal, actor=second_moderator, upheld=True, note="It stands.")
    decision.refresh_from_db()
    case.refresh_from_db()
    assert decision.status == DecisionStatus.IN_EFFECT
    assert case.status == CaseStatus.DECIDED
    assert Notification.objects.filter(
        recipient=respondent, kind=Kind.SAFETY_APPEAL, text__contains="upheld"
    ).exists()


def test_review_twice_is_refused(case, moderator, second_moderator, respondent):
    decision = _decide(case, moderator, "warning")
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    actions.review_appeal(appeal, actor=second_moderator, upheld=True, note="")
    with pytest.raises(ValidationError, match="already been reviewed"):
        actions.review_appeal(appeal, actor=second_moderator, upheld=False, note="x")


def test_overturn_needs_a_note(case, moderator, second_moderator, respondent):
    decision = _decide(case, moderator, "warning")
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Please.")
    with pytest.raises(ValidationError, match="note is required"):
        actions.review_appeal(appeal, actor=second_moderator, upheld=False, note="")


def test_overturn_restores_removed_content(case, moderator, second_moderator, respondent, post):
    decision = _decide(case, moderator, "remove_content")
    _overturn(decision, respondent, second_moderator)
    post.refresh_from_db()
    decision.refresh_from_db()
    case.refresh_from_db()
    assert post.status == ContentStatus.PUBLISHED
    assert decision.status == DecisionStatus.OVERTURNED
    assert case.status == CaseStatus.CLOSED


def test_overturn_clears_a_warning(case, moderator, second_moderator, respondent):
    from commons.community.actions import create_post

    decision = _decide(case, moderator, "warning")
    _overturn(decision, respondent, second_moderator)
    create_post(author=respondent, kind="insight", title="Free", body="Posting again.")


def test_overturn_lifts_a_suspension(case, moderator, second_moderator, respondent):
    from commons.community.actions import create_post

    decision = _decide(case, moderator, "suspension", until=later())
    with pytest.raises(Restricted):
        create_post(author=respondent, kind="insight", title="No", body="Not yet.")
    _overturn(decision, respondent, second_moderator)
    create_post(author=respondent, kind="insight", title="Free", body="Posting again.")


def test_overturn_lifts_a_no_contact_order(case, moderator, second_moderator, respondent, reporter):
    from commons.community.actions import send_message

    decision = _decide(
        case, moderator, "no_contact", until=later(), protected_user_ids=[reporter.pk]
    )
    _overturn(decision, respondent, second_moderator)
    reporter.profile.who_may_message = "anyone"
    reporter.profile.save()
    send_message(sender=respondent, recipient=reporter, body="Sorry about before.")


def test_overturn_removes_the_event_bar(case, moderator, second_moderator, respondent):
    from commons.events import actions as event_actions
    from commons.events.models import EventBar

    event = event_actions.create_event(
        actor=moderator, title="Meetup", starts_at=later(3), ends_at=later(3) + timedelta(hours=2)
    )
    event_actions.rsvp(event, actor=respondent, status="going", acknowledge_conduct=True)
    decision = _decide(case, moderator, "event_removal", event_id=event.pk, until=later(30))
    _overturn(decision, respondent, second_moderator)
    assert not EventBar.objects.filter(user=respondent).exists()
    assert (
        event_actions.rsvp(event, actor=respondent, status="going", acknowledge_conduct=True)
        == "going"
    )


def test_overturn_reactivates_the_account_and_unbars_the_email(
    case, moderator, second_moderator, respondent, post, code
):
    third = UserFactory(moderator=True)
    decision = _decide(case, moderator, "removal", remove_content=True)
    actions.confirm_removal(decision, actor=second_moderator)
    # the removed member cannot log in; the appeal reaches the moderators through the action
    appeal = actions.appeal_decision(decision, actor=respondent, statement="Let me back.")
    with pytest.raises(PermissionDenied):
        actions.review_appeal(appeal, actor=second_moderator, upheld=False, note="x")
    actions.review_appeal(appeal, actor=third, upheld=False, note="We were wrong.")
    respondent.refresh_from_db()
    post.refresh_from_db()
    assert respondent.is_active
    assert not BarredEmail.objects.exists()
    assert post.status == ContentStatus.PUBLISHED


def test_appeal_status_returns_to_decided_when_other_decisions_stand(
    case, moderator, second_moderator, respondent
):
    decisions = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}, {"outcome": "suspension", "until": later()}],
        reason="Both.",
        clause_keys=[CLAUSE],
    )
    _overturn(decisions[1], respondent, second_moderator)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert decisions[1].appeal.status == AppealStatus.OVERTURNED
