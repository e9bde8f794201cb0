"""Screening: check what members write against the Code of Conduct.

A pure package (no Django, nothing else of ``commons``): ``screen(text, context, policy)`` returns a
``Verdict``. Detectors: ``abuse`` (harassment, hate, threat, sexual), ``pii`` (doxing) and
``solicitation``; ``policy`` turns their calibrated scores into ``allow`` / ``nudge`` / ``hold`` / ``block``.
Models are trained by ``python -m commons.screening train`` and described in
``docs/screening-model-card.md``.
"""

from .core import Verdict, screen, screen_many
from .policy import CATEGORIES, COC_CATEGORY, DEFAULT_POLICY, CategoryPolicy, Policy, WatchedWord

__all__ = [
    "CATEGORIES",
    "COC_CATEGORY",
    "DEFAULT_POLICY",
    "CategoryPolicy",
    "Policy",
    "Verdict",
    "WatchedWord",
    "screen",
    "screen_many",
]
