"""Undo the usual obfuscation of abusive words before the abuse and solicitation models see a text.

``normalize(text)`` returns a lower-cased, de-obfuscated copy used only for scoring: offsets into it do
not match the original text, so personal-information spans are always found on the original.

Handled: Unicode compatibility forms, accents and overlays on Latin letters ("fück", "s̶t̶u̶p̶i̶d"),
Cyrillic and Greek look-alike letters, zero-width characters, l33t digits and
symbols inside words ("sh1t", "@ss", "b!tch"), letters spaced or dotted out ("f u c k", "f.u.c.k"),
letters repeated for emphasis ("stuuuupid", "kiiiill", "hateeee"), masked words ("f*ck", "f**k", "b---h",
"st*pid") and e-mail addresses (scored as the word "email").

Stretched, masked and spaced-out words are spelled as known words where they fit (``Words``): the
words of the training texts, most frequent first, which ``commons screening train`` writes to
``models/words.json``.
A masked word is first filled from a small lexicon of abusive words (``MASK_LEXICON``), then from the
known words when only ``*`` or ``#`` hide at most half its letters and its first letter and one more
show. A stretched word ("stuuuupid") becomes the most frequent known word its runs of three or more
letters can shrink to (one letter or two each: "stupid"), and keeps two of each run when none is known
("fuuuuck" → "fuuck" without a word list). Spaced-out letters that are no known word are split into the
fewest known words ("s t u p i d b i t c h" → "stupid bitch", "I s w e a r" → "i swear").
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from pathlib import Path

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
        "α": "a",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
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
# Three or more single letters separated by the same gap: "f u c k", "f.u.c.k", "f-u-c-k", "f  u  c  k",
# "f. u. c. k".
_SPACED = re.compile(r"(?<!\w)[a-z]( +|\. ?|[\-_*])(?:[a-z]\1){1,}[a-z](?!\w)")
_REPEAT = re.compile(r"([a-z])\1\1+")
# a whole word holding a run of three; it starts at a word's start, so a long word is scanned once
_STRETCHED = re.compile(r"(?<![a-z])[a-z]*([a-z])\1\1[a-z]*")
_RUN = re.compile(r"([a-z])\1*")
# a word with more stretched runs than this keeps two letters of each (2**4 spellings to try at most)
_MAX_STRETCHED_RUNS = 4
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


def _unspace(match: re.Match, words: Words) -> str:
    token = match.group(0)
    letters = token[:: len(match.group(1)) + 1]
    if len(letters) < 3:
        return token
    if letters in words.rank or not words:
        return letters
    # "I s w e a r", "with a h i j a b" and "s t u p i d b i t c h" spell words side by side
    return " ".join(words.split(letters) or [letters])


def _unmask(match: re.Match, words: Words) -> str:
    token = match.group(0)
    if not any(ch.isalpha() for ch in token):
        return token
    if token[0] in "*#_-." and token[-1] in "*#_-.":
        return token  # *emphasis* around a plain word
    # a full stop after a masked word ends the sentence: "you cr*ep."
    stem = token.rstrip(".")
    end = token[len(stem) :]
    if not stem or stem[-1] in "*#_-.":
        stem, end = token, ""
    candidates = _MASK_INDEX.get(len(stem), ())
    for word in candidates:
        if (
            all(c == w or c in "*#_-." for c, w in zip(stem, word, strict=True))
            and word[0] == stem[0]
        ):
            return word + end
    filled = words.fill(stem)
    return filled + end if filled else token


def _unstretch(match: re.Match, words: Words) -> str:
    token = match.group(0)
    runs = [m.group(0) for m in _RUN.finditer(token)]
    stretched = [i for i, run in enumerate(runs) if len(run) >= 3]
    kept = "".join(run[:2] for run in runs)
    if len(stretched) > _MAX_STRETCHED_RUNS or not words:
        return kept
    spellings = []
    for sizes in itertools.product((1, 2), repeat=len(stretched)):
        parts = [run[:2] for run in runs]
        for i, size in zip(stretched, sizes, strict=True):
            parts[i] = runs[i][:size]
        spellings.append("".join(parts))
    return words.most_frequent(spellings) or kept


# spaced-out letters longer than this stay one run; a split tries words of at most this many letters
_MAX_SPLIT_LETTERS = 60
_MAX_WORD_LETTERS = 20


class Words:
    """Known words, most frequent first: what a stretched, masked or spaced-out word may be spelled
    as."""

    def __init__(self, words=()):
        self.rank = {w: i for i, w in enumerate(words)}
        by_length: dict[int, list[str]] = {}
        for word in self.rank:
            by_length.setdefault(len(word), []).append(word)
        # the words of each length, one per line in rank order, so a mask's first fit is the most
        # frequent
        self._lines = {length: "\n".join(ws) for length, ws in by_length.items()}

    def __bool__(self) -> bool:
        return bool(self.rank)

    def most_frequent(self, spellings) -> str | None:
        known = [w for w in spellings if w in self.rank]
        return min(known, key=self.rank.__getitem__) if known else None

    def split(self, letters: str, most: int = 6) -> list[str] | None:
        """``letters`` ("stupidbitch") as the fewest known words, at most ``most``, each of two letters or
        more or the word "a" or "i"; of splits into as many words, the one with the longest word ("i
        swear", not "is wear"), then the one whose rarest word is most frequent. None when there is
        none."""
        n = len(letters)
        if n > _MAX_SPLIT_LETTERS:
            return None
        # best[i]: (words, minus the longest word's length, rarest rank, split) for letters[:i]
        best: list[tuple[int, int, int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, 0, -1, [])
        for end in range(1, n + 1):
            for start in range(max(0, end - _MAX_WORD_LETTERS), end):
                word, before = letters[start:end], best[start]
                rank = self.rank.get(word)
                if before is None or rank is None or (len(word) == 1 and word not in "ai"):
                    continue
                candidate = (
                    before[0] + 1,
                    min(before[1], -len(word)),
                    max(before[2], rank),
                    before[3] + [word],
                )
                if candidate[0] <= most and (best[end] is None or candidate[:3] < best[end][:3]):
                    best[end] = candidate
        return best[n][3] if best[n] else None

    @functools.lru_cache(maxsize=10_000)  # noqa: B019 - a handful of Words live as long as the process
    def fill(self, token: str) -> str | None:
        """The most frequent known word that ``token`` ("st*pid") masks, or None: only ``*`` and ``#``
        mask, at most half the letters, and the first letter and one more must show."""
        if not token[0].isalpha() or not all(ch.isalpha() or ch in "*#" for ch in token):
            return None
        hidden = sum(ch in "*#" for ch in token)
        if hidden * 2 > len(token) or len(token) - hidden < 2:
            return None
        found = re.search(
            "^" + "".join("[a-z]" if ch in "*#" else re.escape(ch) for ch in token) + "$",
            self._lines.get(len(token), ""),
            re.MULTILINE,
        )
        return found.group(0) if found else None

    @classmethod
    def from_texts(cls, normalized_texts, min_count: int = 3, limit: int = 60_000) -> Words:
        """The words (letters only) that at least ``min_count`` texts use, most frequent first, at most
        ``limit``; ties alphabetical, so the same texts give the same list."""
        counts: dict[str, int] = {}
        for text in normalized_texts:
            for word in set(_LETTERS.findall(text)):
                counts[word] = counts.get(word, 0) + 1
        kept = sorted(
            (w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w)
        )
        return cls(kept[:limit])

    def save(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(list(self.rank), fh, separators=(",", ":"))
            fh.write("\n")

    @classmethod
    def load(cls, path: Path) -> Words:
        with open(path, encoding="utf-8") as fh:
            return cls(json.load(fh))


_LETTERS = re.compile(r"(?<![a-z0-9'])[a-z]+(?![a-z0-9'])")
WORDS_FILE = Path(__file__).resolve().parent / "models" / "words.json"
NO_WORDS = Words()


@functools.cache
def known_words() -> Words:
    """The word list ``commons screening train`` wrote (``models/words.json``); none before training."""
    return Words.load(WORDS_FILE) if WORDS_FILE.exists() else NO_WORDS


# accents and overlays on a Latin letter: "fück", "s̶t̶u̶p̶i̶d" (other scripts keep their marks)
_MARKS_ON_LATIN = re.compile(
    r"(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+"
)


def fold(text: str) -> str:
    """Unicode-fold and lower-case ``text``: compatibility forms, accents and overlays on Latin letters,
    look-alikes, zero-width characters."""
    if text.isascii():
        return text.lower()
    text = _MARKS_ON_LATIN.sub("", unicodedata.normalize("NFKD", text))
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return text.lower().translate(_LOOKALIKE)


_LEET_CHARS = frozenset("01345789@$!|+€")
_MASK_HINT = re.compile(r"[*#_]|--")
# an e-mail address is scored as the word "email": its letters ("jake@northpeaksales.com") are a name
# and a company, not what the member says
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def normalize(text: str, words: Words | None = None) -> str:
    """Return the de-obfuscated, lower-cased form of ``text`` that the models score; stretched and masked
    words are spelled from ``words`` (default: ``known_words()``)."""
    if words is None:
        words = known_words()
    text = fold(text)
    if "@" in text:
        text = _EMAIL.sub(" email ", text)
    if not _LEET_CHARS.isdisjoint(text):
        text = _LEET_WORD.sub(_unleet_cached, text)
    text = _SPACED.sub(lambda m: _unspace(m, words), text)
    if _REPEAT.search(text):
        text = _STRETCHED.sub(lambda m: _unstretch(m, words), text)
    if _MASK_HINT.search(text):
        text = _MASKED.sub(lambda m: _unmask(m, words), text)
    # every run of whitespace (what ``\s+`` matches: str.isspace) becomes one space, ends stripped
    return " ".join(text.split())
