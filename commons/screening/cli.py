"""Command-line entry points: ``commons screen`` (JSON Lines) and ``commons screening train|train-encoder|eval|bench``.

``screen_jsonl`` implements the ``commons screen`` contract: each input line is
``{"id": ..., "text": "...", "context": {...}}`` (``id`` and ``context`` optional), and each output line is
``{"id": ..., "decision": ..., "flags": [...], "scores": {...}, "spans": [...]}``, in input order. A line
that is not a JSON object with a string ``text`` (and, if present, an object ``context``) gets
``{"id": <its id or null>, "line": <1-based line number>, "error": "<what is wrong>"}`` instead, and the
run goes on. Blank lines are skipped. Exit status: 0 when every line was screened, 1 when any was
malformed.
"""

from __future__ import annotations

import argparse
import json
import sys

from .encoder import EncoderUnavailable

BATCH = 256


def emit(*parts, flush: bool = True) -> None:
    """Write a line to standard output (this module is a command-line report)."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def _parse(line: str, number: int):
    """(id, text, context) or (id, None, error message)."""
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return None, None, f"invalid JSON: {exc.msg}"
    if not isinstance(obj, dict):
        return None, None, "expected a JSON object"
    ident = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return ident, None, 'missing or non-string "text"'
    context = obj.get("context")
    if context is not None and not isinstance(context, dict):
        return ident, None, '"context" must be an object'
    return ident, text, context or {}


def screen_jsonl(stdin, stdout, policy=None) -> int:
    """Screen JSON Lines from ``stdin`` to ``stdout`` (the ``commons screen`` contract above)."""
    from .core import screen_many

    failed = False
    pending: list = []  # (number, id, text, context) or (number, id, None, error)

    def flush():
        good = [p for p in pending if p[2] is not None]
        verdicts = (
            iter(screen_many([p[2] for p in good], [p[3] for p in good], policy))
            if good
            else iter(())
        )
        for number, ident, text, extra in pending:
            if text is None:
                out = {"id": ident, "line": number, "error": extra}
            else:
                out = {"id": ident, **next(verdicts).as_json()}
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
        pending.clear()

    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        ident, text, extra = _parse(line, number)
        failed |= text is None
        pending.append((number, ident, text, extra))
        if len(pending) >= BATCH:
            flush()
    flush()
    return 1 if failed else 0


def main(argv=None) -> int:
    """``python -m commons.screening {screen,train,train-encoder,eval,bench}``."""
    parser = argparse.ArgumentParser(prog="commons screening", description="Content screening.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("screen", help="screen JSON Lines from stdin to stdout")
    p_train = sub.add_parser("train", help="train the model from the data into models/")
    p_train.add_argument(
        "--out", help="write the model files here instead of the package's models/"
    )
    p_eval = sub.add_parser("eval", help="print metrics per data set and write them as JSON")
    p_eval.add_argument("--json", default="screening-eval.json", help="where to write the metrics")
    p_eval.add_argument("--only", nargs="*", help="data sets to evaluate (default: all)")
    p_eval.add_argument(
        "--backend",
        choices=("linear", "encoder"),
        default="linear",
        help="also measure the optional encoder backend (needs torch: `make install`)",
    )
    p_tenc = sub.add_parser(
        "train-encoder", help="fine-tune the optional encoder backend into models/ (needs torch)"
    )
    p_tenc.add_argument("--out", help="write the encoder files here instead of models/")
    p_bench = sub.add_parser("bench", help="print latency and throughput on one core")
    p_bench.add_argument("--texts", type=int, default=5000, help="texts in the batch run")
    p_bench.add_argument(
        "--encoder", action="store_true", help="also time the optional encoder backend"
    )
    args = parser.parse_args(argv)

    if args.command == "screen":
        return screen_jsonl(sys.stdin, sys.stdout)
    if args.command == "train":
        from pathlib import Path

        from .train import train

        model = train(Path(args.out) if args.out else None)
        emit(json.dumps(model.meta, indent=2))
        return 0
    if args.command == "eval":
        from .evaluate import run

        try:
            run(args.json, args.only, args.backend)
        except EncoderUnavailable as exc:
            emit(f"error: {exc}")
            return 2
        return 0
    if args.command == "train-encoder":
        from pathlib import Path

        from .train_encoder import train_encoder

        try:
            spec = train_encoder(Path(args.out) if args.out else None)
        except EncoderUnavailable as exc:
            emit(f"error: {exc}")
            return 2
        emit(json.dumps(spec["meta"], indent=2))
        return 0
    if args.command == "bench":
        from .bench import run as bench

        try:
            bench(args.texts, encoder=args.encoder)
        except EncoderUnavailable as exc:
            emit(f"error: {exc}")
            return 2
        return 0
    return 2
