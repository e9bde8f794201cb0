"""Tokens, Bearer and session authentication, and CSRF on the API."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from commons.members.models import ApiToken
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_auth_token_returns_a_token_that_authenticates(api, member, password):
    response = api.post("/auth/token", {"email": member.email, "password": password}, token="")

    assert response.status_code == 200
    assert api.get("/me", token=response.json()["token"]).json()["id"] == member.pk


def test_auth_token_matches_email_case_insensitively(api, member, password):
    response = api.post(
        "/auth/token", {"email": member.email.upper(), "password": password}, token=""
    )

    assert response.status_code == 200


def test_auth_token_wrong_password_is_401_with_detail(api, member):
    response = api.post("/auth/token", {"email": member.email, "password": "not-it"}, token="")

    assert response.status_code == 401
    assert response.json() == {"detail": "Email or password is wrong."}


def test_auth_token_unknown_email_is_401(api, member, password):
    response = api.post(
        "/auth/token", {"email": "nobody@example.org", "password": password}, token=""
    )

    assert response.status_code == 401


def test_auth_token_refuses_an_unverified_email(api, code, password):
    user = UserFactory(email="new@example.org")
    EmailAddress.objects.filter(user=user).update(verified=False)

    response = api.post("/auth/token", {"email": user.email, "password": password}, token="")

    assert response.status_code == 403
    assert "verify" in response.json()["detail"].lower()
    assert not ApiToken.objects.filter(user=user).exists()


def test_auth_token_throttles_repeated_failures(api, member, password):
    for _ in range(5):
        assert (
            api.post(
                "/auth/token", {"email": member.email, "password": "nope"}, token=""
            ).status_code
            == 401
        )

    response = api.post("/auth/token", {"email": member.email, "password": password}, token="")

    assert response.status_code == 429
    assert response.json()["detail"]


def test_auth_token_does_not_throttle_repeated_successes(api, member, password):
    codes = {
        api.post("/auth/token", {"email": member.email, "password": password}, token="").status_code
        for _ in range(8)
    }

    assert codes == {200}


def test_auth_token_refuses_a_deactivated_account(api, member, password):
    member.is_active = False
    member.save()

    response = api.post("/auth/token", {"email": member.email, "password": password}, token="")

    assert response.status_code == 401


def test_me_returns_the_member_behind_the_token(api, member):
    body = api.get("/me").json()

    assert {k: body[k] for k in ("id", "handle", "display_name", "email", "role")} == {
        "id": member.pk,
        "handle": member.profile.handle,
        "display_name": "Alex Rivera",
        "email": "alex@example.org",
        "role": "member",
    }


def test_me_without_a_token_is_401_with_detail(api):
    response = api.get("/me", token="")

    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_me_with_an_unknown_token_is_401(api):
    assert api.get("/me", token="cmn_not-a-real-token").status_code == 401


def test_me_with_a_revoked_token_is_401(api, member, api_token):
    ApiToken.objects.filter(user=member).update(revoked_at="2026-01-01T00:00:00Z")

    assert api.get("/me", token=api_token).status_code == 401


def test_me_with_a_deactivated_account_is_401(api, member):
    member.is_active = False
    member.save()

    assert api.get("/me").status_code == 401


def test_tokens_create_returns_the_token_once(api, member):
    response = api.post("/me/tokens", {"name": "laptop"})

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "laptop" and body["token"].startswith("cmn_")
    assert "token" not in api.get("/me/tokens").json()[0]


def test_tokens_created_token_authenticates(api, member):
    key = api.post("/me/tokens", {"name": "laptop"}).json()["token"]

    assert api.get("/me", token=key).json()["id"] == member.pk


def test_tokens_list_shows_only_own_tokens(api, member, code):
    other = UserFactory()
    from commons.members.actions import create_api_token

    create_api_token(other, actor=other, name="theirs")

    names = [t["name"] for t in api.get("/me/tokens").json()]

    assert names == ["tests"]


def test_tokens_revoke_stops_the_token_working(api):
    created = api.post("/me/tokens", {"name": "laptop"}).json()

    response = api.delete(f"/me/tokens/{created['id']}")

    assert response.status_code == 200 and response.json()["revoked"] is True
    assert api.get("/me", token=created["token"]).status_code == 401


def test_tokens_revoke_of_anothers_token_is_404(api, code):
    from commons.members.actions import create_api_token

    other = UserFactory()
    token, key = create_api_token(other, actor=other, name="theirs")

    assert api.delete(f"/me/tokens/{token.pk}").status_code == 404
    assert api.get("/me", token=key).status_code == 200


def test_session_auth_refuses_unsafe_method_without_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)
    assert not ApiToken.objects.filter(user=member).exists()


def test_session_auth_accepts_unsafe_method_with_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/api/v1/docs")  # any page that renders the token sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/api/v1/me/tokens",
        {"name": "x"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201


def test_session_auth_allows_safe_method_without_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    assert client.get("/api/v1/me").json()["id"] == member.pk


def test_bearer_auth_needs_no_csrf_token(member, api_token):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/me/tokens",
        {"name": "x"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token}"},
    )

    assert response.status_code == 201
