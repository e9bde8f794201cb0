"""Sign-up, profiles, the directory, self-identification and roles through the API."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from commons.conduct.models import Acceptance
from commons.core.models import AuditEntry
from commons.members.actions import update_profile
from commons.members.models import ProfessionalRole, Profile, SelfIdentification, User
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signup(api, **overrides):
    data = {
        "email": "new@example.org",
        "password": "a-long-and-unusual-pass-2026",
        "display_name": "Nia New",
        "conduct_version": 1,
    }
    data.update(overrides)
    return api.post("/auth/signup", data, token="")


def _profile(user, **changes):
    return update_profile(user.profile, actor=user, **changes)


# sign-up


def test_signup_creates_account_profile_and_acceptance(api, code):
    response = _signup(api)

    assert response.status_code == 201
    user = User.objects.get(email="new@example.org")
    assert user.profile.display_name == "Nia New"
    assert Acceptance.objects.filter(user=user, version=code).exists()


def test_signup_sends_a_verification_email(api, code):
    _signup(api)

    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert not EmailAddress.objects.get(email="new@example.org").verified


def test_signup_account_cannot_get_a_token_before_verifying(api, code):
    _signup(api)

    response = api.post(
        "/auth/token",
        {"email": "new@example.org", "password": "a-long-and-unusual-pass-2026"},
        token="",
    )

    assert response.status_code == 403


def test_signup_duplicate_email_in_other_case_is_409(api, member):
    response = _signup(api, email="ALEX@Example.org")

    assert response.status_code == 409
    assert response.json()["detail"]
    assert User.objects.filter(email__iexact="alex@example.org").count() == 1


def test_signup_non_current_conduct_version_is_400_and_writes_nothing(api, code):
    users, entries = User.objects.count(), AuditEntry.objects.count()

    response = _signup(api, conduct_version=7)

    assert response.status_code == 400
    assert "current" in response.json()["detail"]
    assert (User.objects.count(), AuditEntry.objects.count(), len(mail.outbox)) == (
        users,
        entries,
        0,
    )


def test_signup_weak_password_is_400_and_writes_nothing(api, code):
    response = _signup(api, password="password")

    assert response.status_code == 400
    assert "password" in response.json()["detail"].lower()
    assert not User.objects.filter(email="new@example.org").exists()


def test_signup_blank_display_name_is_400_and_writes_nothing(api, code):
    response = _signup(api, display_name="  ")

    assert response.status_code == 400
    assert not User.objects.filter(email="new@example.org").exists()


def test_signup_invalid_email_is_400(api, code):
    assert _signup(api, email="not-an-email").status_code == 400


# profile


def test_profile_patch_changes_given_fields_only(api, member):
    _profile(member, company="Acme")

    response = api.patch(
        "/me/profile", {"headline": "Closing deals", "job_role": "customer-success"}
    )

    assert response.status_code == 200
    profile = Profile.objects.get(user=member)
    assert (profile.headline, profile.job_role.slug, profile.company) == (
        "Closing deals",
        "customer-success",
        "Acme",
    )


def test_profile_patch_unknown_role_slug_is_refused(api, member):
    response = api.patch("/me/profile", {"job_role": "astronaut"})

    assert response.status_code in (400, 404)
    assert isinstance(response.json()["detail"], str)
    assert Profile.objects.get(user=member).job_role is None


def test_profile_patch_bad_link_is_400(api, member):
    response = api.patch("/me/profile", {"links": ["javascript:alert(1)"]})

    assert response.status_code == 400
    assert "links" in response.json()["detail"]
    assert Profile.objects.get(user=member).links == []


def test_profile_patch_bad_visibility_is_400(api, member):
    assert api.patch("/me/profile", {"visibility": "everyone"}).status_code == 400


def test_profile_patch_is_audited(api, member):
    api.patch("/me/profile", {"pronouns": "they/them"})

    assert AuditEntry.objects.filter(verb="members.profile.updated", actor=member).exists()


# directory


def test_members_search_finds_by_name(api, member, code):
    UserFactory(display_name="Jordan Quinn")

    names = [m["display_name"] for m in api.get("/members?q=quinn").json()["items"]]

    assert names == ["Jordan Quinn"]


def test_members_filter_by_professional_role(api, member, code):
    seller = UserFactory(display_name="Sasha Seller")
    _profile(seller, job_role=ProfessionalRole.objects.get(slug="sales"))

    names = [m["display_name"] for m in api.get("/members?role=sales").json()["items"]]

    assert names == ["Sasha Seller"]


def test_members_filter_by_community_role(api, member, moderator):
    names = [m["display_name"] for m in api.get("/members?role=moderator").json()["items"]]

    assert names == ["Morgan Moderator"]


def test_members_list_has_pagination_shape(api, member):
    body = api.get("/members").json()

    assert set(body) == {"items", "count"}
    assert body["count"] == len(body["items"]) == 2  # the owner and the member


def test_members_list_pages_by_twenty(api, member, code):
    UserFactory.create_batch(21)

    assert len(api.get("/members").json()["items"]) == 20
    assert len(api.get("/members?page=2").json()["items"]) == 3


def test_members_guest_sees_only_public_profiles(api, member, code):
    shown = UserFactory(display_name="Pat Public")
    _profile(shown, visibility="public")

    names = [m["display_name"] for m in api.get("/members", token="").json()["items"]]

    assert names == ["Pat Public"]


def test_members_list_query_count_is_constant(api, code):
    def make(n):
        for _ in range(n):
            user = UserFactory()
            _profile(user, job_role=ProfessionalRole.objects.get(slug="sales"))

    assert_constant_queries(make, lambda: api.get("/members?role=sales"))


def test_member_detail_shows_profile_to_a_member(api, member, code):
    other = UserFactory(display_name="Jordan Quinn")
    _profile(other, bio="Hello", links=["https://example.org"])

    body = api.get(f"/members/{other.profile.handle}").json()

    assert (body["bio"], body["links"]) == ("Hello", ["https://example.org"])


def test_member_detail_members_only_profile_is_404_for_a_guest(api, member):
    response = api.get(f"/members/{member.profile.handle}", token="")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_member_detail_public_profile_is_shown_to_a_guest(api, member):
    _profile(member, visibility="public")

    assert api.get(f"/members/{member.profile.handle}", token="").status_code == 200


# self-identification


def test_self_identification_defaults_to_prefer_not_to_say(api):
    assert api.get("/me/self-identification").json() == {"prefer_not_to_say": True, "options": []}


def test_self_identification_put_stores_own_answer(api, member):
    response = api.put(
        "/me/self-identification", {"prefer_not_to_say": False, "options": ["woman"]}
    )

    assert response.json() == {"prefer_not_to_say": False, "options": ["woman"]}
    assert list(
        SelfIdentification.objects.get(user=member).options.values_list("slug", flat=True)
    ) == ["woman"]


def test_self_identification_unknown_option_is_400(api, member):
    response = api.put(
        "/me/self-identification", {"prefer_not_to_say": False, "options": ["martian"]}
    )

    assert response.status_code == 400
    assert not SelfIdentification.objects.filter(user=member, prefer_not_to_say=False).exists()


def test_self_identification_is_not_shown_to_others(api, member, code):
    from commons.members.actions import create_api_token

    other = UserFactory()
    api.put("/me/self-identification", {"prefer_not_to_say": False, "options": ["woman"]})
    _, key = create_api_token(other, actor=other, name="t")

    assert api.get("/me/self-identification", token=key).json() == {
        "prefer_not_to_say": True,
        "options": [],
    }
    assert "woman" not in api.get(f"/members/{member.profile.handle}", token=key).content.decode()


def test_self_identification_needs_authentication(api):
    assert api.get("/me/self-identification", token="").status_code == 401


# roles


def test_role_owner_appoints_a_moderator(api, owner_token, member):
    response = api.put(f"/members/{member.pk}/role", {"role": "moderator"}, token=owner_token)

    assert response.status_code == 200 and response.json()["community_role"] == "moderator"
    assert User.objects.get(pk=member.pk).role == "moderator"
    assert AuditEntry.objects.filter(verb="members.role.changed").exists()


def test_role_member_cannot_appoint(api, member, moderator):
    response = api.put(f"/members/{moderator.pk}/role", {"role": "member"})

    assert response.status_code == 403
    assert User.objects.get(pk=moderator.pk).role == "moderator"


def test_role_unknown_role_is_400(api, owner_token, member):
    assert (
        api.put(f"/members/{member.pk}/role", {"role": "king"}, token=owner_token).status_code
        == 400
    )
