"""Specs, the lecture's parameter breakdown, initialisation, checkpoints, backends, and
the rule that the engine never imports the UI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from tui_nn.backend import NUMPY, select_backend
from tui_nn.engine import LayerSpec, Network, NetworkSpec, parse_layers
from tui_nn.engine.checkpoint import FORMAT, load_checkpoint, save_checkpoint
from tui_nn.engine.summary import summarize
from tui_nn.errors import TuiNNError


def test_summary_of_the_lecture_network_reads_nine_learnable_parameters():
    summary = summarize(2, [(2, "sigmoid"), (1, "sigmoid")])
    assert summary.weights_line == "[2×2] + [2×1] = 6 weights"
    assert summary.biases_line == "2 + 1 = 3 biases"
    assert summary.parameters_line == "9 learnable parameters"
    assert summary.stack_line == "Input (2) → Dense 2 sigmoid → Dense 1 sigmoid"
    assert summary.breakdown == "[2×2] + [2×1] = 6 weights · 2 + 1 = 3 biases · 9 learnable parameters"


def test_summary_of_a_single_neuron_is_grammatical():
    summary = summarize(1, [(1, "linear")])
    assert summary.weights_line == "[1×1] = 1 weight"
    assert summary.biases_line == "1 bias"
    assert summary.parameters_line == "2 learnable parameters"


def test_network_parameter_count_matches_the_summary():
    spec = NetworkSpec(54, parse_layers("128:relu,64:relu,7:softmax"), "cce")
    net = Network(spec)
    assert net.n_parameters == spec.summary().parameters == 54 * 128 + 128 + 128 * 64 + 64 + 64 * 7 + 7


def test_parse_layers_reads_units_and_activations():
    assert parse_layers("2:sigmoid, 1:Sigmoid") == (LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid"))
    assert parse_layers("8:leaky-relu,1") == (LayerSpec(8, "leaky_relu"), LayerSpec(1, "linear"))


@pytest.mark.parametrize(
    "text, message",
    [("", "UNITS:ACTIVATION"), ("2:sigmoid,,1:sigmoid", "UNITS:ACTIVATION"), ("two:sigmoid", "not a whole number"),
     ("0:relu", "at least 1 unit"), ("2:sigmod", 'unknown activation "sigmod"')],
)
def test_bad_layers_text_is_a_clear_error(text, message):
    with pytest.raises(TuiNNError, match=message):
        parse_layers(text)


@pytest.mark.parametrize(
    "layers, loss, message",
    [("3:softmax,1:sigmoid", "bce", "softmax can only be the output layer"),
     ("2:tanh", "bce", "needs a sigmoid output"),
     ("3:sigmoid", "cce", "needs a softmax output"),
     ("3:softmax", "mse", "trains with loss cce")],
)
def test_spec_refuses_untrainable_combinations(layers, loss, message):
    with pytest.raises(TuiNNError, match=message):
        NetworkSpec(2, parse_layers(layers), loss).validate()


def test_initialisation_is_seeded_and_scaled_by_activation():
    spec = NetworkSpec(100, parse_layers("200:relu,200:tanh,1:sigmoid"), "bce")
    a, b, c = Network(spec, seed=1), Network(spec, seed=1), Network(spec, seed=2)
    np.testing.assert_array_equal(a.flat_params, b.flat_params)
    assert not np.array_equal(a.flat_params, c.flat_params)
    (w_relu, bias), (w_tanh, _), _ = a.get_weights()
    assert np.std(w_relu) == pytest.approx(np.sqrt(2 / 100), rel=0.05)  # He
    assert np.abs(w_tanh).max() <= np.sqrt(6 / 400)  # Glorot uniform limit
    assert not bias.any()


def test_layer_parameters_are_views_of_the_flat_vector():
    net = Network(NetworkSpec(2, parse_layers("2:sigmoid,1:sigmoid"), "bce"))
    net.layers[0].params["weight"][0, 1] = 0.42
    assert 0.42 in np.round(net.flat_params, 6)
    assert net.n_weights == 6


def test_prediction_and_evaluation_in_chunks_equal_one_whole_pass(monkeypatch):
    import tui_nn.engine.network as network_module

    net = Network(NetworkSpec(3, parse_layers("5:tanh,4:softmax"), "cce"), dtype="float64", seed=2)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(23, 3))
    y = np.eye(4)[rng.integers(0, 4, 23)]
    whole_outputs = net.predict(x)
    whole_loss, _ = net.evaluate(x, y)
    monkeypatch.setattr(network_module, "PREDICT_CHUNK_ROWS", 5)  # 23 rows: chunks of 5, 5, 5, 5, 3
    assert np.allclose(net.predict(x), whole_outputs, rtol=0, atol=1e-12)
    loss, outputs = net.evaluate(x, y)
    assert loss == pytest.approx(whole_loss, rel=1e-12)
    assert np.allclose(outputs, whole_outputs, rtol=0, atol=1e-12)
    # The mean loss is the loss of every row, not of every chunk: a 1-row chunk counts once.
    direct = -np.mean(np.sum(y * np.log(whole_outputs), axis=1))
    assert whole_loss == pytest.approx(direct, rel=1e-9)
    assert net.predict(np.zeros((0, 3))).shape == (0, 4)


def test_checkpoint_round_trip_keeps_spec_weights_and_meta(tmp_path):
    spec = NetworkSpec(2, parse_layers("2:sigmoid,1:sigmoid"), "bce")
    net = Network(spec, seed=3)
    path = save_checkpoint(tmp_path / "m.npz", spec, net.get_weights(), {"task": "classification", "classes": ["Man", "Woman"]})
    with np.load(path, allow_pickle=False) as raw:  # the documented format, readable without tui-nn
        assert sorted(raw.files) == ["layer0.bias", "layer0.weight", "layer1.bias", "layer1.weight", "spec"]
        document = json.loads(str(raw["spec"]))
    assert document["format"] == FORMAT and document["layers"][0] == {"units": 2, "activation": "sigmoid"}
    loaded = load_checkpoint(path)
    assert loaded.spec == spec and loaded.meta["classes"] == ["Man", "Woman"]
    for (w, b), (w2, b2) in zip(net.get_weights(), loaded.weights):
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)


def test_checkpoint_save_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    spec = NetworkSpec(1, parse_layers("1:linear"), "mse")
    target = tmp_path / "m.npz"
    save_checkpoint(target, spec, Network(spec, seed=1).get_weights(), {})
    save_checkpoint(target, spec, Network(spec, seed=2).get_weights(), {})
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file the user writes
    np.testing.assert_array_equal(load_checkpoint(target).weights[0][0], Network(spec, seed=2).get_weights()[0][0])


def test_broken_checkpoints_are_clear_errors(tmp_path):
    spec = NetworkSpec(2, parse_layers("1:sigmoid"), "bce")
    good = save_checkpoint(tmp_path / "good.npz", spec, Network(spec).get_weights(), {})
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:100])
    with pytest.raises(TuiNNError, match="not a readable tui-nn checkpoint"):
        load_checkpoint(truncated)
    wrong_shape = tmp_path / "shape.npz"
    np.savez(wrong_shape, spec=np.array(json.dumps({"format": FORMAT, **spec.to_dict()})),
             **{"layer0.weight": np.zeros((3, 1)), "layer0.bias": np.zeros(1)})
    with pytest.raises(TuiNNError, match=r"expected \(2, 1\)"):
        load_checkpoint(wrong_shape)
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, spec=np.array(json.dumps({"format": "other/9"})))
    with pytest.raises(TuiNNError, match='format "other/9" is not supported'):
        load_checkpoint(foreign)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, spec=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(TuiNNError):
        load_checkpoint(pickled)
    with pytest.raises(TuiNNError, match="no such checkpoint"):
        load_checkpoint(tmp_path / "missing.npz")
    assert zipfile.is_zipfile(good)


def test_numpy_backend_and_auto_fallback_without_a_gpu():
    assert select_backend("numpy") is NUMPY
    auto = select_backend("auto")
    assert auto.name in ("numpy", "cupy")
    if auto.name == "numpy":
        assert auto.reason.startswith("using NumPy:")
        with pytest.raises(TuiNNError, match="--backend cupy is not usable"):
            select_backend("cupy")


def test_engine_never_imports_the_ui():
    modules = ["tui_nn.engine", "tui_nn.backend", "tui_nn.model", "tui_nn.headless", "tui_nn.cli", "tui_nn.data"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + (
        "bad = [m for m in ('textual', 'plotext', 'textual_plotext', 'rich', 'polars') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
