"""The decision policy (``apply_screening``) and the moderation queue: who may see and decide, and
what approve and reject do, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commons.community import actions as community
from commons.community.models import ContentStatus
from commons.conduct.models import ReviewState, ScreenedItem
from commons.conduct.moderation import (
    ScreeningBlock,
    ScreeningNudge,
    apply_screening,
    approve_screened,
    queue_rows,
    reject_screened,
)
from commons.conduct.screening import add_watched_word
from commons.core.models import AuditEntry
from commons.testing.assertions import assert_constant_queries
from commons.testing.factories import UserFactory

PITCH = "Book a demo of my tool today! Use code SAVE20 for 20% off."
THREAT = "I know where you live and I will hurt you if you post that again."
POST = {"where": "post", "post_kind": "insight"}


@pytest.fixture
def sam(code):
    return UserFactory(display_name="Sam Okafor", email="sam@example.org")


def _held(author):
    return community.create_post(author=author, kind="insight", title="Notes", body=THREAT)


# --- decisions --------------------------------------------------------------------------------


def test_apply_screening_allows_sales_talk(code):
    result = apply_screening("We crushed quota and the killer demo did it.", POST)
    assert (result.held, result.queue, result.verdict.decision) == (False, False, "allow")


def test_apply_screening_raises_a_nudge_unless_posting_anyway(code):
    with pytest.raises(ScreeningNudge) as caught:
        apply_screening(PITCH, POST)
    assert isinstance(caught.value, ValidationError)
    assert caught.value.as_json()["can_post_anyway"] is True
    result = apply_screening(PITCH, POST, post_anyway=True)
    assert (result.held, result.queue, result.posted_anyway) == (False, True, True)


def test_apply_screening_holds_a_threat_even_when_posting_anyway(code):
    result = apply_screening(THREAT, POST, post_anyway=True)
    assert (result.held, result.queue, result.posted_anyway) == (True, True, False)


def test_apply_screening_blocks_doxing_even_when_posting_anyway(code):
    text = "Call Dana on 202-456-1414. Her home is 1234 Oak Street, Springfield, IL 62704."
    with pytest.raises(ScreeningBlock) as caught:
        apply_screening(text, POST, post_anyway=True)
    assert caught.value.as_json()["can_post_anyway"] is False
    assert caught.value.as_json()["clause"]["key"] == "professional.no-doxing"


def test_apply_screening_allows_a_pitch_in_pitch_practice(code):
    assert not apply_screening(PITCH, {"where": "post", "post_kind": "pitch_practice"}).queue


def test_apply_screening_allows_own_contact_on_a_profile(code):
    text = "Reach me on 202-456-1414 or at 1234 Oak Street, Springfield, IL 62704."
    assert apply_screening(text, {"where": "profile"}).verdict.decision == "allow"


def test_apply_screening_follows_a_watched_word(moderator):
    add_watched_word(
        actor=moderator, category="solicitation", phrase="pineapple club", action="hold"
    )
    assert apply_screening("Join the pineapple club on Friday", POST).held


# --- queue ------------------------------------------------------------------------------------


def test_approve_screened_publishes_held_content_and_is_audited(sam, moderator):
    post = _held(sam)
    item = approve_screened(ScreenedItem.objects.get(), actor=moderator)
    post.refresh_from_db()
    assert post.status == ContentStatus.PUBLISHED
    assert (item.review_state, item.reviewed_by) == (ReviewState.APPROVED, moderator)
    assert item.reviewed_at is not None
    assert AuditEntry.objects.filter(verb="conduct.screened.approved", actor=moderator).exists()


def test_reject_screened_hides_content_and_keeps_it(sam, owner):
    post = _held(sam)
    reject_screened(ScreenedItem.objects.get(), actor=owner)
    post.refresh_from_db()
    assert (post.status, post.body) == (ContentStatus.HIDDEN, THREAT)
    assert AuditEntry.objects.filter(verb="conduct.screened.rejected", actor=owner).exists()


def test_a_decided_item_cannot_be_decided_again(sam, moderator):
    _held(sam)
    item = approve_screened(ScreenedItem.objects.get(), actor=moderator)
    with pytest.raises(ValidationError):
        reject_screened(item, actor=moderator)


def test_members_cannot_review_screened_items(sam, member):
    _held(sam)
    item = ScreenedItem.objects.get()
    with pytest.raises(PermissionDenied):
        approve_screened(item, actor=member)
    with pytest.raises(PermissionDenied):
        reject_screened(item, actor=sam)
    with pytest.raises(PermissionDenied):
        queue_rows(member)
    assert ScreenedItem.objects.get().review_state == ReviewState.PENDING


def test_queue_page_lists_held_and_posted_anyway_items_with_clause_and_scores(client, moderator):
    author = UserFactory()
    _held(author)
    community.create_post(author=author, kind="insight", title="Tool", body=PITCH, post_anyway=True)
    client.force_login(moderator)
    html = client.get(reverse("conduct:queue")).content.decode()
    assert "posted anyway after a nudge" in html and "Hold for a moderator" in html
    assert "professional.no-soliciting" in html and "threat" in html
    assert "Approve post" in html and "Reject post" in html


def test_queue_page_names_the_sentences_of_a_long_post_that_were_held(client, moderator):
    body = (
        "Thanks to everyone who came to the pricing workshop, the room was packed. "
        "The recording is in the resources channel. "
        "I know which garage you park in, and one night you won't make it back to your car. "
        "Next month we cover procurement, bring your war stories."
    )
    post = community.create_post(author=UserFactory(), kind="insight", title="Recap", body=body)
    assert post.status == ContentStatus.HELD
    client.force_login(moderator)
    html = client.get(reverse("conduct:queue")).content.decode()
    assert "reads as a threat, in sentences 2 and 3" in html or (
        "reads as a threat, in sentences 3 and 4" in html
    )


def test_queue_page_is_404_for_members(member_client):
    assert member_client.get(reverse("conduct:queue")).status_code == 404


def test_queue_page_buttons_approve_and_reject(client, moderator):
    author = UserFactory()
    first, second = _held(author), _held(author)
    a, b = ScreenedItem.objects.order_by("pk")
    client.force_login(moderator)
    client.post(reverse("conduct:queue-decide", args=[a.pk, "approve"]))
    client.post(reverse("conduct:queue-decide", args=[b.pk, "reject"]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ContentStatus.PUBLISHED, ContentStatus.HIDDEN)


def test_member_cannot_use_the_queue_buttons(member_client, sam):
    _held(sam)
    item = ScreenedItem.objects.get()
    response = member_client.post(reverse("conduct:queue-decide", args=[item.pk, "approve"]))
    assert response.status_code == 404
    assert ScreenedItem.objects.get().review_state == ReviewState.PENDING


def test_queue_page_query_count_is_constant(client, moderator):
    author = UserFactory()
    client.force_login(moderator)

    def make(n):
        for _ in range(n):
            _held(author)

    assert_constant_queries(make, lambda: client.get(reverse("conduct:queue")))


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True
