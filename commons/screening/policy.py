"""What the screener does with scores: thresholds and actions per category, and watched words.

Policy, for moderators to read:

- every category has rungs ``(threshold, action)``; a text whose calibrated score reaches a rung's
  threshold is flagged in that category and gets the most severe action of the rungs it reaches;
- defaults: doxing of someone else **blocks** (score ≥ 0.5; a doxing flag read from the wording alone,
  with no span to show, **holds** instead); threats (≥ 0.45) and hate (≥ 0.5) **hold** for a moderator;
  harassment and sexual remarks **hold** at ≥ 0.85 and **nudge** at ≥ 0.5; solicitation **nudges**
  (≥ 0.5). Threats hold a little lower than the rest: a missed threat costs more than a moderator's
  look, and on members' sentences (the blind sets of ``evaluate.py``) veiled threats scored lower than
  the tweets the scores were fitted on, while no more sales talk or identity statements reached 0.45;
- watched words: owner-configured ``(category, phrase, action)`` triples; a phrase (``*`` matches any
  letters, matching ignores case and the obfuscation ``normalize`` undoes) flags its category with its
  action whatever the score;
- the text's decision is the most severe action among its flags (``block`` > ``hold`` > ``nudge``), and
  ``allow`` exactly when nothing is flagged. Every action is reversible by a moderator.

``Policy.from_dict`` reads the plain JSON form the settings page stores::

    {"categories": {"harassment": {"hold": 0.9, "nudge": 0.6}, "solicitation": {"nudge": 0.7}},
     "watched_words": [{"category": "solicitation", "phrase": "crypto signals", "action": "hold"}]}

A category given there replaces that category's default rungs; others keep their defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .normalize import fold

CATEGORIES = ("harassment", "hate", "threat", "sexual", "doxing", "solicitation")
ACTIONS = ("allow", "nudge", "hold", "block")
SEVERITY = {action: rank for rank, action in enumerate(ACTIONS)}
COC_CATEGORY = {
    "harassment": "harassment",
    "hate": "discrimination",
    "threat": "threats",
    "sexual": "sexual",
    "doxing": "doxing",
    "solicitation": "soliciting",
}


@dataclass(frozen=True)
class CategoryPolicy:
    """Rungs ``(threshold, action)`` for one category; the most severe rung reached wins."""

    rungs: tuple[tuple[float, str], ...]

    def __post_init__(self):
        for threshold, action in self.rungs:
            if action not in ACTIONS[1:]:
                raise ValueError(f"unknown action {action!r}")
            if not 0.0 <= float(threshold) <= 1.0:
                raise ValueError(f"threshold {threshold!r} is not a probability")

    def action_for(self, score: float) -> str | None:
        best = None
        for threshold, action in self.rungs:
            if score >= threshold and (best is None or SEVERITY[action] > SEVERITY[best]):
                best = action
        return best


@dataclass(frozen=True)
class WatchedWord:
    """An owner's watched phrase: matching it flags ``category`` with ``action``."""

    category: str
    phrase: str
    action: str
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.action not in ACTIONS[1:]:
            raise ValueError(f"unknown action {self.action!r}")
        # folded as the text is, so "maricón" matches however it is accented
        words = fold(self.phrase.strip()).split()
        if not words:
            raise ValueError("empty watched phrase")
        body = r"\s+".join(re.escape(w).replace(r"\*", r"\w*") for w in words)
        object.__setattr__(self, "pattern", re.compile(rf"(?<!\w){body}(?!\w)"))


DEFAULT_RUNGS: dict[str, tuple[tuple[float, str], ...]] = {
    "harassment": ((0.85, "hold"), (0.5, "nudge")),
    "hate": ((0.5, "hold"),),
    "threat": ((0.45, "hold"),),
    "sexual": ((0.85, "hold"), (0.5, "nudge")),
    "doxing": ((0.5, "block"),),
    "solicitation": ((0.5, "nudge"),),
}


@dataclass(frozen=True)
class Policy:
    """Thresholds and actions per category plus watched words; immutable, build a new one to change it."""

    categories: Mapping[str, CategoryPolicy] = field(
        default_factory=lambda: {c: CategoryPolicy(r) for c, r in DEFAULT_RUNGS.items()}
    )
    watched_words: tuple[WatchedWord, ...] = ()

    def __post_init__(self):
        missing = set(CATEGORIES) - set(self.categories)
        if missing:
            merged = {c: CategoryPolicy(DEFAULT_RUNGS[c]) for c in missing} | dict(self.categories)
            object.__setattr__(self, "categories", merged)
        unknown = set(self.categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)}")

    @classmethod
    def from_dict(cls, data: Mapping | None) -> Policy:
        """Build a policy from its JSON form (see the module docstring); ``None`` gives the defaults."""
        data = data or {}
        categories = {}
        for category, rungs in (data.get("categories") or {}).items():
            categories[category] = CategoryPolicy(tuple((float(t), a) for a, t in rungs.items()))
        watched = tuple(
            WatchedWord(w["category"], w["phrase"], w["action"])
            for w in data.get("watched_words") or ()
        )
        return cls(categories=categories, watched_words=watched)

    def to_dict(self) -> dict:
        return {
            "categories": {c: {a: t for t, a in p.rungs} for c, p in self.categories.items()},
            "watched_words": [
                {"category": w.category, "phrase": w.phrase, "action": w.action}
                for w in self.watched_words
            ],
        }

    def watched_hits(self, *texts: str) -> list[WatchedWord]:
        """Watched words found in any of ``texts`` (already lower-cased or normalized)."""
        return [w for w in self.watched_words if any(w.pattern.search(t) for t in texts)]


DEFAULT_POLICY = Policy()
