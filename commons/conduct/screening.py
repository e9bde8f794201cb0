"""Screening settings: the thresholds, actions and watched words the Code of Conduct's screener uses.

The detectors live in the pure ``commons.screening`` package; this module stores what owners and
moderators tune, builds the ``Policy`` from it and cites the Code of Conduct clause behind each flag.

Policy, for moderators to read:

- with nothing stored, the screener uses ``commons.screening.DEFAULT_POLICY``;
- a stored category replaces that category's default thresholds: each action (nudge, hold, block)
  applies from its threshold up, an empty threshold means the action is not used, and the most severe
  action reached wins;
- a watched word or phrase flags its category with its action whatever the scores say;
- every change is audited and takes effect for the next text screened; nothing already published is
  screened again by this step (re-screening recent content is a separate, explicit run:
  ``commons.conduct.rescreen``).
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commons.core.audit import record
from commons.core.permissions import Permission, check_permission
from commons.screening import CATEGORIES, COC_CATEGORY, DEFAULT_POLICY, Policy, Verdict, screen
from commons.screening import WatchedWord as WatchedRule

from .models import Clause, ScreeningAction, ScreeningSetting, WatchedWord
from .queries import current_version

POLICY_CACHE_KEY = "conduct:screening:policy"
POLICY_CACHE_SECONDS = 300
# The most severe action must need the highest score, or a milder rung could never apply.
ACTION_ORDER = ("nudge", "hold", "block")

_built: tuple[dict, Policy] | None = None


def _check_category(category: str) -> str:
    if category not in CATEGORIES:
        raise ValidationError({"category": f"Category must be one of {', '.join(CATEGORIES)}."})
    return category


def _clean_threshold(action: str, value) -> float | None:
    if value is None or value == "":
        return None
    try:
        threshold = float(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {action: "Give a number between 0 and 1, or leave it empty."}
        ) from None
    if not 0.0 <= threshold <= 1.0:
        raise ValidationError({action: "A threshold is a score between 0 and 1."})
    return threshold


def _invalidate() -> None:
    # Now for this process, and again on commit, so a reader racing the commit cannot keep the old one.
    cache.delete(POLICY_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(POLICY_CACHE_KEY))


def stored_policy_dict() -> dict:
    """The stored settings in ``Policy.from_dict`` form: only the categories owners changed."""
    return {
        "categories": {s.category: s.rungs() for s in ScreeningSetting.objects.all()},
        "watched_words": [
            {"category": w.category, "phrase": w.phrase, "action": w.action}
            for w in WatchedWord.objects.order_by("pk")
        ],
    }


def current_policy() -> Policy:
    """The screening policy in force: the defaults with the stored settings applied.

    Cached (in the shared cache, and the built policy per process) until a setting changes.
    """
    global _built
    data = cache.get(POLICY_CACHE_KEY)
    if data is None:
        data = stored_policy_dict()
        cache.set(POLICY_CACHE_KEY, data, POLICY_CACHE_SECONDS)
    built = _built
    if built is not None and built[0] == data:
        return built[1]
    policy = (
        Policy.from_dict(data) if data["categories"] or data["watched_words"] else DEFAULT_POLICY
    )
    _built = (data, policy)
    return policy


def screen_text(text: str, context: dict | None = None) -> Verdict:
    """Screen `text` under the current policy. Pure apart from reading the settings: records nothing."""
    return screen(text, context, policy=current_policy())


def cited_clauses() -> dict[str, Clause]:
    """The current version's first clause of each Code of Conduct category (one query for the version)."""
    version = current_version()
    clauses: dict[str, Clause] = {}
    for clause in version.clauses.all() if version else ():
        clauses.setdefault(clause.category, clause)
    return clauses


def clause_for(category: str) -> Clause | None:
    """The current version's clause that a flag in `category` cites, or None.

    `category` is a screening category (``hate``) or a Code of Conduct category as a verdict's
    ``citations`` give it (``discrimination``, ``explicit-material``).
    """
    return cited_clauses().get(COC_CATEGORY.get(category, category))


def citations_for(
    verdict: Verdict, clauses: dict[str, Clause] | None = None
) -> dict[str, Clause | None]:
    """The clause each flag of `verdict` cites, or None where the current version has none."""
    clauses = cited_clauses() if clauses is None else clauses
    return {flag: clauses.get(coc_category) for flag, coc_category in verdict.citations.items()}


def category_settings() -> list[dict]:
    """Every category with the thresholds in force and whether they are the defaults."""
    stored = {s.category: s for s in ScreeningSetting.objects.all()}
    rows = []
    for category in CATEGORIES:
        setting = stored.get(category)
        if setting is not None:
            rungs = setting.rungs()
        else:
            rungs = {a: t for t, a in DEFAULT_POLICY.categories[category].rungs}
        rows.append(
            {
                "category": category,
                "cites": COC_CATEGORY[category],
                "is_default": setting is None,
                **{action: rungs.get(action) for action in ACTION_ORDER},
            }
        )
    return rows


def category_setting(category: str) -> dict:
    _check_category(category)
    return next(row for row in category_settings() if row["category"] == category)


@transaction.atomic
def update_screening_category(
    category: str, *, actor, nudge=None, hold=None, block=None, reset: bool = False
) -> dict:
    """Set the thresholds of one category (an empty one turns that action off), or `reset` it to the
    defaults. Owners and moderators. Audited as ``conduct.screening.updated``; returns the new row.
    """
    check_permission(actor, Permission.MANAGE_SCREENING)
    _check_category(category)
    before = category_setting(category)
    if reset:
        ScreeningSetting.objects.filter(category=category).delete()
        record(actor, "conduct.screening.reset", None, {"category": category, "before": before})
        _invalidate()
        return category_setting(category)
    thresholds = {
        "nudge": _clean_threshold("nudge", nudge),
        "hold": _clean_threshold("hold", hold),
        "block": _clean_threshold("block", block),
    }
    given = [(a, thresholds[a]) for a in ACTION_ORDER if thresholds[a] is not None]
    for (milder, low), (harsher, high) in zip(given, given[1:], strict=False):
        if low >= high:
            raise ValidationError(
                {harsher: f"The {harsher} threshold must be higher than the {milder} threshold."}
            )
    setting, _ = ScreeningSetting.objects.update_or_create(
        category=category, defaults={**thresholds, "updated_by": actor}
    )
    record(
        actor,
        "conduct.screening.updated",
        setting,
        {"category": category, "before": before, "after": thresholds},
    )
    _invalidate()
    return category_setting(category)


@transaction.atomic
def add_watched_word(*, actor, category: str, phrase: str, action: str) -> WatchedWord:
    """Watch a word or phrase in `category`: any text containing it gets `action`.

    Owners and moderators. Audited as ``conduct.watched-word.added``.
    """
    check_permission(actor, Permission.MANAGE_SCREENING)
    _check_category(category)
    if action not in ScreeningAction.values:
        raise ValidationError(
            {"action": f"Action must be one of {', '.join(ScreeningAction.values)}."}
        )
    phrase = " ".join((phrase or "").lower().split())
    if not phrase:
        raise ValidationError({"phrase": "Give a word or phrase to watch."})
    if len(phrase) > 200:
        raise ValidationError({"phrase": "A watched phrase has at most 200 characters."})
    try:
        WatchedRule(category, phrase, action)
    except ValueError as error:
        raise ValidationError({"phrase": str(error)}) from None
    if WatchedWord.objects.filter(category=category, phrase=phrase).exists():
        raise ValidationError({"phrase": f'"{phrase}" is already watched in {category}.'})
    try:
        with transaction.atomic():
            word = WatchedWord.objects.create(
                category=category, phrase=phrase, action=action, created_by=actor
            )
    except IntegrityError:
        raise ValidationError({"phrase": f'"{phrase}" is already watched in {category}.'}) from None
    record(
        actor,
        "conduct.watched-word.added",
        word,
        {"category": category, "phrase": phrase, "action": action},
    )
    _invalidate()
    return word


@transaction.atomic
def remove_watched_word(word: WatchedWord, *, actor) -> None:
    """Stop watching a word or phrase. Owners and moderators. Audited as ``conduct.watched-word.removed``."""
    check_permission(actor, Permission.MANAGE_SCREENING)
    record(
        actor,
        "conduct.watched-word.removed",
        word,
        {"category": word.category, "phrase": word.phrase, "action": word.action},
    )
    word.delete()
    _invalidate()


def watched_words():
    return WatchedWord.objects.order_by("category", "phrase")


def access_watched_word(viewer, pk) -> WatchedWord:
    """A watched word by id; 404 for anyone who may not manage screening, and for unknown ids."""
    from django.http import Http404

    from commons.core.permissions import has_permission

    if not has_permission(viewer, Permission.MANAGE_SCREENING):
        raise Http404("No such watched word.")
    word = WatchedWord.objects.filter(pk=pk).first()
    if word is None:
        raise Http404("No such watched word.")
    return word
