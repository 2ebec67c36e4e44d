"""The engine on a device-like backend: no implicit host conversion anywhere on the GPU path,
the same numbers as on NumPy, and a number of host transfers per epoch that the metrics and
snapshots set, not the number of batches.

`tests/strict_backend.py` raises wherever CuPy would raise or sync behind the code's back;
it is NumPy underneath, so every result here must equal the NumPy run's bit for bit.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import tests.test_engine_training as engine_training
from tests.strict_backend import STRICT, TRANSFERS, ImplicitTransfer, StrictArray, xp
from tui_nn.backend import NUMPY
from tui_nn.engine import (
    EpochEnd,
    Network,
    NetworkSpec,
    Progress,
    TrainConfig,
    Trainer,
    TrainingStopped,
    WeightsSnapshot,
    parse_layers,
)
from tui_nn.engine import network as network_module
from tui_nn.engine.checkpoint import load_checkpoint, save_checkpoint

RNG = np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _count_from_zero():
    TRANSFERS.reset()


# -- the strict module catches what CuPy would ---------------------------------------------


def test_strict_arrays_refuse_every_implicit_trip_to_the_host():
    a = xp.asarray(np.arange(6.0).reshape(2, 3))
    total = a.sum()
    for convert in (np.asarray, float, int, bool, lambda v: v.item(), lambda v: f"{v:.3f}", lambda v: v.tolist()):
        with pytest.raises(ImplicitTransfer):
            convert(total)
    with pytest.raises(ImplicitTransfer):
        np.array(a)
    with pytest.raises(TypeError, match="numpy.where was handed a device array"):
        np.where(a > 1, a, 0)
    with pytest.raises(TypeError, match="host numpy.ndarray"):
        a + np.ones(3)
    with pytest.raises(TypeError, match="host numpy.ndarray"):
        np.ones(3) * a
    with pytest.raises(AttributeError):
        xp.errstate  # noqa: B018 — NumPy-only: CuPy has none
    assert TRANSFERS.to_host == 0


def test_strict_arrays_compute_on_the_device_and_count_explicit_transfers():
    flat = xp.zeros(6, dtype="float32")
    view = flat[:4].reshape(2, 2)
    view += 1.0
    xp.multiply(view, 3.0, out=view)
    hits = xp.count_nonzero(flat > 0)
    assert isinstance(hits, StrictArray) and hits.shape == ()  # a 0-d device array, as CuPy's
    assert isinstance(np.float32(2) * flat, StrictArray)  # NumPy ufuncs dispatch, as on CuPy
    assert TRANSFERS.to_device == 0
    np.testing.assert_array_equal(STRICT.to_host(flat), [3, 3, 3, 3, 0, 0])
    assert int(STRICT.to_host(hits)) == 4
    assert TRANSFERS.to_host == 2
    xp.asarray(np.ones(3))
    assert TRANSFERS.to_device == 1


# -- the engine on the strict backend equals the engine on NumPy -----------------------------


def _blobs(n: int, classes: int, inputs: int = 2, seed: int = 1):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3, size=(classes, inputs))
    labels = rng.integers(0, classes, n)
    return centres[labels] + rng.normal(scale=0.7, size=(n, inputs)), np.eye(classes)[labels]


def _regression(n: int, outputs: int, inputs: int = 3, seed: int = 2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, inputs))
    return x, np.tanh(x @ rng.normal(size=(inputs, outputs))) + rng.normal(scale=0.1, size=(n, outputs))


def _binary(n: int, seed: int = 3):
    x, y = _blobs(n, 2, seed=seed)
    return x, y[:, 1:]


def _noisy_validation(seed: int = 4):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(50, 2))
    y = (x[:, :1] > 0).astype(float)
    y[40:] = rng.random((10, 1)) > 0.5  # the validation rows are noise: it cannot keep improving
    return x, y


CASES = {
    # name: (layers, loss, task, data, config, has validation)
    "xor-full-batch": ("4:tanh,1:sigmoid", "bce", "classification", lambda: (engine_training.XOR_X, engine_training.XOR_Y),
                       dict(lr=0.05, batch_size=0, epochs=30), False),
    "softmax-momentum-val": ("8:relu,3:softmax", "cce", "classification", lambda: _blobs(150, 3),
                             dict(optimizer="momentum", lr=0.02, batch_size=16, epochs=6, early_stop=2), True),
    "binary-2-softmax-nesterov": ("6:elu,2:softmax", "cce", "classification",
                                  lambda: (lambda x, y: (x, np.concatenate([1 - y, y], axis=1)))(*_binary(90)),
                                  dict(optimizer="nesterov", lr=0.05, batch_size=10, epochs=4), True),
    "regression-sgd-l2-uneven-batches": ("5:leaky_relu,4:softplus,2:linear", "mse", "regression",
                                         lambda: _regression(103, 2),
                                         dict(optimizer="sgd", lr=0.05, batch_size=7, epochs=5, l2=1e-3), True),
    "regression-rmsprop-sigmoid": ("5:sigmoid,1:tanh", "mse", "regression", lambda: _regression(64, 1),
                                   dict(optimizer="rmsprop", lr=0.01, batch_size=8, epochs=4, shuffle=False), True),
    "early-stop-restores-the-best": ("16:tanh,1:sigmoid", "bce", "classification", _noisy_validation,
                                     dict(lr=0.05, batch_size=8, epochs=500, early_stop=5), True),
    "adam-progress-every-batch": ("3:tanh,1:sigmoid", "bce", "classification", lambda: _binary(40),
                                  dict(batch_size=8, epochs=3, snapshot_every=0.0), True),
    # dropout masks drawn on the device, L1's sign, and the metrics a monitor reads each epoch
    "dropout-l1-f1-monitor": ("8:relu:0.3,1:sigmoid", "bce", "classification", lambda: _binary(60),
                              dict(batch_size=8, epochs=6, l1=1e-3, early_stop=3, monitor="val_f1_macro"), True),
}


def _run(backend, name: str):
    layers, loss, task, data, config, has_val = CASES[name]
    x, y = data()
    split = int(len(x) * 0.8) if has_val else len(x)
    net = Network(NetworkSpec(x.shape[1], parse_layers(layers), loss), backend=backend, seed=4)
    trainer = Trainer(net, x[:split], y[:split], TrainConfig(**{"snapshot_every": 1e9, **config}), task,
                      x_val=x[split:] if has_val else None, y_val=y[split:] if has_val else None)
    events = list(trainer.run())
    return net, events


def _comparable(event):
    """An event without its timings (which differ between any two runs)."""
    if isinstance(event, EpochEnd):
        return dataclasses.replace(event, samples_per_s=0.0, seconds=0.0, elapsed=0.0)
    if isinstance(event, WeightsSnapshot):
        return event.epoch, [(w.tolist(), b.tolist()) for w, b in event.weights]
    return event


@pytest.mark.parametrize("name", list(CASES))
def test_training_on_the_strict_backend_gives_the_numpy_numbers(name):
    net_np, events_np = _run(NUMPY, name)
    net_strict, events_strict = _run(STRICT, name)
    assert [_comparable(e) for e in events_strict] == [_comparable(e) for e in events_np]
    assert isinstance(events_strict[-1], TrainingStopped)
    for (w, b), (w2, b2) in zip(net_strict.get_weights(), net_np.get_weights()):
        assert isinstance(w, np.ndarray) and isinstance(b, np.ndarray)
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)


def test_early_stopping_on_the_strict_backend_restores_the_best_weights():
    net, events = _run(STRICT, "early-stop-restores-the-best")
    stopped = events[-1]
    assert stopped.reason == "early_stop" and stopped.epoch < 500
    best = [e for e in events if isinstance(e, EpochEnd) and e.epoch == stopped.best_epoch][0]
    x, y = _noisy_validation()
    assert net.evaluate_loss(STRICT.asarray(x[40:], "float32"), STRICT.asarray(y[40:], "float32")) == best.val_loss


def test_every_batch_yields_progress_on_the_strict_backend():
    _, events = _run(STRICT, "adam-progress-every-batch")
    progress = [e for e in events if isinstance(e, Progress)]
    assert len(progress) == 3 * 3  # 32 rows in batches of 8: 4 batches, progress after the first 3
    assert all(isinstance(e.loss, float) and np.isfinite(e.loss) for e in progress)


@pytest.mark.parametrize(
    "layers, loss",
    [("4:linear,2:sigmoid", "mse"), ("4:sigmoid,3:tanh,2:linear", "mse"), ("5:relu,4:leaky_relu,1:sigmoid", "bce"),
     ("4:elu,3:softplus,3:softmax", "cce")],
)
def test_gradients_on_the_strict_backend_equal_the_checked_numpy_ones(layers, loss):
    x, y = (_blobs(12, 3, inputs=3) if loss == "cce" else (RNG.normal(size=(12, 3)), RNG.random((12, 2))))
    if loss == "bce":
        y = (y[:, :1] > 0.5).astype(float)
    spec = NetworkSpec(3, parse_layers(layers), loss)
    found = []
    for backend in (NUMPY, STRICT):
        net = Network(spec, backend=backend, dtype="float64", seed=5)
        loss_value, outputs = net.loss_and_gradients(backend.asarray(x, "float64"), backend.asarray(y, "float64"))
        found.append((float(backend.to_host(loss_value)), backend.to_host(outputs), backend.to_host(net.flat_grads)))
    (loss_np, out_np, grads_np), (loss_strict, out_strict, grads_strict) = found
    assert loss_strict == loss_np
    np.testing.assert_array_equal(out_strict, out_np)
    np.testing.assert_array_equal(grads_strict, grads_np)


def test_divergence_on_the_strict_backend_restores_finite_weights():
    x = RNG.normal(size=(64, 3)) * 100
    y = x.sum(axis=1, keepdims=True) * 100
    net = Network(NetworkSpec(3, parse_layers("8:relu,1:linear"), "mse"), backend=STRICT, seed=0)
    events = list(Trainer(net, x, y, TrainConfig(optimizer="sgd", lr=1e3, batch_size=8, epochs=50), "regression").run())
    assert events[-1].reason == "diverged"
    assert all(np.isfinite(w).all() and np.isfinite(b).all() for w, b in net.get_weights())


def test_a_stop_before_the_run_interrupts_it_on_the_strict_backend():
    net = Network(NetworkSpec(2, parse_layers("4:tanh,1:sigmoid"), "bce"), backend=STRICT)
    trainer = Trainer(net, engine_training.XOR_X, engine_training.XOR_Y, TrainConfig(batch_size=1, epochs=5),
                      "classification")
    trainer.stop()
    events = list(trainer.run())
    assert isinstance(events[-2], WeightsSnapshot) and events[-1].reason == "interrupted"


@pytest.mark.parametrize("test", [engine_training.test_xor_reaches_full_accuracy,
                                  engine_training.test_noisy_linear_regression_reaches_high_r2])
def test_the_backend_parametrised_engine_tests_pass_on_the_strict_backend(test):
    test(STRICT)


def test_prediction_and_evaluation_on_the_strict_backend_match_numpy(monkeypatch):
    monkeypatch.setattr(network_module, "PREDICT_CHUNK_ROWS", 7)  # several chunks, a short last one
    x, y = _blobs(23, 3)
    spec = NetworkSpec(2, parse_layers("5:tanh,3:softmax"), "cce")
    results = []
    for backend in (NUMPY, STRICT):
        net = Network(spec, backend=backend, seed=2)
        x_dev, y_dev = backend.asarray(x, "float32"), backend.asarray(y, "float32")
        loss, outputs = net.evaluate(x_dev, y_dev)
        assert isinstance(loss, float)
        results.append((net.predict(x), loss, net.evaluate_loss(x_dev, y_dev), backend.to_host(outputs),
                        backend.to_host(net.predict_device(x_dev))))
    for got, want in zip(*results):
        np.testing.assert_array_equal(got, want)


def test_snapshot_weights_are_host_copies_that_do_not_alias_the_network():
    net = Network(NetworkSpec(2, parse_layers("3:tanh,1:sigmoid"), "bce"), backend=STRICT, seed=1)
    weights = net.get_weights()
    assert TRANSFERS.to_host == 1  # the flat vector once, not one transfer per array
    weights[0][0][...] = 99.0
    assert not (net.get_weights()[0][0] == 99.0).any()
    numpy_net = Network(net.spec, seed=1)
    numpy_weights = numpy_net.get_weights()
    numpy_weights[0][0][...] = 99.0
    assert not (numpy_net.get_weights()[0][0] == 99.0).any()


# -- checkpoints, models and the app's training path -----------------------------------------


def test_checkpoints_save_from_and_load_into_the_strict_backend(tmp_path):
    spec = NetworkSpec(2, parse_layers("3:relu,1:sigmoid"), "bce")
    net = Network(spec, backend=STRICT, seed=3)
    path = save_checkpoint(tmp_path / "m.npz", spec, net.get_weights(), {"task": "classification"})
    loaded = load_checkpoint(path)
    again = Network(loaded.spec, backend=STRICT, seed=0)
    again.set_weights(loaded.weights)
    for (w, b), (w2, b2) in zip(again.get_weights(), Network(spec, seed=3).get_weights()):
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)


def test_a_model_trained_on_the_strict_backend_saves_loads_and_predicts(tmp_path):
    from tui_nn.data import load_dataset  # noqa: PLC0415 — polars only for the tests that need data
    from tui_nn.model import load_model, network_spec_for, save_model  # noqa: PLC0415

    data = load_dataset("man_woman")
    spec = network_spec_for(data.schema, data.n_features, data.y_train.shape[1], parse_layers("2:sigmoid,1:sigmoid"))
    net = Network(spec, backend=STRICT, seed=0)
    list(Trainer(net, data.x_train, data.y_train, TrainConfig(lr=0.1, batch_size=0, epochs=50), "classification").run())
    path = save_model(tmp_path / "man_woman.npz", net, data.schema, {"dtype": "float32"})
    on_strict = load_model(path, backend=STRICT)
    on_numpy = load_model(path)
    assert on_strict.predict_encoded(data.x_train) == on_numpy.predict_encoded(data.x_train)
    np.testing.assert_array_equal(on_strict.network.predict(data.x_train), net.predict(data.x_train))


def test_the_app_session_trains_on_the_strict_backend():
    from tui_nn.data import load_dataset  # noqa: PLC0415
    from tui_nn.spec import RunSpec  # noqa: PLC0415
    from tui_nn.tui.session import Session  # noqa: PLC0415

    session = Session(RunSpec().with_values(epochs=4, layers="2:sigmoid,1:sigmoid"))
    session.backend = STRICT
    session.set_dataset(load_dataset("man_woman"), RunSpec().data)
    trainer = session.start_run()
    assert trainer.network.backend is STRICT
    events = list(trainer.run(4))  # what the app's worker thread does
    session.record_epochs(tuple(e for e in events if isinstance(e, EpochEnd)))
    assert session.epochs_done == 4 and isinstance(events[-1], TrainingStopped)
    weights = session.weights()
    session.swap_backend(NUMPY)
    for (w, b), (w2, b2) in zip(session.weights(), weights):
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)
    session.swap_backend(STRICT)
    assert session.ensure_trainer().network.backend is STRICT


# -- host transfers per epoch: set by the metrics and snapshots, not by the batches ---------


def _transfers(rows: int, batch: int, epochs: int, validation: bool, task: str, snapshot_every: float = 1e9):
    if task == "classification":
        x, y = _blobs(rows + 20, 3)
        spec = NetworkSpec(2, parse_layers("8:tanh,3:softmax"), "cce")
    else:
        x, y = _regression(rows + 20, 2)
        spec = NetworkSpec(3, parse_layers("8:tanh,2:linear"), "mse")
    net = Network(spec, backend=STRICT, seed=0)
    trainer = Trainer(net, x[:rows], y[:rows], TrainConfig(batch_size=batch, epochs=epochs, snapshot_every=snapshot_every),
                      task, x_val=x[rows:] if validation else None, y_val=y[rows:] if validation else None)
    TRANSFERS.reset()
    events = list(trainer.run())
    counted = {kind: sum(isinstance(e, kind) for e in events) for kind in (EpochEnd, Progress, WeightsSnapshot)}
    return TRANSFERS.to_host, TRANSFERS.to_device, counted


@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("validation", [False, True])
def test_host_transfers_per_epoch_do_not_grow_with_the_batches(task, validation):
    epochs = 3
    few = _transfers(rows=200, batch=40, epochs=epochs, validation=validation, task=task)  # 5 batches an epoch
    many = _transfers(rows=200, batch=4, epochs=epochs, validation=validation, task=task)  # 50 batches an epoch
    # One transfer per epoch for the training metrics, one for validation, one per snapshot
    # (here only the run's last); uploads: the epoch's shuffled order.
    per_epoch = 1 + validation
    for to_host, to_device, counted in (few, many):
        assert counted[WeightsSnapshot] == 1 and counted[Progress] == 0
        assert to_host == epochs * per_epoch + 1
        assert to_device == epochs
    assert few[:2] == many[:2]


def test_mid_epoch_progress_and_snapshots_cost_one_transfer_each():
    to_host, _, counted = _transfers(rows=80, batch=8, epochs=2, validation=True, task="classification",
                                     snapshot_every=0.0)
    assert counted[Progress] == 2 * 9  # 10 batches an epoch: progress after each but the last
    assert to_host == counted[EpochEnd] * 2 + counted[Progress] + counted[WeightsSnapshot]


async def test_the_app_trains_draws_and_predicts_on_the_strict_backend(monkeypatch):
    """The whole app on a device-like backend: its worker iterates the trainer, the status bar,
    charts, weights and views draw from what the engine hands over, never a device array."""
    import tui_nn.backend  # noqa: PLC0415
    from tui_nn.tui.app import make_app  # noqa: PLC0415

    monkeypatch.setattr(tui_nn.backend, "select_backend", lambda choice="auto": STRICT)
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=60, lr=0.1)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.backend is STRICT
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.network.backend is STRICT
        assert app.session.state == "done", app.session.stop_message
        assert app.session.history[-1].epoch == 60
        for key in "123456":  # every view draws from the trained network
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert not errors
        outputs = app.session.network.predict(app.session.dataset.x_train).ravel()
        assert outputs.shape == (3,)


def test_tui_nn_train_runs_on_the_strict_backend_and_its_checkpoint_predicts(tmp_path, monkeypatch, capsys):
    """The headless CLI's train (metrics lines, validation, --save) on a device-like backend;
    `predict` (NumPy: it takes no --backend) reads what it saved."""
    import tui_nn.backend  # noqa: PLC0415
    from tui_nn.cli import main as cli_main  # noqa: PLC0415

    monkeypatch.setattr(tui_nn.backend, "select_backend", lambda choice="auto": STRICT)
    path, metrics = tmp_path / "iris.npz", tmp_path / "m.jsonl"
    assert cli_main(["train", "iris", "--layers", "8:tanh,3:softmax", "--epochs", "5", "--val-split", "0.2",
                     "--backend", "numpy", "--metrics-out", str(metrics), "--save", str(path), "--quiet"]) == 0
    assert len(metrics.read_text().splitlines()) == 5
    assert cli_main(["predict", str(path), "--input", "sepal_length_cm=5.1,sepal_width_cm=3.5,petal_length_cm=1.4,petal_width_cm=0.2"]) == 0
    assert "setosa" in capsys.readouterr().out
