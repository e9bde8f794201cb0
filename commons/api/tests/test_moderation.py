"""Screening through the posts and comments endpoints, and the moderation queue endpoints."""

import pytest

from commons.community import actions
from commons.community.models import ContentStatus, Post
from commons.conduct.models import ScreenedItem
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
THREAT = "I know where you live and I will hurt you if you post that again."
DOXING = "Call Dana on 202-456-1414. Her home is 1234 Oak Street, Springfield, IL 62704."


def _post(api, body, **extra):
    return api.post("/posts", {"kind": "insight", "title": "Quarter notes", "body": body, **extra})


def test_create_post_nudge_is_400_with_the_clause(api):
    response = _post(api, PITCH)
    body = response.json()
    assert response.status_code == 400
    assert body["screening"]["decision"] == "nudge"
    assert body["screening"]["can_post_anyway"] is True
    assert body["screening"]["clause"]["key"] == "professional.no-soliciting"
    assert "Before you post" in body["detail"]
    assert not Post.objects.exists()


def test_create_post_anyway_is_201_and_queued(api):
    response = _post(api, PITCH, post_anyway=True)
    assert response.status_code == 201 and response.json()["status"] == "published"
    assert ScreenedItem.objects.get().posted_anyway


def test_create_post_held_is_201_with_status_held(api):
    response = _post(api, THREAT)
    assert response.status_code == 201 and response.json()["status"] == "held"


def test_create_post_block_is_400_with_the_reason(api):
    response = _post(api, DOXING, post_anyway=True)
    assert response.status_code == 400
    assert "a street address" in response.json()["detail"]
    assert response.json()["screening"]["decision"] == "block"


def test_create_comment_nudge_then_post_anyway(api, owner):
    post = actions.create_post(author=owner, kind="question", title="Renewals?", body="How early?")
    url = f"/posts/{post.pk}/comments"
    assert api.post(url, {"body": PITCH}).status_code == 400
    response = api.post(url, {"body": PITCH, "post_anyway": True})
    assert response.status_code == 201 and response.json()["status"] == "published"


def test_create_comment_held_is_201_with_status_held(api, owner):
    post = actions.create_post(author=owner, kind="question", title="Renewals?", body="How early?")
    response = api.post(f"/posts/{post.pk}/comments", {"body": THREAT})
    assert response.status_code == 201 and response.json()["status"] == "held"


def test_queue_is_403_for_members(api):
    assert api.get("/moderation/queue").status_code == 403


def test_queue_lists_and_approves(api, moderator, token_for, member):
    actions.create_post(author=member, kind="insight", title="Notes", body=THREAT)
    token = token_for(moderator)
    items = api.get("/moderation/queue", token=token).json()
    assert [(i["decision"], i["flags"], i["content_status"]) for i in items] == [
        ("hold", ["threat"], "held")
    ]
    assert items[0]["clauses"][0]["key"]
    response = api.post(f"/moderation/queue/{items[0]['id']}/approve", token=token)
    assert response.json() == {
        "id": items[0]["id"],
        "review_state": "approved",
        "content_status": "published",
    }
    assert api.get("/moderation/queue", token=token).json() == []


def test_queue_reject_hides(api, owner_token, member):
    post = actions.create_post(author=member, kind="insight", title="Notes", body=THREAT)
    item = ScreenedItem.objects.get()
    response = api.post(f"/moderation/queue/{item.pk}/reject", token=owner_token)
    assert response.json()["content_status"] == "hidden"
    post.refresh_from_db()
    assert post.status == ContentStatus.HIDDEN


def test_member_cannot_approve(api, member):
    actions.create_post(author=UserFactory(), kind="insight", title="Notes", body=THREAT)
    item = ScreenedItem.objects.get()
    assert api.post(f"/moderation/queue/{item.pk}/approve").status_code == 404
    assert ScreenedItem.objects.get().review_state == "pending"


def test_queue_query_count_is_constant(api, moderator, token_for):
    token = token_for(moderator)
    author = UserFactory()

    def make(n):
        for _ in range(n):
            actions.create_post(author=author, kind="insight", title="Notes", body=THREAT)

    assert_constant_queries(make, lambda: api.get("/moderation/queue", token=token))


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True
