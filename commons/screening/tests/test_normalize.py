import pytest

from commons.screening.normalize import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("F u c k you", "fuck you"),
        ("f.u.c.k off", "fuck off"),
        ("sh1t", "shit"),
        ("@sshole", "asshole"),
        ("b!tch", "bitch"),
        ("f*ck", "fuck"),
        ("F***", "fuck"),
        ("f**k", "fuck"),
        ("fuuuuuck", "fuuck"),
        ("ＦＵＣＫ", "fuck"),
        ("fu\u200bck", "fuck"),
    ],
)
def test_normalize_undoes_obfuscation(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "3x your pipeline",
        "10k arr by q4",
        "call at 5pm",
        "b2b saas",
        "i am a u.s. citizen",
        "great!!!",
        "*really* good",
    ],
)
def test_normalize_leaves_ordinary_text_alone(raw):
    assert normalize(raw) == raw


def test_normalize_reads_an_email_address_as_one_word():
    """Its letters are a name and a company ("northpeaksales"), not what the member says."""
    assert (
        normalize("Email me at Jake.R@NorthPeakSales.com, thanks") == "email me at email , thanks"
    )
    assert normalize("@dana you rock") == "adana you rock"
