"""``commons screening bench``: latency and throughput of ``screen()`` on one CPU core.

Pins the process to one core (where the platform allows it) and limits numeric libraries to one
thread. Texts: a fixed, seeded sample of the public data (tweets, SMS, comments) and the project's
examples, as members would write them. Prints:

- single-text latency of ``screen(text)`` (all three detectors and the policy): p50, p90, p99, max;
- batch throughput of ``screen_many`` over the whole sample, in texts per second (best of three runs;
  the per-word feature cache is warm, as in a running server);
- with ``--encoder``, the same two figures for the optional encoder backend (``encoder.py``) on the
  first ``ENCODER_TEXTS`` texts (the targets are the default backend's);
- the same two figures for ``alt-profanity-check`` (``profanity_check.predict_prob``) when it is
  importable, as a baseline. It is a development dependency only.

Targets from the issue: p99 ≤ 5 ms and ≥ 5,000 texts/s. A script that prints numbers, not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

SEED = 11
LATENCY_SAMPLES = 3000
BATCH_REPEATS = 3
ENCODER_TEXTS = 500


def emit(*parts, flush: bool = True) -> None:
    """Write a line to standard output (this module is a command-line report)."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def _pin_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (platform does not allow it)"


def bench_texts(n: int) -> list[str]:
    from . import datasets

    texts = [t for t, _, _ in datasets.project_examples()]
    try:
        texts += [t for t, _ in datasets.sms_rows()]
        texts += [r["tweet"] for r in datasets.olid_rows()]
        texts += [t for t, _, _ in datasets.youtube_rows()]
    except OSError:
        pass
    rng = random.Random(SEED)
    return [rng.choice(texts) for _ in range(n)]


def _percentiles(samples_ns):
    samples = sorted(samples_ns)

    def pct(p):
        return samples[min(len(samples) - 1, int(round(p / 100 * (len(samples) - 1))))] / 1e6

    return {"p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": samples[-1] / 1e6}


def measure(single, batch, texts, label):
    for text in texts[:200]:  # warm caches, load models
        single(text)
    timings = []
    for text in texts[:LATENCY_SAMPLES]:
        started = time.perf_counter_ns()
        single(text)
        timings.append(time.perf_counter_ns() - started)
    lat = _percentiles(timings)
    elapsed = float("inf")
    for _ in range(BATCH_REPEATS):  # best of a few runs: other load on the machine only adds time
        started = time.perf_counter()
        batch(texts)
        elapsed = min(elapsed, time.perf_counter() - started)
    result = {**lat, "texts_per_s": len(texts) / elapsed, "batch_texts": len(texts)}
    emit(
        f"{label:24} p50 {lat['p50_ms']:.3f} ms  p90 {lat['p90_ms']:.3f} ms  p99 {lat['p99_ms']:.3f} ms  "
        f"max {lat['max_ms']:.2f} ms  |  batch {result['texts_per_s']:,.0f} texts/s"
    )
    return result


def run(n: int = 5000, encoder: bool = False) -> dict:
    """Print and return the figures (see the module docstring)."""
    from .core import load_fused, load_model, screen, screen_many, using_backend

    if encoder:
        load_fused()  # fails here, before any measuring, when the backend is not installed
    emit(f"one core: {_pin_one_core()}; {n} texts")
    texts = bench_texts(max(n, LATENCY_SAMPLES))
    load_model()
    results = {
        "commons.screening": measure(screen, lambda ts: screen_many(ts), texts, "commons.screening")
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from profanity_check import predict_prob

            predict_prob(["warm up"])
            results["alt-profanity-check"] = measure(
                lambda t: predict_prob([t]), predict_prob, texts, "alt-profanity-check"
            )
    except ImportError:
        emit("alt-profanity-check is not installed: no baseline")
    if encoder:  # the optional backend, on a smaller sample: it is some sixty times slower
        with using_backend("encoder"):
            results["encoder backend"] = measure(
                screen, screen_many, texts[:ENCODER_TEXTS], "encoder backend"
            )
    ours = results["commons.screening"]
    emit(
        f"targets: p99 <= 5 ms: {'met' if ours['p99_ms'] <= 5 else 'NOT met'}; "
        f">= 5,000 texts/s: {'met' if ours['texts_per_s'] >= 5000 else 'NOT met'}"
    )
    return results
