# ruff: noqa: F811  (pytest fixtures imported from decision_fixtures)
from datetime import timedelta

import pytest
from django.utils import timezone

from commons.community import actions as community
from commons.core.restrictions import Restricted
from commons.events import actions as events
from commons.members.actions import update_profile
from commons.safety import actions
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


@pytest.fixture
def suspended(case, moderator, respondent):
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "suspension", "until": later()}],
        reason="Cool off.",
        clause_keys=[CLAUSE],
    )
    return respondent


@pytest.fixture
def protected(case, moderator, respondent, reporter):
    """`respondent` may not contact `reporter` for a week; returns the reporter."""
    reporter.profile.who_may_message = "anyone"
    reporter.profile.who_may_tag = "anyone"
    reporter.profile.save()
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "no_contact", "until": later(), "protected_user_ids": [reporter.pk]}],
        reason="Leave them be.",
        clause_keys=[CLAUSE],
    )
    return reporter


@pytest.fixture
def event(moderator):
    return events.create_event(
        actor=moderator, title="Meetup", starts_at=later(3), ends_at=later(3) + timedelta(hours=2)
    )


def test_suspension_refuses_a_post(suspended):
    with pytest.raises(Restricted, match="suspended until"):
        community.create_post(author=suspended, kind="insight", title="Hi", body="Hello.")


def test_suspension_refuses_editing_a_post(suspended, post):
    with pytest.raises(Restricted):
        community.edit_post(post, actor=suspended, body="Edited.")


def test_suspension_refuses_a_comment(suspended, moderator):
    other = community.create_post(author=moderator, kind="insight", title="Hi", body="Hello.")
    with pytest.raises(Restricted):
        community.create_comment(other, author=suspended, body="Reply.")


def test_suspension_refuses_a_reaction(suspended, moderator):
    other = community.create_post(author=moderator, kind="insight", title="Hi", body="Hello.")
    with pytest.raises(Restricted):
        community.react(other, actor=suspended, kind="helpful")


def test_suspension_refuses_a_message(suspended, moderator):
    with pytest.raises(Restricted):
        community.send_message(sender=suspended, recipient=moderator, body="Hi.")


def test_suspension_refuses_an_invitation(suspended):
    with pytest.raises(Restricted):
        community.invite_person(inviter=suspended, email="friend@example.org")


def test_suspension_refuses_an_rsvp(suspended, event):
    with pytest.raises(Restricted):
        events.rsvp(event, actor=suspended, status="going", acknowledge_conduct=True)


def test_suspension_refuses_a_profile_edit(suspended):
    with pytest.raises(Restricted):
        update_profile(suspended.profile, actor=suspended, headline="New me")


def test_suspension_refuses_creating_an_event(suspended):
    from commons.members.actions import set_host

    owner = UserFactory(owner=True)
    set_host(suspended, actor=owner, is_host=True)
    with pytest.raises(Restricted):
        events.create_event(
            actor=suspended, title="Mine", starts_at=later(3), ends_at=later(3) + timedelta(hours=1)
        )


def test_suspension_past_its_date_no_longer_applies_before_expiry_runs(suspended):
    from commons.safety.models import Decision

    Decision.objects.update(until=timezone.now() - timedelta(seconds=1))
    community.create_post(author=suspended, kind="insight", title="Hi", body="Hello.")


def test_suspended_member_can_still_read(client, suspended, post):
    client.force_login(suspended)
    assert client.get("/posts/").status_code == 200
    assert client.get(f"/posts/{post.pk}/").status_code == 200


def test_suspended_member_posting_on_the_web_sees_why(client, suspended):
    client.force_login(suspended)
    response = client.post(
        "/posts/new/", {"kind": "insight", "title": "Hi", "body": "Hello there."}
    )
    assert response.status_code in (200, 403)
    assert "suspended until" in response.content.decode()


def test_suspended_member_posting_through_the_api_gets_403_with_the_reason(client, suspended, code):
    from commons.members.actions import create_api_token

    _, key = create_api_token(suspended, actor=suspended, name="t")
    response = client.post(
        "/api/v1/posts",
        {"kind": "insight", "title": "Hi", "body": "Hello there."},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403
    assert "suspended until" in response.json()["detail"]


def test_no_contact_refuses_messaging_the_protected_member(respondent, protected):
    with pytest.raises(Restricted, match="no-contact order"):
        community.send_message(sender=respondent, recipient=protected, body="Hey.")


def test_no_contact_allows_messaging_someone_else(respondent, protected, moderator):
    moderator.profile.who_may_message = "anyone"
    moderator.profile.save()
    community.send_message(sender=respondent, recipient=moderator, body="Hello.")


def test_no_contact_refuses_mentioning_the_protected_member(respondent, protected):
    with pytest.raises(Restricted, match="no-contact order"):
        community.create_post(
            author=respondent,
            kind="insight",
            title="Hi",
            body=f"Thanks @{protected.profile.handle} for nothing.",
        )


def test_no_contact_refuses_replying_to_the_protected_members_post(respondent, protected):
    theirs = community.create_post(author=protected, kind="insight", title="Mine", body="Words.")
    with pytest.raises(Restricted, match="no-contact order"):
        community.create_comment(theirs, author=respondent, body="A reply.")


def test_no_contact_refuses_reacting_to_the_protected_members_post(respondent, protected):
    theirs = community.create_post(author=protected, kind="insight", title="Mine", body="Words.")
    with pytest.raises(Restricted):
        community.react(theirs, actor=respondent, kind="helpful")


def test_no_contact_refuses_rsvp_to_an_event_the_protected_member_hosts(
    respondent, protected, moderator
):
    from commons.members.actions import set_host

    owner = UserFactory(owner=True)
    set_host(protected, actor=owner, is_host=True)
    hosted = events.create_event(
        actor=protected, title="Theirs", starts_at=later(3), ends_at=later(3) + timedelta(hours=1)
    )
    with pytest.raises(Restricted, match="no-contact order"):
        events.rsvp(hosted, actor=respondent, status="going", acknowledge_conduct=True)


def test_no_contact_allows_rsvp_to_other_events(respondent, protected, event):
    assert events.rsvp(event, actor=respondent, status="going", acknowledge_conduct=True) == "going"


def test_no_contact_leaves_posting_open(respondent, protected):
    community.create_post(author=respondent, kind="insight", title="Hi", body="Hello all.")


def test_warning_banner_links_to_the_acknowledgement(client, case, moderator, respondent):
    [warning] = actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "warning"}],
        reason="Rude.",
        clause_keys=[CLAUSE],
    )
    client.force_login(respondent)
    page = client.get("/posts/").content.decode()
    assert f"/safety/decisions/{warning.pk}/acknowledge/" in page
    actions.acknowledge_warning(warning, actor=respondent)
    page = client.get("/posts/").content.decode()
    assert f"/safety/decisions/{warning.pk}/acknowledge/" not in page


def test_the_composer_shows_a_suspended_member_why_and_writes_nothing(client, suspended):
    from commons.community.models import Post

    client.force_login(suspended)
    response = client.post(
        "/posts/new/", {"kind": "insight", "title": "Hi", "body": "Hello, everyone."}
    )

    assert response.status_code == 200
    assert "suspended until" in response.text
    assert not Post.objects.filter(author=suspended, title="Hi").exists()
