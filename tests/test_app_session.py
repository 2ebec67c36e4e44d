"""The app's state rules without a screen: settings checks, layer edits, chart helpers."""

from __future__ import annotations

import math
import time

import pytest

from tui_nn.data import load_dataset
from tui_nn.engine import LayerSpec
from tui_nn.errors import TuiNNError
from tui_nn.spec import RunSpec, parse_text, text_of
from tui_nn.tui.session import Session
from tui_nn.tui.widgets.series import downsample, log_ticks, nice_ticks


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("lr", "abc", 'learning rate: "abc" is not a number'),
        ("lr", "0", "learning rate 0.0 must be a positive number"),
        ("batch_size", "-1", "batch size = -1 must be at least 0"),
        ("batch_size", "1.5", 'batch size: "1.5" is not a whole number'),
        ("epochs", "0", "epochs = 0 must be at least 1"),
        ("l2", "-0.1", "L2 = -0.1 must be at least 0"),
        ("val_split", "1", "validation split = 1 must be below 1"),
        ("seed", "-3", "seed = -3 must be at least 0"),
        ("optimizer", "adamw", 'optimizer = "adamw": use one of'),
    ],
)
def test_a_bad_setting_is_refused_with_a_message(field, text, message):
    run = RunSpec()
    with pytest.raises(TuiNNError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run.with_values(**{field: parse_text(field, text)})
    assert run == RunSpec()  # frozen: the old value stays


def test_good_settings_parse():
    run = RunSpec().with_values(lr=parse_text("lr", " 0.1 "), batch_size=parse_text("batch_size", "0"),
                                val_split=parse_text("val_split", "0.2"))
    assert (run.training.lr, run.training.batch_size, run.data.val_split) == (0.1, 0, 0.2)
    assert text_of(run.get("lr")) == "0.1"


def test_editing_layers_discards_trained_weights_but_a_learning_rate_does_not():
    session = Session(RunSpec().with_values(epochs=3, layers="2:sigmoid,1:sigmoid"))
    session.set_dataset(load_dataset("man_woman"), RunSpec().data)
    trainer = session.start_run()
    events = [e for e in trainer.run(3) if type(e).__name__ == "EpochEnd"]
    session.record_epochs(tuple(events))
    session.finish_run("completed", 3)
    assert session.trained and not session.saved
    assert "applies from the next run" in session.change_run(session.run.with_values(lr=0.1))
    assert session.network is not None and session.trainer is None and session.epochs_done == 3
    assert session.ensure_trainer().epoch == 3  # a rebuilt trainer continues the count
    session.edit_layers("units", 1)
    assert session.network is None and session.epochs_done == 0 and len(session.history) == 0


def test_the_apps_trainer_is_the_clis_class_weights_and_metric_names_included():
    session = Session(RunSpec().with_values(epochs=2, class_weight="Man=1,Woman=3", monitor="val_f1_macro"))
    session.set_dataset(load_dataset("man_woman"), RunSpec().data)
    trainer = session.ensure_trainer()
    assert trainer.classes == ("Man", "Woman") and trainer.config.monitor == "val_f1_macro"
    assert list(trainer.class_weight) == [1.0, 3.0]
    bad = Session(RunSpec().with_values(class_weight="Men=2"))
    bad.set_dataset(load_dataset("man_woman"), RunSpec().data)
    with pytest.raises(TuiNNError, match='class weight "Men": no such class'):
        bad.ensure_trainer()


def test_adding_after_a_softmax_output_makes_a_hidden_tanh_layer():
    session = Session(RunSpec().with_values(layers="3:softmax"))
    session.edit_layers("add")
    assert session.layers == (LayerSpec(3, "softmax"), LayerSpec(3, "tanh"))
    assert session.selected == 1


def test_a_new_dataset_keeps_hidden_layers_and_fits_the_output():
    session = Session(RunSpec().with_values(layers="5:relu,1:sigmoid"))
    notes = session.set_dataset(load_dataset("iris"), RunSpec().with_values(source="iris").data)
    assert session.layers == (LayerSpec(5, "relu"), LayerSpec(3, "softmax"))
    assert notes and "Dense 3 softmax" in notes[0]
    assert session.spec_problem() is None


def test_downsample_keeps_the_last_point_and_drops_missing_values():
    xs, ys = downsample(list(range(1, 10_001)), [float(i) for i in range(10_000)], 100)
    assert len(xs) == 100 and xs[-1] == 10_000 and xs[0] == 1
    xs, ys = downsample([1, 2, 3], [1.0, None, math.nan], 10)
    assert xs == [1] and ys == [1.0]


def test_downsample_cost_does_not_grow_with_the_history():
    big = list(range(2_000_000))
    started = time.perf_counter()
    downsample(big, big, 300)
    assert time.perf_counter() - started < 0.05


def test_chart_ticks_are_round_numbers():
    assert nice_ticks(1, 200, 5) == [50.0, 100.0, 150.0, 200.0]
    ticks, labels = log_ticks(math.log10(0.004), math.log10(0.7))
    assert labels == ["0.01", "0.1"]
    ticks, labels = log_ticks(math.log10(0.03), math.log10(0.2))
    assert labels == ["0.05", "0.1", "0.2"]


def test_chart_history_stays_bounded_and_evenly_spread():
    from tui_nn.tui.widgets.series import EpochHistory

    history = EpochHistory(capacity=64)
    for epoch in range(1, 100_001):
        history.append(epoch, 1.0 / epoch, None if epoch % 2 else 2.0 / epoch)
    assert len(history) < 64
    assert history.latest == (100_000, 1e-5, 2e-5)
    gaps = {b - a for a, b in zip(history.epochs, history.epochs[1:])}
    assert gaps == {history.stride}  # one spacing throughout: thinned evenly, not just the tail
    xs, ys, val_x, _ = history.points(200)
    assert xs[-1] == 100_000 and ys[-1] == 1e-5  # the newest epoch is always drawn
    assert val_x and all(x % 2 == 0 for x in val_x)
