"""``screen()``: run the three detectors on a text and decide what happens to it under a policy."""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import abuse, pii, solicitation
from .features import tokens
from .lexicon import EXPLICIT, INSULTS, SLURS
from .normalize import fold, normalize
from .policy import CATEGORIES, COC_CATEGORY, DEFAULT_POLICY, SEVERITY, Policy

MODELS_DIR = Path(__file__).resolve().parent / "models"
MODEL_NAME = "screener"
BACKEND_ENV = "COMMONS_SCREENING_BACKEND"
BACKENDS = ("linear", "encoder")
MODEL_HEADS = ("harassment", "hate", "threat", "sexual", "solicitation")
# the model's doxing head reads the wording ("DM me for her home address", "she's in rehab at ..."); the
# rules of ``pii.py`` find the details themselves. A model trained without it scores doxing by rules only.
# A doxing flag with no span (the wording alone) holds for a moderator where the policy would block: the
# author could not be shown what to remove, and the head also reads "his address at the kickoff".
LEARNED_DOXING = "doxing"
LEARNED_DOXING_REASON = "reads as exposing someone's private information"
NO_PII_SCORE = 0.01
OWN_PII_SCORE = 0.05
# A one-word text ("Nice", "+1", "Sick") gives the model a single word to go on, and that word's weight
# says more about the training mix (tweets, project templates) than about the text. Learned scores are
# capped there unless the word is itself abusive (an insult, a slur or an explicit word in ``lexicon``);
# rules still apply in full.
ONE_WORD_CAP = 0.3
ONE_WORD_MAX_CHARS = 40  # longer texts are never one word or short; skips tokenising them
# The threat and sexual heads learn mostly from the project's own sentences, whose veiled threats and
# advances are made of everyday words ("see you soon", "I got you", "for you"). In a text of two or three
# words those are all there is to go on, so these two heads' learned scores are capped the same way;
# threats and advances that short are read by the rules ("watch your back", "send nudes", "nice ass").
SHORT_TEXT_WORDS = 3
SHORT_TEXT_CAPPED = ("threat", "sexual")
ONE_WORD_ABUSIVE = frozenset(
    w for words in (INSULTS, SLURS, EXPLICIT) for w in words if " " not in w
)
ONE_WORD_INSULTS = frozenset(w for w in INSULTS if " " not in w)
ONE_WORD_INSULT_SCORE = 0.7  # a nudge under the default policy
# A text's vector is L2-normalised, so in a long post the words of one abusive sentence weigh less the
# more ordinary sentences surround it: with two sentences of deal talk around it, a threat read as half a
# threat. A text of three sentences or more and at least 20 words is therefore also scored two
# neighbouring sentences at a time, the length of most training texts, and each head's score is the
# highest of these windows and the whole text. Single sentences are not scored alone: cut from their
# neighbours they lose the context that says a report is a report or that "she's a closer" is praise
# (scored alone, sentences flagged four times as much sales talk in the blind sets). Shorter texts are
# read whole: they are not diluted, and their windows added false positives, not catches. Windows of
# three words or fewer have their threat and sexual scores capped as short texts are.
SEGMENTED_MIN_WORDS = 20
_SENTENCE_END = re.compile(
    r"[.!?\u2026\U0001F300-\U0001FAFF\u2600-\u27BF]+[\"')\]\u201d\u2019]*\s+"
)
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "vs", "etc", "inc", "ltd", "co", "jr", "sr", "no", "approx"}
)


@dataclass(frozen=True)
class Verdict:
    """What the screener decided about one text.

    ``decision`` is ``allow`` exactly when ``flags`` is empty; ``scores`` holds a calibrated probability
    for each of the six categories; ``spans`` are the personal-information spans that count as doxing
    (``{"category", "kind", "start", "end"}``, offsets into the original text); ``citations`` maps each flag
    to its Code of Conduct category; ``reasons`` are sentences an author or moderator can read.
    """

    decision: str
    flags: list[str]
    scores: dict[str, float]
    spans: list[dict] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The ``commons screen`` output object (without ``id``)."""
        return {
            "decision": self.decision,
            "flags": list(self.flags),
            "scores": {c: round(self.scores[c], 4) for c in CATEGORIES},
            "spans": [dict(s) for s in self.spans],
        }


@functools.cache
def load_model():
    """The trained model, loaded once per process from ``models/``.

    Once it is loaded, what the process holds is collected once and then frozen out of the garbage
    collector's reach (``gc.freeze``): the model and the modules loaded before it live as long as the
    process, and a full collection that walked them all would stall the text being screened at that
    moment (``bench`` saw one text in 3,000 take 30 ms instead of under 1 ms; about 6 ms frozen)."""
    from .model import LinearModel

    path = MODELS_DIR / f"{MODEL_NAME}.npz"
    if not path.exists():
        raise FileNotFoundError(f"no trained model at {path}: run `commons screening train`")
    model = LinearModel.load(MODELS_DIR, MODEL_NAME)
    gc.collect()
    gc.freeze()
    return model


@functools.cache
def load_fused():
    """The linear model and the optional encoder backend together (see ``encoder.py``)."""
    from .encoder import Encoder, FusedModel

    return FusedModel(load_model(), Encoder.load(MODELS_DIR))


class BackendSettingError(ValueError):
    """``COMMONS_SCREENING_BACKEND`` names no backend."""


def backend_name() -> str:
    """``COMMONS_SCREENING_BACKEND``: ``linear`` (the default) or ``encoder``; anything else is refused,
    so a misspelt setting cannot quietly screen with the other model."""
    name = os.environ.get(BACKEND_ENV, "") or "linear"
    if name not in BACKENDS:
        raise BackendSettingError(
            f"{BACKEND_ENV} is {name!r}: it must be one of {', '.join(BACKENDS)}"
        )
    return name


def load_scorer():
    """The model ``screen`` scores with: the linear model, or with ``COMMONS_SCREENING_BACKEND=encoder``
    the linear model and the encoder backend together."""
    return load_fused() if backend_name() == "encoder" else load_model()


@contextlib.contextmanager
def using_backend(name: str):
    """Screen with backend ``name`` inside the block (evaluation and benchmarks), then put the
    process's setting back."""
    before = os.environ.get(BACKEND_ENV)
    os.environ[BACKEND_ENV] = name
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(BACKEND_ENV, None)
        else:
            os.environ[BACKEND_ENV] = before


def screen(text: str, context: dict | None = None, policy: Policy | None = None) -> Verdict:
    """Screen one text written in ``context`` (``where``, ``post_kind``, ``own_contact``) under ``policy``.

    Pure: no side effects, nothing logged or stored; the caller records the verdict. The defaults and
    how to override them are described in ``policy.py``; whose personal information it is in ``pii.py``;
    when a pitch is welcome in ``solicitation.py``.
    """
    return screen_many([text], [context], policy)[0]


def screen_many(texts, contexts=None, policy: Policy | None = None) -> list[Verdict]:
    """Screen many texts at once (the model scores them in one batch); same rules as ``screen``."""
    texts = list(texts)
    contexts = list(contexts) if contexts is not None else [None] * len(texts)
    if len(contexts) != len(texts):
        raise ValueError("one context per text")
    policy = policy or DEFAULT_POLICY
    model = load_scorer()
    normalized = [normalize(t) for t in texts]
    # a member asking for help with what someone sent them is scored without the words they quote
    scored = [abuse.without_reported_speech(n, asking_for_help=True) for n in normalized]
    if len(texts) == 1:
        probs = model.calibrate(model.margins(scored[0]))[None, :]
    else:
        probs = model.predict_many(scored)
    raised = _raise_to_segments(model, probs, texts, normalized, scored)
    heads = MODEL_HEADS + ((LEARNED_DOXING,) if LEARNED_DOXING in model.heads else ())
    head_index = [model.heads.index(h) for h in heads]
    rows = probs[:, head_index].tolist()  # one conversion for the batch, not one per text
    return [
        _decide(text, norm, dict(zip(heads, row, strict=True)), ctx or {}, policy, windows)
        for text, norm, row, ctx, windows in zip(
            texts, normalized, rows, contexts, raised, strict=True
        )
    ]


def sentences(normalized: str) -> list[str]:
    """The sentences of a normalized text: split after ``.``, ``!``, ``?``, ``…`` or an emoji (casual posts
    end sentences with one: "so true 😂 i learned ...") and a space, but not after an abbreviation ("mr.",
    "e.g.", "p.m.", a single letter)."""
    parts, start = [], 0
    for m in _SENTENCE_END.finditer(normalized):
        before = normalized[start : m.start()].rsplit(None, 1)
        last = before[-1].rstrip(".") if before else ""
        if len(last) <= 1 or "." in last or last in _ABBREVIATIONS:
            continue
        parts.append(normalized[start : m.end()].strip())
        start = m.end()
    parts.append(normalized[start:].strip())
    return [p for p in parts if p]


def segments(text: str, normalized: str, scored: str) -> list[str]:
    """What is scored besides the whole text: each pair of neighbouring sentences of ``scored`` (the
    text's normalized form as the model reads it) when it has three sentences or more. Lines of ``text``
    end sentences too, unless quoted words were blanked out of it."""
    by_line = "\n" in text and scored == normalized
    # the cheap checks first: most texts end no sentence before their last word, or are short
    if not (by_line or _SENTENCE_END.search(scored)) or len(tokens(scored)) < SEGMENTED_MIN_WORDS:
        return []
    if by_line:
        parts = [s for line in text.splitlines() for s in sentences(normalize(line))]
    else:
        parts = sentences(scored)
    if len(parts) < 3:
        return []
    return [f"{a} {b}" for a, b in itertools.pairwise(parts)]


def _raise_to_segments(model, probs, texts, normalized, scored) -> list[dict[str, int]]:
    """Raise each text's row of ``probs`` to the highest score of its ``segments`` (in place). Returns,
    for each text, the heads a window raised, each with its window's number (window ``k`` holds
    sentences ``k + 1`` and ``k + 2``)."""
    found = [segments(*args) for args in zip(texts, normalized, scored, strict=True)]
    raised: list[dict[str, int]] = [{} for _ in found]
    parts = [p for windows in found for p in windows]
    if not parts:
        return raised
    seg = model.predict_many(parts)
    short = np.fromiter((len(tokens(p)) <= SHORT_TEXT_WORDS for p in parts), bool, len(parts))
    if short.any():
        capped = [model.heads.index(h) for h in SHORT_TEXT_CAPPED]
        seg[np.ix_(short, capped)] = np.minimum(seg[np.ix_(short, capped)], ONE_WORD_CAP)
    start = 0
    for i, windows in enumerate(found):
        if not windows:
            continue
        block = seg[start : start + len(windows)]
        start += len(windows)
        best = block.argmax(axis=0)
        top = block[best, np.arange(block.shape[1])]
        for h in np.flatnonzero(top > probs[i]):
            probs[i, h] = top[h]
            raised[i][model.heads[h]] = int(best[h])
    return raised


def _decide(
    text: str,
    normalized: str,
    model_scores: dict,
    context: dict,
    policy: Policy,
    windows: dict[str, int] | None = None,
) -> Verdict:
    scores = dict(model_scores)
    reasons: dict[str, str] = {}
    if len(normalized) <= ONE_WORD_MAX_CHARS:
        words = [t for t in tokens(normalized) if t not in ("!", "?")]
        if len(words) <= 1 and not ONE_WORD_ABUSIVE.intersection(words):
            scores = {c: min(p, ONE_WORD_CAP) for c, p in scores.items()}
        elif len(words) == 1 and words[0] in ONE_WORD_INSULTS:
            # a reply that is only an insult ("idiot", "sl*t") is aimed at whoever it answers
            if scores["harassment"] < ONE_WORD_INSULT_SCORE:
                scores["harassment"] = ONE_WORD_INSULT_SCORE
                reasons["harassment"] = "abuses someone directly"
        elif len(words) <= SHORT_TEXT_WORDS:
            for c in SHORT_TEXT_CAPPED:
                scores[c] = min(scores[c], ONE_WORD_CAP)
    explicit_only = False
    unquoted = abuse.without_reported_speech(normalized)  # what the rules read
    present = abuse.present_words(unquoted)
    hits = abuse.rule_hits(unquoted, present)
    kinds = {(r.category, r.kind) for r in hits}
    for rule in hits:
        if rule.probability > scores[rule.category]:
            scores[rule.category] = rule.probability
        reasons.setdefault(rule.category, rule.reason)
    if ("sexual", "explicit") in kinds and ("sexual", "rule") not in kinds:
        explicit_only = True

    # an attack on people for who they are is hate, however the hate head scored it
    if (
        scores["harassment"] >= abuse.GENERALISATION_THRESHOLD
        and scores["hate"] < scores["harassment"]
    ):
        why = abuse.group_attack(normalized, scores["hate"])
        if why:
            scores["hate"] = scores["harassment"]
            reasons.setdefault("hate", why)

    if (
        solicitation.rule_hit(unquoted, present)
        and scores["solicitation"] < solicitation.RULE_PROBABILITY
    ):
        scores["solicitation"] = solicitation.RULE_PROBABILITY
        reasons["solicitation"] = "makes an unprompted call to buy, book or sign up"

    spans = pii.detect(text, context)
    counted = [s for s in spans if not s.own]
    # the learned reading of the wording does not count in a member's own profile, when the member says
    # the details are theirs, or when every detail found is the author's own ("reach me on ...")
    own_text = context.get("own_contact") or context.get("where") == "profile"
    learned = 0.0 if own_text or (spans and not counted) else scores.get(LEARNED_DOXING, 0.0)
    if counted:
        worst = max(counted, key=lambda s: pii.KIND_PROBABILITY[s.kind])
        scores["doxing"] = max(pii.KIND_PROBABILITY[worst.kind], learned)
        labels = sorted({pii.KIND_LABEL[s.kind] for s in counted})
        reasons["doxing"] = "shares personal information: " + ", ".join(labels)
    else:
        floor = OWN_PII_SCORE if spans else NO_PII_SCORE
        scores["doxing"] = max(floor, learned)
        if learned > floor:
            reasons["doxing"] = LEARNED_DOXING_REASON

    actions: dict[str, str] = {}
    for category in CATEGORIES:
        action = policy.categories[category].action_for(scores[category])
        if action:
            actions[category] = action
            reasons.setdefault(category, _generic_reason(category))

    # in a long text, the author is told where: the sentences whose window gave the score
    for category, k in (windows or {}).items():
        if category in actions and scores[category] == model_scores[category]:
            reasons[category] = f"{reasons[category]}, in sentences {k + 1} and {k + 2}"

    if actions.get("doxing") == "block" and not counted:
        # exposure read from the wording alone: nothing to point the author at, so a moderator decides
        actions["doxing"] = "hold"

    allowed = solicitation.allowed_by_context(context)
    notes = []
    if allowed and "solicitation" in actions:
        del actions["solicitation"]
        notes.append(f"not flagged as solicitation: {allowed}")

    for word in policy.watched_hits(fold(text), normalized) if policy.watched_words else ():
        if SEVERITY[word.action] > SEVERITY.get(actions.get(word.category, "allow"), 0):
            actions[word.category] = word.action
        reasons[word.category] = f'contains the watched phrase "{word.phrase}"'

    flags = [c for c in CATEGORIES if c in actions]
    decision = max((actions[c] for c in flags), key=SEVERITY.__getitem__, default="allow")
    citations = {c: COC_CATEGORY[c] for c in flags}
    if "sexual" in citations and explicit_only:
        citations["sexual"] = "explicit-material"
    return Verdict(
        decision=decision,
        flags=flags,
        scores={c: float(scores[c]) for c in CATEGORIES},
        spans=[
            {"category": "doxing", "kind": s.kind, "start": s.start, "end": s.end} for s in counted
        ]
        if "doxing" in actions
        else [],
        citations=citations,
        reasons=[
            f"{c}: {reasons[c]} ({actions[c]}, Code of Conduct: {citations[c]})" for c in flags
        ]
        + notes,
    )


def _generic_reason(category: str) -> str:
    return {
        "harassment": "reads as harassment of a person",
        "hate": "reads as hateful toward a group",
        "threat": "reads as a threat",
        "sexual": "reads as unwelcome sexual content",
        "doxing": "shares someone's personal information",
        "solicitation": "reads as an unprompted pitch",
    }[category]
