"""Screening settings: the stored policy, its actions and audit, the clause each flag cites, the page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commons.conduct import screening
from commons.conduct.models import ScreeningCategory, ScreeningSetting, WatchedWord
from commons.core.models import AuditEntry
from commons.screening import CATEGORIES, DEFAULT_POLICY

pytestmark = pytest.mark.django_db

CLEAN = "Thanks for the great session on discovery calls today."
THREAT_FREE_PHRASE = "pineapple quarterly"


def test_screening_categories_match_the_screener():
    assert tuple(ScreeningCategory.values) == CATEGORIES


def test_current_policy_without_settings_is_the_default(db):
    assert screening.current_policy() == DEFAULT_POLICY
    assert screening.screen_text(CLEAN).decision == "allow"


def test_watched_phrase_with_hold_holds_an_otherwise_clean_text(moderator):
    assert screening.screen_text(f"Our {THREAT_FREE_PHRASE} review went well.").decision == "allow"

    screening.add_watched_word(
        actor=moderator, category="solicitation", phrase=THREAT_FREE_PHRASE, action="hold"
    )

    verdict = screening.screen_text(f"Our {THREAT_FREE_PHRASE} review went well.")
    assert verdict.decision == "hold"
    assert verdict.flags == ["solicitation"]


def test_removing_a_watched_word_allows_the_text_again(moderator):
    word = screening.add_watched_word(
        actor=moderator, category="harassment", phrase=THREAT_FREE_PHRASE, action="block"
    )
    assert screening.screen_text(f"The {THREAT_FREE_PHRASE} numbers").decision == "block"

    screening.remove_watched_word(word, actor=moderator)

    assert screening.screen_text(f"The {THREAT_FREE_PHRASE} numbers").decision == "allow"
    assert not WatchedWord.objects.exists()


def test_threshold_at_zero_flags_every_text(owner, code):
    screening.update_screening_category("threat", actor=owner, nudge=0.0)

    verdict = screening.screen_text(CLEAN)

    assert verdict.decision == "nudge" and verdict.flags == ["threat"]


def test_raising_a_threshold_stops_a_flag(owner, code):
    screening.update_screening_category("threat", actor=owner, nudge=0.0)
    assert "threat" in screening.screen_text(CLEAN).flags

    screening.update_screening_category("threat", actor=owner, nudge=1.0)

    assert "threat" not in screening.screen_text(CLEAN).flags


def test_empty_thresholds_turn_a_category_off(owner):
    text = "Her home number is +1 415 555 0132."
    assert "doxing" in screening.screen_text(text).flags

    screening.update_screening_category("doxing", actor=owner)

    assert "doxing" not in screening.screen_text(text).flags


def test_reset_goes_back_to_the_defaults(owner):
    screening.update_screening_category("threat", actor=owner, nudge=0.0)

    row = screening.update_screening_category("threat", actor=owner, reset=True)

    assert row["is_default"] and not ScreeningSetting.objects.exists()
    assert screening.current_policy() == DEFAULT_POLICY
    assert AuditEntry.objects.filter(
        verb="conduct.screening.reset", data__category="threat"
    ).exists()


def test_update_screening_category_records_before_and_after(owner):
    screening.update_screening_category("harassment", actor=owner, nudge=0.6, hold=0.9)

    entry = AuditEntry.objects.get(verb="conduct.screening.updated")
    assert entry.actor == owner
    assert entry.data["before"]["hold"] == 0.85
    assert entry.data["after"] == {"nudge": 0.6, "hold": 0.9, "block": None}


def test_update_screening_category_refuses_a_milder_action_above_a_harsher_one(owner):
    with pytest.raises(ValidationError) as error:
        screening.update_screening_category("harassment", actor=owner, nudge=0.9, hold=0.5)
    assert "hold" in error.value.message_dict
    assert not ScreeningSetting.objects.exists()


@pytest.mark.parametrize("value", [-0.1, 1.5, "high"])
def test_update_screening_category_refuses_a_threshold_outside_zero_to_one(owner, value):
    with pytest.raises(ValidationError):
        screening.update_screening_category("hate", actor=owner, hold=value)


def test_update_screening_category_refuses_an_unknown_category(owner):
    with pytest.raises(ValidationError):
        screening.update_screening_category("spam", actor=owner, hold=0.5)


def test_members_may_not_change_screening(member):
    with pytest.raises(PermissionDenied):
        screening.update_screening_category("hate", actor=member, hold=0.9)
    with pytest.raises(PermissionDenied):
        screening.add_watched_word(actor=member, category="hate", phrase="x", action="hold")
    assert not AuditEntry.objects.filter(verb__startswith="conduct.screening").exists()


def test_members_may_not_remove_a_watched_word(member, moderator):
    word = screening.add_watched_word(actor=moderator, category="hate", phrase="x", action="hold")
    with pytest.raises(PermissionDenied):
        screening.remove_watched_word(word, actor=member)
    assert WatchedWord.objects.filter(pk=word.pk).exists()


def test_add_watched_word_normalizes_and_records(moderator):
    word = screening.add_watched_word(
        actor=moderator, category="solicitation", phrase="  Crypto   SIGNALS ", action="nudge"
    )

    assert word.phrase == "crypto signals"
    entry = AuditEntry.objects.get(verb="conduct.watched-word.added")
    assert entry.actor == moderator and entry.data["phrase"] == "crypto signals"


def test_add_watched_word_refuses_duplicates_and_bad_input(moderator):
    screening.add_watched_word(actor=moderator, category="hate", phrase="foo", action="hold")
    for kwargs in (
        {"category": "hate", "phrase": "FOO", "action": "hold"},
        {"category": "hate", "phrase": "   ", "action": "hold"},
        {"category": "hate", "phrase": "bar", "action": "allow"},
        {"category": "spam", "phrase": "bar", "action": "hold"},
    ):
        with pytest.raises(ValidationError):
            screening.add_watched_word(actor=moderator, **kwargs)
    assert WatchedWord.objects.count() == 1


def test_remove_watched_word_records_what_it_was(moderator):
    word = screening.add_watched_word(actor=moderator, category="hate", phrase="foo", action="hold")

    screening.remove_watched_word(word, actor=moderator)

    entry = AuditEntry.objects.get(verb="conduct.watched-word.removed")
    assert entry.data == {"category": "hate", "phrase": "foo", "action": "hold"}


def test_current_policy_is_cached_until_a_change(owner, django_assert_num_queries):
    screening.current_policy()
    with django_assert_num_queries(0):
        screening.current_policy()

    screening.add_watched_word(actor=owner, category="hate", phrase="foo", action="hold")

    assert [w.phrase for w in screening.current_policy().watched_words] == ["foo"]


@pytest.mark.parametrize(
    ("category", "clause"),
    [
        ("harassment", "professional.no-harassment"),
        ("hate", "professional.no-discrimination"),
        ("threat", "professional.no-threats"),
        ("sexual", "professional.no-sexual-attention"),
        ("doxing", "professional.no-doxing"),
        ("solicitation", "professional.no-soliciting"),
        ("explicit-material", "professional.no-explicit-material"),
    ],
)
def test_clause_for_cites_the_current_versions_clause(code, category, clause):
    assert screening.clause_for(category).key == clause


def test_clause_for_without_a_code_is_none(db):
    assert screening.clause_for("hate") is None


def test_citations_for_a_verdict_name_the_clause_of_each_flag(owner, code):
    screening.add_watched_word(
        actor=owner, category="solicitation", phrase=THREAT_FREE_PHRASE, action="nudge"
    )
    verdict = screening.screen_text(f"{THREAT_FREE_PHRASE} results")

    citations = screening.citations_for(verdict)

    assert {flag: c.key for flag, c in citations.items()} == {
        "solicitation": "professional.no-soliciting"
    }


# The settings page


def test_screening_page_is_404_for_members_and_guests(member_client, client):
    assert member_client.get(reverse("conduct:screening")).status_code == 404
    assert (
        member_client.post(reverse("conduct:watched-word-add"), {"phrase": "x"}).status_code == 404
    )


def test_screening_page_asks_guests_to_log_in(client, code):
    response = client.get(reverse("conduct:screening"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_screening_page_renders_categories_and_cited_clauses(moderator_client):
    response = moderator_client.get(reverse("conduct:screening"))

    assert response.status_code == 200
    for category in CATEGORIES:
        assert f'id="category-{category}"'.encode() in response.content
    assert b"professional.no-discrimination" in response.content
    assert b'<label for="id_threat-hold">' in response.content
    assert b"<script" not in response.content.split(b"<main")[-1]
    assert b"style=" not in response.content


def test_screening_page_saves_a_category(moderator_client, moderator):
    response = moderator_client.post(
        reverse("conduct:screening-category", args=["hate"]),
        {"hate-nudge": "0.3", "hate-hold": "0.7", "hate-block": ""},
    )

    assert response.status_code == 302
    setting = ScreeningSetting.objects.get(category="hate")
    assert (setting.nudge, setting.hold, setting.block) == (0.3, 0.7, None)
    assert setting.updated_by == moderator


def test_screening_page_shows_errors_for_bad_thresholds(moderator_client):
    response = moderator_client.post(
        reverse("conduct:screening-category", args=["hate"]),
        {"hate-nudge": "0.9", "hate-hold": "0.2"},
    )

    assert response.status_code == 200
    assert b"must be higher than the nudge threshold" in response.content
    assert not ScreeningSetting.objects.exists()


def test_screening_page_resets_a_category(moderator_client, moderator):
    screening.update_screening_category("hate", actor=moderator, hold=0.9)

    response = moderator_client.post(
        reverse("conduct:screening-category", args=["hate"]), {"reset": ""}
    )

    assert response.status_code == 302 and not ScreeningSetting.objects.exists()


def test_screening_page_unknown_category_is_404(moderator_client):
    url = reverse("conduct:screening-category", args=["spam"])
    assert moderator_client.post(url, {"spam-hold": "0.5"}).status_code == 404


def test_screening_page_adds_and_removes_a_watched_word(moderator_client):
    response = moderator_client.post(
        reverse("conduct:watched-word-add"),
        {"phrase": "Crypto signals", "category": "solicitation", "action": "hold"},
    )
    assert response.status_code == 302
    word = WatchedWord.objects.get()
    assert b"crypto signals" in moderator_client.get(reverse("conduct:screening")).content

    response = moderator_client.post(reverse("conduct:watched-word-remove", args=[word.pk]))

    assert response.status_code == 302 and not WatchedWord.objects.exists()


def test_screening_page_refuses_a_duplicate_watched_word(moderator_client, moderator):
    screening.add_watched_word(actor=moderator, category="hate", phrase="foo", action="hold")

    response = moderator_client.post(
        reverse("conduct:watched-word-add"),
        {"phrase": "foo", "category": "hate", "action": "nudge"},
    )

    assert response.status_code == 200 and b"already watched" in response.content


def test_removing_a_watched_word_is_404_for_members(member_client, moderator):
    word = screening.add_watched_word(actor=moderator, category="hate", phrase="foo", action="hold")

    response = member_client.post(reverse("conduct:watched-word-remove", args=[word.pk]))

    assert response.status_code == 404 and WatchedWord.objects.filter(pk=word.pk).exists()


def test_try_it_shows_the_verdict_with_the_cited_clause(moderator_client, moderator):
    screening.add_watched_word(
        actor=moderator, category="solicitation", phrase=THREAT_FREE_PHRASE, action="hold"
    )

    response = moderator_client.post(
        reverse("conduct:screening"), {"text": f"Join our {THREAT_FREE_PHRASE}", "where": "post"}
    )

    assert response.status_code == 200
    assert b"Decision: hold" in response.content
    assert b"professional.no-soliciting" in response.content
    assert b"Scores" in response.content


def test_try_it_shows_personal_information_spans(moderator_client):
    text = "Her home number is +1 415 555 0132."

    response = moderator_client.post(reverse("conduct:screening"), {"text": text})

    assert b"Decision: block" in response.content
    assert b"+1 415 555 0132" in response.content.split(b"Personal information")[-1]


def test_dashboard_links_to_screening_settings(owner_client):
    response = owner_client.get(reverse("core:dashboard"))
    assert reverse("conduct:screening").encode() in response.content
