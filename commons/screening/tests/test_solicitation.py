import pytest

from commons.screening import screen
from commons.screening.solicitation import allowed_by_context

PITCHES = [
    "DM me to 3x your pipeline in 90 days.",
    "Use code CLOSER50 for half off my negotiation course.",
    "Book a free strategy call with me here: calendly.com/pipeline-guru",
    "Join my team and earn passive income from home!",
    "Limited time offer: my prospecting templates for $29, buy now.",
]
SHOP_TALK = [
    "How do you handle prospects who ask for a discount after the demo?",
    "Our discount policy caps at 20% without VP approval.",
    "Any tips for booking more demos with enterprise accounts?",
    "Can anyone share a good mutual action plan template?",
    "Check out this article on MEDDICC, it changed how I qualify.",
    "Ping me for the slides from today's enablement session.",
    "We're hiring two SDRs in Austin, join my team!",
]


@pytest.mark.parametrize("text", PITCHES)
def test_solicitation_nudges_unprompted_pitches(text):
    verdict = screen(text, {"where": "post"})
    assert verdict.flags == ["solicitation"]
    assert verdict.decision == "nudge"
    assert verdict.citations == {"solicitation": "soliciting"}


@pytest.mark.parametrize("text", SHOP_TALK)
def test_solicitation_ignores_talk_about_selling(text):
    assert screen(text).flags == []


def test_solicitation_allowed_in_pitch_practice_posts():
    verdict = screen(PITCHES[0], {"where": "post", "post_kind": "pitch_practice"})
    assert verdict.decision == "allow"
    assert verdict.scores["solicitation"] > 0.5


def test_solicitation_allowed_in_replies_to_recommendation_requests():
    verdict = screen(PITCHES[2], {"where": "comment", "post_kind": "recommendation_request"})
    assert verdict.decision == "allow"


def test_solicitation_still_flagged_in_the_recommendation_request_itself():
    verdict = screen(PITCHES[2], {"where": "post", "post_kind": "recommendation_request"})
    assert verdict.flags == ["solicitation"]


def test_solicitation_context_does_not_excuse_abuse():
    verdict = screen(
        "DM me to 3x your pipeline, you worthless idiot", {"post_kind": "pitch_practice"}
    )
    assert verdict.flags == ["harassment"]


def test_solicitation_allowed_by_context_rules():
    assert allowed_by_context({"post_kind": "pitch_practice"})
    assert allowed_by_context({"where": "comment", "post_kind": "recommendation_request"})
    assert not allowed_by_context({"where": "post", "post_kind": "recommendation_request"})
    assert not allowed_by_context({"where": "comment", "post_kind": "discussion"})
    assert not allowed_by_context(None)


@pytest.mark.parametrize(
    "text, pitch",
    [
        ("Get 20% off your first year if you sign this week.", True),
        ("Spring sale: 30% off everything in my template shop.", True),
        ("Lost a deal to a competitor who gave it away at 60% off. Gutted.", False),
        ("Text me at 555-209-4410 when you get to the hotel lobby.", False),
        ("DM me to 3x your pipeline.", True),
        ("PSA: an account is sending 'passive income' DMs to new members. Just report it.", False),
        ("Join my team and earn passive income from home!", True),
        # a call to act is a pitch only beside something for sale
        ("DM me for the template, happy to share", False),
        ("Ping me for the slides from today's session", False),
        ("Register here for Thursday's meetup, doors at 6", False),
        ("We're hiring two SDRs in Austin, join my team!", False),
        ("DM me for pricing on our platform", True),
        ("Stop missing quota, sign up today at quotaking.example.", True),
        ("How about owning your own business? Zero risk, DM me", True),
    ],
)
def test_solicitation_rules_need_a_call_to_act(text, pitch):
    from commons.screening.abuse import without_reported_speech
    from commons.screening.normalize import normalize
    from commons.screening.solicitation import rule_hit

    assert rule_hit(without_reported_speech(normalize(text))) is pitch
