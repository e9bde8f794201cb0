"""Fine-tune the optional encoder backend (see ``encoder.py``); needs torch, which only training uses.

Recipe, deterministic on one machine (fixed seeds, single-threaded data order):

- texts are ``normalize``d exactly as for the linear model, tokenised by the base model's tokenizer
  (at most ``encoder.MAX_TOKENS`` tokens);
- the bottom ``6 - TUNED_LAYERS`` layers stay as they are; their output is computed once per text and
  kept (half precision), so each epoch runs only the top layers;
- the top ``TUNED_LAYERS`` layers and one linear head per category are trained with AdamW (linear warm-up
  then decay) on a masked, class-balanced binary cross-entropy: a row only teaches the heads it has a
  label for, as in ``train.py``;
- fusion: the backend's margin is ``linear margin + FUSION_WEIGHT · encoder margin``; the Platt scaling of
  that sum is fitted on calibration rows the encoder never saw, with the linear model's out-of-fold
  margins for those rows.

Run ``commons screening train-encoder`` (``make install`` installs torch for it). Writes
``models/encoder.npz`` (the tuned layers and heads, float16) and ``models/encoder.json`` (heads, fusion,
Platt, meta).
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import encoder as enc

TUNED_LAYERS = 2
EPOCHS = 3
LEARNING_RATE = 8e-5
HEAD_LEARNING_RATE = 1e-3
BATCH_SIZE = 32
FUSION_WEIGHT = 1.0
CALIBRATION_SHARE = 0.1
SEED = 7


def require_torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise enc.EncoderUnavailable(
            "training the encoder needs torch: install it with "
            "`pip install --no-deps -r requirements-encoder-train.lock`"
        ) from exc
    return torch


class Trainer:
    """The torch side: the same layer maths as ``encoder.bert_layer``, with gradients."""

    def __init__(self, tuned_layers: int = TUNED_LAYERS, base_dir: Path | None = None):
        self.torch = require_torch()
        self.torch.manual_seed(SEED)
        self.base = enc.load_base_weights(base_dir)
        self.tokenizer = enc.load_tokenizer(base_dir)
        self.n_layers = 1 + max(
            int(k.split(".")[2]) for k in self.base if k.startswith("encoder.layer.")
        )
        self.tuned_layers = tuned_layers
        self.frozen = [self._layer(i) for i in range(self.n_layers - tuned_layers)]

    # -- modules --------------------------------------------------------------------------------------

    def _layer(self, i: int):
        torch = self.torch
        nn = torch.nn
        base = self.base

        class Layer(nn.Module):
            def __init__(self):
                super().__init__()
                self.p = nn.ParameterDict(
                    {s: nn.Parameter(torch.tensor(base[k])) for s, k in enc.layer_names(i).items()}
                )
                self.drop = nn.Dropout(0.1)

            def forward(self, h, mask):
                p = self.p
                batch, length, _ = h.shape
                size = enc.HIDDEN // enc.N_HEADS

                def split(x):
                    return x.view(batch, length, enc.N_HEADS, size).transpose(1, 2)

                lin = nn.functional.linear
                q = split(lin(h, p["q_w"], p["q_b"]))
                k = split(lin(h, p["k_w"], p["k_b"]))
                v = split(lin(h, p["v_w"], p["v_b"]))
                att = q @ k.transpose(-1, -2) / math.sqrt(size)
                att = att + (1.0 - mask[:, None, None, :]) * -1e4
                ctx = (
                    (torch.softmax(att, -1) @ v).transpose(1, 2).reshape(batch, length, enc.HIDDEN)
                )
                h = nn.functional.layer_norm(
                    h + self.drop(lin(ctx, p["o_w"], p["o_b"])),
                    (enc.HIDDEN,),
                    p["ln1_w"],
                    p["ln1_b"],
                    enc.LN_EPS,
                )
                inner = nn.functional.gelu(lin(h, p["i_w"], p["i_b"]))
                return nn.functional.layer_norm(
                    h + self.drop(lin(inner, p["out_w"], p["out_b"])),
                    (enc.HIDDEN,),
                    p["ln2_w"],
                    p["ln2_b"],
                    enc.LN_EPS,
                )

        return Layer().eval()

    def _top(self, n_heads: int):
        torch = self.torch
        nn = torch.nn
        first = self.n_layers - self.tuned_layers
        layers = [self._layer(i).train() for i in range(first, self.n_layers)]

        class Top(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList(layers)
                self.head = nn.Linear(enc.HIDDEN, n_heads)
                self.drop = nn.Dropout(0.1)

            def forward(self, h, mask):
                for layer in self.layers:
                    h = layer(h, mask)
                m = mask.unsqueeze(-1)
                return self.head(self.drop((h * m).sum(1) / m.sum(1)))

        return Top()

    # -- data -----------------------------------------------------------------------------------------

    def states(self, normalized_texts, progress: bool = True) -> list:
        """The frozen layers' output for each text (half precision, real tokens only)."""
        torch = self.torch
        ids = [e.ids for e in self.tokenizer.encode_batch(list(normalized_texts))]
        out: list = [None] * len(ids)
        order = np.argsort([len(x) for x in ids], kind="stable")
        word = torch.tensor(self.base["embeddings.word_embeddings.weight"])
        pos = torch.tensor(self.base["embeddings.position_embeddings.weight"])
        typ = torch.tensor(self.base["embeddings.token_type_embeddings.weight"][0])
        ln_w = torch.tensor(self.base["embeddings.LayerNorm.weight"])
        ln_b = torch.tensor(self.base["embeddings.LayerNorm.bias"])
        bar = tqdm(total=len(ids), desc="encode", unit="text", disable=not progress)
        with torch.inference_mode():
            for start in range(0, len(ids), 256):
                chunk = order[start : start + 256]
                batch, mask = self._pad([torch.tensor(ids[i]) for i in chunk], torch.long)
                h = word[batch] + pos[: batch.shape[1]][None] + typ
                h = torch.nn.functional.layer_norm(h, (enc.HIDDEN,), ln_w, ln_b, enc.LN_EPS)
                for layer in self.frozen:
                    h = layer(h, mask)
                lengths = mask.sum(1).long()
                for r, i in enumerate(chunk):
                    out[i] = h[r, : lengths[r]].to(torch.float16).clone()
                bar.update(len(chunk))
        bar.close()
        return out

    def _pad(self, rows, dtype):
        torch = self.torch
        length = max(r.shape[0] for r in rows)
        shape = (len(rows), length) + tuple(rows[0].shape[1:])
        batch = torch.zeros(shape, dtype=dtype)
        mask = torch.zeros((len(rows), length))
        for i, r in enumerate(rows):
            batch[i, : r.shape[0]] = r.to(dtype)
            mask[i, : r.shape[0]] = 1.0
        return batch, mask

    # -- fitting --------------------------------------------------------------------------------------

    def fit(self, states, labels: np.ndarray, weights=None, epochs=EPOCHS, progress=True):
        """Train the top layers and heads. ``labels`` is rows × heads with 1, 0 or -1 (unused)."""
        torch = self.torch
        torch.manual_seed(SEED)
        rng = np.random.default_rng(SEED)
        n_heads = labels.shape[1]
        top = self._top(n_heads)
        y = torch.tensor(np.where(labels < 0, 0, labels), dtype=torch.float32)
        used = torch.tensor(labels >= 0, dtype=torch.float32)
        w = (
            torch.ones(len(labels))
            if weights is None
            else torch.tensor(weights, dtype=torch.float32)
        )
        # class balance per head: positives and negatives weigh the same in total
        pos = (labels == 1).sum(0).clip(min=1)
        neg = (labels == 0).sum(0).clip(min=1)
        total = pos + neg
        pos_w = torch.tensor(total / (2.0 * pos), dtype=torch.float32)
        neg_w = torch.tensor(total / (2.0 * neg), dtype=torch.float32)
        optim = torch.optim.AdamW(
            [
                {"params": top.layers.parameters(), "lr": LEARNING_RATE},
                {"params": top.head.parameters(), "lr": HEAD_LEARNING_RATE},
            ],
            weight_decay=0.01,
        )
        per_epoch = math.ceil(len(labels) / BATCH_SIZE)
        steps = epochs * per_epoch
        warmup = max(1, int(0.06 * steps))
        sched = torch.optim.lr_scheduler.LambdaLR(
            optim, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
        )
        bar = tqdm(total=steps, desc="fine-tune", unit="batch", disable=not progress)
        lengths = np.array([s.shape[0] for s in states])
        for _ in range(epochs):
            perm = rng.permutation(len(labels))
            batches = []
            for c in range(
                0, len(perm), BATCH_SIZE * 50
            ):  # similar lengths together, order shuffled
                chunk = perm[c : c + BATCH_SIZE * 50]
                chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
                batches += [chunk[i : i + BATCH_SIZE] for i in range(0, len(chunk), BATCH_SIZE)]
            for b in rng.permutation(len(batches)):
                idx = batches[b]
                h, mask = self._pad([states[i] for i in idx], torch.float32)
                logits = top(h, mask)
                t = y[idx]
                cw = t * pos_w + (1 - t) * neg_w
                loss_rows = torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, t, reduction="none"
                )
                weight = used[idx] * cw * w[idx][:, None]
                loss = (loss_rows * weight).sum() / weight.sum().clamp(min=1e-6)
                optim.zero_grad()
                loss.backward()
                optim.step()
                sched.step()
                bar.update()
        bar.close()
        top.eval()
        return top

    def margins(self, top, states) -> np.ndarray:
        torch = self.torch
        out = np.zeros((len(states), top.head.out_features))
        order = np.argsort([s.shape[0] for s in states], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), 256):
                chunk = order[start : start + 256]
                h, mask = self._pad([states[i] for i in chunk], torch.float32)
                out[chunk] = top(h, mask).numpy()
        return out

    def export(self, top) -> dict[str, np.ndarray]:
        arrays = {}
        first = self.n_layers - self.tuned_layers
        for offset, layer in enumerate(top.layers):
            for s, param in layer.p.items():
                arrays[f"layer{first + offset}.{s}"] = param.detach().numpy().astype(np.float16)
        arrays["head_w"] = top.head.weight.detach().numpy().astype(np.float32)
        arrays["head_b"] = top.head.bias.detach().numpy().astype(np.float32)
        return arrays


def label_matrix(label_rows, heads) -> np.ndarray:
    return np.array(
        [[-1 if row.get(h) is None else int(row[h]) for h in heads] for row in label_rows],
        dtype=np.int64,
    )


def calibration_split(n: int, share: float = CALIBRATION_SHARE, seed: int = SEED):
    perm = np.random.default_rng(seed).permutation(n)
    cut = int(round(n * share))
    return np.sort(perm[cut:]), np.sort(perm[:cut])


def train_encoder(out_dir: Path | None = None, progress: bool = True, linear=None) -> dict:
    """Fine-tune the production encoder and write ``models/encoder.{npz,json}`` (returns the spec).

    ``linear`` is the production linear model as ``train.production_model`` returns it (with its
    out-of-fold margins); it is trained again here when not given."""
    from . import train
    from .core import MODELS_DIR
    from .normalize import normalize
    from .train import platt

    started = time.time()
    examples = train.training_examples()
    heads = train.HEADS
    normalized = [normalize(e.text) for e in examples]
    labels = label_matrix([e.labels for e in examples], heads)
    weights = np.array([e.weight for e in examples])
    fit_rows, cal_rows = calibration_split(len(examples))
    trainer = Trainer()
    states = trainer.states(normalized, progress)
    top = trainer.fit(
        [states[i] for i in fit_rows], labels[fit_rows], weights[fit_rows], progress=progress
    )
    arrays = trainer.export(top)
    # calibrate on what inference computes: the numpy forward pass over the exported float16 layers
    exported = enc.Encoder(trainer.base, trainer.tokenizer, arrays, heads)
    enc_margins = exported.margins_many([normalized[i] for i in cal_rows])
    # the linear model's out-of-fold margins for the calibration rows (its own Platt uses the same)
    if linear is None or getattr(linear, "oof_margins", None) is None:
        linear = train.production_model(progress, examples)
    linear_oof = linear.oof_margins
    spec = {
        "heads": list(heads),
        "tuned_layers": trainer.tuned_layers,
        "base": enc.BASE_PACKAGE,
        "max_tokens": enc.MAX_TOKENS,
        "fusion_weight": {},
        "platt_a": {},
        "platt_b": {},
        "meta": {
            "trained_with": "commons.screening.train_encoder",
            "seed": SEED,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "rows": len(examples),
            "calibration_rows": len(cal_rows),
            "linear_model_rows": linear.meta.get("rows"),
        },
    }
    for h, head in enumerate(heads):
        rows = [r for r in range(len(cal_rows)) if labels[cal_rows[r], h] >= 0]
        y = labels[cal_rows[rows], h]
        fused = linear_oof[cal_rows[rows], h] + FUSION_WEIGHT * enc_margins[rows, h]
        a, b = platt(fused, y)
        spec["fusion_weight"][head] = FUSION_WEIGHT
        spec["platt_a"][head], spec["platt_b"][head] = a, b
    spec["meta"]["seconds"] = round(time.time() - started, 1)
    directory = out_dir or MODELS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / f"{enc.ENCODER_NAME}.npz", **arrays)
    with open(directory / f"{enc.ENCODER_NAME}.json", "w", encoding="utf-8") as fh:
        json.dump(spec, fh, indent=1, sort_keys=True)
    return spec
