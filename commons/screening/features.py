"""Text features shared by training and inference, so both see exactly the same thing.

A normalized text becomes a set of string features: word unigrams (``w:word``), word bigrams
(``b:one two``), character 3- to 5-grams of each word padded with spaces (``" fuc"``), and the bigrams
and trigrams around an identity term with every term as one mark (``g:<g> reps always``, see
``group_features``). Identity terms and their plurals ("gay", "muslim", "black", "mexicans", ...:
``lexicon.IDENTITY_WORDS``), the nouns that name a group with them ("founders", "reps":
``lexicon.GROUP_ROLE_NOUNS``), and common personal names (``lexicon.PERSON_NAMES``) give only their word
and bigram features, no character n-grams, so that their spelling cannot carry them into a score by
itself (see the fairness section of the model card).
"""

from __future__ import annotations

import re

from .lexicon import GROUP_NAMING_WORDS, IDENTITY_WORDS, PERSON_NAMES

# words whose spelling must not carry them into a score: they give no character n-grams
NO_CHAR_WORDS = GROUP_NAMING_WORDS | PERSON_NAMES

# an identity term, in the group n-grams: every term is the same mark
GROUP_MARK = "<g>"

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")
CHAR_MIN, CHAR_MAX = 3, 5


def tokens(normalized: str) -> list[str]:
    """Split a normalized text into word tokens (``!`` and ``?`` are kept as tokens)."""
    return TOKEN.findall(normalized)


def word_features(word: str) -> list[str]:
    """The unigram and character n-gram features of one word."""
    feats = ["w:" + word]
    if word in NO_CHAR_WORDS or len(word) < 2 or word in "!?":
        return feats
    padded = f" {word} "
    size = len(padded)
    for n in range(CHAR_MIN, CHAR_MAX + 1):
        feats.extend(padded[i : i + n] for i in range(size - n + 1))
    return feats


def group_features(words: list[str]) -> list[str]:
    """Word bigrams and trigrams around identity terms, each term (or run of terms) replaced by one
    mark: "black reps always" and "older reps always" both give ``g:<g> reps always``. What is said
    about a group is learned once for every group, and no term can weigh more than another."""
    if IDENTITY_WORDS.isdisjoint(words):
        return []
    seq: list[str] = []
    for word in words:
        if word in IDENTITY_WORDS:
            if seq and seq[-1] == GROUP_MARK:
                continue
            word = GROUP_MARK
        seq.append(word)
    feats = []
    for i, word in enumerate(seq):
        if word != GROUP_MARK:
            continue
        for n in (2, 3):
            for start in range(max(0, i - n + 1), min(i, len(seq) - n) + 1):
                feats.append("g:" + " ".join(seq[start : start + n]))
    return feats


def text_features(normalized: str) -> list[str]:
    """All features of a normalized text (with repeats; callers de-duplicate)."""
    words = tokens(normalized)
    feats: list[str] = []
    for word in words:
        feats.extend(word_features(word))
    feats.extend("b:" + a + " " + b for a, b in zip(words, words[1:], strict=False))
    feats.extend(group_features(words))
    return feats
