"""Fixtures and helpers shared by the case, thread and screening-queue tests.

Cases are set up without the report intake (its own tests cover it): a case with one report is
written directly, and its parties are added through ``actions.add_party`` so recusal, audit and
the timeline run as in production.
"""

import secrets
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from commons.safety import actions
from commons.safety.models import REASON_CATEGORY, Case, PartyRole, Reason, Report, severity_of
from commons.testing.factories import UserFactory


@pytest.fixture
def mod2(code):
    return UserFactory(moderator=True, display_name="Mina Moderator", email="mina@example.org")


@pytest.fixture
def reporter(code):
    return UserFactory(display_name="Rita Reporter", email="rita@example.org")


@pytest.fixture
def respondent(code):
    return UserFactory(display_name="Ray Respondent", email="ray@example.org")


def _ref(prefix):
    return f"{prefix}-" + secrets.token_hex(4).upper()


def make_case(
    *,
    actor,
    reporter=None,
    respondent=None,
    reason=Reason.OTHER,
    clause_keys=(),
    age=timedelta(0),
    contact_email="",
    description="It happened in the thread.",
) -> Case:
    """A case with one report, and its reporter and respondent as parties (added by `actor`)."""
    category = REASON_CATEGORY[reason]
    with transaction.atomic():
        case = Case.objects.create(
            reference=_ref("C"),
            subject_key=f"member:{respondent.pk}" if respondent else _ref("url"),
            respondent=respondent,
            category=category,
            severity=severity_of(category),
        )
        report = Report.objects.create(
            reference=_ref("R"),
            case=case,
            reporter=reporter,
            contact_email=contact_email,
            subject_type="member",
            subject_id=respondent.pk if respondent else None,
            subject_user=respondent,
            reason=reason,
            clause_keys=list(clause_keys),
            description=description,
            snapshot={"bio": "Original bio"},
        )
        if age:
            then = timezone.now() - age
            Case.objects.filter(pk=case.pk).update(created_at=then)
            Report.objects.filter(pk=report.pk).update(created_at=then)
            case.refresh_from_db()
        if reporter is not None:
            actions.add_party(case, actor=actor, role=PartyRole.REPORTER, user=reporter)
        elif contact_email:
            actions.add_party(case, actor=actor, role=PartyRole.REPORTER, email=contact_email)
        if respondent is not None:
            actions.add_party(case, actor=actor, role=PartyRole.RESPONDENT, user=respondent)
    return case


def party_of(case, role):
    return case.parties.get(role=role)
