# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from commons.community.models import ContentStatus
from commons.core.audit import AuditEntry
from commons.core.restrictions import Restricted
from commons.members.models import email_hash
from commons.notifications.models import Kind, Notification
from commons.safety import actions
from commons.safety.models import (
    BarredEmail,
    CaseActivity,
    CaseStatus,
    DecisionStatus,
    Recusal,
)
from commons.testing.factories import UserFactory

from .decision_fixtures import (  # noqa: F401
    case,
    make_case,
    post,
    reporter,
    respondent,
    second_moderator,
)

CLAUSE = "professional.no-harassment"
RESPECT = "expected.respect"


def later(days=7):
    return timezone.now() + timedelta(days=days)


def test_decide_without_action_closes_the_case_and_tells_the_reporter_no_breach(
    case, moderator, reporter, respondent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [decision] = actions.decide(
            case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason="A misunderstanding."
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert decision.status == DecisionStatus.IN_EFFECT
    told = Notification.objects.get(recipient=reporter, kind=Kind.SAFETY_REPORT)
    assert "found no breach" in told.text
    assert not Notification.objects.filter(recipient=respondent, kind=Kind.SAFETY_DECISION).exists()


def test_decide_without_action_needs_a_note(case, moderator):
    with pytest.raises(ValidationError, match="note is required"):
        actions.decide(case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason=" ")


def test_decide_remove_content_hides_the_post_and_keeps_it(case, moderator, post):
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "remove_content"}],
        reason="Insulting.",
        clause_keys=[RESPECT],
    )
    post.refresh_from_db()
    assert post.status == ContentStatus.HIDDEN
    assert AuditEntry.objects.filter(verb="safety.decision.made").exists()
    assert CaseActivity.objects.filter(case=case, verb="decision.made").exists()


def test_decide_a_sanction_needs_a_cited_clause(case, moderator):
    with pytest.raises(ValidationError, match="Cite the clause"):
        actions.decide(case, actor=moderator, outcomes=[{"outcome": "warning"}], reason="Rude.")


def test_decide_on_a_closed_case_is_refused(case, moderator):
    case.status = CaseStatus.CLOSED
    case.save()
    with pytest.raises(ValidationError, match="closed"):
        actions.decide(
            case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason="Nothing."
        )


def test_decide_by_a_recused_moderator_is_not_found(case, moderator):
    Recusal.objects.create(case=case, moderator=moderator, why="excluded")
    with pytest.raises(Http404):
        actions.decide(
            case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason="Nothing."
        )


def test_decide_by_a_member_is_refused(case, reporter):
    with pytest.raises(PermissionDenied):
        actions.decide(case, actor=reporter, outcomes=[{"outcome": "no_action"}], reason="x")


def test_decide_without_conversation_is_refused_outside_zero_tolerance(
    respondent, reporter, post, moderator
):
    quiet = make_case(respondent=respondent, reporter=reporter, post=post, talked=False)
    with pytest.raises(ValidationError, match="Talk with the people involved first"):
        actions.decide(
            quiet,
            actor=moderator,
            outcomes=[{"outcome": "remove_content"}],
            reason="Off topic.",
            clause_keys=[RESPECT],
        )


def test_decide_zero_tolerance_removes_content_at_once_without_conversation(
    respondent, reporter, post, moderator
):
    quiet = make_case(
        respondent=respondent, reporter=reporter, post=post, reason="harassment", talked=False
    )
    actions.decide(
        quiet,
        actor=moderator,
        outcomes=[{"outcome": "remove_content"}],
        reason="Harassment.",
        clause_keys=[CLAUSE],
    )
    post.refresh_from_db()
    assert post.status == ContentStatus.HIDDEN


def test_decide_tells_the_respondent_the_reason_and_clause_never_the_reporter(
    case, moderator, respondent, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide(
            case,
            actor=moderator,
            outcomes=[{"outcome": "warning"}],
            reason="Your reply insulted another member.",
            clause_keys=[CLAUSE],
        )
    assert Notification.objects.filter(recipient=respondent, kind=Kind.SAFETY_DECISION).exists()
    emails = [m for m in mail.outbox if respondent.email in m.to]
    [email] = [m for m in emails if "Why:" in m.body]
    assert "Your reply insulted another member." in email.body
    assert "No harassment" in email.body
    for sent in emails:
        for leak in (reporter.email, reporter.profile.display_name, "They were rude to me"):
            assert leak not in sent.body and leak not in sent.subject
    for note in Notification.objects.filter(recipient=respondent):
        assert reporter.profile.display_name not in note.text
    told = Notification.objects.get(recipient=reporter, kind=Kind.SAFETY_REPORT)
    assert "we took action" in told.text
    assert "insulted" not in told.text


def test_warning_blocks_posting_until_acknowledged(case, moderator, respondent):
    from commons.community.actions import create_post

    [warning] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Rude.",
        clause_keys=[CLAUSE],
    )
    with pytest.raises(Restricted, match="acknowledge"):
        create_post(author=respondent, kind="insight", title="Again", body="More words.")
    actions.acknowledge_warning(warning, actor=respondent)
    create_post(author=respondent, kind="insight", title="Again", body="More words.")


def test_acknowledge_warning_by_someone_else_is_not_found(case, moderator, reporter):
    [warning] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Rude.",
        clause_keys=[CLAUSE],
    )
    with pytest.raises(Http404):
        actions.acknowledge_warning(warning, actor=reporter)


def test_no_contact_needs_protected_members_and_a_date(case, moderator):
    with pytest.raises(ValidationError, match="Name the members"):
        actions.decide(
            case,
            actor=moderator,
            outcomes=[{"outcome": "no_contact", "until": later()}],
            reason="Leave them be.",
            clause_keys=[CLAUSE],
        )
    with pytest.raises(ValidationError, match="future"):
        actions.decide(
            case,
            actor=moderator,
            outcomes=[
                {
                    "outcome": "no_contact",
                    "until": later(-1),
                    "protected_user_ids": [case.reports.get().reporter_id],
                }
            ],
            reason="Leave them be.",
            clause_keys=[CLAUSE],
        )


def test_external_action_is_recorded_with_what_where_who_when(case, moderator):
    [decision] = actions.decide(
        case,
        actor=moderator,
        outcomes=[
            {
                "outcome": "external_action",
                "external": {"what": "Comment deleted", "where": "LinkedIn page", "who": "Morgan"},
            }
        ],
        reason="Harassing comment on our LinkedIn page.",
        clause_keys=[CLAUSE],
    )
    assert decision.external["where"] == "LinkedIn page"
    assert decision.external["who"] == "Morgan"


def test_external_action_needs_what_and_where(case, moderator):
    with pytest.raises(ValidationError, match="what was done and where"):
        actions.decide(
            case,
            actor=moderator,
            outcomes=[{"outcome": "external_action", "external": {"what": "x"}}],
            reason="r",
        )


def test_removal_waits_for_a_second_moderator(case, moderator, respondent):
    [removal] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "removal"}],
        reason="Repeated.",
        clause_keys=[CLAUSE],
    )
    respondent.refresh_from_db()
    assert removal.status == DecisionStatus.PENDING_CONFIRMATION
    assert respondent.is_active


def test_confirm_removal_by_the_decider_is_refused(case, moderator):
    [removal] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "removal"}],
        reason="Repeated.",
        clause_keys=[CLAUSE],
    )
    with pytest.raises(PermissionDenied, match="second moderator must confirm"):
        actions.confirm_removal(removal, actor=moderator)


def test_confirm_removal_closes_the_account_ends_tokens_and_bars_the_email(
    case, moderator, second_moderator, respondent, post
):
    from commons.members.actions import create_api_token
    from commons.members.models import ApiToken

    create_api_token(respondent, actor=respondent, name="cli")
    [removal] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "removal", "remove_content": True}],
        reason="Repeated harassment.",
        clause_keys=[CLAUSE],
    )
    actions.confirm_removal(removal, actor=second_moderator)
    respondent.refresh_from_db()
    post.refresh_from_db()
    assert not respondent.is_active
    assert not ApiToken.objects.filter(user=respondent, revoked_at__isnull=True).exists()
    assert BarredEmail.objects.filter(email_hash=email_hash("RORY@example.org")).exists()
    assert post.status == ContentStatus.HIDDEN


def test_confirm_removal_ends_the_members_sessions(
    client, case, moderator, second_moderator, respondent
):
    client.force_login(respondent)
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    actions.confirm_removal(removal, actor=second_moderator)
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()


def test_decline_removal_leaves_the_account(case, moderator, second_moderator, respondent):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    actions.decline_removal(removal, actor=second_moderator)
    removal.refresh_from_db()
    respondent.refresh_from_db()
    assert removal.status == DecisionStatus.CANCELLED
    assert respondent.is_active


def test_barred_email_cannot_sign_up_through_the_api(
    client, code, case, moderator, second_moderator, respondent
):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    actions.confirm_removal(removal, actor=second_moderator)
    respondent.delete()
    response = client.post(
        "/api/v1/auth/signup",
        {
            "email": "Rory@example.org",
            "password": "a-long-enough-password-1",
            "display_name": "Rory Again",
            "conduct_version": code.number,
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "removed from the community" in response.json()["detail"]


def test_barred_email_cannot_sign_up_through_the_web(
    client, code, case, moderator, second_moderator, respondent
):
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    actions.confirm_removal(removal, actor=second_moderator)
    respondent.delete()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "rory@example.org",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "display_name": "Rory Again",
            "conduct_version": code.number,
            "accept_conduct": "on",
        },
    )
    assert response.status_code == 200
    assert "removed from the community" in response.content.decode()
    from commons.members.models import User

    assert not User.objects.filter(email="rory@example.org").exists()


def test_event_removal_removes_the_rsvp_and_bars_from_events(case, moderator, respondent):
    from commons.events import actions as event_actions
    from commons.events.models import EventBar, EventRemoval, Rsvp

    event = event_actions.create_event(
        actor=moderator, title="Meetup", starts_at=later(3), ends_at=later(3) + timedelta(hours=2)
    )
    event_actions.rsvp(event, actor=respondent, status="going", acknowledge_conduct=True)
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "event_removal", "event_id": event.pk, "until": later(30)}],
        reason="Unwelcome behaviour at the meetup.",
        clause_keys=[CLAUSE],
    )
    assert Rsvp.objects.get(event=event, user=respondent).status == "removed"
    assert EventRemoval.objects.get(event=event, user=respondent).case_id == case.pk
    assert EventBar.objects.filter(user=respondent).exists()


def test_expire_sanctions_ends_a_suspension_on_its_date(case, moderator, respondent):
    from commons.community.actions import create_post

    [suspension] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "suspension", "until": later(2)}],
        reason="Cool off.",
        clause_keys=[CLAUSE],
    )
    assert actions.expire_sanctions(now=later(1)) == 0
    assert actions.expire_sanctions(now=later(3)) == 1
    suspension.refresh_from_db()
    assert suspension.status == DecisionStatus.EXPIRED
    assert AuditEntry.objects.filter(verb="safety.decision.expired").exists()
    create_post(author=respondent, kind="insight", title="Back", body="Hello again.")


def test_expire_sanctions_runs_from_tick(case, moderator):
    from io import StringIO

    from django.core.management import call_command

    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "suspension", "until": later(2)}],
        reason="Cool off.",
        clause_keys=[CLAUSE],
    )
    from commons.safety.models import Decision

    Decision.objects.update(until=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("tick", stdout=out)
    assert "sanctions expired: 1" in out.getvalue()


def test_decide_about_oneself_is_refused(respondent, reporter, post, moderator):
    own = make_case(respondent=moderator, reporter=reporter)
    with pytest.raises((PermissionDenied, Http404)):  # a party is also recused
        actions.decide(
            own,
            actor=moderator,
            outcomes=[{"outcome": "warning"}],
            reason="x",
            clause_keys=[CLAUSE],
        )


def test_unrelated_member_is_not_restricted(case, moderator):
    from commons.community.actions import create_post

    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "suspension", "until": later()}],
        reason="Cool off.",
        clause_keys=[CLAUSE],
    )
    other = UserFactory()
    create_post(author=other, kind="insight", title="Fine", body="All fine.")


def test_decide_remove_content_of_a_screened_case_hides_the_screened_post(
    moderator, respondent, post
):
    import secrets

    from django.contrib.contenttypes.models import ContentType

    from commons.conduct.models import ScreenedItem
    from commons.safety.models import Case

    item = ScreenedItem.objects.create(
        content_type=ContentType.objects.get_for_model(post),
        object_id=post.pk,
        author=respondent,
        where="post",
        excerpt=post.body,
        decision="nudge",
        posted_anyway=True,
    )
    screened_case = Case.objects.create(
        reference="C-" + secrets.token_hex(4).upper(),
        subject_key=f"screened:{item.pk}",
        respondent=respondent,
        category="harassment",
        screened_item=item,
    )
    actions.decide(
        screened_case,
        actor=moderator,
        outcomes=[{"outcome": "remove_content"}],
        reason="Harassing words.",
        clause_keys=[CLAUSE],
    )
    post.refresh_from_db()
    assert post.status == ContentStatus.HIDDEN


def test_removal_of_a_member_who_deleted_their_account_bars_their_old_address(
    case, moderator, second_moderator, respondent
):
    from commons.members.actions import delete_account
    from commons.testing.factories import PASSWORD

    address = respondent.email
    delete_account(respondent, actor=respondent, password=PASSWORD)
    [removal] = actions.decide(
        case, actor=moderator, outcomes=[{"outcome": "removal"}], reason="R.", clause_keys=[CLAUSE]
    )
    actions.confirm_removal(removal, actor=second_moderator)

    assert BarredEmail.objects.filter(email_hash=email_hash(address)).exists()
