import pytest

from commons.screening import screen
from commons.screening.pii import detect, find_spans, iban_valid, luhn_valid


def kinds(text, context=None):
    return [(s.kind, text[s.start : s.end]) for s in detect(text, context) if not s.own]


def test_pii_finds_phone_numbers_with_offsets():
    text = "Her cell is (415) 555-0132, go tell her."
    assert kinds(text) == [("phone", "(415) 555-0132")]


@pytest.mark.parametrize(
    "number", ["+44 20 7946 0958", "+41 (0)62 585 51 90", "0688 843 79 56", "650.555.0122"]
)
def test_pii_finds_international_phone_numbers(number):
    assert [s.kind for s in find_spans(f"His number: {number}")] == ["phone"]


def test_pii_finds_email_addresses():
    assert kinds("her personal email is jenny.m.lopez@gmail.com") == [
        ("email", "jenny.m.lopez@gmail.com")
    ]


def test_pii_finds_spelled_out_email_addresses():
    assert [k for k, _ in kinds("write to jenny dot lopez at gmail dot com")] == ["email"]


def test_pii_finds_us_street_addresses_with_city_and_zip():
    text = "Jane lives at 42 Oak Street, Springfield, IL 62704, go pay her a visit"
    assert kinds(text) == [("street_address", "42 Oak Street, Springfield, IL 62704")]


def test_pii_finds_european_street_addresses():
    assert [k for k, _ in kinds("Her flat is at Via delle Coste 41, Roma")] == ["street_address"]


def test_pii_payment_card_needs_luhn_checksum():
    assert kinds("found his card 4539 1488 0343 6467") == [("payment_card", "4539 1488 0343 6467")]
    assert luhn_valid("4539148803436467")
    assert not luhn_valid("4539148803436468")


def test_pii_iban_needs_mod97_checksum():
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB83 WEST 1234 5698 7654 32")
    assert [k for k, _ in kinds("her IBAN is GB82 WEST 1234 5698 7654 32")] == ["iban"]


def test_pii_finds_social_security_numbers():
    assert kinds("Tom's SSN is 123-45-6789 lol") == [("government_id", "123-45-6789")]


def test_pii_finds_dated_whereabouts_of_a_named_person():
    assert [k for k, _ in kinds("Dana leaves the gym at 6pm every day.")] == ["whereabouts"]
    assert [k for k, _ in kinds("Mark stays at the Marriott, room 1418, until Friday.")] == [
        "whereabouts"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We closed 3 Big Deals this quarter.",
        "We hit 120% of quota in 2023-2024.",
        "Our revenue grew from $1,234,567 to $2,500,000.",
        "Top 10 Strategy Points for discovery calls.",
        "Sarah will be at the booth on Tuesday, come say hi.",
        "Dana is presenting at 3pm in room B.",
        "Call volume was 1200 dials last week across 14 reps.",
    ],
)
def test_pii_ignores_numbers_in_sales_talk(text):
    assert kinds(text) == []


def test_pii_first_person_contact_details_are_own():
    assert kinds("Call me at 312-555-0147 if you want the template.") == []
    assert kinds("My work email is alex@acme.example, reach out anytime.") == []


def test_pii_own_contact_context_makes_contact_details_own():
    text = "Maria Lopez, Sales Director. 212-555-0182, maria@acme.example, 500 Howard Street, San Francisco"
    assert kinds(text) != []
    assert kinds(text, {"own_contact": True}) == []
    assert kinds(text, {"where": "profile"}) == []


def test_pii_own_context_never_excuses_payment_cards():
    assert [k for k, _ in kinds("card 4539 1488 0343 6467", {"own_contact": True})] == [
        "payment_card"
    ]


def test_pii_doxing_of_others_blocks_with_spans():
    text = "Here's Kevin's cell, tell him what you think: 415-555-0198"
    verdict = screen(text)
    assert verdict.decision == "block"
    assert verdict.flags == ["doxing"]
    assert verdict.citations == {"doxing": "doxing"}
    [span] = verdict.spans
    assert span["category"] == "doxing" and span["kind"] == "phone"
    assert text[span["start"] : span["end"]] == "415-555-0198"


def test_pii_own_contact_in_profile_is_allowed():
    verdict = screen("Reach me at 212-555-0182 or maria@acme.example.", {"where": "profile"})
    assert verdict.decision == "allow"
    assert verdict.spans == []
