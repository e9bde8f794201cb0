"""A pure-numpy linear text model: features → tf-idf weights → one logistic head per category.

Stored as two files written by ``train.py`` and loaded without pickle:

- ``<name>.json``: ``{"heads": [...], "vocabulary": [feature, ...], "meta": {...}}`` where a feature's
  position in ``vocabulary`` is its row in the weight matrix;
- ``<name>.npz``: ``idf`` (n_features), ``coef`` (n_features × n_heads), ``intercept`` (n_heads), and the
  Platt calibration ``platt_a``, ``platt_b`` (n_heads): ``p = 1 / (1 + exp(a · margin + b))``.

A text's vector is binary presence of each known feature times its idf, L2-normalised, exactly as in
training (``train.py`` builds its matrices through ``indices`` below).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from .features import group_features, text_features, tokens, word_features

_WORD_CACHE_LIMIT = 200_000


class LinearModel:
    """Calibrated multi-head linear model over the shared text features."""

    def __init__(self, heads, vocabulary, idf, coef, intercept, platt_a, platt_b, meta=None):
        self.heads = tuple(heads)
        self.vocabulary = (
            vocabulary if isinstance(vocabulary, dict) else {f: i for i, f in enumerate(vocabulary)}
        )
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.platt_a = np.asarray(platt_a, dtype=np.float64)
        self.platt_b = np.asarray(platt_b, dtype=np.float64)
        self.meta = meta or {}
        self._word_cache: dict[str, tuple[int, ...]] = {}
        self._bigram_cache: dict[tuple[str, str], int | None] = {}

    # -- features -------------------------------------------------------------------------------------

    def indices(self, normalized: str) -> list[int]:
        """De-duplicated feature indices of a normalized text (in no particular order)."""
        return list(self._index_set(normalized))

    def _index_set(self, normalized: str) -> set[int]:
        # The set is filled in the same order as it always was (each word's features, then each bigram,
        # unknown bigrams as None), so it iterates in the same order and sums add up bit for bit the
        # same; repeated words and features only skip re-adding what is already there.
        cache = self._word_cache
        if len(cache) > _WORD_CACHE_LIMIT:
            cache.clear()
        words = tokens(normalized)
        unique = dict.fromkeys(words)
        try:
            found: set[int | None] = set(
                itertools.chain.from_iterable(map(cache.__getitem__, unique))
            )
        except KeyError:  # a new word: look its features up once
            found = set(
                itertools.chain.from_iterable(
                    cache[w] if w in cache else self._word_indices(w) for w in unique
                )
            )
        if len(words) > 1:
            bigrams = self._bigram_cache
            if len(bigrams) > _WORD_CACHE_LIMIT:
                bigrams.clear()
            try:
                found.update(map(bigrams.__getitem__, zip(words, words[1:], strict=False)))
            except KeyError:  # a new bigram; adding again what was added already changes nothing
                found.update(
                    bigrams[p] if p in bigrams else self._bigram_index(p)
                    for p in zip(words, words[1:], strict=False)
                )
            found.discard(None)
        group = group_features(words)
        if group:
            vocab = self.vocabulary
            found.update(i for i in map(vocab.get, group) if i is not None)
        return found

    def _word_indices(self, word: str) -> tuple[int, ...]:
        vocab = self.vocabulary
        idx = tuple(dict.fromkeys(i for i in map(vocab.get, word_features(word)) if i is not None))
        self._word_cache[word] = idx
        return idx

    def _bigram_index(self, pair: tuple[str, str]) -> int | None:
        idx = self.vocabulary.get(f"b:{pair[0]} {pair[1]}")
        self._bigram_cache[pair] = idx
        return idx

    def all_features(self, normalized: str) -> list[str]:
        """Every feature of a text, known or not (for building vocabularies)."""
        return text_features(normalized)

    # -- scoring --------------------------------------------------------------------------------------

    def margins_many(self, normalized_texts) -> np.ndarray:
        """Raw linear margins, one row per text."""
        rows = [self._index_set(t) for t in normalized_texts]
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        total = int(lengths.sum())
        out = np.tile(self.intercept, (len(rows), 1))
        if total == 0:
            return out.astype(np.float64)
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=total)
        vals = self.idf[flat]
        owner = np.repeat(np.arange(len(rows)), lengths)
        norms = np.sqrt(np.bincount(owner, weights=vals * vals, minlength=len(rows))).astype(
            np.float32
        )
        vals /= norms[owner]
        contrib = self.coef[flat]
        contrib *= vals[:, None]
        nonempty = lengths > 0
        starts = (np.cumsum(lengths) - lengths)[nonempty]
        out[nonempty] += np.add.reduceat(contrib, starts, axis=0)
        return out.astype(np.float64)

    def margins(self, normalized: str) -> np.ndarray:
        idx = self.indices(normalized)
        if not idx:
            return self.intercept.astype(np.float64)
        vals = self.idf[idx]
        vals /= np.sqrt(vals @ vals)
        return (vals @ self.coef[idx] + self.intercept).astype(np.float64)

    def calibrate(self, margins: np.ndarray) -> np.ndarray:
        """Platt-scaled probabilities from margins (any leading shape)."""
        z = np.clip(self.platt_a * margins + self.platt_b, -50.0, 50.0)
        return 1.0 / (1.0 + np.exp(z))

    def predict(self, normalized: str) -> dict[str, float]:
        probs = self.calibrate(self.margins(normalized))
        return dict(zip(self.heads, probs.tolist(), strict=True))

    def predict_many(self, normalized_texts) -> np.ndarray:
        return self.calibrate(self.margins_many(normalized_texts))

    # -- files ----------------------------------------------------------------------------------------

    def save(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        with open(directory / f"{name}.json", "w", encoding="utf-8") as fh:
            json.dump(
                {"heads": list(self.heads), "meta": self.meta, "vocabulary": vocabulary},
                fh,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        np.savez_compressed(
            directory / f"{name}.npz",
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept,
            platt_a=self.platt_a,
            platt_b=self.platt_b,
        )

    @classmethod
    def load(cls, directory: Path, name: str) -> LinearModel:
        with open(directory / f"{name}.json", encoding="utf-8") as fh:
            spec = json.load(fh)
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            return cls(
                spec["heads"],
                spec["vocabulary"],
                arrays["idf"],
                arrays["coef"],
                arrays["intercept"],
                arrays["platt_a"],
                arrays["platt_b"],
                spec.get("meta"),
            )
