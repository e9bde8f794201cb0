"""Fixtures for the decision, appeal and restriction tests: a case about a member's post, with a
reporter, two moderators, and a conversation already held."""

import pytest

from commons.safety.models import Case, CaseStatus, Party, PartyRole, Report, ThreadMessage
from commons.testing.factories import UserFactory


@pytest.fixture
def respondent(code):
    return UserFactory(display_name="Rory Respondent", email="rory@example.org")


@pytest.fixture
def reporter(code):
    return UserFactory(display_name="Remy Reporter", email="remy@example.org")


@pytest.fixture
def second_moderator(code):
    return UserFactory(moderator=True, display_name="Max Moderator", email="max@example.org")


@pytest.fixture
def post(respondent):
    from commons.community.actions import create_post

    return create_post(author=respondent, kind="insight", title="Hello", body="Some words here.")


def make_case(*, respondent, reporter, post=None, reason="other", category="other", talked=True):
    """A case with one report about `post` (or the member), as the intake would group it."""
    import secrets

    case = Case.objects.create(
        reference="C-" + secrets.token_hex(4).upper(),
        subject_key=f"member:{respondent.pk}",
        respondent=respondent,
        category=category,
        status=CaseStatus.IN_CONVERSATION if talked else CaseStatus.NEW,
    )
    Report.objects.create(
        reference="R-" + secrets.token_hex(4).upper(),
        case=case,
        reporter=reporter,
        subject_type="post" if post else "member",
        subject_id=post.pk if post else respondent.pk,
        subject_user=respondent,
        reason=reason,
        description="They were rude to me.",
    )
    party = Party.objects.create(
        case=case, user=respondent, role=PartyRole.RESPONDENT, reply_token=secrets.token_hex(8)
    )
    Party.objects.create(
        case=case, user=reporter, role=PartyRole.REPORTER, reply_token=secrets.token_hex(8)
    )
    if talked:
        ThreadMessage.objects.create(party=party, from_moderators=True, body="Can we talk?")
    return case


@pytest.fixture
def case(respondent, reporter, post):
    return make_case(respondent=respondent, reporter=reporter, post=post)
