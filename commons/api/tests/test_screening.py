"""Screening through the API: the `commons screen` object plus citations, and the settings endpoints."""

import pytest

from commons.conduct import screening
from commons.conduct.models import ScreeningSetting, WatchedWord
from commons.core.models import AuditEntry
from commons.screening import CATEGORIES

pytestmark = pytest.mark.django_db

PHRASE = "pineapple quarterly"


@pytest.fixture
def mod_token(moderator, token_for):
    return token_for(moderator)


def test_screen_returns_the_cli_object_with_citations(api, mod_token, moderator):
    screening.add_watched_word(
        actor=moderator, category="solicitation", phrase=PHRASE, action="hold"
    )

    response = api.post("/screen", {"text": f"Our {PHRASE} review"}, token=mod_token)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"decision", "flags", "scores", "spans", "citations"}
    assert body["decision"] == "hold" and body["flags"] == ["solicitation"]
    assert set(body["scores"]) == set(CATEGORIES)
    assert all(0.0 <= p <= 1.0 for p in body["scores"].values())
    assert body["citations"] == {"solicitation": "professional.no-soliciting"}


def test_screen_allows_a_clean_text_with_no_flags(api, mod_token):
    body = api.post("/screen", {"text": "Great session today, thanks!"}, token=mod_token).json()

    assert body["decision"] == "allow"
    assert body["flags"] == [] and body["citations"] == {} and body["spans"] == []


def test_screen_returns_personal_information_spans(api, mod_token):
    text = "Her home number is +1 415 555 0132."

    body = api.post("/screen", {"text": text, "context": {"where": "post"}}, token=mod_token).json()

    assert body["decision"] == "block"
    assert body["citations"]["doxing"] == "professional.no-doxing"
    span = body["spans"][0]
    assert span["category"] == "doxing" and span["kind"] == "phone"
    assert text[span["start"] : span["end"]] == "+1 415 555 0132"


def test_screen_context_own_profile_is_not_doxing(api, mod_token):
    text = "Reach me at +1 415 555 0132."

    body = api.post(
        "/screen", {"text": text, "context": {"where": "profile"}}, token=mod_token
    ).json()

    assert "doxing" not in body["flags"]


def test_screen_is_forbidden_for_members(api):
    response = api.post("/screen", {"text": "hello"})

    assert response.status_code == 403 and response.json()["detail"]


def test_screen_needs_authentication(api, code):
    assert api.post("/screen", {"text": "hello"}, token="").status_code == 401


@pytest.mark.parametrize(
    "body",
    [{}, {"text": 5}, {"text": "hi", "context": "post"}, {"text": "hi", "context": {"where": "x"}}],
)
def test_screen_bad_input_is_4xx_with_detail(api, mod_token, body):
    response = api.post("/screen", body, token=mod_token)

    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_screen_follows_a_stored_threshold(api, mod_token, moderator):
    screening.update_screening_category("threat", actor=moderator, hold=0.0)
    assert api.post("/screen", {"text": "hello"}, token=mod_token).json()["decision"] == "hold"

    api.put("/screening/categories/threat", {"hold": 1.0}, token=mod_token)

    assert api.post("/screen", {"text": "hello"}, token=mod_token).json()["decision"] == "allow"


def test_categories_list_every_category_with_defaults(api, owner_token):
    body = api.get("/screening/categories", token=owner_token).json()

    assert [row["category"] for row in body] == list(CATEGORIES)
    doxing = next(row for row in body if row["category"] == "doxing")
    assert doxing == {
        "category": "doxing",
        "cites": "doxing",
        "is_default": True,
        "nudge": None,
        "hold": None,
        "block": 0.5,
    }


def test_category_get_one(api, mod_token):
    body = api.get("/screening/categories/hate", token=mod_token).json()

    assert body["category"] == "hate" and body["cites"] == "discrimination"
    assert body["hold"] == 0.5


def test_category_put_stores_and_audits(api, mod_token, moderator):
    response = api.put(
        "/screening/categories/harassment", {"nudge": 0.6, "hold": 0.95}, token=mod_token
    )

    assert response.status_code == 200
    assert response.json() == {
        "category": "harassment",
        "cites": "harassment",
        "is_default": False,
        "nudge": 0.6,
        "hold": 0.95,
        "block": None,
    }
    assert ScreeningSetting.objects.get(category="harassment").hold == 0.95
    assert AuditEntry.objects.filter(
        actor=moderator, verb="conduct.screening.updated", data__category="harassment"
    ).exists()


def test_category_put_reset_goes_back_to_defaults(api, mod_token):
    api.put("/screening/categories/hate", {"hold": 0.9}, token=mod_token)

    body = api.put("/screening/categories/hate", {"reset": True}, token=mod_token).json()

    assert body["is_default"] and body["hold"] == 0.5
    assert not ScreeningSetting.objects.exists()


@pytest.mark.parametrize("body", [{"hold": 2}, {"hold": "high"}, {"nudge": 0.9, "hold": 0.1}])
def test_category_put_bad_thresholds_are_4xx_and_store_nothing(api, mod_token, body):
    response = api.put("/screening/categories/hate", body, token=mod_token)

    assert response.status_code in (400, 422) and response.json()["detail"]
    assert not ScreeningSetting.objects.exists()


def test_category_unknown_is_404(api, mod_token):
    assert api.get("/screening/categories/spam", token=mod_token).status_code == 404
    assert api.put("/screening/categories/spam", {"hold": 0.5}, token=mod_token).status_code == 404


def test_settings_endpoints_are_forbidden_for_members(api, moderator):
    word = screening.add_watched_word(actor=moderator, category="hate", phrase="foo", action="hold")

    assert api.get("/screening/categories").status_code == 403
    assert api.get("/screening/categories/hate").status_code == 403
    assert api.put("/screening/categories/hate", {"hold": 0.9}).status_code == 403
    assert api.get("/screening/watched-words").status_code == 403
    body = {"category": "hate", "phrase": "bar", "action": "hold"}
    assert api.post("/screening/watched-words", body).status_code == 403
    assert api.delete(f"/screening/watched-words/{word.pk}").status_code == 403
    assert not ScreeningSetting.objects.exists()
    assert list(WatchedWord.objects.values_list("phrase", flat=True)) == ["foo"]


def test_watched_words_add_list_and_delete(api, mod_token, moderator):
    response = api.post(
        "/screening/watched-words",
        {"category": "solicitation", "phrase": "Crypto Signals", "action": "hold"},
        token=mod_token,
    )

    assert response.status_code == 201
    created = response.json()
    assert created["phrase"] == "crypto signals" and created["action"] == "hold"
    listed = api.get("/screening/watched-words", token=mod_token).json()
    assert listed == [created]

    response = api.delete(f"/screening/watched-words/{created['id']}", token=mod_token)

    assert response.status_code == 204
    assert api.get("/screening/watched-words", token=mod_token).json() == []
    verbs = set(
        AuditEntry.objects.filter(
            actor=moderator, verb__startswith="conduct.watched-word"
        ).values_list("verb", flat=True)
    )
    assert verbs == {"conduct.watched-word.added", "conduct.watched-word.removed"}


@pytest.mark.parametrize(
    "body",
    [
        {"category": "spam", "phrase": "x", "action": "hold"},
        {"category": "hate", "phrase": "x", "action": "allow"},
        {"category": "hate", "phrase": "  ", "action": "hold"},
        {"category": "hate", "action": "hold"},
    ],
)
def test_watched_words_bad_input_is_4xx(api, mod_token, body):
    response = api.post("/screening/watched-words", body, token=mod_token)

    assert response.status_code in (400, 422) and response.json()["detail"]
    assert not WatchedWord.objects.exists()


def test_watched_words_duplicate_is_400(api, mod_token):
    body = {"category": "hate", "phrase": "foo", "action": "hold"}
    api.post("/screening/watched-words", body, token=mod_token)

    response = api.post("/screening/watched-words", body, token=mod_token)

    assert response.status_code == 400 and "already watched" in response.json()["detail"]


def test_watched_word_delete_unknown_is_404(api, mod_token):
    assert api.delete("/screening/watched-words/999", token=mod_token).status_code == 404


def test_watched_words_list_query_budget(api, mod_token, moderator, django_assert_num_queries):
    screening.add_watched_word(actor=moderator, category="hate", phrase="w0", action="hold")
    api.get("/screening/watched-words", token=mod_token)  # the token's first use is recorded once
    with django_assert_num_queries(2):  # the token, the words
        api.get("/screening/watched-words", token=mod_token)
    for i in range(1, 20):
        screening.add_watched_word(actor=moderator, category="hate", phrase=f"w{i}", action="hold")

    with django_assert_num_queries(2):
        assert len(api.get("/screening/watched-words", token=mod_token).json()) == 20
