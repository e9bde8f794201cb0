import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from commons.core.models import AuditEntry
from commons.members import actions
from commons.members.models import ApiToken, IdentityOption, ProfessionalRole, SelfIdentification
from commons.testing.factories import UserFactory


def _png(size=(64, 64), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_update_profile_changes_fields_and_is_audited(member):
    role = ProfessionalRole.objects.get(slug="customer-success")
    actions.update_profile(member.profile, actor=member, headline="CSM, enterprise", job_role=role)
    member.profile.refresh_from_db()
    assert member.profile.headline == "CSM, enterprise"
    assert member.profile.job_role == role
    assert AuditEntry.objects.filter(verb="members.profile.updated", actor=member).exists()


def test_update_profile_refuses_someone_elses_profile(member):
    other = UserFactory()
    with pytest.raises(ValidationError):
        actions.update_profile(other.profile, actor=member, headline="hacked")
    other.profile.refresh_from_db()
    assert other.profile.headline == ""


def test_update_profile_refuses_a_link_that_is_not_a_web_address(member):
    with pytest.raises(ValidationError, match="Not a web address"):
        actions.update_profile(member.profile, actor=member, links=["javascript:alert(1)"])


def test_update_profile_refuses_more_than_five_links(member):
    with pytest.raises(ValidationError, match="At most 5"):
        actions.update_profile(
            member.profile, actor=member, links=[f"https://example.org/{i}" for i in range(6)]
        )


def test_update_profile_refuses_a_taken_handle(member):
    other = UserFactory()
    with pytest.raises(ValidationError, match="taken"):
        actions.update_profile(member.profile, actor=member, handle=other.profile.handle)


def test_update_profile_refuses_the_community_handle(member):
    with pytest.raises(ValidationError):
        actions.update_profile(member.profile, actor=member, handle="community")


def test_update_profile_accepts_a_real_image_avatar(member):
    actions.update_profile(member.profile, actor=member, avatar=_png())
    member.profile.refresh_from_db()
    assert member.profile.avatar.name.startswith("avatars/")


def test_update_profile_refuses_a_file_that_is_not_an_image(member):
    fake = SimpleUploadedFile("me.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError, match="not an image"):
        actions.update_profile(member.profile, actor=member, avatar=fake)
    member.profile.refresh_from_db()
    assert not member.profile.avatar


def test_update_profile_refuses_an_oversized_avatar(member, settings):
    settings.AVATAR_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="larger than"):
        actions.update_profile(
            member.profile, actor=member, avatar=_png(size=(400, 400), fmt="BMP")
        )


def test_update_profile_refuses_an_image_format_that_is_not_allowed(member):
    with pytest.raises(ValidationError, match="PNG, JPEG"):
        actions.update_profile(member.profile, actor=member, avatar=_png(fmt="BMP"))


def test_create_profile_makes_unique_handles(code):
    first = UserFactory(display_name="Jordan Lee")
    second = UserFactory(display_name="Jordan Lee")
    assert first.profile.handle == "jordan-lee"
    assert second.profile.handle == "jordan-lee-2"


def test_set_self_identification_stores_options_privately(member):
    woman = IdentityOption.objects.get(slug="woman")
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=False, option_ids=[woman.pk]
    )
    ident = SelfIdentification.objects.get(user=member)
    assert list(ident.options.all()) == [woman]
    entry = AuditEntry.objects.get(verb="members.self_identification.updated")
    assert entry.data == {} and entry.target_id == ""


def test_set_self_identification_prefer_not_to_say_clears_options(member):
    woman = IdentityOption.objects.get(slug="woman")
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=False, option_ids=[woman.pk]
    )
    actions.set_self_identification(
        member, actor=member, prefer_not_to_say=True, option_ids=[woman.pk]
    )
    ident = SelfIdentification.objects.get(user=member)
    assert ident.prefer_not_to_say and not ident.options.exists()


def test_set_self_identification_only_by_the_member(member, owner):
    with pytest.raises(ValidationError):
        actions.set_self_identification(member, actor=owner, prefer_not_to_say=False, option_ids=[])


def test_appoint_role_makes_a_moderator(owner, member):
    actions.appoint_role(member, actor=owner, role="moderator")
    member.refresh_from_db()
    assert member.role == "moderator"
    assert AuditEntry.objects.get(verb="members.role.changed").data == {
        "from": "member",
        "to": "moderator",
    }


def test_appoint_role_is_for_owners_only(member, moderator):
    with pytest.raises(PermissionDenied):
        actions.appoint_role(member, actor=moderator, role="moderator")
    member.refresh_from_db()
    assert member.role == "member"


def test_appoint_role_refuses_an_owner_demoting_themself(owner, code):
    with pytest.raises(ValidationError):
        actions.appoint_role(owner, actor=owner, role="member")


def test_api_token_is_stored_only_as_a_hash(member):
    token, key = actions.create_api_token(member, actor=member, name="CRM")
    assert key.startswith("cmn_")
    assert token.key_hash == ApiToken.hash(key)
    assert key not in str(token.__dict__)


def test_revoke_api_token_only_by_its_owner(member):
    token, _ = actions.create_api_token(member, actor=member, name="CRM")
    with pytest.raises(ValidationError):
        actions.revoke_api_token(token, actor=UserFactory())
    actions.revoke_api_token(token, actor=member)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_save_list_item_adds_a_role(owner, code):
    item = actions.save_list_item(
        "job_role", actor=owner, slug="", name="Solutions engineering", position=5
    )
    assert item.slug == "solutions-engineering"
    assert ProfessionalRole.objects.filter(slug="solutions-engineering").exists()


def test_save_list_item_is_for_owners_only(member):
    with pytest.raises(PermissionDenied):
        actions.save_list_item("sector", actor=member, slug="x", name="X")


def test_create_account_refuses_a_duplicate_email_in_another_case(code):
    actions.create_account(email="dup@example.org", password="a-long-passphrase-1")
    with pytest.raises(ValidationError, match="already exists"):
        actions.create_account(email="DUP@Example.org", password="a-long-passphrase-1")


def test_user_email_is_unique_case_insensitively_in_the_database(code):
    from django.db import IntegrityError, transaction

    from commons.members.models import User

    User.objects.create_user(email="case@example.org", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="CASE@example.org")])
