import re

import pytest

from commons.screening.abuse import RULES
from commons.screening.scan import presence

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
