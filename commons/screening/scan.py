"""Faster yes/no regex searches for patterns that start with a word boundary.

Two first looks, each exact for whether a pattern has a match:

- ``presence(pattern)`` scans only from the characters that can start a match (below);
- ``WordGate(pattern)`` tries each top-level alternative only when the text holds one of the words it
  starts with (``lead_words``), read off the pattern itself; the caller passes the text's set of
  words, found once for all the patterns that read it.

Python's ``re`` skips quickly over characters that cannot start a match only when a pattern begins with
a literal or a character class; a pattern that begins with ``\\b`` (most rules here) is tried at every
position. ``presence(pattern)`` returns a pattern whose ``search`` finds a match exactly when
``pattern.search`` does: it consumes one of the characters that can start a match, then checks, from
just before it, that the original pattern matches there (``[C](?<=(?=(?:P))[C])``). Only whether there is
a match is the same; use the original pattern for spans and groups.
"""

from __future__ import annotations

import re

try:  # the parser behind ``re`` (Python 3.11+); without it patterns are used as they are
    from re import _constants as K
    from re import _parser as P
except ImportError:  # pragma: no cover
    K = P = None

_CATEGORIES = (
    {K.CATEGORY_DIGIT: r"\d", K.CATEGORY_SPACE: r"\s", K.CATEGORY_WORD: r"\w"} if K else {}
)


def _first(items) -> tuple[set[str] | None, bool]:
    """The class members that can start a match of ``items`` (``None``: anything), and whether
    ``items`` can match the empty string."""
    out: set[str] = set()
    for op, av in items:
        if op in (K.AT, K.ASSERT, K.ASSERT_NOT):
            continue  # zero width: the first character comes after it
        if op is K.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is K.IN:
            for iop, iav in av:
                if iop is K.LITERAL:
                    out.add(re.escape(chr(iav)))
                elif iop is K.RANGE:
                    out.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is K.CATEGORY and iav in _CATEGORIES:
                    out.add(_CATEGORIES[iav])
                else:
                    return None, False
            return out, False
        if op is K.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None, False  # (?i:...): the first characters have both cases
            first, nullable = _first(av[3])
        elif op is K.BRANCH:
            first, nullable = set(), False
            for alternative in av[1]:
                alt_first, alt_nullable = _first(alternative)
                if alt_first is None:
                    return None, False
                first |= alt_first
                nullable |= alt_nullable
        elif op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            first, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def presence(pattern: re.Pattern) -> re.Pattern:
    """A pattern whose ``search`` is truthy exactly when ``pattern.search`` is (faster for most rules)."""
    if P is None or pattern.flags & re.IGNORECASE:
        return pattern
    first, nullable = _first(P.parse(pattern.pattern, pattern.flags).data)
    if first is None or nullable:
        return pattern
    cls = "[" + "".join(sorted(first)) + "]"
    try:
        return re.compile(f"{cls}(?<=(?=(?:{pattern.pattern})){cls})", pattern.flags)
    except re.error:  # e.g. a back-reference, which a lookbehind cannot hold
        return pattern


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_MAX_WORDS = 256  # more first words than this: no gate (a pattern that starts with a long list)


_CATEGORY_TESTS = (
    {
        K.CATEGORY_DIGIT: re.compile(r"\d"),
        K.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
        K.CATEGORY_SPACE: re.compile(r"\s"),
        K.CATEGORY_NOT_SPACE: re.compile(r"\S"),
        K.CATEGORY_WORD: re.compile(r"\w"),
        K.CATEGORY_NOT_WORD: re.compile(r"\W"),
    }
    if K
    else {}
)


def _in_class(items, char: str) -> bool | None:
    """Whether the character class ``items`` (a parsed ``[...]``) matches ``char``; None: not known."""
    negate = hit = False
    for iop, iav in items:
        if iop is K.NEGATE:
            negate = True
        elif iop is K.LITERAL:
            hit |= chr(iav) == char
        elif iop is K.RANGE:
            hit |= iav[0] <= ord(char) <= iav[1]
        elif iop is K.CATEGORY and iav in _CATEGORY_TESTS:
            hit |= _CATEGORY_TESTS[iav].match(char) is not None
        else:
            return None
    return hit != negate


def _never_alnum(op, av) -> bool:
    """True when one character matched by ``(op, av)`` can never be a lower-case letter or a digit."""
    if op is K.LITERAL:
        return chr(av) not in _ALNUM
    if op is K.IN:
        return all(_in_class(av, c) is False for c in _ALNUM)
    return False


def _lead(items: list, word: str, bounded: bool, out: set[str]) -> bool:
    """Add to ``out`` the first word of every way ``items`` can match (see ``lead_words``); False when
    some way has no such word."""
    for i, (op, av) in enumerate(items):
        rest = items[i + 1 :]
        if op is K.AT:
            if av in (K.AT_BOUNDARY, K.AT_BEGINNING, K.AT_BEGINNING_STRING):
                if word:
                    return _end(word, out) if av is K.AT_BOUNDARY else False
                bounded = True
                continue
            if word and av in (K.AT_END, K.AT_END_STRING):
                return _end(word, out)
            return False
        if op in (K.ASSERT, K.ASSERT_NOT):
            continue  # zero width: it only narrows what matches
        if op is K.LITERAL and chr(av) in _ALNUM:
            if not (word or bounded):
                return False  # a word that may continue one before it
            word += chr(av)
            continue
        if op is K.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return False
            return _lead(list(av[3]) + rest, word, bounded, out)
        if op is K.BRANCH:
            return all(_lead(list(alt) + rest, word, bounded, out) for alt in av[1])
        if op in (K.MAX_REPEAT, K.MIN_REPEAT, K.POSSESSIVE_REPEAT):
            low, high, sub = av
            if word and low >= 1 and len(sub) == 1 and _never_alnum(*sub[0]):
                return _end(word, out)
            if low == 0 and high == 1:  # an optional part: with it, and without it
                return _lead(list(sub) + rest, word, bounded, out) and _lead(
                    rest, word, bounded, out
                )
            return False
        if word and _never_alnum(op, av):
            return _end(word, out)
        return False
    return False  # the way ends inside a word: what follows is not known here


def _end(word: str, out: set[str]) -> bool:
    out.add(word)
    return len(out) <= _MAX_WORDS


def lead_words(pattern: re.Pattern) -> frozenset[str] | None:
    """The words one of which every match of ``pattern`` starts with, or ``None`` when that cannot be
    read off the pattern.

    A word here is a whole run of lower-case letters and digits (``[a-z0-9]+``): the pattern must put a
    word boundary (or the start) before it and something that is not a letter or digit after it. So a
    text whose runs of ``[a-z0-9]`` hold none of these words has no match, and a rule may be skipped on
    a set lookup (``abuse.rule_hits``)."""
    if P is None or pattern.flags & re.IGNORECASE:
        return None
    out: set[str] = set()
    if not _lead(list(P.parse(pattern.pattern, pattern.flags).data), "", False, out):
        return None
    return frozenset(out)


WORDS = re.compile(r"[a-z0-9]+")  # the runs ``lead_words`` speaks of


def split_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source (``a|b(c|d)`` → ``["a", "b(c|d)"]``)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # a "]" first in a class is a member, not its end
            i += 2 if source.startswith("[^]", i) else 1 if source.startswith("[]", i) else 0
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


class WordGate:
    """A yes/no search for ``pattern`` that tries each top-level alternative only where the text holds
    one of the words it starts with (``lead_words``); alternatives without such words are tried
    always, together. ``search(text, words)`` is truthy exactly when ``pattern.search(text)`` is, given
    ``words``, the set of ``WORDS`` runs of ``text`` (so patterns for lower-cased text gain most).
    """

    def __init__(self, pattern: re.Pattern):
        gated: dict[frozenset[str], list[str]] = {}
        always: list[str] = []
        alternatives = split_alternatives(pattern.pattern)
        try:
            for alt in alternatives:
                words = lead_words(re.compile(alt, pattern.flags))
                gated.setdefault(words, []).append(alt) if words else always.append(alt)
        except re.error:  # an alternative that needs another (a back-reference): no gates
            gated, always = {}, alternatives

        def join(alts):
            return presence(re.compile("|".join(f"(?:{a})" for a in alts), pattern.flags))

        self.parts = [join(alts) for alts in gated.values()]
        index: dict[str, list[int]] = {}
        for i, words in enumerate(gated):
            for word in words:
                index.setdefault(word, []).append(i)
        self.index = {w: tuple(ids) for w, ids in index.items()}
        self.keys = frozenset(index)
        self.always = join(always) if always else None

    def search(self, text: str, words: set[str]) -> bool:
        if self.always is not None and self.always.search(text):
            return True
        tried: set[int] = set()
        for word in self.keys.intersection(words):
            for i in self.index[word]:
                if i not in tried:
                    tried.add(i)
                    if self.parts[i].search(text):
                        return True
        return False


_CASELESS_GROUP = re.compile(r"\(\?i:([a-z|?'’ -]+)\)")


def caseless_groups(source: str) -> str:
    """``source`` with each ``(?i:...)`` group of plain words (letters, ``|``, ``?``, apostrophes, hyphens,
    spaces) spelled with both cases of each letter: ``(?i:he|she)`` → ``(?:[Hh][Ee]|[Ss][Hh][Ee])``.
    Python cannot tell where a case-blind group may start, so ``presence`` leaves a pattern holding one
    as it is; spelled out, it can. The two differ only on the few non-ASCII letters that case-fold to
    ASCII ones ("ſ", the Kelvin sign)."""

    def spell(match: re.Match) -> str:
        body = re.sub(r"[a-z]", lambda c: f"[{c.group(0).upper()}{c.group(0)}]", match.group(1))
        return f"(?:{body})"

    return _CASELESS_GROUP.sub(spell, source)
