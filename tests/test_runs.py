"""The session's run log (issue #15, "runs compared"), without a screen: what a run leaves behind,
how many are kept, their best metric, what changed between them and restoring a run's setup."""

from __future__ import annotations

import math

from tui_nn.data import load_dataset
from tui_nn.engine import EpochEnd
from tui_nn.spec import RunSpec
from tui_nn.tui.runs import RUN_POINTS, RUNS_KEPT, RunLog, changes
from tui_nn.tui.session import Session


def xor_session(**values) -> Session:
    values.setdefault("layers", "4:tanh,1:sigmoid")
    values.setdefault("backend", "numpy")
    values.setdefault("val_split", 0.25)
    run = RunSpec().with_values(source="xor", **values)
    session = Session(run)
    session.set_dataset(load_dataset("xor", **session.run.data.load_options(session.run.training.seed)),
                        session.run.data)
    return session


def train(session: Session, epochs: int | None = None, reason: str = "completed") -> None:
    """One run as the app's worker drives it: start, the epochs, the end."""
    trainer = session.start_run(epochs)
    events = tuple(e for e in trainer.run(epochs) if isinstance(e, EpochEnd))
    session.record_epochs(events)
    session.finish_run(reason, events[-1].epoch if events else session.epochs_done)


def epoch(n: int, loss: float, val_loss: float | None = None, metric: float = 0.5, val_metric: float | None = None,
          name: str = "accuracy") -> EpochEnd:
    return EpochEnd(epoch=n, loss=loss, val_loss=val_loss, metric_name=name, metric=metric, val_metric=val_metric,
                    samples_per_s=1.0, seconds=0.0, elapsed=0.0, lr=0.01)


def test_each_finished_run_is_recorded_with_its_setup_its_epochs_and_why_it_stopped():
    session = xor_session(epochs=5, lr=0.01)
    assert session.runs.records == ()
    train(session)
    session.change_run(session.run.with_values(lr=0.05))
    train(session, reason="early_stop")
    first, second = session.runs.records
    assert (first.number, second.number) == (1, 2)
    assert first.spec.training.lr == 0.01 and second.spec.training.lr == 0.05
    assert [e.epoch for e in first.history] == [1, 2, 3, 4, 5]
    assert [e.epoch for e in second.history] == [6, 7, 8, 9, 10]  # the same weights went on
    assert (first.first_epoch, first.last_epoch, second.first_epoch, second.last_epoch) == (1, 5, 6, 10)
    assert (first.reason, second.reason) == ("completed", "early_stop")
    assert first.dataset == "xor"
    assert changes(first.spec, second.spec) == "lr 0.01→0.05"
    assert session.runs.changed(second) == "lr 0.01→0.05" and session.runs.changed(first) == ""


def test_one_more_epoch_is_a_run_and_a_run_stopped_before_its_first_epoch_is_none():
    session = xor_session(epochs=3)
    train(session, 1)
    assert [(r.first_epoch, r.last_epoch) for r in session.runs.records] == [(1, 1)]
    session.start_run()
    session.finish_run("interrupted", session.epochs_done)  # stopped at once: nothing trained
    assert len(session.runs.records) == 1


def test_the_last_ten_runs_are_kept_numbered_on():
    session = xor_session(epochs=1)
    for _ in range(RUNS_KEPT + 2):
        train(session)
    assert RUNS_KEPT == 10
    assert [r.number for r in session.runs.records] == list(range(3, 13))
    assert session.runs.get(2) is None and session.runs.get(12).last_epoch == 12


def test_new_weights_or_new_data_keep_the_log():
    session = xor_session(epochs=2)
    train(session)
    session.reset_weights(7)
    session.edit_layers("units", 1)
    session.set_dataset(load_dataset("circles"), RunSpec().with_values(source="circles").data)
    assert len(session.runs.records) == 1
    train(session)
    first, second = session.runs.records
    assert "source xor→circles" in session.runs.changed(second)
    assert "layers 4:tanh,1:sigmoid→5:tanh,1:sigmoid" in session.runs.changed(second)
    assert "seed 0→7" in session.runs.changed(second)
    assert second.dataset == "circles"


def test_the_best_validation_loss_and_score_and_their_epochs():
    log = RunLog()
    log.start(RunSpec(), 0)
    log.add((epoch(1, 0.9, 0.8, val_metric=0.6), epoch(2, 0.5, 0.4, val_metric=0.7),
             epoch(3, 0.3, 0.45, val_metric=0.9), epoch(4, 0.2, 0.5, val_metric=0.85)))
    record = log.finish("completed")
    assert (record.best_loss.name, record.best_loss.value, record.best_loss.epoch) == ("val_loss", 0.4, 2)
    assert (record.best_score.name, record.best_score.value, record.best_score.epoch) == ("val_accuracy", 0.9, 3)
    assert record.final_loss == 0.2
    assert record.curve() == ("val_loss", [1, 2, 3, 4], [0.8, 0.4, 0.45, 0.5])


def test_without_validation_the_training_numbers_stand_in_and_r2_is_higher_is_better():
    log = RunLog()
    log.start(RunSpec(), 0)
    log.add((epoch(1, 3.0, metric=0.1, name="r2"), epoch(2, 1.0, metric=0.8, name="r2"),
             epoch(3, 2.0, metric=0.4, name="r2")))
    record = log.finish("completed")
    assert (record.best_loss.name, record.best_loss.epoch) == ("loss", 2)
    assert (record.best_score.name, record.best_score.value) == ("r2", 0.8)
    assert record.curve()[0] == "loss"


def test_a_diverged_run_keeps_its_finite_best():
    log = RunLog()
    log.start(RunSpec(), 0)
    log.add((epoch(1, 0.7, 0.6, val_metric=0.5), epoch(2, math.nan, math.nan, val_metric=0.5)))
    record = log.finish("diverged")
    assert record.best_loss.value == 0.6 and record.reason == "diverged"
    assert record.curve()[1:] == ([1], [0.6])


def test_the_best_run_is_the_best_validation_score_among_runs_scored_alike():
    log = RunLog()
    for val_metric in (0.7, 0.9, 0.8):
        log.start(RunSpec(), 0)
        log.add((epoch(1, 0.5, 0.5, val_metric=val_metric),))
        log.finish("completed")
    assert log.best().number == 2
    log.start(RunSpec(), 0)
    log.add((epoch(1, 0.5, 0.3, val_metric=0.9),))  # as accurate as run 2, a lower loss
    log.finish("completed")
    assert log.best().number == 4
    log.start(RunSpec(), 0)
    log.add((epoch(1, 0.1, metric=0.99),))  # no validation: its training accuracy is no rival
    log.finish("completed")
    assert log.best().number == 5  # the newest run decides how runs are scored: training accuracy now


def test_a_long_run_keeps_a_bounded_evenly_spread_history_and_its_true_best():
    log = RunLog()
    log.start(RunSpec(), 0)
    n = 20 * RUN_POINTS + 3
    for start in range(0, n, 97):  # the worker's batches
        log.add(tuple(epoch(i + 1, 1.0 / (i + 1) if i != 1234 else 1e-9, None) for i in range(start, min(n, start + 97))))
    record = log.finish("completed")
    epochs = [e.epoch for e in record.history]
    assert len(epochs) <= RUN_POINTS and epochs[0] == 1 and epochs[-1] == n
    gaps = {b - a for a, b in zip(epochs, epochs[1:-1])}
    assert len(gaps) == 1  # evenly spread (the last point may come sooner)
    assert (record.best_loss.value, record.best_loss.epoch) == (1e-9, 1235)  # seen even though it was thinned out


def test_restoring_a_runs_setup_says_whether_it_keeps_the_weights():
    session = xor_session(epochs=4, lr=0.01)
    train(session)
    session.change_run(session.run.with_values(lr=0.05))
    train(session)
    first = session.runs.get(1)
    assert not session.restore_drops_weights(first.spec)  # only the lr differs
    restored = session.restore(first.spec)
    assert session.run.training.lr == 0.01 and session.epochs_done == 8 and session.network is not None
    assert (restored.changed, restored.fresh, restored.reload) == ("lr 0.05→0.01", False, False)

    session.edit_layers("units", 1)
    train(session)
    assert session.restore_drops_weights(first.spec)  # the layers differ: fresh weights
    restored = session.restore(first.spec)
    assert restored.fresh and not restored.reload and session.network is None and session.epochs_done == 0
    assert session.run.network.layers == first.spec.network.layers


def test_a_restored_setup_trains_the_same_numbers_again():
    session = xor_session(epochs=6, lr=0.05)
    train(session)
    session.edit_layers("add")
    session.change_run(session.run.with_values(lr=0.2))
    train(session)
    session.restore(session.runs.get(1).spec)
    train(session)
    first, _, third = session.runs.records
    assert [e.val_loss for e in third.history] == [e.val_loss for e in first.history]
    assert session.runs.changed(third) == "layers 4:tanh,4:tanh,1:sigmoid→4:tanh,1:sigmoid, lr 0.2→0.05"


def test_restoring_other_data_asks_for_a_reload():
    session = xor_session(epochs=2)
    train(session)
    spec = session.run.with_values(val_split=0.4)
    restored = session.restore(spec)
    assert restored.reload and restored.fresh and session.run.data.val_split == 0.4
