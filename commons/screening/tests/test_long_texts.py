"""Long posts: one abusive sentence among ordinary ones is read as if it stood nearly alone.

A text's vector is L2-normalised, so before windows were scored a threat with three sentences of event
talk around it scored 0.00 (1.00 alone); see ``core.segments``.
"""

import pytest

from commons.screening import screen
from commons.screening.core import segments, sentences
from commons.screening.normalize import normalize

OPENING = "Great session on discovery calls today, thanks to everyone who stayed late for the Q&A."
MIDDLE = "The slides and the call recording are in the resources channel if you missed it."
CLOSING = "Next month we are doing pricing objections, so bring your toughest stories."

ABUSIVE = {
    "threat": "I know which garage you park in, and one night you won't make it back to your car.",
    "hate": "Honestly women just aren't built for enterprise sales, they crack the first time a CFO "
    "pushes back.",
    "harassment": "And Priya, nobody wants to hear from you, you are a useless embarrassment to this "
    "whole team.",
    "sexual": "Jess, you looked so hot in that dress that I couldn't focus, come up to my hotel room "
    "tonight.",
}


@pytest.mark.parametrize("category", sorted(ABUSIVE))
@pytest.mark.parametrize("position", [1, 2, 3])
def test_one_abusive_sentence_in_a_long_post_is_flagged(category, position):
    parts = [OPENING, MIDDLE, CLOSING]
    parts.insert(position, ABUSIVE[category])
    assert category in screen(ABUSIVE[category]).flags
    assert category in screen(" ".join(parts), {"where": "post"}).flags


def test_a_line_of_its_own_counts_as_a_sentence():
    lines = ["Q3 kickoff recap", OPENING, MIDDLE, ABUSIVE["threat"], CLOSING]
    unpunctuated = [line.rstrip(".") for line in lines]
    assert "threat" in screen("\n".join(unpunctuated), {"where": "post"}).flags


def test_a_long_ordinary_post_is_still_allowed():
    post = (
        "We got slaughtered in the bake-off last quarter, so we rebuilt the demo from scratch. "
        "The new one is a killer: we attack the integration pain in the first five minutes. "
        "Our champion said it was the first demo that didn't make her want to die of boredom. "
        "Kill the feature tour, lead with their numbers, and the deal is dead or alive in one call."
    )
    assert screen(post, {"where": "post"}).decision == "allow"


def test_sentences_are_not_cut_after_abbreviations():
    assert sentences(normalize("See you e.g. at 5 p.m. with Mr. Smith. Then drinks! Ok?")) == [
        "see you e.g. at 5 p.m. with mr. smith.",
        "then drinks!",
        "ok?",
    ]


def test_an_emoji_ends_a_sentence():
    assert sentences(normalize("So true 😂 I learned that the hard way. Ok 👍 see you")) == [
        "so true 😂",
        "i learned that the hard way.",
        "ok 👍",
        "see you",
    ]


def test_only_long_texts_of_three_sentences_or_more_are_read_in_windows():
    short = "Nice. Thanks for the deck. See you at the meetup."
    assert segments(short, normalize(short), normalize(short)) == []
    two = f"{OPENING} {MIDDLE}"
    assert segments(two, normalize(two), normalize(two)) == []
    long = f"{OPENING} {MIDDLE} {CLOSING}"
    norm = normalize(long)
    assert segments(long, norm, norm) == [
        normalize(f"{OPENING} {MIDDLE}"),
        normalize(f"{MIDDLE} {CLOSING}"),
    ]


def test_quoted_words_blanked_from_a_report_stay_blank_in_the_windows():
    report = (
        "Can a moderator help? Someone DMed me this after the webinar: "
        f'"{ABUSIVE["threat"]}" I have screenshots. I blocked him but I am still shaken.'
    )
    assert "threat" not in screen(report, {"where": "post"}).flags


def test_the_author_is_told_which_sentences_were_read_as_abusive():
    post = " ".join([OPENING, MIDDLE, ABUSIVE["threat"], CLOSING])
    verdict = screen(post, {"where": "post"})
    (reason,) = [r for r in verdict.reasons if r.startswith("threat:")]
    # the threat is the third sentence: the window that read it holds the second and third, or the
    # third and fourth
    assert ", in sentences 2 and 3 (" in reason or ", in sentences 3 and 4 (" in reason
    # a short text is read whole, and its reason names no sentence
    assert all("in sentences" not in r for r in screen(ABUSIVE["threat"]).reasons)
