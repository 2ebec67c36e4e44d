"""Learning-rate schedules (constant, step, cosine, plateau): the lr of every epoch, that the
optimizer steps with it, Keras' ReduceLROnPlateau on a loss that cannot improve, the RunSpec
keys and flags, and `lr` in each `--metrics-out` line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import build_parser, main, run_spec_from_args
from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.engine.trainer import LR_SCHEDULE_NAMES, EpochEnd, TrainConfig, Trainer, WeightsSnapshot
from tui_nn.errors import TuiNNError
from tui_nn.spec import KEYS, RunSpec

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
X = np.linspace(-1.0, 1.0, 9).reshape(-1, 1)


def _line_net(w: float = 0.3, b: float = 0.0) -> Network:
    net = Network(NetworkSpec(1, (LayerSpec(1, "linear"),), "mse"), dtype="float64")
    net.set_weights([(np.array([[w]]), np.array([b]))])
    return net


def _epoch_lrs(events) -> list[float]:
    return [event.lr for event in events if isinstance(event, EpochEnd)]


def _run(config: TrainConfig, y=None, net=None, **val):
    net = net or _line_net()
    y = 2.0 * X if y is None else y
    return list(Trainer(net, X, y, config, "regression", **val).run())


def test_constant_is_the_default_and_keeps_the_lr():
    assert TrainConfig().lr_schedule == "constant"
    assert _epoch_lrs(_run(TrainConfig(optimizer="sgd", lr=0.05, batch_size=0, epochs=6))) == [0.05] * 6


def test_step_multiplies_by_the_factor_every_lr_step_epochs():
    config = TrainConfig(optimizer="sgd", lr=0.1, batch_size=0, epochs=10, lr_schedule="step", lr_factor=0.5, lr_step=3)
    expected = [0.1] * 3 + [0.05] * 3 + [0.025] * 3 + [0.0125]
    np.testing.assert_allclose(_epoch_lrs(_run(config)), expected, rtol=1e-15)


def test_step_counts_the_trainers_epochs_across_runs():
    config = TrainConfig(optimizer="sgd", lr=0.1, batch_size=0, epochs=2, lr_schedule="step", lr_step=3)
    trainer = Trainer(_line_net(), X, 2.0 * X, config, "regression")
    lrs = _epoch_lrs(trainer.run()) + _epoch_lrs(trainer.run()) + _epoch_lrs(trainer.run())
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.1, 0.05, 0.05, 0.05], rtol=1e-15)


def test_cosine_anneals_over_the_runs_epochs():
    epochs = 8
    config = TrainConfig(optimizer="sgd", lr=0.1, batch_size=0, epochs=epochs, lr_schedule="cosine")
    expected = [0.1 * 0.5 * (1 + math.cos(math.pi * e / epochs)) for e in range(epochs)]
    lrs = _epoch_lrs(_run(config))
    np.testing.assert_allclose(lrs, expected, rtol=1e-15)
    assert lrs[0] == 0.1 and lrs[4] == pytest.approx(0.05) and 0 < lrs[-1] < 0.005


def test_the_optimizer_steps_with_each_epochs_lr():
    """Full-batch SGD: the weights move by −lr_e·∇L(w) in epoch e, with lr_e the schedule's."""
    config = TrainConfig(optimizer="sgd", lr=0.2, batch_size=0, epochs=5, lr_schedule="cosine", snapshot_every=0.0)
    y = 2.0 * X + 0.5
    events = _run(config, y=y)
    lrs = _epoch_lrs(events)
    snapshots = [e.weights for e in events if isinstance(e, WeightsSnapshot)][:5]
    probe = _line_net()
    before = probe.get_weights()
    for lr, after in zip(lrs, snapshots):
        probe.set_weights(before)
        probe.loss_and_gradients(X, y)
        expected = np.array(probe.flat_params) - lr * np.array(probe.flat_grads)
        got = np.concatenate([after[0][0].ravel(), after[0][1].ravel()])
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        before = after


def test_plateau_halves_the_lr_after_patience_flat_epochs():
    # The network already fits y = 2x + 1 exactly: the loss is 0 every epoch and cannot improve.
    net = _line_net(2.0, 1.0)
    config = TrainConfig(optimizer="sgd", lr=0.1, batch_size=0, epochs=11, lr_schedule="plateau",
                         lr_factor=0.5, lr_patience=3)
    events = _run(config, y=2.0 * X + 1.0, net=net)
    assert {e.loss for e in events if isinstance(e, EpochEnd)} == {0.0}
    # Epoch 1 is the best so far (Keras starts from inf); epochs 2, 3, 4 are flat → epoch 5 halves,
    # the wait starts again: 5, 6, 7 flat → epoch 8 halves again; 8, 9, 10 → epoch 11.
    expected = [0.1] * 4 + [0.05] * 3 + [0.025] * 3 + [0.0125]
    np.testing.assert_allclose(_epoch_lrs(events), expected, rtol=1e-15)


def test_plateau_keeps_the_lr_while_the_loss_improves():
    config = TrainConfig(optimizer="sgd", lr=0.05, batch_size=0, epochs=10, lr_schedule="plateau", lr_patience=2)
    events = _run(config)
    losses = [e.loss for e in events if isinstance(e, EpochEnd)]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    assert _epoch_lrs(events) == [0.05] * 10


def test_plateau_watches_the_validation_loss_when_there_is_one():
    # Validation targets are the training ones negated: as training improves, validation gets worse.
    config = TrainConfig(optimizer="sgd", lr=0.05, batch_size=0, epochs=7, lr_schedule="plateau", lr_patience=2)
    events = _run(config, x_val=X, y_val=-2.0 * X)
    val = [e.val_loss for e in events if isinstance(e, EpochEnd)]
    assert all(b > a for a, b in zip(val, val[1:]))
    # Best at epoch 1; epochs 2, 3 worse → epoch 4 halves; 4, 5 → epoch 6 halves; 6, 7.
    np.testing.assert_allclose(_epoch_lrs(events), [0.05] * 3 + [0.025] * 2 + [0.0125] * 2, rtol=1e-15)


@pytest.mark.parametrize(
    "field, value, message",
    [("lr_schedule", "exponential", "lr schedule"), ("lr_factor", 0.0, "lr factor"), ("lr_factor", 1.0, "lr factor"),
     ("lr_factor", float("nan"), "lr factor"), ("lr_patience", 0, "lr patience"), ("lr_step", 0, "lr step")],
)
def test_bad_schedule_settings_are_refused(field, value, message):
    with pytest.raises(TuiNNError, match=message):
        TrainConfig(**{field: value}).validate()


def test_schedule_keys_are_training_keys_with_the_engines_defaults():
    engine, spec = TrainConfig(), RunSpec().training
    for name in ("lr_schedule", "lr_factor", "lr_patience", "lr_step"):
        assert KEYS[name].section == "training"
        assert getattr(spec, name) == getattr(engine, name)
    assert (engine.lr_schedule, engine.lr_factor, engine.lr_patience, engine.lr_step) == ("constant", 0.5, 5, 10)
    assert KEYS["lr_schedule"].choices == LR_SCHEDULE_NAMES
    config = RunSpec().with_values(lr_schedule="plateau", lr_factor=0.2, lr_patience=3, lr_step=4).training.config()
    assert (config.lr_schedule, config.lr_factor, config.lr_patience, config.lr_step) == ("plateau", 0.2, 3, 4)
    assert config.to_dict()["lr_schedule"] == "plateau"
    with pytest.raises(TuiNNError, match="lr_factor"):
        RunSpec().with_values(lr_factor=1.5)
    with pytest.raises(TuiNNError, match="lr factor"):
        RunSpec().with_values(lr_factor=0.0).validate()


def test_schedule_flags_map_onto_the_spec():
    argv = ["train", "data.csv", "--lr-schedule", "step", "--lr-factor", "0.1", "--lr-patience", "2", "--lr-step", "7"]
    training = run_spec_from_args(build_parser("train").parse_args(argv)).training
    assert (training.lr_schedule, training.lr_factor, training.lr_patience, training.lr_step) == ("step", 0.1, 2, 7)


def test_help_lists_the_schedule_options_with_their_defaults(capsys):
    assert main(["train", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for flag in ("--lr-schedule {constant,step,cosine,plateau}", "--lr-factor F", "--lr-patience N", "--lr-step N"):
        assert flag in text
    assert "(default: constant)" in text and "(default: 0.5)" in text


def test_metrics_out_carries_each_epochs_lr(capsys, tmp_path):
    metrics = tmp_path / "m.jsonl"
    code = main(["train", str(DATASETS / "man_woman.csv"), "--epochs", "5", "--lr", "0.08", "--lr-schedule", "step",
                 "--lr-step", "2", "--metrics-out", str(metrics), "--quiet"])
    assert code == 0, capsys.readouterr().err
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    np.testing.assert_allclose([line["lr"] for line in lines], [0.08, 0.08, 0.04, 0.04, 0.02], rtol=1e-12)


def test_set_lr_applies_from_the_next_epoch_without_a_reset():
    """The app changes the lr during a run: the epoch in flight keeps its lr, the next ones
    take the new one (scaled by the schedule as before), the weights and epochs go on."""
    config = TrainConfig(optimizer="sgd", lr=0.1, batch_size=0, epochs=6, lr_schedule="step", lr_step=2)
    trainer = Trainer(_line_net(), X, 2.0 * X, config, "regression")
    lrs, weights = [], None
    for event in trainer.run():
        if isinstance(event, EpochEnd):
            lrs.append(event.lr)
            if event.epoch == 3:
                weights = trainer.network.get_weights()[0][0].copy()
                trainer.set_lr(0.02)
    np.testing.assert_allclose(lrs, [0.1, 0.1, 0.05, 0.01, 0.005, 0.005], rtol=1e-12)
    assert trainer.epoch == 6 and not np.allclose(trainer.network.get_weights()[0][0], weights)
    with pytest.raises(TuiNNError):
        trainer.set_lr(-1.0)
    assert trainer.config.lr == 0.02
