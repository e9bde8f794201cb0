"""Faster yes/no regex searches for patterns that start with a word boundary.

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
