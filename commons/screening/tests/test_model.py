import ast
from pathlib import Path

import numpy as np

from commons.screening.core import MODEL_NAME, MODELS_DIR, load_model
from commons.screening.features import group_features, text_features, tokens
from commons.screening.model import LinearModel
from commons.screening.normalize import normalize

PACKAGE = Path(__file__).resolve().parents[1]


def test_model_files_are_npz_and_json_under_twenty_megabytes():
    files = list(MODELS_DIR.iterdir())
    assert {f.suffix for f in files} <= {".npz", ".json"}
    assert sum(f.stat().st_size for f in files) <= 20 * 1024 * 1024


def test_model_loads_without_pickle():
    with np.load(MODELS_DIR / f"{MODEL_NAME}.npz", allow_pickle=False) as arrays:
        assert {"idf", "coef", "intercept", "platt_a", "platt_b"} <= set(arrays.files)


def test_model_is_loaded_once_per_process():
    assert load_model() is load_model()


def test_model_single_and_batch_scoring_agree():
    model = load_model()
    texts = [
        normalize(t) for t in ["you are an idiot", "great demo today", "", "DM me for 50% off"]
    ]
    batch = model.predict_many(texts)
    for i, text in enumerate(texts):
        assert np.allclose(batch[i], model.calibrate(model.margins(text)), atol=1e-5)


def test_model_indices_are_the_known_features_of_a_text():
    """Scoring's fast path finds exactly the features training counted, group n-grams included."""
    model = load_model()
    for text in [
        "never put a woman on an enterprise deal",
        "as a black woman in enterprise sales i love my team",
        "older reps always need help with the crm",
        "great demo today",
        "gay",
    ]:
        norm = normalize(text)
        known = {model.vocabulary[f] for f in text_features(norm) if f in model.vocabulary}
        assert set(model.indices(norm)) == known, text
    assert any(f.startswith("g:") for f in model.vocabulary)


def test_group_ngrams_read_every_identity_term_alike():
    """What is said about a group gives the same group n-grams whichever group it names; a run of
    terms is one mark, and a text naming no group has none."""
    said = "why do {} reps always need special treatment"
    feats = {term: group_features(tokens(said.format(term))) for term in ("black", "gay", "older")}
    assert feats["black"] == feats["gay"] == feats["older"]
    assert "g:<g> reps always" in feats["black"]
    assert group_features(tokens("proud black gay csm here")) == group_features(
        tokens("proud muslim csm here")
    )
    assert group_features(tokens("our reps always close")) == []


def test_model_save_and_load_round_trip(tmp_path):
    model = LinearModel(
        ("a", "b"),
        ["w:hello", " he", "b:hello there"],
        [1.0, 2.0, 1.5],
        np.array([[1.0, -1.0], [0.5, 0.0], [0.0, 2.0]]),
        [0.1, -0.2],
        [-1.0, -2.0],
        [0.0, 0.5],
    )
    model.save(tmp_path, "tiny")
    loaded = LinearModel.load(tmp_path, "tiny")
    assert loaded.heads == ("a", "b")
    assert np.allclose(
        loaded.predict_many(["hello there"]), model.predict_many(["hello there"]), atol=1e-3
    )


def test_package_imports_nothing_else_of_commons_and_no_django():
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert not name.startswith(("django", "commons")), f"{path.name} imports {name}"


def _tiny_design():
    from scipy import sparse

    X = sparse.csr_matrix(
        np.array(
            [[1.0, 0.0, 0.5], [0.8, 0.0, 0.6], [0.0, 1.0, 0.4], [0.0, 0.9, 0.5], [0.7, 0.1, 0.5]]
        )
    )
    return X, np.array([1, 1, 0, 0, 1]), np.ones(5)


def test_train_nb_ratio_favours_features_of_positive_rows():
    from commons.screening.train import nb_ratio

    X, y, w = _tiny_design()
    ratio = nb_ratio(X, y, w)
    assert ratio[0] > 0 > ratio[1]
    assert abs(ratio[2]) < ratio[0]


def test_train_nb_weights_fold_back_into_one_linear_layer():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from commons.screening.train import SEED, fit_head, nb_ratio

    X, y, w = _tiny_design()
    coef, intercept = fit_head(X, y, w, 1.0, None, nb=True)
    scaled = X @ sparse.diags(nb_ratio(X, y, w))
    reference = LogisticRegression(
        C=1.0, solver="liblinear", class_weight="balanced", random_state=SEED
    ).fit(scaled, y)
    assert np.allclose(X @ coef + intercept, reference.decision_function(scaled))


def test_platt_scaling_converges_on_large_margins():
    from commons.screening.train import platt

    rng = np.random.default_rng(0)
    y = (rng.random(4000) < 0.3).astype(int)
    margins = np.where(y == 1, 1.0, -1.0) + rng.normal(0, 1.5, 4000)
    a, b = platt(margins, y)
    assert -3 < a < 0
    # the same margins twenty times larger (a sum of two models' margins can be): the same probabilities
    a20, b20 = platt(margins * 20, y)
    assert np.isclose(a20 * 20, a) and np.isclose(b20, b)
    p = 1 / (1 + np.exp(a20 * margins * 20 + b20))
    assert np.isclose(p.mean(), y.mean(), atol=0.01)


def test_train_writes_the_word_list_beside_the_model(tmp_path, monkeypatch):
    from commons.screening import train
    from commons.screening.normalize import Words

    texts = ["you idiot", "great demo", "you idiot again", "great call"]
    words = Words.from_texts(texts, min_count=1)
    labels = [{"a": 1}, {"a": 0}, {"a": 1}, {"a": 0}]
    model = train.train_model(texts, labels, ("a",), folds=0, progress=False, words=words)
    model.words = words
    monkeypatch.setattr(train, "production_model", lambda progress=True: model)
    train.train(tmp_path, progress=False)
    assert Words.load(tmp_path / "words.json").rank == words.rank
    assert LinearModel.load(tmp_path, MODEL_NAME).heads == ("a",)
