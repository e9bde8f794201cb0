import re

import pytest

from commons.screening.abuse import RULES
from commons.screening.scan import (
    WORDS,
    WordGate,
    caseless_groups,
    lead_words,
    presence,
    split_alternatives,
)

TEXTS = [
    "",
    "you are an idiot",
    "Hey you, great demo!",
    "i know where you live",
    "youth league, i'll know more later",
    "send me nudes",
    "the office is at 12 oak street",
    "we crushed quota, drinks on me",
    "a b c d",
    "f u c k you",
]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.category}-{r.reason}")
def test_presence_finds_a_match_exactly_when_the_rule_does(rule):
    quick = presence(rule.pattern)
    assert quick is not rule.pattern
    for text in TEXTS + [rule.reason]:
        assert (quick.search(text) is None) == (rule.pattern.search(text) is None), text


@pytest.mark.parametrize(
    "pattern",
    [r"([a-z])\1\1+", r"(?i:mobile)\s+\d", r"\w*", r"[^a-z]x", r"(?i)hello"],
)
def test_presence_keeps_patterns_it_cannot_speed_up(pattern):
    compiled = re.compile(pattern)
    assert presence(compiled) is compiled


def test_presence_checks_from_the_first_character_of_each_alternative():
    quick = presence(re.compile(r"\b(?:cat|dog)s?\b|\d{3}-\d{4}"))
    assert quick.search("two dogs")
    assert quick.search("call 555-1234")
    assert not quick.search("concatenate hotdogs")
    assert not quick.search("call 55-1234")


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\bget\s+a\s+room\b|\b(?:look|be)\s+(?:so\s+)?hot", {"get", "look", "be"}),
        (r"\bnudes?\b", {"nude", "nudes"}),
        (r"\bi'?ll\b", {"i", "ill"}),  # "i'll" is two runs: "i" and "ll"
        (r"\bzero\s+risk\b|\bcalendly\.com", {"zero", "calendly"}),
        (r"\bone[^a-z0-9\n]on\b", {"one"}),
        (r"^send\s", {"send"}),
        (r"get\s", None),  # no boundary before: "forget " matches
        (r"\bget(?:ting)?", None),  # nothing ends the word: "getaway" matches
        (r"\bab[^a-z]", None),  # a digit may follow
        (r"\b(?P<g>[a-z]+)\s+people", None),  # not a fixed word
        (r"\b\d+x\s+your", None),
        (r"(?i)\bget\b", None),  # upper case would need its own words
    ],
)
def test_lead_words_are_the_words_every_match_starts_with(pattern, words):
    found = lead_words(re.compile(pattern))
    assert (found if found is None else set(found)) == words


def test_split_alternatives_splits_only_at_the_top_level():
    assert split_alternatives(r"a|b(c|d)|[|]x|\|y|[]|]z|[^]|]w|(?:e|f)") == [
        "a",
        "b(c|d)",
        "[|]x",
        r"\|y",
        "[]|]z",
        "[^]|]w",
        "(?:e|f)",
    ]


GATE_TEXTS = TEXTS + [
    "forget about it",
    "get a room you two",
    "you look so hot",
    "getaway weekend, 3x your pipeline",
    "i'll be there",
    "book a demo with me today",
]


@pytest.mark.parametrize(
    "rule", [r for r in RULES if not r.needs and not r.group_check], ids=lambda r: r.reason
)
def test_word_gate_finds_a_match_exactly_when_the_rule_does(rule):
    gate = WordGate(rule.pattern)
    for text in GATE_TEXTS + [rule.reason]:
        words = set(WORDS.findall(text))
        assert bool(gate.search(text, words)) == (rule.pattern.search(text) is not None), text


def test_word_gate_tries_alternatives_without_lead_words_always():
    gate = WordGate(re.compile(r"\bbook\s+a\s+demo\b|\d+x\s+your\s+pipeline|(a)\1"))
    assert gate.always is not None
    assert gate.search("3x your pipeline", {"3x", "your", "pipeline"})
    assert gate.search("book a demo", {"book", "a", "demo"})
    assert not gate.search("book a demo", {"a", "demo"})  # the words say "book" is not there
    assert not gate.search("we booked a demo", {"we", "booked", "a", "demo"})


def test_word_gates_answer_as_the_patterns_on_project_sentences():
    from commons.screening import datasets, solicitation
    from commons.screening.normalize import normalize

    texts = [normalize(t) for t, _, _ in datasets.project_examples()[::7]]
    checks = [(r.pattern, WordGate(r.pattern)) for r in RULES if not r.needs and not r.group_check]
    full = re.compile(f"{solicitation._PITCH}|{solicitation._CALL}")
    checks.append((full, solicitation._ANY_CALL))
    found = 0
    for text in texts:
        words = set(WORDS.findall(text))
        for pattern, gate in checks:
            expected = pattern.search(text) is not None
            found += expected
            assert bool(gate.search(text, words)) == expected, (pattern.pattern[:60], text)
    assert found > 100


def test_caseless_groups_spell_out_both_cases_so_presence_can_speed_them_up():
    source = r"\b(?i:he|she|co-?worker)\b|\b[A-Z][a-z]+'s\s"
    spelled = re.compile(caseless_groups(source))
    assert "(?i:" not in spelled.pattern
    assert presence(spelled) is not spelled
    for text in ["He said", "SHE", "my Co-Worker", "coworker", "the", "Maria's car", "shed"]:
        assert [m.span() for m in spelled.finditer(text)] == [
            m.span() for m in re.finditer(source, text)
        ], text
