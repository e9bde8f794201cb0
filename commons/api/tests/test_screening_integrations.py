"""Screening through the profile, event, invitation and message endpoints, and re-screening through
the API. They answer as the post endpoints do: 400 with the reason, clause and whether one may post
anyway; `post_anyway` goes through and queues it."""

from datetime import UTC, datetime, timedelta

import pytest

from commons.community.models import Invitation, Message
from commons.conduct.models import RunStatus, ScreenedItem, ScreeningRun
from commons.conduct.rescreen import create_run
from commons.events.models import Event
from commons.members.actions import follow_member

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
THREAT = "I know where you live and I will hurt you if you post that again."


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True


def _nudged(response) -> dict:
    assert response.status_code == 400
    body = response.json()
    assert body["screening"]["decision"] == "nudge"
    assert body["screening"]["can_post_anyway"] is True
    assert body["screening"]["clause"]["key"] == "professional.no-soliciting"
    return body


def test_profile_nudge_is_400_then_saved_anyway(api, member):
    _nudged(api.patch("/me/profile", {"bio": PITCH}))
    member.profile.refresh_from_db()
    assert member.profile.bio == ""
    response = api.patch("/me/profile", {"bio": PITCH, "post_anyway": True})
    assert response.status_code == 200 and response.json()["bio"] == PITCH
    assert ScreenedItem.objects.get().where == "profile"


def test_profile_hold_is_400_without_post_anyway(api):
    response = api.patch("/me/profile", {"headline": THREAT, "post_anyway": True})
    assert response.status_code == 400
    assert response.json()["screening"]["decision"] == "hold"
    assert response.json()["screening"]["can_post_anyway"] is False


def _event(**extra):
    start = datetime.now(UTC) + timedelta(days=3)
    return {
        "title": "Renewals roundtable",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "description": PITCH,
        **extra,
    }


def test_event_nudge_is_400_then_created_anyway(api, owner_token):
    _nudged(api.post("/events", _event(), token=owner_token))
    assert not Event.objects.exists()
    response = api.post("/events", _event(post_anyway=True), token=owner_token)
    assert response.status_code == 201
    assert ScreenedItem.objects.get().content == Event.objects.get()


def test_event_edit_nudge_is_400(api, owner_token):
    event_id = api.post("/events", _event(description="Bring a story."), token=owner_token).json()[
        "id"
    ]
    _nudged(api.patch(f"/events/{event_id}", {"description": PITCH}, token=owner_token))


def test_invitation_nudge_is_400_then_sent_anyway(api):
    data = {"email": "lee@example.org", "note": PITCH}
    _nudged(api.post("/invitations", data))
    assert not Invitation.objects.exists()
    assert api.post("/invitations", {**data, "post_anyway": True}).status_code == 201
    assert ScreenedItem.objects.get().where == "message"


def test_message_nudge_is_400_then_sent_anyway(api, member, sam):
    follow_member(member, actor=sam)
    _nudged(api.post("/messages", {"to": sam.pk, "body": PITCH}))
    response = api.post("/messages", {"to": sam.pk, "body": PITCH, "post_anyway": True})
    assert response.status_code == 201 and response.json()["status"] == "sent"


def test_message_held_is_201_with_status_held(api, member, sam):
    follow_member(member, actor=sam)
    response = api.post("/messages", {"to": sam.pk, "body": THREAT})
    assert response.status_code == 201 and response.json()["status"] == "held"
    assert not Message.objects.get().delivered


# --- re-screening -----------------------------------------------------------------------------


@pytest.fixture
def moderator_token(moderator, token_for):
    return token_for(moderator)


def test_rescreen_start_is_202_and_runs_inline_without_a_broker(
    api, moderator_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/screening/rescreen", {"days": 3}, token=moderator_token)
    assert response.status_code == 202
    assert response.json()["days"] == 3
    run = ScreeningRun.objects.get()
    assert run.status == RunStatus.FINISHED


def test_rescreen_progress_is_readable(api, moderator, moderator_token):
    run = create_run(actor=moderator, days=7)
    body = api.get(f"/screening/rescreen/{run.pk}", token=moderator_token).json()
    assert (body["status"], body["done"], body["total"], body["percent"]) == ("pending", 0, 0, 0)


def test_rescreen_is_hidden_from_members(api, moderator):
    run = create_run(actor=moderator, days=7)
    assert api.get(f"/screening/rescreen/{run.pk}").status_code == 404
    assert api.post("/screening/rescreen", {"days": 3}).status_code == 403
    assert ScreeningRun.objects.count() == 1


def test_rescreen_refuses_bad_days(api, moderator_token):
    response = api.post("/screening/rescreen", {"days": 0}, token=moderator_token)
    assert response.status_code == 422 and "days" in response.json()["detail"]
    assert not ScreeningRun.objects.exists()


def test_rescreen_refuses_a_second_run_with_the_reason(api, moderator, moderator_token):
    create_run(actor=moderator, days=7)
    response = api.post("/screening/rescreen", {"days": 3}, token=moderator_token)
    assert response.status_code == 400 and "already running" in response.json()["detail"]
