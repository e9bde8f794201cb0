"""The optional encoder backend: numpy forward pass, fine-tuning, fusion, and how it fails."""

import copy
import io
import json
import os

import numpy as np
import pytest

from commons.screening import core, encoder, train
from commons.screening import train_encoder as te
from commons.screening.cli import main as cli_main
from commons.screening.normalize import normalize

# all-MiniLM-L6-v2 sentence embeddings (mean pooled, L2-normalised), first eight dimensions, as the
# sentence-transformers library computes them for these sentences
REFERENCE = {
    "we crushed quota this quarter": [
        -0.005966,
        0.03348,
        -0.012293,
        -0.025832,
        0.047718,
        -0.013764,
        0.044936,
        0.038656,
    ],
    "I know where you live": [
        0.087643,
        0.020586,
        0.033839,
        0.02591,
        0.011617,
        -0.074029,
        0.042563,
        -0.00944,
    ],
    "proud gay CSM here": [
        0.03506,
        0.018914,
        -0.056043,
        0.007472,
        0.017409,
        -0.01405,
        0.106348,
        -0.026534,
    ],
}


@pytest.fixture(scope="module")
def base_encoder():
    return encoder.Encoder(encoder.load_base_weights(), encoder.load_tokenizer())


@pytest.fixture
def encoder_backend(monkeypatch):
    monkeypatch.setenv(core.BACKEND_ENV, "encoder")


def test_numpy_forward_pass_matches_the_reference_sentence_embeddings(base_encoder):
    texts = list(REFERENCE)
    pooled = base_encoder.pooled(texts)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    assert np.allclose(pooled[:, :8], np.array([REFERENCE[t] for t in texts]), atol=2e-6)


def test_padding_does_not_change_a_text_s_vector(base_encoder):
    short, long = "hi", "this sentence is a good deal longer than the other one in the batch"
    together = base_encoder.pooled([short, long])
    alone = base_encoder.pooled([short])
    assert np.allclose(together[0], alone[0], atol=1e-5)


def test_fine_tuning_learns_and_numpy_reproduces_torch():
    trainer = te.Trainer()
    hostile = ["you are a worthless idiot", "shut up you moron", "nobody wants you here loser"]
    friendly = ["great demo today", "thanks for the intro", "we crushed quota this quarter"]
    texts = (hostile + friendly) * 12
    labels = np.array(([[1]] * 3 + [[0]] * 3) * 12)
    states = trainer.states([normalize(t) for t in texts], progress=False)
    top = trainer.fit(states, labels, epochs=2, progress=False)
    torch_margins = trainer.margins(top, states[:6])[:, 0]
    assert torch_margins[:3].min() > torch_margins[3:].max()
    arrays = trainer.export(top)
    numpy_model = encoder.Encoder(trainer.base, trainer.tokenizer, arrays, ["abuse"])
    assert numpy_model.tuned_layers == te.TUNED_LAYERS
    numpy_margins = numpy_model.margins_many([normalize(t) for t in texts[:6]])[:, 0]
    assert np.allclose(numpy_margins, torch_margins, atol=0.02)


def test_unused_labels_teach_nothing():
    trainer = te.Trainer()
    texts = ["you are a worthless idiot", "great demo today"] * 8
    states = trainer.states(texts, progress=False)
    labels = np.array([[1, -1], [0, -1]] * 8)
    top = trainer.fit(states, labels, epochs=1, progress=False)
    trainer.torch.manual_seed(te.SEED)
    initial = trainer._top(2).head
    # the second head saw no label: it keeps its (seeded) initial weights, but for weight decay
    trained = top.head.weight.detach().numpy()
    assert np.allclose(trained[1], initial.weight.detach().numpy()[1], atol=1e-4)
    assert not np.allclose(trained[0], initial.weight.detach().numpy()[0], atol=1e-4)


def test_committed_encoder_files_load_without_pickle():
    with open(core.MODELS_DIR / "encoder.json", encoding="utf-8") as fh:
        spec = json.load(fh)
    assert spec["heads"] == list(train.HEADS)
    with np.load(core.MODELS_DIR / "encoder.npz", allow_pickle=False) as arrays:
        assert arrays["head_w"].shape == (len(spec["heads"]), encoder.HIDDEN)
        tuned = {k.split(".")[0] for k in arrays.files if k.startswith("layer")}
    assert len(tuned) == spec["tuned_layers"] == core.load_fused().encoder.tuned_layers


def test_fused_margin_is_linear_plus_weighted_encoder_margin():
    fused = core.load_fused()
    texts = [normalize(t) for t in ["I know where you live", "killer demo, we crushed it"]]
    encoder_margins = fused.encoder.margins_many(texts)
    columns = [fused.encoder.heads.index(h) for h in fused.heads if h in fused.encoder.heads]
    shared = [i for i, h in enumerate(fused.heads) if h in fused.encoder.heads]
    expected = fused.linear.margins_many(texts)
    expected[:, shared] += fused.fusion_weight[shared] * encoder_margins[:, columns]
    # float32 sums in a different order: equal to about 1e-6, whatever the margin's size
    assert np.allclose(fused.margins_many(texts), expected, atol=1e-5)
    assert np.allclose(fused.margins(texts[0]), expected[0], atol=1e-5)


def test_a_head_the_encoder_lacks_keeps_the_linear_score():
    linear = core.load_model()
    full = core.load_fused().encoder
    # the same encoder, told it has no head for its last category
    lacking = copy.copy(full)
    lacking.heads = full.heads[:-1]
    missing = full.heads[-1]
    fused = encoder.FusedModel(linear, lacking)
    texts = [normalize(t) for t in ["buy now, 50% off, link in bio", "great call today, team"]]
    column = linear.heads.index(missing)
    assert np.allclose(fused.predict_many(texts)[:, column], linear.predict_many(texts)[:, column])
    kept = linear.heads.index(full.heads[0])
    assert not np.allclose(fused.predict_many(texts)[:, kept], linear.predict_many(texts)[:, kept])


def test_backend_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.delenv(core.BACKEND_ENV, raising=False)
    assert core.load_scorer() is core.load_model()
    monkeypatch.setenv(core.BACKEND_ENV, "encoder")
    assert core.load_scorer() is core.load_fused()


@pytest.mark.usefixtures("encoder_backend")
def test_encoder_backend_screens_with_the_same_rules():
    texts = [
        "we crushed quota and the killer demo closed the deal",
        "as a Black woman in enterprise sales I love this community",
        "proud gay CSM here, happy to help",
        "I know where you live and I will hurt you",
        "you are a worthless idiot and everyone here hates you",
    ]
    verdicts = core.screen_many(texts)
    assert [v.decision for v in verdicts[:3]] == ["allow", "allow", "allow"]
    assert "threat" in verdicts[3].flags
    assert "harassment" in verdicts[4].flags
    one = core.screen(texts[4])
    # alone or in a padded batch: the same scores, within float32 rounding
    assert one.scores == pytest.approx(verdicts[4].scores, abs=1e-4)
    assert one.flags == verdicts[4].flags


def test_missing_base_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(encoder.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(encoder.EncoderUnavailable, match="requirements-encoder.lock"):
        encoder.base_dir()


def test_missing_encoder_files_are_a_clear_error(tmp_path):
    with pytest.raises(encoder.EncoderUnavailable, match="train-encoder"):
        encoder.Encoder.load(tmp_path)


def test_eval_with_a_missing_backend_exits_with_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(encoder.importlib.util, "find_spec", lambda name: None)
    monkeypatch.delenv(core.BACKEND_ENV, raising=False)
    code = cli_main(
        ["eval", "--backend", "encoder", "--only", "olid", "--json", str(tmp_path / "x")]
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 2
    assert len(out) == 1 and out[0].startswith("error: the encoder backend needs")
    assert core.BACKEND_ENV not in os.environ  # the run put the process's setting back


def test_a_misspelt_backend_is_refused_not_ignored(monkeypatch):
    monkeypatch.setenv(core.BACKEND_ENV, "encodr")
    with pytest.raises(core.BackendSettingError, match="must be one of linear, encoder"):
        core.screen("hello")


def test_commons_screen_with_a_misspelt_backend_exits_with_one_line(monkeypatch, capsys):
    from commons.cli import main as commons_main

    monkeypatch.setenv(core.BACKEND_ENV, "encodr")
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": 1, "text": "hello"}\n'))
    assert commons_main(["screen"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "commons screen: COMMONS_SCREENING_BACKEND is 'encodr': it must be one of linear, encoder"
    ]


def test_using_backend_puts_the_setting_back(monkeypatch):
    monkeypatch.setenv(core.BACKEND_ENV, "linear")
    with core.using_backend("encoder"):
        assert core.load_scorer() is core.load_fused()
    assert os.environ[core.BACKEND_ENV] == "linear"
    monkeypatch.delenv(core.BACKEND_ENV)
    with pytest.raises(RuntimeError), core.using_backend("encoder"):
        raise RuntimeError("fails inside")
    assert core.BACKEND_ENV not in os.environ


def test_check_installed_names_what_is_missing(monkeypatch, tmp_path):
    assert encoder.check_installed(core.MODELS_DIR).name == "encoder.npz"
    with pytest.raises(encoder.EncoderUnavailable, match="train-encoder"):
        encoder.check_installed(tmp_path)
    monkeypatch.setattr(encoder.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(encoder.EncoderUnavailable, match="requirements-encoder.lock"):
        encoder.check_installed(core.MODELS_DIR)
