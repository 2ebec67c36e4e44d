"""Numerics under abuse: extreme inputs, degenerate data and absurd learning rates give
finite results or a clean, explained stop — never a crash or a silent NaN."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.engine import EpochEnd, Network, NetworkSpec, TrainConfig, Trainer, parse_layers
from tui_nn.engine.activations import ACTIVATIONS, log_softmax, sigmoid, softmax


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activations_stay_finite_at_plus_minus_1e4(dtype):
    z = np.array([[-1e4, -100.0, 0.0, 100.0, 1e4]], dtype=dtype)
    # Not even a warning: overflow and NaN are avoided, not hidden (underflow to 0 is harmless).
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for name, act in ACTIVATIONS.items():
            a = act.forward(z, np)
            assert np.isfinite(a).all(), name
            if act.derivative is not None:
                assert np.isfinite(act.derivative(z, a, np)).all(), name
        assert np.isfinite(log_softmax(z, np)).all()
    np.testing.assert_allclose(sigmoid(z, np)[0, [0, -1]], [0.0, 1.0])
    np.testing.assert_allclose(softmax(z, np).sum(), 1.0, rtol=1e-6)


def _train(x, y, layers, loss, task, **config):
    net = Network(NetworkSpec(x.shape[1], parse_layers(layers), loss), seed=0)
    trainer = Trainer(net, x, y, TrainConfig(**config), task)
    events = list(trainer.run())
    return net, [e for e in events if isinstance(e, EpochEnd)], events[-1]


def test_a_constant_feature_trains_without_nan():
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.normal(size=50), np.full(50, 7.0)])
    y = (x[:, :1] > 0).astype(float)
    _, epochs, stopped = _train(x, y, "4:tanh,1:sigmoid", "bce", "classification", epochs=20, batch_size=8)
    assert stopped.reason == "completed" and np.isfinite(epochs[-1].loss)


def test_a_batch_with_a_single_class_is_fine():
    x = np.linspace(-1, 1, 40)[:, None]
    y = (x > 0).astype(float)  # unshuffled batches of 8: most hold one class only
    _, epochs, stopped = _train(x, y, "4:tanh,1:sigmoid", "bce", "classification", epochs=30, batch_size=8,
                                shuffle=False, lr=0.05)
    assert stopped.reason == "completed" and epochs[-1].metric >= 0.9


def test_a_batch_larger_than_the_data_is_one_full_batch():
    x = np.array([[0.0], [1.0], [2.0]])
    y = np.array([[1.0], [2.0], [3.0]])
    net, epochs, _ = _train(x, y, "1:linear", "mse", "regression", epochs=1, batch_size=1000)
    assert len(epochs) == 1 and np.isfinite(epochs[0].loss)


@pytest.mark.parametrize("lr", [1e-8, 1e-4, 1e-1])
def test_small_and_moderate_learning_rates_train_finitely(lr):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]])
    net, epochs, stopped = _train(x, y, "8:tanh,1:linear", "mse", "regression", epochs=10, lr=lr, optimizer="sgd")
    assert stopped.reason == "completed" and np.isfinite(epochs[-1].loss)
    assert all(np.isfinite(w).all() for w, _ in net.get_weights())


@pytest.mark.parametrize("lr", ["100", "1000"])
def test_huge_learning_rates_diverge_cleanly_with_exit_1(tmp_path, capsys, lr):
    data = tmp_path / "d.csv"
    rng = np.random.default_rng(2)
    data.write_text("a,b,y\n" + "".join(f"{a:.3f},{b:.3f},{3 * a - b:.3f}\n" for a, b in rng.normal(size=(200, 2))))
    model = tmp_path / "m.npz"
    code = main(["train", str(data), "--optimizer", "sgd", "--lr", lr, "--epochs", "200", "--layers", "16:relu,1:linear",
                 "--save", str(model), "--json", "--quiet"])
    out, _ = capsys.readouterr()
    assert code == 1 and json.loads(out)["stopped"] == "diverged"
    with np.load(model, allow_pickle=False) as ckpt:
        assert all(np.isfinite(ckpt[k]).all() for k in ckpt.files if k != "spec")


def test_float32_inputs_near_overflow_do_not_crash():
    x = np.array([[3e38], [-3e38], [1.0], [0.0]])
    y = np.array([[1.0], [0.0], [1.0], [0.0]])
    _, _, stopped = _train(x, y, "2:tanh,1:sigmoid", "bce", "classification", epochs=5, batch_size=0)
    assert stopped.reason in ("completed", "diverged")
