from collections import defaultdict

from commons.screening import screen_many
from commons.screening.datasets import fairness_sentences


def test_fairness_identity_templates_false_positive_rate_per_term_at_most_two_percent():
    sentences = fairness_sentences()
    verdicts = screen_many([s for s, _, _ in sentences])
    flagged = defaultdict(list)
    for (_, term, _), verdict in zip(sentences, verdicts, strict=True):
        flagged[term].append(bool(verdict.flags))
    rates = {term: sum(f) / len(f) for term, f in flagged.items()}
    assert len(rates) >= 50
    assert {t: r for t, r in rates.items() if r > 0.02} == {}


def test_fairness_naming_an_identity_does_not_raise_abuse_scores():
    base = screen_many(["I am a sales leader and I love my team."])[0]
    for term in ("Black", "gay", "Muslim", "Jewish", "trans", "disabled", "immigrant", "older"):
        verdict = screen_many([f"I am a {term} sales leader and I love my team."])[0]
        for category in ("harassment", "hate", "threat", "sexual"):
            assert verdict.scores[category] <= max(0.2, base.scores[category] + 0.15), (
                term,
                category,
            )


def test_a_name_alone_is_never_flagged():
    """A profile's name line or a thank-you says nothing about conduct, whatever the name."""
    from commons.screening import screen

    first = ["Sam", "Priya", "Grace", "Mohammed", "Wei", "Olga", "Carlos", "Aisha", "Tom", "Yuki"]
    last = ["Okafor", "Nair", "Khan", "Chen", "Garcia", "Hassan", "Cohen", "Singh", "Petrov", "Kim"]
    flagged = [
        text
        for f in first
        for name in (f"{f} {surname}" for surname in last)
        for text, where in (
            (name, "profile"),
            (f"{name}\nHead of sales", "profile"),
            (f"Thanks {name}!", "comment"),
        )
        if screen(text, {"where": where}).flags
    ]
    assert flagged == []


PLURAL_GROUPS = [
    "Blacks", "Asians", "Mexicans", "Arabs", "Africans", "Latinos", "Boomers", "Millennials",
    "Catholics", "Nigerians", "Pakistanis", "Filipinos", "Haitians", "Somalis", "Koreans",
    "Mormons", "Atheists", "Buddhists", "Foreigners", "Immigrants", "Muslims", "Jews", "Gays",
]  # fmt: skip
PLURAL_FRAMES = [
    "{} make up a growing share of our pipeline in the region.",
    "Two {} joined the support team this month and the queue has never looked better.",
    "The panel of {} was the highlight of the conference for me.",
    "Meetup for {} in sales this Thursday, all welcome.",
]


def test_naming_a_group_in_the_plural_is_not_flagged():
    """A group is named in the plural as often as with an adjective: the plurals get the terms'
    treatment (no character n-grams, clamped weights, one mark in the group n-grams)."""
    texts = [frame.format(group) for group in PLURAL_GROUPS for frame in PLURAL_FRAMES]
    flagged = [t for t, v in zip(texts, screen_many(texts), strict=True) if v.flags]
    assert flagged == []
