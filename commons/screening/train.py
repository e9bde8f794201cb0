"""Train the screener's model from the public data and the project's own examples.

Deterministic: fixed seeds, sorted inputs, liblinear. Each head is a class-balanced logistic regression
over naive-Bayes-scaled features (NB-LR, see ``fit_head``), folded back into one plain linear layer.
Writes ``models/screener.json`` and ``models/screener.npz`` (see ``model.py``). Run
``python -m commons.screening train``.

Labels per head (1 positive, 0 negative, absent = not used for that head):

- harassment: Davidson hate or offensive; HateXplain hate speech or offensive; OLID targeted insults at
  an individual or group (OFF/TIN/IND, OFF/TIN/GRP), OLID NOT and untargeted profanity (OFF/UNT) as
  negatives; project harassment, hate and sexual-attention sets;
- hate: Davidson hate; HateXplain hate speech; project hate set;
- threat: project threat set and examples; everything else negative except offensive public rows;
- sexual: project sexual-attention and explicit sets; SMS spam and offensive public rows are unused;
- solicitation: SMS spam, YouTube spam and project pitches; their hams and everything else negative;
- doxing: the project's doxing set (someone else's details, and offers, threats and private facts told
  in words: "DM me for her home address", "he's in rehab at ..."); project threats unused; everything
  else negative, including members sharing their own contact details. It reads the wording; the
  personal-information rules (``pii.py``) find the details themselves.

Project sales talk and identity statements are negatives for every head. Rows of the public data held
out for evaluation (Davidson's test split, HateXplain's test file) are never used.

Fairness mitigation: every public row that names an identity term gets one counterfactual copy with the
term swapped for another (same labels); identity terms, their plurals and common personal names get no
character n-grams (``features.py``); and after fitting, weights of their unigrams and of bigrams containing
one are clamped to at most zero for harassment, hate, threat, sexual and doxing. What is said around a
term is learned through group n-grams, the same for every term (``features.group_features``).
"""

from __future__ import annotations

import math
import random
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from tqdm import tqdm

from . import datasets
from .features import NO_CHAR_WORDS, text_features
from .lexicon import IDENTITY_TERMS
from .model import LinearModel
from .normalize import NO_WORDS, Words, normalize

HEADS = ("harassment", "hate", "threat", "sexual", "solicitation", "doxing")
FAIR_HEADS = ("harassment", "hate", "threat", "sexual", "doxing")
SEED = 7
PROJECT_WEIGHT = 3.0
MAX_FEATURES = 250_000
MIN_DF = 2
DEFAULT_C = 4.0
NB_ALPHA = 1.0


# -- data --------------------------------------------------------------------------------------------


def _labels(**given) -> dict[str, int | None]:
    out: dict[str, int | None] = dict.fromkeys(HEADS, 0)
    out.update(given)
    return out


def public_examples(exclude_eval: bool = True) -> list[datasets.Example]:
    """Public rows with per-head labels (see the module docstring)."""
    out: list[datasets.Example] = []
    davidson = datasets.davidson_rows()
    train_rows, _ = datasets.davidson_split(davidson) if exclude_eval else (davidson, None)
    for text, cls in train_rows:
        out.append(
            datasets.Example(
                text,
                _labels(
                    harassment=int(cls < 2),
                    hate=int(cls == 0),
                    sexual=None,
                    threat=0 if cls == 2 else None,
                ),
                "davidson",
            )
        )
    for split in ("train", "valid"):
        for text, label in datasets.hatexplain_rows(split):
            out.append(
                datasets.Example(
                    text,
                    _labels(
                        harassment=int(label != "normal"),
                        hate=int(label == "hatespeech"),
                        sexual=None,
                        threat=0 if label == "normal" else None,
                    ),
                    "hatexplain",
                )
            )
    for r in datasets.olid_rows():
        a, b, c = r["subtask_a"], r["subtask_b"], r["subtask_c"]
        if a == "NOT":
            labels = _labels()
        elif b == "TIN" and c in ("IND", "GRP"):
            labels = _labels(harassment=1, hate=None, threat=None, sexual=None)
        elif b == "UNT":
            # untargeted profanity ("this fucking deal") is not harassment of anyone
            labels = _labels(harassment=0, hate=None, threat=None, sexual=None)
        else:
            labels = _labels(harassment=None, hate=None, threat=None, sexual=None)
        out.append(datasets.Example(r["tweet"], labels, "olid"))
    for text, spam in datasets.sms_rows():
        out.append(
            datasets.Example(text, _labels(solicitation=spam, sexual=None if spam else 0), "sms")
        )
    for text, spam, _video in datasets.youtube_rows():
        out.append(datasets.Example(text, _labels(solicitation=spam), "youtube"))
    return out


def project_examples() -> list[datasets.Example]:
    out = []
    for text, cats, name in datasets.project_examples():
        labels = _labels(**dict.fromkeys(cats, 1))
        if "threat" in cats:
            # a veiled threat often names where someone is ("your daughter takes the 8:15 bus")
            labels["harassment"] = labels["doxing"] = None
        if "doxing" in cats:
            # exposing someone is often said as a threat or an attack; those heads learn it elsewhere
            labels["harassment"] = labels["threat"] = None
        out.append(datasets.Example(text, labels, "project:" + name, PROJECT_WEIGHT))
    return out


_IDENTITY_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, IDENTITY_TERMS), key=len, reverse=True)) + r")\b", re.I
)
_SWAP_TERMS = sorted(t for t in IDENTITY_TERMS if len(t) > 2)


def counterfactuals(examples, rng: random.Random) -> list[datasets.Example]:
    """One copy of each example that names an identity term, with that term swapped for another."""
    out = []
    for ex in examples:
        if not _IDENTITY_WORD.search(ex.text):
            continue
        swapped = _IDENTITY_WORD.sub(lambda m: rng.choice(_SWAP_TERMS), ex.text)
        if swapped != ex.text:
            out.append(
                datasets.Example(swapped, dict(ex.labels), ex.source + ":counterfactual", ex.weight)
            )
    return out


def training_examples(exclude_eval: bool = True) -> list[datasets.Example]:
    rng = random.Random(SEED)
    public = public_examples(exclude_eval)
    return public + counterfactuals(public, rng) + project_examples()


# -- fitting -----------------------------------------------------------------------------------------


def build_vocabulary(normalized_texts, max_features=MAX_FEATURES, min_df=MIN_DF, progress=True):
    """Feature → index for features seen in at least ``min_df`` texts (the ``max_features`` most
    frequent, ties broken alphabetically), and their smoothed idf."""
    df: Counter = Counter()
    for text in tqdm(normalized_texts, desc="features", unit="text", disable=not progress):
        df.update(set(text_features(text)))
    kept = sorted((f for f, n in df.items() if n >= min_df), key=lambda f: (-df[f], f))[
        :max_features
    ]
    kept.sort()
    n = len(normalized_texts)
    idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in kept], dtype=np.float32)
    return {f: i for i, f in enumerate(kept)}, idf


def design_matrix(model: LinearModel, normalized_texts) -> sparse.csr_matrix:
    """The exact tf-idf rows ``LinearModel.margins`` computes, as a sparse matrix."""
    indptr = [0]
    indices: list[int] = []
    for text in normalized_texts:
        indices.extend(sorted(model.indices(text)))
        indptr.append(len(indices))
    indices_arr = np.asarray(indices, dtype=np.int64)
    data = model.idf[indices_arr].astype(np.float64)
    indptr_arr = np.asarray(indptr, dtype=np.int64)
    matrix = sparse.csr_matrix(
        (data, indices_arr, indptr_arr), shape=(len(normalized_texts), len(model.idf))
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def _clamp_mask(vocabulary) -> np.ndarray:
    mask = np.zeros(len(vocabulary), dtype=bool)
    for feature, i in vocabulary.items():
        kind, _, body = feature.partition(":")
        if (kind == "w" and body in NO_CHAR_WORDS) or (
            kind == "b" and not NO_CHAR_WORDS.isdisjoint(body.split())
        ):
            mask[i] = True
    return mask


def nb_ratio(X, y, w, alpha: float = NB_ALPHA) -> np.ndarray:
    """Naive Bayes log-count ratio of each feature between positive and negative rows (Wang & Manning
    2012): ``log((alpha + p) / |alpha + p|_1) - log((alpha + q) / |alpha + q|_1)``, with ``p`` and ``q``
    the weighted sums of the feature's tf-idf values over positive and negative rows."""
    pos = sparse.diags(w * (y == 1)) @ X
    neg = sparse.diags(w * (y == 0)) @ X
    p = alpha + np.asarray(pos.sum(axis=0)).ravel()
    q = alpha + np.asarray(neg.sum(axis=0)).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


def fit_head(X, y, w, C, clamp: np.ndarray | None, nb: bool = True):
    """One balanced logistic head; returns (coef, intercept) with the fairness clamp applied.

    With ``nb`` (NB-LR, Wang & Manning's NBSVM with a logistic loss), the features are first scaled by
    their naive Bayes log-count ratios and the fitted weights are folded back (``coef * r``), so the
    stored model is the same plain linear model over the same features."""
    ratio = nb_ratio(X, y, w) if nb else None
    clf = LogisticRegression(
        C=C, solver="liblinear", class_weight="balanced", max_iter=200, random_state=SEED
    )
    clf.fit(X @ sparse.diags(ratio) if nb else X, y, sample_weight=w)
    coef = clf.coef_.ravel().astype(np.float64)
    if nb:
        coef *= ratio
    if clamp is not None:
        coef[clamp] = np.minimum(coef[clamp], 0.0)
    return coef, float(clf.intercept_[0])


def platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling ``p = 1/(1+exp(a·m+b))`` fitted on out-of-fold margins (Platt's smoothed targets)."""
    pos, neg = int(y.sum()), int(len(y) - y.sum())
    targets = np.where(y == 1, (pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0))
    # Newton's method from a = -1 overshoots and diverges when margins are large (a sum of two models'
    # margins, say): it runs on margins scaled to unit spread, and the slope is scaled back at the end.
    spread = float(np.std(margins))
    scale = 1.0 / spread if spread > 0 else 1.0
    a, b = -1.0, 0.0
    m = margins * scale
    for _ in range(100):  # Newton's method on the cross-entropy
        p = 1.0 / (1.0 + np.exp(np.clip(a * m + b, -50, 50)))
        g = targets - p
        ga, gb = float(np.sum(g * m)), float(np.sum(g))
        wgt = p * (1.0 - p) + 1e-12
        haa, hab, hbb = float(np.sum(wgt * m * m)), float(np.sum(wgt * m)), float(np.sum(wgt))
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) < 1e-9 and abs(db) < 1e-9:
            break
    return a * scale, b


def train_model(
    texts,
    label_rows,
    heads,
    weights=None,
    C=DEFAULT_C,
    fair_heads=FAIR_HEADS,
    folds=3,
    progress=True,
    max_features=MAX_FEATURES,
    meta=None,
    nb=True,
    words: Words | None = None,
) -> LinearModel:
    """Fit a calibrated multi-head ``LinearModel``.

    ``label_rows[i][head]`` is 1, 0 or None (row unused for that head). Calibration uses ``folds``-fold
    out-of-fold margins (kept on the returned model as ``oof_margins``, rows × heads, NaN where a row has
    no label for a head); ``folds=0`` skips it (identity calibration). Texts are normalized with ``words``
    (default: the shipped word list, ``normalize.known_words()``)."""
    normalized = [
        normalize(t, words)
        for t in tqdm(texts, desc="normalize", unit="text", disable=not progress)
    ]
    vocabulary, idf = build_vocabulary(normalized, max_features=max_features, progress=progress)
    n_feat = len(idf)
    model = LinearModel(
        heads,
        vocabulary,
        idf,
        np.zeros((n_feat, len(heads))),
        np.zeros(len(heads)),
        np.full(len(heads), -1.0),
        np.zeros(len(heads)),
        meta,
    )
    X = design_matrix(model, normalized)
    weights = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=np.float64)
    clamp = _clamp_mask(vocabulary)
    coef = np.zeros((n_feat, len(heads)))
    intercept = np.zeros(len(heads))
    pa, pb = np.full(len(heads), -1.0), np.zeros(len(heads))
    oof_all = np.full((len(texts), len(heads)), np.nan)
    steps = len(heads) * (folds + 1)
    bar = tqdm(total=steps, desc="fit", unit="fit", disable=not progress)
    for h, head in enumerate(heads):
        rows = np.array([i for i, lab in enumerate(label_rows) if lab.get(head) is not None])
        y = np.array([label_rows[i][head] for i in rows], dtype=np.int64)
        Xh, wh = X[rows], weights[rows]
        mask = clamp if head in fair_heads else None
        if folds:
            oof = np.zeros(len(rows))
            splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
            for tr, te in splitter.split(np.zeros(len(y)), y):
                c, b = fit_head(Xh[tr], y[tr], wh[tr], C, mask, nb)
                oof[te] = Xh[te] @ c + b
                bar.update()
            pa[h], pb[h] = platt(oof, y)
            oof_all[rows, h] = oof
        coef[:, h], intercept[h] = fit_head(Xh, y, wh, C, mask, nb)
        bar.update()
    bar.close()
    model.coef = coef.astype(np.float32)
    model.intercept = intercept.astype(np.float32)
    model.platt_a, model.platt_b = pa, pb
    model.oof_margins = oof_all  # not saved; the encoder's calibration uses it (train_encoder.py)
    return model


def train(out_dir: Path | None = None, progress: bool = True) -> LinearModel:
    """Train the production model and write it, with the word list its texts were normalized with, to
    ``models/`` (or ``out_dir``)."""
    from .core import MODEL_NAME, MODELS_DIR
    from .normalize import WORDS_FILE

    model = production_model(progress)
    out = out_dir or MODELS_DIR
    model.save(out, MODEL_NAME)
    model.words.save(out / WORDS_FILE.name)
    return model


def word_list(texts, progress: bool = True) -> Words:
    """The word list for stretched and masked words (``normalize.Words``), from the training texts
    normalized without one, so that training twice gives the same list."""
    return Words.from_texts(
        normalize(t, NO_WORDS) for t in tqdm(texts, desc="words", unit="text", disable=not progress)
    )


def production_model(progress: bool = True, examples=None) -> LinearModel:
    """The production model, trained in memory from ``training_examples()`` (deterministic); its texts
    are normalized with the word list ``word_list`` makes of them (kept on the model as ``words``)."""
    started = time.time()
    examples = examples if examples is not None else training_examples()
    words = word_list([e.text for e in examples], progress)
    sources = Counter(e.source for e in examples)
    meta = {
        "trained_with": "commons.screening.train",
        "seed": SEED,
        "C": DEFAULT_C,
        "max_features": MAX_FEATURES,
        "rows": len(examples),
        "rows_by_source": dict(sorted(sources.items())),
        "positives": {h: sum(1 for e in examples if e.labels.get(h) == 1) for h in HEADS},
    }
    model = train_model(
        [e.text for e in examples],
        [e.labels for e in examples],
        HEADS,
        weights=[e.weight for e in examples],
        progress=progress,
        meta=meta,
        words=words,
    )
    model.words = words  # saved beside the model by ``train``
    model.meta["words"] = len(words.rank)
    model.meta["seconds"] = round(time.time() - started, 1)
    return model
