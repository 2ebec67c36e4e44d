"""The training loop reaches what it should, and stops cleanly when it should."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tui_nn.engine import (
    EpochEnd,
    LayerSpec,
    Network,
    NetworkSpec,
    TrainConfig,
    Trainer,
    TrainingStopped,
    WeightsSnapshot,
    parse_layers,
)
from tui_nn.errors import TuiNNError

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def train(net, x, y, task, **config):
    trainer = Trainer(net, x, y, TrainConfig(**config), task)
    events = list(trainer.run())
    epochs = [e for e in events if isinstance(e, EpochEnd)]
    return trainer, epochs, events[-1]


def test_xor_reaches_full_accuracy(backend):
    spec = NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce")
    net = Network(spec, backend=backend, seed=0)
    _, epochs, stopped = train(net, XOR_X, XOR_Y, "classification", lr=0.05, batch_size=0, epochs=600)
    assert stopped.reason == "completed"
    assert epochs[-1].metric == 1.0
    predictions = (net.predict(XOR_X) > 0.5).astype(float)
    np.testing.assert_array_equal(predictions, XOR_Y)


def test_xor_cannot_be_learned_without_a_hidden_layer():
    spec = NetworkSpec(2, parse_layers("1:sigmoid"), "bce")
    net = Network(spec, seed=0)
    _, epochs, _ = train(net, XOR_X, XOR_Y, "classification", lr=0.05, batch_size=0, epochs=600)
    assert epochs[-1].metric <= 0.75


def test_lecture_two_two_one_network_separates_man_and_woman():
    x = np.array([[100, 180], [70, 190], [50, 160]], dtype=float)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    y = np.array([[0], [0], [1]], dtype=float)  # Man = 0, Woman = 1
    net = Network(NetworkSpec(2, parse_layers("2:sigmoid,1:sigmoid"), "bce"), seed=0)
    assert net.n_parameters == 9
    _, epochs, _ = train(net, x, y, "classification", lr=0.1, batch_size=0, epochs=500)
    assert epochs[-1].metric == 1.0


def test_noisy_linear_regression_reaches_high_r2(backend):
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=(400, 1))
    y = 3 * x + 1 + rng.normal(scale=0.3, size=(400, 1))
    net = Network(NetworkSpec(1, parse_layers("1:linear"), "mse"), backend=backend, seed=0)
    _, epochs, _ = train(net, x, y, "regression", lr=0.05, batch_size=32, epochs=60)
    assert epochs[-1].metric > 0.95
    w, b = net.get_weights()[0]
    assert w[0, 0] == pytest.approx(3, abs=0.1) and b[0] == pytest.approx(1, abs=0.1)


def test_multiclass_softmax_learns_three_blobs():
    rng = np.random.default_rng(1)
    centres = np.array([[0, 3], [3, -2], [-3, -2]])
    labels = rng.integers(0, 3, 300)
    x = centres[labels] + rng.normal(scale=0.5, size=(300, 2))
    y = np.eye(3)[labels]
    net = Network(NetworkSpec(2, parse_layers("8:relu,3:softmax"), "cce"), seed=0)
    trainer = Trainer(net, x[:240], y[:240], TrainConfig(lr=0.02, batch_size=16, epochs=30), "classification",
                      x_val=x[240:], y_val=y[240:])
    epochs = [e for e in trainer.run() if isinstance(e, EpochEnd)]
    assert epochs[-1].val_metric >= 0.98
    assert epochs[-1].val_loss < epochs[0].val_loss


def test_huge_learning_rate_diverges_cleanly_and_keeps_finite_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)) * 100
    y = x.sum(axis=1, keepdims=True) * 100
    net = Network(NetworkSpec(3, parse_layers("8:relu,1:linear"), "mse"), seed=0)
    _, epochs, stopped = train(net, x, y, "regression", optimizer="sgd", lr=1e3, batch_size=8, epochs=50)
    assert stopped.reason == "diverged"
    assert stopped.message.startswith(f"diverged at epoch {stopped.epoch + 1} — lower the learning rate")
    assert all(np.isfinite(w).all() and np.isfinite(b).all() for w, b in net.get_weights())


def test_early_stopping_restores_the_best_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2))
    y = (x[:, :1] > 0).astype(float)
    x_val = rng.normal(size=(40, 2))
    y_val = (rng.random((40, 1)) > 0.5).astype(float)  # noise: validation cannot keep improving
    net = Network(NetworkSpec(2, parse_layers("16:tanh,1:sigmoid"), "bce"), seed=0)
    trainer = Trainer(net, x, y, TrainConfig(lr=0.05, batch_size=8, epochs=500, early_stop=5), "classification",
                      x_val=x_val, y_val=y_val)
    events = list(trainer.run())
    stopped = events[-1]
    assert stopped.reason == "early_stop"
    assert stopped.epoch < 500
    best = [e for e in events if isinstance(e, EpochEnd) and e.epoch == stopped.best_epoch][0]
    assert trainer.network.evaluate_loss(trainer.x_val, trainer.y_val) == pytest.approx(best.val_loss, rel=1e-5)


def test_stop_from_another_thread_ends_the_run_as_interrupted():
    x = np.random.default_rng(0).normal(size=(2000, 4))
    y = (x.sum(axis=1, keepdims=True) > 0).astype(float)
    net = Network(NetworkSpec(4, parse_layers("16:tanh,1:sigmoid"), "bce"), seed=0)
    trainer = Trainer(net, x, y, TrainConfig(batch_size=4, epochs=10_000), "classification")
    trainer.pause()
    threading.Timer(0.2, trainer.stop).start()
    events = list(trainer.run())
    assert events[-1].reason == "interrupted"
    assert isinstance(events[-2], WeightsSnapshot)
    assert trainer.epoch == 0  # paused before the first batch, so nothing was trained


def test_training_continues_across_runs():
    net = Network(NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce"), seed=0)
    trainer = Trainer(net, XOR_X, XOR_Y, TrainConfig(lr=0.05, batch_size=0, epochs=10), "classification")
    list(trainer.run(epochs=1))
    list(trainer.run(epochs=2))
    assert trainer.epoch == 3
    assert trainer.optimizer.steps == 3


def test_same_seed_gives_the_same_run():
    def final_loss():
        net = Network(NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce"), seed=7)
        _, epochs, _ = train(net, np.tile(XOR_X, (8, 1)), np.tile(XOR_Y, (8, 1)), "classification",
                             batch_size=4, epochs=5, seed=3)
        return epochs[-1].loss
    assert final_loss() == final_loss()


def test_weight_snapshots_are_rate_limited():
    net = Network(NetworkSpec(2, parse_layers("2:sigmoid,1:sigmoid"), "bce"), seed=0)
    trainer = Trainer(net, XOR_X, XOR_Y, TrainConfig(batch_size=0, epochs=2000, snapshot_every=10.0), "classification")
    snapshots = [e for e in trainer.run() if isinstance(e, WeightsSnapshot)]
    assert len(snapshots) == 1  # only the final one: 2000 epochs take far less than 10 s


@pytest.mark.parametrize(
    "field, value, message",
    [("lr", 0.0, "learning rate"), ("lr", float("nan"), "learning rate"), ("batch_size", -1, "batch size"),
     ("epochs", 0, "epochs"), ("l2", -1.0, "L2"), ("early_stop", 0, "patience")],
)
def test_bad_training_settings_are_refused(field, value, message):
    with pytest.raises(TuiNNError, match=message):
        TrainConfig(**{field: value}).validate()


def test_targets_must_match_the_output_width():
    net = Network(NetworkSpec(2, (LayerSpec(3, "softmax"),), "cce"))
    with pytest.raises(TuiNNError, match="ends with 3 units"):
        Trainer(net, XOR_X, XOR_Y, TrainConfig(), "classification")


def test_float64_training_matches_float32_closely():
    losses = {}
    for dtype in ("float32", "float64"):
        net = Network(NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce"), dtype=dtype, seed=0)
        _, epochs, _ = train(net, XOR_X, XOR_Y, "classification", batch_size=0, epochs=50)
        losses[dtype] = epochs[-1].loss
        assert net.flat_params.dtype == np.dtype(dtype)
    assert losses["float32"] == pytest.approx(losses["float64"], rel=1e-4)


def test_a_stop_asked_before_the_run_starts_is_honoured_once():
    net = Network(NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce"), seed=0)
    trainer = Trainer(net, XOR_X, XOR_Y, TrainConfig(batch_size=0, epochs=5), "classification")
    trainer.stop()
    assert list(trainer.run())[-1].reason == "interrupted" and trainer.epoch == 0
    assert list(trainer.run())[-1].reason == "completed" and trainer.epoch == 5
