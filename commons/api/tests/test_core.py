"""Owners' dashboard and audit log, the OpenAPI schema and docs page, and the shape of every error."""

import re

import pytest
from django.contrib.staticfiles import finders

from commons.members.actions import set_self_identification
from commons.members.models import IdentityOption
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _identify(users, slug):
    option = IdentityOption.objects.get(slug=slug)
    for user in users:
        set_self_identification(user, actor=user, prefer_not_to_say=False, option_ids=[option.pk])


def _groups(body):
    return {g["label"]: g["count"] for g in body["self_identification"]}


# dashboard


def test_dashboard_shows_counts_of_five_or_more(api, owner_token, code):
    _identify(UserFactory.create_batch(5), "woman")

    body = api.get("/dashboard", token=owner_token).json()

    assert _groups(body)["Woman"] == 5
    assert body["self_identification_respondents"] == 5


def test_dashboard_suppresses_counts_under_five(api, owner_token, code):
    _identify(UserFactory.create_batch(5), "woman")
    _identify(UserFactory.create_batch(4), "disability")

    body = api.get("/dashboard", token=owner_token).json()

    assert _groups(body)["Person with a disability"] is None
    assert 4 not in _groups(body).values()


def test_dashboard_suppresses_respondents_under_five(api, owner_token, code):
    _identify(UserFactory.create_batch(4), "woman")

    assert (
        api.get("/dashboard", token=owner_token).json()["self_identification_respondents"] is None
    )


def test_dashboard_is_403_for_members(api, member):
    response = api.get("/dashboard")

    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)


def test_dashboard_is_403_for_moderators(api, moderator):
    from commons.members.actions import create_api_token

    _, key = create_api_token(moderator, actor=moderator, name="t")

    assert api.get("/dashboard", token=key).status_code == 403


# audit


def test_audit_lists_entries_for_owners(api, owner_token, member):
    body = api.get("/audit?verb=conduct.version", token=owner_token).json()

    assert body["count"] >= 1
    assert {e["verb"] for e in body["items"]} >= {"conduct.version.published"}
    assert all(e["verb"].startswith("conduct.version") for e in body["items"])


def test_audit_is_403_for_members(api, member):
    assert api.get("/audit").status_code == 403


def test_audit_list_query_count_is_constant(api, owner_token, code):
    assert_constant_queries(
        lambda n: UserFactory.create_batch(n), lambda: api.get("/audit", token=owner_token)
    )


# OpenAPI and docs


def test_openapi_lists_the_endpoints(api, db):
    paths = api.get("/openapi.json", token="").json()["paths"]

    for path in (
        "/api/v1/auth/token",
        "/api/v1/auth/signup",
        "/api/v1/me",
        "/api/v1/me/tokens",
        "/api/v1/me/profile",
        "/api/v1/me/self-identification",
        "/api/v1/members",
        "/api/v1/members/{handle}",
        "/api/v1/members/{member_id}/role",
        "/api/v1/conduct",
        "/api/v1/conduct/accept",
        "/api/v1/conduct/drafts",
        "/api/v1/conduct/drafts/{number}",
        "/api/v1/conduct/drafts/{number}/publish",
        "/api/v1/dashboard",
        "/api/v1/audit",
    ):
        assert path in paths, path


def test_openapi_documents_bearer_auth(api, db):
    schemes = api.get("/openapi.json", token="").json()["components"]["securitySchemes"]

    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_docs_page_loads_only_local_scripts_and_styles(client, db):
    html = client.get("/api/v1/docs").content.decode()

    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_docs_page_has_no_inline_script(client, db):
    html = client.get("/api/v1/docs").content.decode()

    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        assert "src=" not in attrs or not body.strip()


def test_docs_page_is_served_under_the_strict_csp(client, db):
    response = client.get("/api/v1/docs")

    policy = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


# errors


def test_errors_schema_validation_detail_is_a_readable_string(api, member):
    response = api.post("/conduct/accept", {"version": "one"})

    assert 400 <= response.status_code < 500
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith("version:")


def test_errors_missing_field_names_the_field(api, db):
    response = api.post("/auth/token", {"email": "a@example.org"}, token="")

    assert 400 <= response.status_code < 500
    assert response.json() == {"detail": "password: Field required"}


def test_errors_missing_body_says_so(client, member, api_token):
    response = client.post(
        "/api/v1/conduct/accept",
        "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token}"},
    )

    assert 400 <= response.status_code < 500
    assert response.json() == {"detail": "body: Field required"}


def test_errors_malformed_json_is_400_with_detail(client, member, api_token):
    response = client.post(
        "/api/v1/conduct/accept",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token}"},
    )

    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_errors_bad_query_parameter_is_4xx_with_detail(api, member):
    response = api.get("/members?page=zero")

    assert 400 <= response.status_code < 500
    assert response.json()["detail"].startswith("page:")


def test_errors_wrong_method_is_405_with_detail(api, member):
    response = api.delete("/me")

    assert response.status_code == 405
    assert isinstance(response.json()["detail"], str)


def test_errors_unknown_api_path_is_404_with_detail(api, member):
    response = api.get("/no-such-thing")

    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)
