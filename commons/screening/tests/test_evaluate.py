import json

from commons.screening import datasets, evaluate


def _texts(filename):
    with open(datasets.PROJECT_DATA / filename, encoding="utf-8") as fh:
        return {json.loads(line)["text"].lower() for line in fh if line.strip()}


def test_evaluation_sets_are_never_trained_on():
    trained = {text.lower() for text, _, _ in datasets.project_examples()}
    for name in evaluate.LABELLED_SETS:
        assert not trained & _texts(f"{name}.jsonl"), name


def test_blind_set_reports_recall_per_category_and_false_positives():
    out = evaluate.EVALS["blind"]()
    assert out["rows"] == 210
    assert {k for k in out if k.startswith("recall_")} == {
        "recall_threat",
        "recall_hate",
        "recall_harassment",
        "recall_sexual",
    }
    assert 0.0 <= out["fpr_sales_talk"] <= 1.0 and 0.0 <= out["fpr_identity"] <= 1.0
    assert out["min_recall"] == min(v for k, v in out.items() if k.startswith("recall_"))
    # every miss is reported with what was expected, every false positive with what fired
    assert all("got" in e for e in out["errors"])


def test_second_sets_cover_all_six_categories_and_the_allowed_kinds():
    for name, rows in (
        ("heldout2", 417),
        ("blind2", 397),
        ("blind3", 389),
        ("blind4", 420),
        ("blind5", 419),
        ("blind6", 420),
        ("blind7", 418),
        ("blind8", 420),
        ("blind9", 420),
        ("blind10", 420),
        ("blind11", 420),
        ("long", 700),
    ):
        out = evaluate.EVALS[name]()
        assert out["rows"] == rows
        assert {k for k in out if k.startswith("recall_")} == {
            f"recall_{c}"
            for c in ("threat", "hate", "harassment", "sexual", "doxing", "solicitation")
        }
        assert {"fpr_sales_talk", "fpr_identity", "fpr_benign"} <= set(out)


def test_disguises_hide_one_word_the_ways_the_issue_names():
    d = evaluate.DISGUISES
    assert d["l33t"]("idiots") == "1d1075"
    assert d["spaced"]("kill") == "k i l l"
    assert d["dotted"]("kill") == "k.i.l.l"
    assert d["masked"]("stupid") == "st*pid"
    assert d["stretched"]("stupid") == "stuuuuupid"
    assert d["stretched_end"]("hate") == "hateeeee"
    assert d["capitals"]("hate") == "HATE"
    assert d["accented"]("idiot") == "ïdïöt"


def test_obfuscation_eval_reports_recall_per_disguise_on_sentences_caught_as_written():
    out = evaluate.eval_obfuscation()
    assert 200 <= out["caught_as_written"] <= out["of"]
    recalls = {k: v for k, v in out.items() if k.startswith("recall_")}
    assert set(recalls) == {f"recall_{name}" for name in evaluate.DISGUISES}
    assert out["min_recall"] == min(recalls.values())
    # a disguised key word is read through: most sentences stay caught under every disguise
    assert out["min_recall"] >= 0.9
