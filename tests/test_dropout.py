"""Dropout: inverted, per hidden layer (`32:relu:0.3`, `--dropout F`), seeded, off when
evaluating and predicting; its gradient through a fixed mask against finite differences;
the checkpoint, summary, predict and the exports carry it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.engine.network import parse_layers
from tui_nn.engine.trainer import EpochEnd, TrainConfig, Trainer
from tui_nn.errors import TuiNNError
from tui_nn.model import load_model
from tui_nn.spec import RunSpec

DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def _net(rate: float = 0.5, seed: int = 0) -> Network:
    layers = (LayerSpec(6, "tanh", rate), LayerSpec(4, "relu", rate), LayerSpec(1, "sigmoid"))
    return Network(NetworkSpec(3, layers, "bce"), dtype="float64", seed=seed)


def test_the_layer_spec_writes_and_reads_its_rate():
    layers = parse_layers("32:relu:0.3,16:tanh,1:sigmoid")
    assert layers[0].dropout == 0.3 and layers[1].dropout == 0.0
    assert ",".join(map(str, layers)) == "32:relu:0.3,16:tanh,1:sigmoid"
    for bad in ("32:relu:1", "32:relu:-0.1", "32:relu:x"):
        with pytest.raises(TuiNNError, match=r"dropout rate .* must be a number in \[0, 1\)"):
            parse_layers(bad + ",1:sigmoid")
    with pytest.raises(TuiNNError, match="dropout is for hidden layers"):
        NetworkSpec(2, parse_layers("4:tanh,1:sigmoid:0.2"), "bce").validate()
    spec = NetworkSpec(2, layers, "bce")
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    assert "dropout" not in NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce").to_dict()["layers"][0]


def test_gradient_through_a_fixed_mask_matches_finite_differences():
    net = _net()
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(5, 3)), (rng.random((5, 1)) > 0.5) * 1.0
    masks = [(rng.random((5, units)) > 0.5) * 2.0 for units in (6, 4)]
    for layer, mask in zip(net.layers[:2], masks):
        layer.draw_mask = lambda shape, dtype, mask=mask: mask

    def loss(flat):
        saved = net.flat_params.copy()
        net.flat_params[...] = flat
        net.forward(x)
        value = float(net.backward(y))
        net.flat_params[...] = saved
        return value

    net.forward(x)
    net.backward(y)
    analytic = net.flat_grads.copy()
    flat = net.flat_params.copy()
    numeric = np.array([(loss(flat + e) - loss(flat - e)) / 2e-6 for e in np.eye(len(flat)) * 1e-6])
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)
    # unit 0 of layer 1 dropped in every row: the weights into it learn nothing from this batch
    masks[0][:, 0] = 0.0
    net.forward(x)
    net.backward(y)
    assert np.all(net.layers[0].grads["weight"][:, 0] == 0) and net.layers[0].grads["bias"][0] == 0
    assert np.all(net.layers[1].grads["weight"][0] == 0)  # nor do the weights out of it


def test_inverted_dropout_keeps_the_expected_output_and_prediction_never_drops():
    net = Network(NetworkSpec(4, (LayerSpec(2000, "linear", 0.3), LayerSpec(1, "linear")), "mse"), dtype="float64")
    x = np.ones((50, 4))
    hidden = net.layers[0]
    dropped = hidden.forward(x)
    full = hidden.predict(x)
    assert 0.27 < np.mean(dropped == 0) < 0.33  # about 30 % zeroed
    kept = dropped != 0
    np.testing.assert_allclose(dropped[kept], full[kept] / 0.7)  # survivors scaled by 1/(1−p): the same expectation
    np.testing.assert_array_equal(net.predict(x), net.predict(x))  # no randomness when predicting


def test_runs_with_dropout_repeat_from_the_seed_and_differ_without_it(capsys, tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 3)), (rng.random((64, 1)) > 0.5) * 1.0

    def losses(rate, seed=0):
        events = Trainer(_net(rate, seed), x, y, TrainConfig(epochs=3, seed=seed), "classification").run()
        return [e.loss for e in events if isinstance(e, EpochEnd)]

    assert losses(0.5) == losses(0.5)
    assert losses(0.5) != losses(0.0)


def test_dropout_flag_summary_checkpoint_and_predict(capsys, tmp_path):
    saved = tmp_path / "m.npz"
    assert main(["train", str(DATASETS / "moons.csv"), "--layers", "16:tanh,8:tanh:0.3,1:sigmoid", "--dropout", "0.2",
                 "--epochs", "5", "--save", str(saved), "--quiet"]) == 0
    model = load_model(saved)
    assert [layer.dropout for layer in model.network.spec.layers] == [0.2, 0.3, 0.0]  # its own rate stays
    capsys.readouterr()
    assert main(["summary", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "Dense 16 tanh, dropout 0.2 → Dense 8 tanh, dropout 0.3 → Dense 1 sigmoid" in out
    assert main(["predict", str(saved), "--input", "x1=0.5,x2=-0.2", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["predict", str(saved), "--input", "x1=0.5,x2=-0.2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first  # predicting never drops
    assert RunSpec().with_values(dropout=0.25).network.dropout == 0.25
    with pytest.raises(TuiNNError, match="dropout"):
        RunSpec().with_values(dropout=1.0)


async def test_p_steps_the_selected_layers_dropout_and_keeps_the_weights():
    from tui_nn.tui.app import make_app

    app = make_app("moons", layers="8:tanh,1:sigmoid", backend="numpy", epochs=3)
    async with app.run_test(size=(200, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")  # one epoch: trained weights
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = app.session.network.get_weights()
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.session.layers[0].dropout == 0.2 and "dropout 0.2 from the next run" in app.last_notice
        assert app.session.trained and app.session.epochs_done == 1  # nothing asked, nothing lost
        for (w, b), (w0, b0) in zip(app.session.network.get_weights(), before):
            np.testing.assert_array_equal(w, w0)
        assert app.session.network.spec.layers[0].dropout == 0.2
        editor = app.main.editor.render().plain
        assert "drop 0.2" in editor and "Dense 8 tanh, dropout 0.2" in editor
        await pilot.press("down", "p")
        await pilot.pause()
        assert "output layer has no dropout" in app.last_notice and app.session.layers[1].dropout == 0
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.epochs_done == 2 and app.session.trainer.network.layers[0].dropout == 0.2
