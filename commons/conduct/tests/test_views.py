from django.urls import reverse

from commons.conduct import actions
from commons.conduct.models import Acceptance
from commons.testing.factories import UserFactory


def test_conduct_page_is_open_to_guests(client, code):
    response = client.get(reverse("conduct:home"))
    assert response.status_code == 200
    assert b"professional.no-doxing" in response.content


def test_conduct_page_answers_404_before_a_code_exists(client, db):
    assert client.get(reverse("conduct:home")).status_code == 404


def test_draft_is_404_for_members(member_client, owner, code):
    draft = actions.create_draft(actor=owner)
    assert member_client.get(reverse("conduct:version", args=[draft.number])).status_code == 404
    assert member_client.get(reverse("conduct:draft-edit", args=[draft.number])).status_code == 404


def test_accept_page_shows_change_summary_of_the_new_version(member_client, owner, code):
    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="We now cover LinkedIn comments.")
    actions.publish_version(draft, actor=owner)
    response = member_client.get(reverse("conduct:accept"))
    assert b"We now cover LinkedIn comments." in response.content


def test_accept_page_records_acceptance(client, code):
    user = UserFactory(accepted=False)
    client.force_login(user)
    response = client.post(reverse("conduct:accept"), {"version": code.number, "accept": "on"})
    assert response.status_code == 302
    assert Acceptance.objects.filter(user=user, version=code).exists()


def test_accept_page_without_the_tick_rerenders_with_a_message(client, code):
    user = UserFactory(accepted=False)
    client.force_login(user)
    response = client.post(reverse("conduct:accept"), {"version": code.number})
    assert response.status_code == 200
    assert b"Tick the box" in response.content
    assert not Acceptance.objects.filter(user=user).exists()


def test_accept_page_refuses_an_old_version(client, owner, code):
    user = UserFactory(accepted=False)
    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="v2")
    actions.publish_version(draft, actor=owner)
    client.force_login(user)
    response = client.post(reverse("conduct:accept"), {"version": code.number, "accept": "on"})
    assert response.status_code == 200
    assert b"not the current Code of Conduct" in response.content
    assert not Acceptance.objects.filter(user=user).exists()


def test_banner_asks_members_to_accept_a_new_version(member_client, owner, code):
    draft = actions.create_draft(actor=owner)
    actions.update_draft(draft, actor=owner, change_summary="v2")
    actions.publish_version(draft, actor=owner)
    response = member_client.get("/")
    assert b"The Code of Conduct has changed" in response.content


def test_owner_edits_and_publishes_a_draft_through_the_page(owner_client, owner, code):
    draft = actions.create_draft(actor=owner)
    clauses = list(draft.clauses.all())
    data = {
        "preamble": "Be kind.",
        "change_summary": "Shorter code.",
        "clauses-TOTAL_FORMS": str(len(clauses) + 1),
        "clauses-INITIAL_FORMS": str(len(clauses)),
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "publish": "1",
    }
    for i, clause in enumerate(clauses):
        data.update(
            {
                f"clauses-{i}-key": clause.key,
                f"clauses-{i}-section": clause.section,
                f"clauses-{i}-category": clause.category,
                f"clauses-{i}-title": clause.title,
                f"clauses-{i}-text": clause.text,
            }
        )
    data["clauses-0-DELETE"] = "on"
    response = owner_client.post(reverse("conduct:draft-edit", args=[draft.number]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.clauses.count() == len(clauses) - 1
