import pytest

from commons.screening import train
from commons.screening.normalize import NO_WORDS, Words, known_words, normalize


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
        ("fuuuuuck", "fuck"),
        ("you stuuuuupid idiot", "you stupid idiot"),
        ("i hateeeee you", "i hate you"),
        ("i will kiiiiill you", "i will kill you"),
        ("you st*pid id**t", "you stupid idiot"),
        ("I s w e a r I will", "i swear i will"),
        ("you are a s t u p i d b i t c h", "you are a stupid bitch"),
        ("you  i  d  i  o  t", "you idiot"),
        ("you i. d. i. o. t.", "you idiot."),
        ("ＦＵＣＫ", "fuck"),
        ("fu\u200bck", "fuck"),
        ("you fücking ïdiot", "you fucking idiot"),
        ("s\u0336t\u0336u\u0336p\u0336i\u0336d", "stupid"),
        ("yοu idiοt", "you idiot"),  # Greek omicrons
        ("ΙDΙΟΤ", "idiot"),
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
        "नमस्ते, 東京",  # other scripts keep their marks
    ],
)
def test_normalize_leaves_ordinary_text_alone(raw):
    assert normalize(raw) == raw


def test_normalize_drops_accents_on_latin_letters():
    assert normalize("José from São Paulo, naïve café") == "jose from sao paulo, naive cafe"


def test_normalize_reads_an_email_address_as_one_word():
    """Its letters are a name and a company ("northpeaksales"), not what the member says."""
    assert (
        normalize("Email me at Jake.R@NorthPeakSales.com, thanks") == "email me at email , thanks"
    )
    assert normalize("@dana you rock") == "adana you rock"


WORDS = Words(["the", "a", "so", "good", "stupid", "die", "due", "hello", "swear", "hijab"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("stuuuuupid", "stupid"),  # a run shrinks to one letter ...
        ("helllllo", "hello"),  # ... or to two, whichever spelling is a known word
        ("sooooo goooood", "so good"),
        ("zzzzzz", "zz"),  # no known spelling: two of each run
        ("d*e", "die"),  # the more frequent of "die" and "due"
        ("st*p*d", "stupid"),
        ("s*****d", "s*****d"),  # more than half hidden
        ("*tupid", "*tupid"),  # the first letter hidden
        ("c# dev", "c# dev"),  # one letter shows
        ("#sales", "#sales"),
        ("with a h i j a b", "with a hijab"),
    ],
)
def test_normalize_spells_stretched_and_masked_words_as_known_words(raw, expected):
    assert normalize(raw, WORDS) == expected


def test_normalize_without_a_word_list_keeps_two_letters_of_a_run_and_leaves_masks():
    assert normalize("stuuuuupid st*pid", NO_WORDS) == "stuupid st*pid"
    assert normalize("I s w e a r", NO_WORDS) == "iswear"


def test_word_list_is_the_frequent_words_most_frequent_first():
    words = Words.from_texts(["b a c", "a b", "a d", "it's 3x e1"], min_count=2)
    assert list(words.rank) == ["a", "b"]
    again = Words.from_texts(["b a c", "a b", "a d", "it's 3x e1"], min_count=2)
    assert again.rank == words.rank


def test_training_word_list_does_not_depend_on_the_shipped_one(monkeypatch):
    texts = ["you are so stuuupid", "stupid stupid", "so stupid", "you are so good"]
    before = train.word_list(texts, progress=False).rank
    monkeypatch.setattr("commons.screening.normalize.known_words", lambda: WORDS)
    assert train.word_list(texts, progress=False).rank == before


def test_shipped_word_list_is_the_training_texts_words():
    words = known_words()
    assert len(words.rank) > 10_000
    assert {"stupid", "idiot", "kill", "pipeline", "quota"} <= set(words.rank)
    assert words.rank["the"] < words.rank["pipeline"]


def test_stretched_word_pattern_starts_only_at_a_word_start():
    """A pattern that could start inside a word tried every position of a long word (seconds for
    "aaa " followed by 20,000 letters); anchored, each word is scanned once."""
    from commons.screening.normalize import _STRETCHED

    assert _STRETCHED.match("xaaab", 1) is None
    assert _STRETCHED.search("xaaab").group(0) == "xaaab"


def test_word_list_splits_letters_into_the_fewest_words_with_the_longest_word():
    words = Words(["i", "is", "a", "wear", "swear", "stupid", "bitch", "bit", "ch"])
    assert words.split("iswear") == ["i", "swear"]
    assert words.split("stupidbitch") == ["stupid", "bitch"]
    assert words.split("stupidbitchx") is None
    assert words.split("ab" * 40) is None  # too long to try
