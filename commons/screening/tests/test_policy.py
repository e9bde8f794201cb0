import pytest

from commons.screening import CATEGORIES, Policy, WatchedWord, screen
from commons.screening.core import _decide
from commons.screening.policy import DEFAULT_POLICY, CategoryPolicy


def decide(scores, policy=DEFAULT_POLICY, text="a plain text of several words", context=None):
    full = {
        "harassment": 0.0,
        "hate": 0.0,
        "threat": 0.0,
        "sexual": 0.0,
        "solicitation": 0.0,
    } | scores
    return _decide(text, text, full, context or {}, policy)


def test_policy_allows_when_nothing_reaches_a_threshold():
    verdict = decide({"harassment": 0.3})
    assert verdict.decision == "allow"
    assert verdict.flags == [] and verdict.citations == {} and verdict.reasons == []


def test_policy_harassment_nudges_at_a_lower_score_and_holds_at_a_high_one():
    assert decide({"harassment": 0.6}).decision == "nudge"
    assert decide({"harassment": 0.9}).decision == "hold"


def test_policy_sexual_nudges_then_holds():
    assert decide({"sexual": 0.6}).decision == "nudge"
    assert decide({"sexual": 0.95}).decision == "hold"


def test_policy_threat_and_hate_hold():
    assert decide({"threat": 0.55}).decision == "hold"
    assert decide({"hate": 0.55}).decision == "hold"


def test_policy_threats_hold_a_little_lower_than_the_rest():
    # members' veiled threats score lower than the tweets the scores were fitted on
    assert decide({"threat": 0.46}).decision == "hold"
    assert decide({"threat": 0.43}).decision == "allow"
    for category in ("hate", "harassment", "sexual", "solicitation"):
        assert decide({category: 0.46}).decision == "allow"


def test_policy_solicitation_nudges():
    assert decide({"solicitation": 0.99}).decision == "nudge"


def test_policy_most_severe_action_wins():
    verdict = decide({"solicitation": 0.9, "threat": 0.9})
    assert verdict.flags == ["threat", "solicitation"]
    assert verdict.decision == "hold"


def test_policy_verdict_has_all_six_scores_and_a_citation_per_flag():
    verdict = decide({"harassment": 0.9, "hate": 0.9})
    assert set(verdict.scores) == set(CATEGORIES)
    assert verdict.citations == {"harassment": "harassment", "hate": "discrimination"}
    assert len(verdict.reasons) == 2


def test_policy_thresholds_can_be_overridden():
    strict = Policy.from_dict({"categories": {"solicitation": {"hold": 0.4}}})
    assert decide({"solicitation": 0.45}, strict).decision == "hold"
    assert decide({"harassment": 0.6}, strict).decision == "nudge"  # other categories keep defaults


def test_policy_round_trips_through_its_dict_form():
    policy = Policy.from_dict(
        {
            "categories": {"harassment": {"hold": 0.9, "nudge": 0.6}},
            "watched_words": [
                {"category": "solicitation", "phrase": "crypto signals", "action": "hold"}
            ],
        }
    )
    assert Policy.from_dict(policy.to_dict()).to_dict() == policy.to_dict()


def test_policy_rejects_unknown_categories_and_actions():
    with pytest.raises(ValueError):
        Policy.from_dict({"categories": {"spam": {"hold": 0.5}}})
    with pytest.raises(ValueError):
        CategoryPolicy(((0.5, "delete"),))
    with pytest.raises(ValueError):
        WatchedWord("harassment", "x", "allow")


def test_policy_watched_word_flags_with_its_action():
    policy = Policy(watched_words=(WatchedWord("solicitation", "crypto signals", "hold"),))
    verdict = screen("Anyone into crypto signals?", policy=policy)
    assert verdict.flags == ["solicitation"]
    assert verdict.decision == "hold"
    assert "crypto signals" in verdict.reasons[0]


def test_policy_watched_word_sees_through_obfuscation_and_wildcards():
    policy = Policy(watched_words=(WatchedWord("harassment", "scam*", "nudge"),))
    assert screen("what a sc@mmer", policy=policy).flags == ["harassment"]
    assert screen("they are S C A M M E R S", policy=policy).flags == ["harassment"]


def test_policy_watched_word_matches_however_it_is_accented():
    policy = Policy(watched_words=(WatchedWord("hate", "Maricón", "hold"),))
    assert screen("eres un maricon", policy=policy).decision == "hold"
    assert screen("eres un MARICÓN", policy=policy).decision == "hold"


def test_policy_watched_word_matches_whole_words_only():
    policy = Policy(watched_words=(WatchedWord("hate", "ape", "hold"),))
    assert screen("the paper is ready", policy=policy).decision == "allow"


def test_policy_decision_is_allow_exactly_when_no_flags():
    texts = [
        "hello team",
        "DM me to 3x your pipeline",
        "I will kill you",
        "her cell is 415-555-0132",
    ]
    for text in texts:
        verdict = screen(text)
        assert (verdict.decision == "allow") == (verdict.flags == [])


def test_an_attack_that_names_a_group_is_hate_when_the_hate_head_reads_some_contempt():
    attack = "ahmed wears a turban on stage and frankly it made the room nervous, vet your speakers"
    verdict = decide({"harassment": 0.6, "hate": 0.35}, text=attack)
    assert "hate" in verdict.flags and verdict.scores["hate"] == 0.6
    assert "attacks people for who they are" in " ".join(verdict.reasons)
    # below the floor, or without a group named, or talking about the stereotype as such: not hate
    assert "hate" not in decide({"harassment": 0.6, "hate": 0.15}, text=attack).flags
    plain = "ahmed wears a hat on stage and frankly it made the room nervous, vet your speakers"
    assert "hate" not in decide({"harassment": 0.6, "hate": 0.35}, text=plain).flags
    refuted = "stop assuming ahmed in a turban is a risk, that stereotype has to change"
    assert "hate" not in decide({"harassment": 0.6, "hate": 0.35}, text=refuted).flags
    # the attack itself must be flagged
    assert "hate" not in decide({"harassment": 0.45, "hate": 0.4}, text=attack).flags
