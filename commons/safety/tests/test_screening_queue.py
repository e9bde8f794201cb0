# ruff: noqa: F811  (pytest fixtures imported from case_helpers)
"""The screening queue joins the case queue: a held or posted-anyway item opens a case at once, and
approving or rejecting it (from the old moderation queue or from the case) closes that case."""

import pytest
from django.urls import reverse

from commons.community import actions as community
from commons.community.models import ContentStatus, Post
from commons.conduct.models import ReviewState, ScreenedItem
from commons.conduct.moderation import approve_screened, reject_screened
from commons.core.models import AuditEntry
from commons.safety import actions, queries
from commons.safety.models import Case, CaseStatus, PartyRole, Severity, Source, SubjectType
from commons.testing.factories import UserFactory

from .case_helpers import mod2  # noqa: F401

THREAT = "I know where you live and I will hurt you if you post that again."
PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True


@pytest.fixture
def author(code):
    return UserFactory(display_name="Hal Holder", email="hal@example.org")


def _held(author):
    return community.create_post(author=author, kind="insight", title="Notes", body=THREAT)


def test_a_held_post_opens_a_case_with_the_author_as_respondent(author):
    _held(author)
    item = ScreenedItem.objects.get()
    case = Case.objects.get(screened_item=item)
    assert (case.respondent, case.category, case.severity) == (author, "threats", Severity.CRITICAL)
    assert case.status == CaseStatus.NEW
    report = case.reports.get()
    assert (report.source, report.subject_type, report.subject_id) == (
        Source.SCREENING,
        SubjectType.POST,
        item.object_id,
    )
    assert report.snapshot["excerpt"].endswith(THREAT)
    assert case.parties.get().role == PartyRole.RESPONDENT
    assert AuditEntry.objects.filter(
        verb="safety.case.opened", target_id=str(case.pk), data__source="screening"
    ).exists()


def test_a_posted_anyway_pitch_opens_a_case_too(author):
    community.create_post(author=author, kind="insight", title="Tool", body=PITCH, post_anyway=True)
    case = Case.objects.get()
    assert case.category == "soliciting" and case.screened_item.posted_anyway


def test_screening_cases_are_in_the_same_queue_as_reports(moderator, author):
    _held(author)
    assert [c.screened_item_id for c in queries.visible_cases(moderator)] == [
        ScreenedItem.objects.get().pk
    ]


def test_approving_in_the_old_queue_closes_the_case(moderator, author):
    _held(author)
    approve_screened(ScreenedItem.objects.get(), actor=moderator)
    case = Case.objects.get()
    assert (case.status, case.closed_at is not None) == (CaseStatus.CLOSED, True)
    assert case.activity.filter(verb="screened_reviewed").exists()
    assert list(queries.visible_cases(moderator)) == []


def test_rejecting_in_the_old_queue_page_closes_the_case(client, moderator, author):
    _held(author)
    item = ScreenedItem.objects.get()
    client.force_login(moderator)
    client.post(reverse("conduct:queue-decide", args=[item.pk, "reject"]))
    assert Case.objects.get().status == CaseStatus.CLOSED


def test_rejecting_from_the_case_page_hides_the_content_and_closes_the_case(
    client, moderator, author
):
    post = _held(author)
    case = Case.objects.get()
    client.force_login(moderator)
    assert (
        "Reject (hide) the content"
        in client.get(reverse("safety:case", args=[case.pk])).content.decode()
    )
    client.post(reverse("safety:case-screened", args=[case.pk]), {"decision": "reject"})
    post = Post.objects.get(pk=post.pk)
    assert post.status == ContentStatus.HIDDEN
    assert ScreenedItem.objects.get().review_state == ReviewState.REJECTED
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_approving_from_the_case_publishes_the_content(moderator, author):
    post = _held(author)
    case = Case.objects.get()
    actions.review_screened_case(case, actor=moderator, approve=True)
    assert Post.objects.get(pk=post.pk).status == ContentStatus.PUBLISHED
    assert ScreenedItem.objects.get().review_state == ReviewState.APPROVED


def test_a_screening_case_cannot_be_closed_by_hand_while_the_item_waits(moderator, author):
    from django.core.exceptions import ValidationError

    _held(author)
    case = Case.objects.get()
    with pytest.raises(ValidationError):
        actions.set_case_status(case, actor=moderator, status=CaseStatus.CLOSED)
    assert ScreenedItem.objects.get().review_state == ReviewState.PENDING


def test_a_reviewed_item_cannot_be_reviewed_again_from_the_case(moderator, author):
    from django.core.exceptions import ValidationError

    _held(author)
    reject_screened(ScreenedItem.objects.get(), actor=moderator)
    with pytest.raises(ValidationError):
        actions.review_screened_case(Case.objects.get(), actor=moderator, approve=True)


def test_a_moderator_author_is_recused_from_their_own_screening_case(moderator, mod2):
    _held(mod2)
    case = Case.objects.get()
    assert not queries.can_see_case(mod2, case)
    assert queries.can_see_case(moderator, case)


def test_deciding_without_action_approves_the_item_and_closes_the_case(moderator, author):
    post = _held(author)
    case = Case.objects.get()
    actions.decide(case, actor=moderator, outcomes=[{"outcome": "no_action"}], reason="Fine.")
    assert ScreenedItem.objects.get().review_state == ReviewState.APPROVED
    assert Post.objects.get(pk=post.pk).status == ContentStatus.PUBLISHED
    assert Case.objects.get().status == CaseStatus.CLOSED


def test_deciding_to_remove_the_content_rejects_the_item(moderator, author):
    from commons.safety.models import PartyRole

    post = _held(author)
    case = Case.objects.get()
    actions.send_thread_message(
        case.parties.get(role=PartyRole.RESPONDENT), actor=moderator, body="About your post"
    )
    clause = case.reports.get().clause_keys[0]
    actions.decide(
        case,
        actor=moderator,
        outcomes=[{"outcome": "remove_content"}],
        reason="A threat.",
        clause_keys=[clause],
    )
    item = ScreenedItem.objects.get()
    assert (item.review_state, item.reviewed_by) == (ReviewState.REJECTED, moderator)
    assert Post.objects.get(pk=post.pk).status == ContentStatus.HIDDEN
    assert list(queries.visible_cases(moderator)) == []
