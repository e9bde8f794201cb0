from django.urls import reverse

from commons.core.models import AuditEntry, Community


def test_home_shows_the_mission(client, owner, code):
    from django.db import transaction

    from commons.core.actions import update_community

    with transaction.atomic():
        update_community(
            actor=owner,
            name="Revenue Commons",
            tagline="Learn together",
            mission="We **learn** here.",
        )
    response = client.get("/")
    assert b"<strong>learn</strong>" in response.content
    assert b"Revenue Commons" in response.content


def test_mission_markdown_is_sanitised(client, owner, code):
    from commons.core.actions import update_community

    update_community(
        actor=owner, name="C", mission="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    response = client.get(reverse("core:mission"))
    assert b"<script>alert(1)" not in response.content
    assert b'href="javascript' not in response.content


def test_dashboard_is_404_for_members_and_moderators(client, member, moderator):
    for user in (member, moderator):
        client.force_login(user)
        assert client.get(reverse("core:dashboard")).status_code == 404


def test_dashboard_shows_figures_to_owners(owner_client, member):
    response = owner_client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert b"fewer than 5" in response.content


def test_owner_edits_the_community_with_an_audit_entry(owner_client):
    response = owner_client.post(
        reverse("core:edit-community"),
        {"name": "Revenue Commons", "tagline": "", "mission": "Learn."},
    )
    assert response.status_code == 302
    assert Community.objects.get().name == "Revenue Commons"
    assert AuditEntry.objects.filter(verb="core.community.updated").exists()


def test_owner_appoints_a_moderator_from_the_dashboard(owner_client, member):
    response = owner_client.post(
        reverse("core:appoint"), {"email": member.email.upper(), "role": "moderator"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "moderator"


def test_appoint_unknown_email_shows_an_error(owner_client):
    response = owner_client.post(
        reverse("core:appoint"), {"email": "nobody@example.org", "role": "moderator"}
    )
    assert b"No member has that email address" in response.content


def test_security_headers_and_csp_are_sent(client, code):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_is_read_only_for_owners(client, owner, code):
    client.force_login(owner)
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403


def test_an_empty_database_url_means_the_default_sqlite_file(monkeypatch):
    import importlib

    import commons.settings as settings_module

    monkeypatch.setenv("DATABASE_URL", "")
    reloaded = importlib.reload(settings_module)
    try:
        assert reloaded.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)
