import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commons.conduct import actions
from commons.conduct.models import Acceptance, ConductVersion, VersionStatus
from commons.conduct.permissions import (
    ConductNotAccepted,
    check_conduct_accepted,
    has_accepted_current_conduct,
)
from commons.conduct.queries import conduct_status_for, current_version
from commons.core.models import AuditEntry
from commons.testing.factories import UserFactory, publish_code

CLAUSE = {
    "key": "professional.no-doxing",
    "section": "unacceptable",
    "category": "doxing",
    "title": "No doxing",
    "text": "Don't.",
}


def test_publish_version_makes_it_current(owner):
    version = publish_code(owner, clauses=[CLAUSE])
    assert current_version().pk == version.pk
    assert version.status == VersionStatus.PUBLISHED
    assert AuditEntry.objects.filter(
        verb="conduct.version.published", target_id=str(version.pk)
    ).exists()


def test_publish_version_records_the_publishers_acceptance(owner):
    version = publish_code(owner, clauses=[CLAUSE])
    assert Acceptance.objects.filter(user=owner, version=version).exists()


def test_clause_numbers_follow_sections(code):
    numbers = {c.key: c.number for c in code.clauses.all()}
    assert numbers["expected.respect"] == "1.1"
    assert numbers["professional.no-discrimination"] == "2.1"
    assert numbers["reporting.how"] == "4.1"


def test_shipped_code_covers_every_section_and_key_category(code):
    sections = set(code.clauses.values_list("section", flat=True))
    categories = set(code.clauses.values_list("category", flat=True))
    assert sections == {"expected", "unacceptable", "breach", "reporting"}
    assert {
        "discrimination",
        "harassment",
        "threats",
        "sexual",
        "explicit-material",
        "doxing",
        "soliciting",
        "tagging",
    } <= categories


def test_create_draft_copies_the_current_clauses(code, owner):
    draft = actions.create_draft(actor=owner)
    assert draft.number == code.number + 1
    assert list(draft.clauses.values_list("key", flat=True)) == list(
        code.clauses.values_list("key", flat=True)
    )


def test_create_draft_refuses_a_second_draft(code, owner):
    actions.create_draft(actor=owner)
    with pytest.raises(ValidationError):
        actions.create_draft(actor=owner)


def test_create_draft_is_for_owners_only(code, moderator):
    with pytest.raises(PermissionDenied):
        actions.create_draft(actor=moderator)
    assert not ConductVersion.objects.filter(status=VersionStatus.DRAFT).exists()


def test_publish_needs_a_change_summary_after_the_first_version(code, owner):
    draft = actions.create_draft(actor=owner)
    with pytest.raises(ValidationError, match="what changed"):
        actions.publish_version(draft, actor=owner)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert current_version().pk == code.pk


def test_published_version_cannot_be_edited(code, owner):
    with pytest.raises(ValidationError):
        actions.update_draft(code, actor=owner, change_summary="sneaky")
    code.refresh_from_db()
    assert code.change_summary == "First version."


def test_update_draft_rejects_a_malformed_clause_id_and_keeps_the_clauses(code, owner):
    draft = actions.create_draft(actor=owner)
    before = draft.clauses.count()
    with pytest.raises(ValidationError):
        actions.update_draft(draft, actor=owner, clauses=[{**CLAUSE, "key": "Not An Id"}])
    assert draft.clauses.count() == before


def test_update_draft_rejects_duplicate_clause_ids(code, owner):
    draft = actions.create_draft(actor=owner)
    with pytest.raises(ValidationError, match="share one id"):
        actions.update_draft(draft, actor=owner, clauses=[CLAUSE, CLAUSE])


def test_accept_conduct_refuses_a_version_that_is_not_current(code, owner):
    user = UserFactory(accepted=False)
    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="Clarified doxing.")
    actions.publish_version(draft, actor=owner)
    with pytest.raises(ValidationError, match="not the current"):
        actions.accept_conduct(user, version_number=code.number)
    assert not Acceptance.objects.filter(user=user).exists()


def test_accept_conduct_is_idempotent_and_audited_once(code):
    user = UserFactory(accepted=False)
    actions.accept_conduct(user, version_number=code.number)
    actions.accept_conduct(user, version_number=code.number)
    assert Acceptance.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(verb="conduct.version.accepted", actor=user).count() == 1


def test_acceptances_are_append_only(member, code):
    acceptance = Acceptance.objects.get(user=member, version=code)
    with pytest.raises(ValueError):
        acceptance.save()
    with pytest.raises(ValueError):
        acceptance.delete()


def test_new_version_requires_members_to_accept_again(member, owner, code):
    assert has_accepted_current_conduct(member)
    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="Added a clause on tagging.")
    actions.publish_version(draft, actor=owner)
    member._conduct_status = None
    status = conduct_status_for(member)
    assert status.needs_acceptance and status.is_new_version
    with pytest.raises(ConductNotAccepted):
        check_conduct_accepted(member)


def test_check_conduct_accepted_passes_after_accepting(code):
    user = UserFactory(accepted=False)
    with pytest.raises(ConductNotAccepted):
        check_conduct_accepted(user)
    actions.accept_conduct(user, version_number=code.number)
    check_conduct_accepted(user)


def test_join_community_creates_profile_and_acceptance_together(code):
    from commons.members.models import User

    user = User.objects.create_user(email="new@example.org", password="x" * 12)
    actions.join_community(user, display_name="Nia Brooks", version_number=code.number)
    assert user.profile.handle == "nia-brooks"
    assert Acceptance.objects.filter(user=user, version=code).exists()


def test_join_community_with_a_stale_version_writes_nothing(code, owner):
    from commons.members.models import Profile, User

    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="v2")
    actions.publish_version(draft, actor=owner)
    user = User.objects.create_user(email="late@example.org", password="x" * 12)
    with pytest.raises(ValidationError):
        actions.join_community(user, display_name="Late", version_number=code.number)
    assert not Profile.objects.filter(user=user).exists()


def test_create_owner_publishes_the_shipped_code_on_a_new_site(db):
    owner = actions.create_owner(email="First@Example.org", password="a-long-passphrase-1")
    assert owner.email == "first@example.org"
    assert owner.role == "owner"
    assert current_version().number == 1
    assert has_accepted_current_conduct(owner)
