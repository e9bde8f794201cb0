"""Known false positives and true positives: short replies, own versus someone else's contact details,
and obfuscated abuse. Each row is a mistake the screener made once, or its mirror image."""

import pytest

from commons.screening import core, screen
from commons.screening.core import LEARNED_DOXING_REASON, ONE_WORD_CAP, ONE_WORD_INSULTS

SHORT_REPLIES = [
    "Nice",
    "nice!",
    "NICE!!!",
    "Nice one!",
    "Nice work on the QBR",
    "+1",
    "+100",
    "+1 to this",
    "Thanks!",
    "Congrats, Dana!",
    "Love this",
    "Hot take",
    "Killer deck",
    "Crushed it",
    "lol",
    "Agreed",
    "Welcome aboard",
    "Beautiful work",
    "Sick",
    "Dope",
    "Savage",
]


@pytest.mark.parametrize("text", SHORT_REPLIES)
def test_screen_allows_short_replies(text):
    assert screen(text).flags == []


@pytest.mark.parametrize("text", ["Nice", "+1", "Hot", "Gorgeous", "Sick!"])
def test_screen_caps_learned_scores_of_one_word_texts(text):
    assert max(screen(text).scores.values()) <= ONE_WORD_CAP


@pytest.mark.parametrize("text", ["idiot", "Moron!", "sl*t"])
def test_screen_does_not_cap_one_word_insults(text):
    assert screen(text).scores["harassment"] > ONE_WORD_CAP


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("nudes", "sexual"),
        ("send n.u.d.e.s", "sexual"),
        ("idiot", "harassment"),
        ("kys", "harassment"),
        ("stfu", "harassment"),
        ("f*ck you", "harassment"),
        ("y0u are a w0rthless m0r0n", "harassment"),
        ("I'm g0nna k1ll you", "threat"),
        ("i  w i l l  h u r t  y o u", "threat"),
        ("you look s3xy in your headshot", "sexual"),
        ("DM me to 3x your pipeline", "solicitation"),
        ("use code SAVE20 at checkout", "solicitation"),
    ],
)
def test_screen_flags_short_and_obfuscated_abuse(text, category):
    assert category in screen(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "Our office line is +1 415 555 0100",
        "Ours: +1 415 555 0100",
        "Here's our office number: +1 415 555 0100",
        "That's my cell, +1 415 555 0100",
    ],
)
def test_screen_allows_own_work_numbers(text):
    assert "doxing" not in screen(text).flags


@pytest.mark.parametrize(
    "text",
    [
        "Our CEO's personal cell is +1 415 555 0100",
        "our manager's cell is 415-555-0100",
        "Dana's cell is +1 415 555 0100",
        "Her office line is +1 415 555 0100",
    ],
)
def test_screen_blocks_someone_elses_number_after_a_first_person_word(text):
    verdict = screen(text)
    assert verdict.decision == "block"
    assert [s["kind"] for s in verdict.spans] == ["phone"]


@pytest.mark.parametrize(
    "text", ["You got this", "I got you", "See you soon", "Coming for you", "This one is for you"]
)
def test_two_and_three_word_replies_are_not_read_as_threats_or_advances(text):
    """The threat and sexual heads learn veiled threats made of everyday words; in a text this short
    their learned score is capped, so an everyday reply is not held."""
    verdict = screen(text)
    assert verdict.flags == []
    assert verdict.scores["threat"] <= ONE_WORD_CAP and verdict.scores["sexual"] <= ONE_WORD_CAP


@pytest.mark.parametrize(
    ("text", "category"),
    [("watch your back", "threat"), ("send nudes", "sexual"), ("nice ass", "sexual")],
)
def test_short_threats_and_advances_are_still_read_by_the_rules(text, category):
    assert category in screen(text).flags


def test_screen_flags_every_one_word_insult_of_the_lexicon():
    missed = [w for w in sorted(ONE_WORD_INSULTS) if "harassment" not in screen(w).flags]
    assert missed == []


# exposure told in words, with no detail for the rules to find: read by the model's doxing head
EXPOSED_IN_WORDS = [
    "Rumour confirmed: Priya from the Austin team is in rehab for alcohol, that's why she's been "
    "'out sick'.",
    "Just so everyone knows, Marcus was arrested for a DUI last spring and HR covered it up.",
]


@pytest.mark.parametrize("text", EXPOSED_IN_WORDS)
def test_screen_reads_exposure_told_in_words(text):
    verdict = screen(text)
    assert "doxing" in verdict.flags
    assert verdict.spans == []  # nothing to point at: the wording is the exposure
    # so a moderator decides: it is held, not refused
    assert verdict.decision == "hold"
    assert any(LEARNED_DOXING_REASON in reason for reason in verdict.reasons)


@pytest.mark.parametrize("text", EXPOSED_IN_WORDS)
def test_learned_doxing_does_not_count_when_the_details_are_the_authors(text):
    assert "doxing" not in screen(text, {"own_contact": True}).flags


def test_a_model_without_a_doxing_head_scores_doxing_by_rules_only(monkeypatch):
    monkeypatch.setattr(core, "LEARNED_DOXING", "no-such-head")
    assert "doxing" not in screen(EXPOSED_IN_WORDS[1]).flags
    details = screen("Her personal cell is 415-555-0199, call her at home.")
    assert "doxing" in details.flags and details.decision == "block"
