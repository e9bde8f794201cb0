"""The Code of Conduct through the API: reading, accepting, and the owners' draft and publish flow."""

import pytest

from commons.conduct.models import Acceptance, ConductVersion
from commons.core.models import AuditEntry
from commons.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

CLAUSES = [
    {
        "id": "professional.be-kind",
        "section": "expected",
        "category": "other",
        "title": "Be kind",
        "text": "Assume good faith.",
    },
    {
        "id": "professional.no-doxing",
        "section": "unacceptable",
        "category": "doxing",
        "title": "No doxing",
        "text": "Never share someone's private details.",
    },
]


def _publish_v2(api, owner_token, summary="Shorter."):
    api.post("/conduct/drafts", token=owner_token)
    api.put("/conduct/drafts/2", {"clauses": CLAUSES, "change_summary": summary}, token=owner_token)
    return api.post("/conduct/drafts/2/publish", token=owner_token)


def test_conduct_returns_current_version_with_clauses(api, code):
    body = api.get("/conduct", token="").json()

    assert body["version"] == 1
    clause = body["clauses"][0]
    assert {"id", "title", "text", "category"} <= set(clause)
    assert {c["id"] for c in body["clauses"]} == set(code.clauses.values_list("key", flat=True))


def test_conduct_before_any_version_is_404(client, db):
    response = client.get("/api/v1/conduct")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_conduct_accept_current_records_acceptance_and_audit(api, member, code, owner_token):
    _publish_v2(api, owner_token)

    response = api.post("/conduct/accept", {"version": 2})

    assert response.status_code == 200 and response.json()["version"] == 2
    assert Acceptance.objects.filter(user=member, version__number=2, via="api").exists()
    assert AuditEntry.objects.filter(
        actor=member, verb="conduct.version.accepted", data__version=2
    ).exists()


def test_conduct_accept_non_current_version_is_400_and_writes_nothing(
    api, member, code, owner_token
):
    _publish_v2(api, owner_token)
    acceptances, entries = Acceptance.objects.count(), AuditEntry.objects.count()

    response = api.post("/conduct/accept", {"version": 1})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "version: Version 1 is not the current Code of Conduct; the current one is 2."
    }
    assert (Acceptance.objects.count(), AuditEntry.objects.count()) == (acceptances, entries)


def test_conduct_accept_needs_authentication(api, code):
    assert api.post("/conduct/accept", {"version": 1}, token="").status_code == 401


def test_conduct_draft_edit_publish_makes_a_new_current_version(api, code, owner_token):
    response = _publish_v2(api, owner_token)

    assert response.status_code == 200
    body = api.get("/conduct", token="").json()
    assert (body["version"], body["change_summary"]) == (2, "Shorter.")
    assert [c["id"] for c in body["clauses"]] == ["professional.be-kind", "professional.no-doxing"]


def test_conduct_drafts_lists_drafts_for_owners(api, code, owner_token):
    api.post("/conduct/drafts", token=owner_token)

    assert [d["version"] for d in api.get("/conduct/drafts", token=owner_token).json()] == [2]


def test_conduct_publish_without_change_summary_is_400(api, code, owner_token):
    api.post("/conduct/drafts", token=owner_token)

    response = api.post("/conduct/drafts/2/publish", token=owner_token)

    assert response.status_code == 400
    assert "change_summary" in response.json()["detail"]
    assert ConductVersion.objects.get(number=2).status == "draft"


def test_conduct_draft_bad_clause_category_is_400(api, code, owner_token):
    api.post("/conduct/drafts", token=owner_token)
    clauses = [{**CLAUSES[0], "category": "rudeness"}]

    response = api.put("/conduct/drafts/2", {"clauses": clauses}, token=owner_token)

    assert response.status_code == 400
    assert ConductVersion.objects.get(number=2).clauses.count() == code.clauses.count()


def test_conduct_member_cannot_create_a_draft(api, member):
    assert api.post("/conduct/drafts").status_code == 403
    assert not ConductVersion.objects.filter(status="draft").exists()


def test_conduct_member_cannot_see_or_edit_a_draft(api, member, owner_token):
    api.post("/conduct/drafts", token=owner_token)

    assert api.get("/conduct/versions/2").status_code == 404
    assert api.put("/conduct/drafts/2", {"change_summary": "mine"}).status_code == 404
    assert api.post("/conduct/drafts/2/publish").status_code == 404
    assert ConductVersion.objects.get(number=2).change_summary == ""


def test_conduct_member_cannot_list_drafts(api, member, owner_token):
    api.post("/conduct/drafts", token=owner_token)

    assert api.get("/conduct/drafts").status_code == 403


def test_conduct_after_publish_me_shows_member_must_accept_again(api, member, owner_token):
    assert api.get("/me").json()["conduct_needs_acceptance"] is False

    _publish_v2(api, owner_token)

    body = api.get("/me").json()
    assert (
        body["conduct_accepted"],
        body["conduct_current"],
        body["conduct_needs_acceptance"],
    ) == (1, 2, True)


def test_conduct_new_member_without_acceptance_must_accept(api, code):
    from commons.members.actions import create_api_token

    user = UserFactory(accepted=False)
    _, key = create_api_token(user, actor=user, name="t")

    assert api.get("/me", token=key).json()["conduct_needs_acceptance"] is True
