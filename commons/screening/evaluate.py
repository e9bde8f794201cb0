"""``commons screening eval``: the issue's targets, measured and printed as a table, and written as JSON.

Public benchmarks are measured with the screener's own recipe (``train.train_model``: the same
normalisation, features, NB-LR-weighted balanced logistic heads, C = ``train.DEFAULT_C`` unless said)
trained on each benchmark's training part only, so the numbers say how good the method is, not how
well the production model remembers its training rows:

- Davidson: the repository's split (``train_test_split(random_state=42, test_size=0.1)``), heads
  hate / offensive / neither trained on the 90 %, the hate head's offset tuned by 3-fold cross-validation
  inside the 90 %; hate-class F1 on the 10 %. The production model (trained without those 10 %) is also
  scored there with its own hate threshold;
- HateXplain: fitted on ``train``, class offsets tuned on ``valid``, refitted on both; macro-F1 on ``test``;
- OLID sub-task A: 5-fold stratified cross-validation (seed 42), macro-F1 (mean of folds);
- SMS spam: 5-fold stratified cross-validation (seed 42), accuracy;
- YouTube spam: leave one video out, ROC-AUC per video and pooled;
- presidio_research (``synth_dataset_v2.json``): recall and precision of phone, e-mail and street-address
  spans; a gold span is found when a predicted span of the same kind overlaps it, and a predicted span is
  right when it overlaps a gold span of its kind;
- identity templates (``data/identity.json`` evaluation frames, never trained on): false-positive rate
  (any flag under the default policy) per identity term, per group, overall, and the spread between terms;
- project held-out set (``data/heldout.jsonl``, never trained on): false-positive rate on sales talk and
  identity statements and recall per category, the shape of the held-out evaluation the issue describes;
- blind set (``data/blind.jsonl``, never trained on; no rule, threshold or training sentence was written
  from its sentences): the same figures on 210 sentences written apart from the training sentences, with
  no target of its own: how the screener does on wording it was not shaped on;
- second held-out set (``data/heldout2.jsonl``, never trained on): 420 sentences over all six categories,
  sales talk, identity statements and benign texts (own contact details, pitch practice, replies to a
  recommendation request, short replies, reports of abuse), written apart from the training sentences;
  its misses were then studied, so it is a development set like the first;
- second blind set (``data/blind2.jsonl``, never trained on, its sentences never read while the screener
  was changed): 400 sentences of the same kinds, written in thirty members' voices, many indirect;
- third blind set (``data/blind3.jsonl``, the same rules): 389 sentences in forty voices, written by a
  writer who saw no other set, before the sixth session's changes, to measure them.
- fourth blind set (``data/blind4.jsonl``, the same rules): 420 sentences, written by a writer who saw
  no other file, before the seventh session's changes, to measure them.
- fifth blind set (``data/blind5.jsonl``, the same rules): 419 sentences, written by a writer who saw
  no other file, before the eighth session's changes, to measure them.
- sixth blind set (``data/blind6.jsonl``, the same rules): 420 sentences, written by a writer who saw
  no other file, after the eighth session's changes were chosen, and measured once, to report them.
- seventh blind set (``data/blind7.jsonl``, the same rules): 418 sentences, written by a writer who saw
  no other file at the start of the ninth session; measured once before that session's changes and
  once after them.
- eighth blind set (``data/blind8.jsonl``, the same rules): 420 sentences, written by a writer who saw
  no other file at the start of the eleventh session; measured with the code as that session found it
  and after each of its steps (totals only).
- ninth blind set (``data/blind9.jsonl``, the same rules and counts): 420 texts, written by a writer
  who saw no other file at the start of the twelfth session, a third of each kind long (3 to 6
  sentences, the offending part one or two of them); measured with the code as that session found it
  and after each of its steps (totals only).
- tenth blind set (``data/blind10.jsonl``, the same rules and counts): 420 texts, written by a writer
  who saw no other file at the start of the thirteenth session, of every length (a third one sentence,
  a third two, a third three to six); measured with the code as that session found it and after each
  of its steps (totals only).
- eleventh blind set (``data/blind11.jsonl``, the same rules and counts): 420 texts of every length,
  written by a writer who saw no other file at the start of the fourteenth session; measured with the
  code as that session found it and after each of its steps (totals, and the flags and scores of its
  misses and false positives, no text).
- long texts (``data/long.jsonl``, a development set): 700 texts of three to eight sentences, written
  in the twelfth session by two writers who saw no other file: 300 abusive (50 per category, the
  offence one or two sentences among ordinary ones) and 400 benign (200 sales talk, 100 identity
  statements, 100 other); they guided how long texts are read, so their figures are development ones.
- obfuscation (``eval_obfuscation``): the abusive and pitching sentences of the two held-out sets that
  the screener catches as written, each with its key word (the one whose removal lowers the category's
  score most) disguised eight ways: l33t, spaced and dotted letters, one vowel masked with ``*``, a
  vowel or the last letter stretched, capitals, and accented vowels; the share still caught per
  disguise.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import sys
import time
from collections import defaultdict

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from . import datasets
from .normalize import normalize
from .train import DEFAULT_C, train_model

TARGETS = {
    "davidson.hate_f1": (">=", 0.55),
    "hatexplain.macro_f1": (">=", 0.65),
    "olid.macro_f1": (">=", 0.78),
    "sms.accuracy": (">=", 0.985),
    "youtube.roc_auc": (">=", 0.98),
    "presidio.phone.recall": (">=", 0.9),
    "presidio.phone.precision": (">=", 0.9),
    "presidio.email.recall": (">=", 0.98),
    "presidio.email.precision": (">=", 0.9),
    "presidio.street_address.recall": (">=", 0.8),
    "presidio.street_address.precision": (">=", 0.9),
    "identity.fpr_overall": ("<=", 0.02),
    "identity.fpr_max_term": ("<=", 0.02),
    "heldout.fpr_sales_talk": ("<=", 0.02),
    "heldout.fpr_identity": ("<=", 0.02),
    "heldout.min_recall": (">=", 0.9),
}
# With ``--backend encoder`` the abuse benchmarks are also measured with the encoder backend's recipe,
# against the same goals, and the identity and held-out figures are taken through that backend.
ENCODER_TARGETS = {
    "davidson.encoder.hate_f1": TARGETS["davidson.hate_f1"],
    "hatexplain.encoder.macro_f1": TARGETS["hatexplain.macro_f1"],
    "olid.encoder.macro_f1": TARGETS["olid.macro_f1"],
}
ENCODER_EVALS = ("davidson", "hatexplain", "olid")
OFFSET_GRID = np.arange(-2.0, 2.01, 0.25)
SEED = 42


def emit(*parts, flush: bool = True) -> None:
    """Write a line to standard output (this module is a command-line report)."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def _fit(texts, labels, heads, C=DEFAULT_C, folds=0):
    rows = [{h: int(label == h) for h in heads} for label in labels]
    return train_model(texts, rows, heads, C=C, fair_heads=(), folds=folds, progress=False)


def _margins(model, texts):
    return model.margins_many([normalize(t) for t in texts])


def _best_offsets(margins, y, n_classes, metric):
    """Additive offsets on the first ``n_classes - 1`` margins that maximise ``metric`` (grid search)."""
    best = (-1.0, np.zeros(n_classes))
    for combo in itertools.product(OFFSET_GRID, repeat=n_classes - 1):
        off = np.array([*combo, 0.0])
        score = metric(y, (margins + off).argmax(1))
        if score > best[0] + 1e-12:
            best = (score, off)
    return best[1]


def _hate_offset(margins, y) -> float:
    """The additive offset on the hate margin that maximises hate-class F1 (grid search)."""
    best = (-1.0, 0.0)
    for off in OFFSET_GRID:
        shifted = margins.copy()
        shifted[:, 0] += off
        score = f1_score(y, shifted.argmax(1), labels=[0], average=None)[0]
        if score > best[0]:
            best = (score, off)
    return best[1]


def _davidson_scores(yt, margins, offset) -> dict:
    margins = margins.copy()
    margins[:, 0] += offset
    pred = margins.argmax(1)
    return {
        "hate_f1": f1_score(yt, pred, labels=[0], average=None)[0],
        "hate_precision": float(np.mean(yt[pred == 0] == 0)) if (pred == 0).any() else 0.0,
        "hate_recall": float(np.mean(pred[yt == 0] == 0)),
        "weighted_f1": f1_score(yt, pred, average="weighted"),
        "hate_offset": offset,
    }


class _EncoderRecipe:
    """The encoder backend's recipe on a benchmark: its top layers fine-tuned on the same training part
    as the linear model, margins fused as in production (``linear + FUSION_WEIGHT · encoder``)."""

    def __init__(self, texts):
        from . import train_encoder

        self.te = train_encoder
        self.trainer = train_encoder.Trainer()
        self.states = self.trainer.states([normalize(t) for t in texts])

    def margins(self, labels: np.ndarray, fit_idx, pred_idx) -> np.ndarray:
        """Fit on ``fit_idx`` (``labels``: rows × classes, 0/1) and return margins for ``pred_idx``."""
        top = self.trainer.fit([self.states[i] for i in fit_idx], labels[fit_idx])
        return self.te.FUSION_WEIGHT * self.trainer.margins(top, [self.states[i] for i in pred_idx])


def _one_hot(y, n) -> np.ndarray:
    return np.eye(n, dtype=np.int64)[y]


def eval_davidson(encoder: bool = False) -> dict:
    rows = datasets.davidson_rows()
    train, test = datasets.davidson_split(rows)
    heads = ("hate", "offensive", "neither")
    texts, labels = [t for t, _ in train], [heads[c] for _, c in train]
    y = np.array([c for _, c in train])
    yt = np.array([c for _, c in test])
    folds = list(StratifiedKFold(3, shuffle=True, random_state=SEED).split(texts, y))
    oof = np.zeros((len(train), 3))
    for tr, te in folds:
        model = _fit([texts[i] for i in tr], [labels[i] for i in tr], heads)
        oof[te] = _margins(model, [texts[i] for i in te])
    offset = _hate_offset(oof, y)
    model = _fit(texts, labels, heads)
    margins = _margins(model, [t for t, _ in test])
    out = _davidson_scores(yt, margins, offset)
    out["test_rows"] = len(test)
    if encoder:
        recipe = _EncoderRecipe(texts + [t for t, _ in test])
        onehot = _one_hot(y, 3)
        fused_oof = oof.copy()
        for tr, te in folds:
            fused_oof[te] += recipe.margins(onehot, tr, te)
        test_idx = np.arange(len(train), len(train) + len(test))
        fused = margins + recipe.margins(onehot, np.arange(len(train)), test_idx)
        out["encoder"] = _davidson_scores(yt, fused, _hate_offset(fused_oof, y))
    try:
        from .core import load_model

        prod = load_model()
        probs = prod.predict_many([normalize(t) for t, _ in test])[:, prod.heads.index("hate")]
        out["production_hate_f1_at_0.5"] = f1_score(yt == 0, probs >= 0.5)
    except FileNotFoundError:
        pass
    return out


def eval_hatexplain(encoder: bool = False) -> dict:
    heads = ("hatespeech", "offensive", "normal")
    train, valid, test = (datasets.hatexplain_rows(s) for s in ("train", "valid", "test"))
    macro = lambda yt, yp: f1_score(yt, yp, average="macro")  # noqa: E731
    model = _fit([t for t, _ in train], [label for _, label in train], heads)
    yv = np.array([heads.index(label) for _, label in valid])
    valid_margins = _margins(model, [t for t, _ in valid])
    offsets = _best_offsets(valid_margins, yv, 3, macro)
    model = _fit([t for t, _ in train + valid], [label for _, label in train + valid], heads)
    yt = np.array([heads.index(label) for _, label in test])
    margins = _margins(model, [t for t, _ in test])
    out = {
        "macro_f1": macro(yt, (margins + offsets).argmax(1)),
        "macro_f1_no_offsets": macro(yt, margins.argmax(1)),
        "accuracy": accuracy_score(yt, (margins + offsets).argmax(1)),
        "offsets": offsets.tolist(),
        "test_rows": len(test),
    }
    if encoder:
        rows = train + valid + test
        recipe = _EncoderRecipe([t for t, _ in rows])
        onehot = _one_hot(np.array([heads.index(label) for _, label in rows]), 3)
        n_tr, n_va = len(train), len(valid)
        fused_valid = valid_margins + recipe.margins(
            onehot, np.arange(n_tr), np.arange(n_tr, n_tr + n_va)
        )
        enc_offsets = _best_offsets(fused_valid, yv, 3, macro)
        test_idx = np.arange(n_tr + n_va, len(rows))
        fused = margins + recipe.margins(onehot, np.arange(n_tr + n_va), test_idx)
        out["encoder"] = {
            "macro_f1": macro(yt, (fused + enc_offsets).argmax(1)),
            "macro_f1_no_offsets": macro(yt, fused.argmax(1)),
            "accuracy": accuracy_score(yt, (fused + enc_offsets).argmax(1)),
            "offsets": enc_offsets.tolist(),
        }
    return out


def eval_olid(encoder: bool = False) -> dict:
    rows = datasets.olid_rows()
    texts = [r["tweet"] for r in rows]
    y = np.array([int(r["subtask_a"] == "OFF") for r in rows])
    recipe = _EncoderRecipe(texts) if encoder else None
    scores, fused_scores = [], []
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y):
        model = _fit([texts[i] for i in tr], ["OFF" if y[i] else "NOT" for i in tr], ("OFF",))
        margins = _margins(model, [texts[i] for i in te])[:, 0]
        scores.append(f1_score(y[te], (margins > 0).astype(int), average="macro"))
        if recipe:
            fused = margins + recipe.margins(y[:, None], tr, te)[:, 0]
            fused_scores.append(f1_score(y[te], (fused > 0).astype(int), average="macro"))
    out = {"macro_f1": float(np.mean(scores)), "folds": [round(s, 4) for s in scores]}
    if recipe:
        out["encoder"] = {
            "macro_f1": float(np.mean(fused_scores)),
            "folds": [round(s, 4) for s in fused_scores],
        }
    return out


def eval_sms() -> dict:
    rows = datasets.sms_rows()
    texts = [t for t, _ in rows]
    y = np.array([s for _, s in rows])
    accs, f1s = [], []
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y):
        model = _fit(
            [texts[i] for i in tr],
            ["spam" if y[i] else "ham" for i in tr],
            ("spam",),
            C=8.0,
            folds=3,
        )
        pred = (model.predict_many([normalize(texts[i]) for i in te])[:, 0] >= 0.5).astype(int)
        accs.append(accuracy_score(y[te], pred))
        f1s.append(f1_score(y[te], pred))
    return {
        "accuracy": float(np.mean(accs)),
        "spam_f1": float(np.mean(f1s)),
        "folds": [round(a, 4) for a in accs],
    }


def eval_youtube() -> dict:
    rows = datasets.youtube_rows()
    videos = sorted({v for _, _, v in rows})
    per_video, pooled_y, pooled_s = {}, [], []
    for video in videos:
        train = [(t, s) for t, s, v in rows if v != video]
        test = [(t, s) for t, s, v in rows if v == video]
        model = _fit(
            [t for t, _ in train], ["spam" if s else "ham" for _, s in train], ("spam",), C=8.0
        )
        scores = _margins(model, [t for t, _ in test])[:, 0]
        per_video[video] = roc_auc_score([s for _, s in test], scores)
        pooled_y += [s for _, s in test]
        pooled_s += scores.tolist()
    return {
        "roc_auc": float(np.mean(list(per_video.values()))),
        "pooled_roc_auc": roc_auc_score(pooled_y, pooled_s),
        "per_video": {k: round(v, 4) for k, v in per_video.items()},
    }


PRESIDIO_KINDS = {
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "STREET_ADDRESS": "street_address",
}


def eval_presidio() -> dict:
    from .pii import find_spans

    found = defaultdict(int)
    gold_total = defaultdict(int)
    pred_right = defaultdict(int)
    pred_total = defaultdict(int)
    for row in datasets.presidio_rows():
        text = row["full_text"]
        gold = defaultdict(list)
        for s in row["spans"]:
            kind = PRESIDIO_KINDS.get(s["entity_type"])
            if kind:
                gold[kind].append((s["start_position"], s["end_position"]))
        pred = defaultdict(list)
        for s in find_spans(text):
            pred[s.kind].append((s.start, s.end))
        for kind in PRESIDIO_KINDS.values():
            for gs, ge in gold[kind]:
                gold_total[kind] += 1
                found[kind] += any(ps < ge and gs < pe for ps, pe in pred[kind])
            for ps, pe in pred[kind]:
                pred_total[kind] += 1
                pred_right[kind] += any(ps < ge and gs < pe for gs, ge in gold[kind])
    out = {}
    for kind in PRESIDIO_KINDS.values():
        out[kind] = {
            "recall": found[kind] / max(gold_total[kind], 1),
            "precision": pred_right[kind] / max(pred_total[kind], 1),
            "gold": gold_total[kind],
            "predicted": pred_total[kind],
        }
    return out


def eval_identity() -> dict:
    from .core import screen_many

    sentences = datasets.fairness_sentences()
    verdicts = screen_many([s for s, _, _ in sentences])
    by_term, by_group = defaultdict(list), defaultdict(list)
    max_score = defaultdict(float)
    for (_, term, group), v in zip(sentences, verdicts, strict=True):
        by_term[term].append(bool(v.flags))
        by_group[group].append(bool(v.flags))
        max_score[term] = max(
            max_score[term], max(v.scores[c] for c in ("harassment", "hate", "threat", "sexual"))
        )
    term_fpr = {t: float(np.mean(f)) for t, f in by_term.items()}
    flagged = [s for (s, _, _), v in zip(sentences, verdicts, strict=True) if v.flags]
    mean_abuse = {t: round(max_score[t], 4) for t in by_term}
    return {
        "fpr_overall": float(np.mean([f for fs in by_term.values() for f in fs])),
        "fpr_max_term": max(term_fpr.values()),
        "fpr_spread": max(term_fpr.values()) - min(term_fpr.values()),
        "fpr_by_group": {g: float(np.mean(f)) for g, f in by_group.items()},
        "fpr_by_term": term_fpr,
        "max_abuse_score_by_term": mean_abuse,
        "sentences": len(sentences),
        "flagged_examples": flagged[:10],
    }


# the project's labelled files, in the order the table prints them; each is read by ``_eval_labelled``
LABELLED_SETS = (
    "heldout", "heldout2", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8",
    "blind9", "blind10", "blind11", "long",
)  # fmt: skip


def _labelled_rows(filename: str) -> list[dict]:
    """The ``{"text", "expect", "context"?}`` rows of a project evaluation file."""
    with open(datasets.PROJECT_DATA / filename, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _eval_labelled(filename: str) -> dict:
    """False-positive rates and recall per category on a project file of ``{"text", "expect"}`` rows."""
    from .core import screen_many

    rows = _labelled_rows(filename)
    verdicts = screen_many([r["text"] for r in rows], [r.get("context") for r in rows])
    groups = defaultdict(list)
    misses = []
    for r, v in zip(rows, verdicts, strict=True):
        if r["expect"] in ("sales_talk", "identity", "benign"):
            groups["fpr_" + r["expect"]].append(bool(v.flags))
            if v.flags:
                misses.append({"text": r["text"], "got": v.flags})
        else:
            groups["recall_" + r["expect"]].append(r["expect"] in v.flags)
            if r["expect"] not in v.flags:
                misses.append({"text": r["text"], "expected": r["expect"], "got": v.flags})
    out = {k: float(np.mean(v)) for k, v in sorted(groups.items())}
    out["fpr_identity"] = out.pop("fpr_identity", 0.0)
    out["min_recall"] = min(v for k, v in out.items() if k.startswith("recall_"))
    out["rows"] = len(rows)
    out["errors"] = misses
    return out


_L33T = str.maketrans("aeiostAEIOST", "4310574310$7")
_ACCENTED = str.maketrans("aeiouAEIOU", "áéïöüÁÉÏÖÜ")
_KEY_WORD = re.compile(r"[A-Za-z]{3,}")
OBFUSCATED_CATEGORIES = ("harassment", "hate", "threat", "sexual", "solicitation")


def _at_inner_vowel(word: str, new) -> str:
    """``word`` with its first vowel after the first letter (or its second letter) replaced by
    ``new(letter)``."""
    i = next((i for i, c in enumerate(word[1:-1], 1) if c in "aeiouAEIOU"), 1)
    return word[:i] + new(word[i]) + word[i + 1 :]


DISGUISES = {
    "l33t": lambda w: w.translate(_L33T),
    "spaced": " ".join,
    "dotted": ".".join,
    "masked": lambda w: _at_inner_vowel(w, lambda c: "*"),
    "stretched": lambda w: _at_inner_vowel(w, lambda c: c * 5),
    "stretched_end": lambda w: w + w[-1] * 4,
    "capitals": str.upper,
    "accented": lambda w: w.translate(_ACCENTED),
}


def eval_obfuscation() -> dict:
    from .core import screen_many

    rows = [
        r
        for filename in ("heldout.jsonl", "heldout2.jsonl")
        for r in _labelled_rows(filename)
        if r["expect"] in OBFUSCATED_CATEGORIES
    ]
    verdicts = screen_many([r["text"] for r in rows], [r.get("context") for r in rows])
    keyed = []  # (row, key word match) for each sentence caught as written
    for r, v in zip(rows, verdicts, strict=True):
        words = list(_KEY_WORD.finditer(r["text"]))
        if r["expect"] not in v.flags or not words:
            continue
        without = screen_many(
            [r["text"][: m.start()] + r["text"][m.end() :] for m in words],
            [r.get("context")] * len(words),
        )
        keyed.append(
            (r, words[min(range(len(words)), key=lambda i: without[i].scores[r["expect"]])])
        )
    out: dict = {"caught_as_written": len(keyed), "of": len(rows)}
    for name, disguise in DISGUISES.items():
        texts = [
            r["text"][: m.start()] + disguise(m.group()) + r["text"][m.end() :] for r, m in keyed
        ]
        got = screen_many(texts, [r.get("context") for r, _ in keyed])
        out[f"recall_{name}"] = float(
            np.mean([r["expect"] in v.flags for (r, _), v in zip(keyed, got, strict=True)])
        )
    out["min_recall"] = min(v for k, v in out.items() if k.startswith("recall_"))
    return out


EVALS = {
    "davidson": eval_davidson,
    "hatexplain": eval_hatexplain,
    "olid": eval_olid,
    "sms": eval_sms,
    "youtube": eval_youtube,
    "presidio": eval_presidio,
    "identity": eval_identity,
    **{name: functools.partial(_eval_labelled, f"{name}.jsonl") for name in LABELLED_SETS},
    "obfuscation": eval_obfuscation,
}


def _flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}", v, out)
    elif isinstance(value, int | float | np.floating) and not isinstance(value, bool):
        out[prefix] = float(value)


def run(json_path: str | None = "screening-eval.json", only=None, backend: str = "linear") -> dict:
    """Run the evaluations, print a table of each target against its goal, and write all metrics.

    ``backend="encoder"`` adds the encoder backend's figures (see ``ENCODER_TARGETS``)."""
    from .core import using_backend

    results, seconds = {}, {}
    targets = dict(TARGETS)
    if backend == "encoder":
        from .encoder import base_dir
        from .train_encoder import require_torch

        base_dir()  # both raise EncoderUnavailable now, before any data is read, when missing
        require_torch()
        targets.update(ENCODER_TARGETS)
    with using_backend(backend):
        for name, fn in EVALS.items():
            if only and name not in only:
                continue
            started = time.time()
            encoder = backend == "encoder" and name in ENCODER_EVALS
            results[name] = fn(encoder=True) if encoder else fn()
            seconds[name] = round(time.time() - started, 1)
            emit(f"[{name}] done in {seconds[name]} s", flush=True)
    flat: dict[str, float] = {}
    for name, value in results.items():
        _flatten(name, value, flat)
    emit()
    emit(f"{'metric':42} {'value':>8}  {'target':>9}  met")
    emit("-" * 68)
    emit(f"backend: {backend}")
    for key, (op, goal) in targets.items():
        if key not in flat:
            continue
        value = flat[key]
        met = value >= goal if op == ">=" else value <= goal
        emit(f"{key:42} {value:8.4f}  {op} {goal:<6}  {'yes' if met else 'NO'}")
    extras = [
        k
        for k in flat
        if k not in targets and not k.startswith(("identity.fpr_by_term", "identity.max_abuse"))
    ]
    if extras:
        emit("\nother figures:")
        for key in extras:
            emit(f"  {key:40} {flat[key]:.4f}")
    report = {
        "targets": {
            k: {"value": flat[k], "goal": f"{op} {g}"}
            for k, (op, g) in targets.items()
            if k in flat
        },
        "backend": backend,
        "results": results,
        "seconds": seconds,
    }
    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2, default=float, ensure_ascii=False)
        emit(f"\nwrote {json_path}")
    return report
