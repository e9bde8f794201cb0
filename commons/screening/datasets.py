"""Readers for the public data in ``../shared/data/screening/`` and the project's own examples.

Nothing is copied into the repository: the public files are read where they lie. The data directory is
``$COMMONS_SCREENING_DATA`` when set, else ``<project root>/../shared/data/screening``.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.model_selection import train_test_split

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DATA = PACKAGE_DIR / "data"
TEMPLATE_SEED = 13


def data_dir() -> Path:
    env = os.environ.get("COMMONS_SCREENING_DATA")
    if env:
        return Path(env)
    return PACKAGE_DIR.parents[1].parent / "shared" / "data" / "screening"


@dataclass
class Example:
    text: str
    labels: dict[str, int | None]
    source: str
    weight: float = 1.0
    meta: dict = field(default_factory=dict)


# -- public data ---------------------------------------------------------------------------------------


def davidson_rows(root: Path | None = None) -> list[tuple[str, int]]:
    """(tweet, class) in file order; class 0 hate, 1 offensive, 2 neither."""
    root = root or data_dir()
    with open(root / "davidson" / "labeled_data.csv", encoding="utf-8") as fh:
        return [(r["tweet"], int(r["class"])) for r in csv.DictReader(fh)]


def davidson_split(rows):
    """The repository's split: ``train_test_split(random_state=42, test_size=0.1)`` over the rows."""
    return train_test_split(rows, random_state=42, test_size=0.1)


def hatexplain_rows(split: str, root: Path | None = None) -> list[tuple[str, str]]:
    root = root or data_dir()
    with open(root / "hatexplain" / f"{split}.tsv", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        return [(r[1], r[0]) for r in reader if len(r) >= 2]


def olid_rows(root: Path | None = None) -> list[dict]:
    root = root or data_dir()
    with open(root / "olid" / "olid-training-v1.0.tsv", encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [dict(r) for r in reader]


def sms_rows(root: Path | None = None) -> list[tuple[str, int]]:
    root = root or data_dir()
    out = []
    with open(root / "sms_spam" / "SMSSpamCollection", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if label in ("ham", "spam"):
                out.append((text, int(label == "spam")))
    return out


def youtube_rows(root: Path | None = None) -> list[tuple[str, int, str]]:
    """(comment, spam, video) for the five videos."""
    root = root or data_dir()
    out = []
    for path in sorted((root / "youtube_spam").glob("Youtube0*.csv")):
        with open(path, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                out.append((r["CONTENT"].replace("\ufeff", ""), int(r["label"]), path.stem))
    return out


def presidio_rows(root: Path | None = None) -> list[dict]:
    root = root or data_dir()
    with open(root / "presidio_research" / "synth_dataset_v2.json", encoding="utf-8") as fh:
        return json.load(fh)


# -- project data ----------------------------------------------------------------------------------------


def load_templates() -> dict:
    with open(PROJECT_DATA / "templates.json", encoding="utf-8") as fh:
        return json.load(fh)


def load_identity() -> dict:
    with open(PROJECT_DATA / "identity.json", encoding="utf-8") as fh:
        return json.load(fh)


def identity_terms() -> list[str]:
    return [t for terms in load_identity()["terms"].values() for t in terms]


_SLOT = re.compile(r"\{([A-Z0-9]+)\}")


def _fill(template: str, slots: dict, rng: random.Random) -> str:
    text = _SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), template)
    text = re.sub(r"\b([Aa]) ([AEIOUaeiou])", r"\1n \2", text)
    return re.sub(r"\s+([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def project_examples() -> list[tuple[str, list[str], str]]:
    """(text, categories, set name) from ``data/``: expanded templates plus hand-written examples.

    The identity-statement set is a full counterfactual product: every frame with every identity term.
    """
    spec = load_templates()
    slots = dict(spec["slots"])
    terms = identity_terms()
    slots["IDENTITY"] = terms
    rng = random.Random(TEMPLATE_SEED)
    out: list[tuple[str, list[str], str]] = []
    for group in spec["sets"]:
        seen: set[str] = set()
        if group["name"] == "identity statements":
            for template in group["templates"]:
                for term in terms:
                    text = _fill(template.replace("{IDENTITY}", term), slots, rng)
                    if text not in seen:
                        seen.add(text)
                        out.append((text, group["labels"], group["name"]))
            continue
        attempts = 0
        while len(seen) < group["count"] and attempts < group["count"] * 20:
            attempts += 1
            text = _fill(rng.choice(group["templates"]), slots, rng)
            if rng.random() < 0.3:
                text = text[0].upper() + text[1:]
            if text not in seen:
                seen.add(text)
                out.append((text, group["labels"], group["name"]))
    with open(PROJECT_DATA / "examples.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], row["labels"], "examples"))
    return out


def fairness_sentences() -> list[tuple[str, str, str]]:
    """(sentence, term, group) from the evaluation frames, which training never sees."""
    spec = load_identity()
    out = []
    for group, terms in spec["terms"].items():
        for term in terms:
            for i, frame in enumerate(spec["eval_frames"]):
                role = spec["eval_roles"][i % len(spec["eval_roles"])]
                article_fixed = frame.replace("{IDENTITY}", term).replace("{ROLE}", role)
                article_fixed = re.sub(r"\ba ([AEIOUaeiou])", r"an \1", article_fixed)
                out.append((article_fixed, term, group))
    return out
