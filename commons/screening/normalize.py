"""Undo the usual obfuscation of abusive words before the abuse and solicitation models see a text.

``normalize(text)`` returns a lower-cased, de-obfuscated copy used only for scoring: offsets into it do
not match the original text, so personal-information spans are always found on the original.

Handled: Unicode compatibility forms and look-alike letters, zero-width characters, l33t digits and
symbols inside words ("sh1t", "@ss", "b!tch"), letters spaced or dotted out ("f u c k", "f.u.c.k"),
letters repeated for emphasis ("fuuuuck" keeps two), masked words ("f*ck", "f**k", "b---h") filled in
from a small lexicon of abusive words when the visible letters fit exactly one, and e-mail addresses
(scored as the word "email").
"""

from __future__ import annotations

import re
import unicodedata

# Words whose masked forms ("f*ck") are filled in. Only used to unmask; the models learn the rest.
MASK_LEXICON = (
    "fuck",
    "fucking",
    "fucker",
    "fucked",
    "motherfucker",
    "shit",
    "bitch",
    "bitches",
    "cunt",
    "dick",
    "cock",
    "pussy",
    "whore",
    "slut",
    "bastard",
    "asshole",
    "ass",
    "nigger",
    "nigga",
    "faggot",
    "fag",
    "retard",
    "retarded",
    "twat",
    "wanker",
    "kill",
    "rape",
    "porn",
    "nude",
    "nudes",
    "tits",
    "boobs",
    "dyke",
    "tranny",
    "kike",
    "spic",
    "chink",
    "wetback",
    "whores",
    "sluts",
    "cum",
    "horny",
    "sexy",
)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_LOOKALIKE = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "х": "x",
        "у": "y",
        "і": "i",
        "ѕ": "s",
        "ӏ": "l",
        "ԁ": "d",
        "ɡ": "g",
        "’": "'",
        "‘": "'",
        "`": "'",
    }
)
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "+": "t",
        "€": "e",
    }
)
# A word that mixes letters with l33t characters, e.g. "sh1t", "@ss", "b!tch", "n1gg3r".
# (the whole run of word and l33t characters; written so that a run without a l33t character fails
# without backtracking through it)
_LEET_WORD = re.compile(r"(?<![\w@$!|+€])[^\W0-9]*+[0-9@$!|+€][\w@$!|+€]*+")
# Quantities and ordinals stay as they are: "3x", "10k", "5pm", "2nd", "q4", "b2b", "24/7".
_NUMERIC_TOKEN = re.compile(
    r"^(?:\d+(?:x|k|m|bn|pm|am|st|nd|rd|th|s|h|d|yr|yrs|mo|min|mins|hr|hrs|gb|mb|kb|ms|g)|[a-z]{1,2}\d{1,4}|b2b|b2c|saas\d*|\d+)$"
)
# Three or more single letters separated by the same kind of gap: "f u c k", "f.u.c.k", "f-u-c-k".
_SPACED = re.compile(r"(?<!\w)[a-z]([ .\-_*])(?:[a-z]\1){1,}[a-z](?!\w)")
_REPEAT = re.compile(r"([a-z])\1\1+")
_MASKED = re.compile(r"(?<!\w)[a-z]*[*#_\-.]{1,4}[a-z]*[*#_\-.]{0,3}[a-z]*(?!\w)")


def _build_mask_index(words):
    index = {}
    for word in words:
        index.setdefault(len(word), []).append(word)
    return index


_MASK_INDEX = _build_mask_index(MASK_LEXICON)


_UNLEET_CACHE: dict[str, str] = {}
_UNLEET_CACHE_LIMIT = 100_000


def _unleet_cached(match: re.Match) -> str:
    token = match.group(0)
    try:
        return _UNLEET_CACHE[token]
    except KeyError:
        if len(_UNLEET_CACHE) > _UNLEET_CACHE_LIMIT:
            _UNLEET_CACHE.clear()
        out = _UNLEET_CACHE[token] = _unleet(match)
        return out


def _unleet(match: re.Match) -> str:
    token = match.group(0)
    if len(token) < 2 or not any("a" <= ch <= "z" for ch in token) or _NUMERIC_TOKEN.match(token):
        return token
    if token.rstrip("!").isalpha():
        return token  # "great!!" is emphasis, not l33t
    return token.translate(_LEET)


def _unspace(match: re.Match) -> str:
    token = match.group(0)
    letters = token[::2]
    return letters if len(letters) >= 3 else token


def _unmask(match: re.Match) -> str:
    token = match.group(0)
    if not any(ch.isalpha() for ch in token):
        return token
    if token[0] in "*#_-." and token[-1] in "*#_-.":
        return token  # *emphasis* around a plain word
    candidates = _MASK_INDEX.get(len(token), ())
    for word in candidates:
        if (
            all(c == w or c in "*#_-." for c, w in zip(token, word, strict=True))
            and word[0] == token[0]
        ):
            return word
    return token


def fold(text: str) -> str:
    """Unicode-fold and lower-case ``text``: compatibility forms, look-alikes, zero-width characters."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_LOOKALIKE)
    return text.lower()


_LEET_CHARS = frozenset("01345789@$!|+€")
_MASK_HINT = re.compile(r"[*#_]|--")
# an e-mail address is scored as the word "email": its letters ("jake@northpeaksales.com") are a name
# and a company, not what the member says
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def normalize(text: str) -> str:
    """Return the de-obfuscated, lower-cased form of ``text`` that the models score."""
    text = fold(text)
    if "@" in text:
        text = _EMAIL.sub(" email ", text)
    if not _LEET_CHARS.isdisjoint(text):
        text = _LEET_WORD.sub(_unleet_cached, text)
    text = _SPACED.sub(_unspace, text)
    text = _REPEAT.sub(r"\1\1", text)
    if _MASK_HINT.search(text):
        text = _MASKED.sub(_unmask, text)
    # every run of whitespace (what ``\s+`` matches: str.isspace) becomes one space, ends stripped
    return " ".join(text.split())
