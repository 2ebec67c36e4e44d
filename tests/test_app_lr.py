"""The learning rate in the app (issue #16): the status bar shows the lr of the last epoch,
and an lr typed into the settings during a run applies from the next epoch, nothing reset."""

from __future__ import annotations

import asyncio

import pytest

from tui_nn.tui.app import make_app
from tui_nn.tui.widgets.status_bar import StatusInfo

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def epochs_past(app, epoch: int, limit_s: float = 30.0) -> None:
    """Wait (without pilot.pause: a run keeps the app from going idle) until `epoch` epochs are done."""
    deadline = asyncio.get_running_loop().time() + limit_s
    while app.session.epochs_done < epoch:
        assert asyncio.get_running_loop().time() < deadline, f"only {app.session.epochs_done} epochs in {limit_s} s"
        await asyncio.sleep(0.02)


def status(app) -> str:
    """The bar's text with the fixed-width padding collapsed: the fields, not their columns."""
    return " ".join(app.main.status_bar.render().plain.split())


async def type_into_lr(app, pilot, text: str) -> None:
    field = app.main.settings_form.field("lr")
    field.focus()
    await asyncio.sleep(0.05)
    assert app.focused is field  # taken while the run goes on (the other settings are not)
    await pilot.press(*text, "enter")
    await asyncio.sleep(0.05)


# -- the status bar ----------------------------------------------------------------------------

async def test_the_status_bar_shows_the_configured_lr_then_each_epochs_lr_after_a_step_drop():
    app = make_app("xor", backend="numpy", lr=0.01, lr_schedule="step", lr_step=2, lr_factor=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "lr 0.01 " in status(app)  # before any epoch: the lr the settings give
        for _ in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert [e.lr for e in app.session.history] == [0.01, 0.01, 0.005]
        assert app.main.status_bar.info.lr == 0.005
        assert "lr 0.005 " in status(app)  # the third epoch trained after the drop at 2


async def test_at_80_columns_the_lr_stays_and_the_timing_fields_give_way_whole():
    app = make_app("xor", backend="numpy", val_split=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.main.status_bar
        bar.show(StatusInfo(state="training", epoch=37, target=200, loss=0.1372, metric=0.981, val_loss=0.1212,
                            val_metric=0.962, samples_per_s=207_680, elapsed=12.5, backend="numpy", lr=0.0025))
        text = status(app)
        assert len(text) <= bar.size.width and "…" not in text  # whole fields dropped, none cut
        assert "epoch 37/200" in text and "loss 0.1372" in text and "acc 98.1%" in text and "lr 0.0025" in text
        assert "samples/s" not in text  # the first to give way
        await pilot.resize_terminal(200, 24)
        await pilot.pause()
        assert "samples/s 207,680" in status(app) and "val 96.2%" in status(app)  # all back when there is room


# -- changing the lr during a run ------------------------------------------------------------------

async def test_an_lr_typed_during_a_run_applies_from_the_next_epoch_and_nothing_restarts():
    app = make_app("xor", backend="numpy", lr=0.01, epochs=1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await epochs_past(app, 3)
        s = app.session
        trainer, network = s.trainer, s.network
        await type_into_lr(app, pilot, "0.002")
        at_change = s.epochs_done
        assert s.state == "training" and s.trainer is trainer and s.network is network
        assert s.run.training.lr == 0.002  # the next run and the autosave take it
        assert app.last_notice == "learning rate 0.002 from the next epoch"
        await epochs_past(app, at_change + 3)
        app.main.training.stop()
        await settle(pilot)
        history = list(s.history)
        assert [e.epoch for e in history] == list(range(1, len(history) + 1))  # one run, counted on
        lrs = [e.lr for e in history]
        assert set(lrs) == {0.01, 0.002} and lrs == sorted(lrs, reverse=True)  # old, then new from an epoch on
        assert lrs[:3] == [0.01] * 3 and lrs[-3:] == [0.002] * 3
        assert "lr 0.002 " in status(app)
        assert s.trainer is trainer and s.network is network and s.trainer.config.lr == 0.002
        assert s.checkpoint_meta()["training"]["lr"] == 0.002


async def test_an_lr_typed_while_paused_applies_on_resume_without_ending_the_run():
    app = make_app("xor", backend="numpy", lr=0.01, epochs=1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await epochs_past(app, 2)
        await app.run_action("toggle_training")
        s = app.session
        trainer = s.trainer
        await type_into_lr(app, pilot, "0.03")
        assert s.state == "paused" and s.trainer is trainer and s.run.training.lr == 0.03
        paused_at = s.epochs_done
        app.main.editor.focus()  # space in the lr box types a space: resume from the editor
        await pilot.pause()
        await app.run_action("toggle_training")
        assert s.state == "training"
        await epochs_past(app, paused_at + 3)
        app.main.training.stop()
        await settle(pilot)
        assert [e.epoch for e in s.history] == list(range(1, s.epochs_done + 1))
        assert s.history[-1].lr == 0.03


async def test_a_letter_typed_into_the_lr_during_a_run_changes_nothing():
    app = make_app("xor", backend="numpy", lr=0.01, epochs=1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await epochs_past(app, 2)
        s = app.session
        run, trainer, network = s.run, s.trainer, s.network
        await type_into_lr(app, pilot, "x")
        assert "kept 0.01" in app.last_notice
        assert app.main.settings_form.field("lr").value == "0.01"
        assert s.run == run and s.trainer is trainer and s.network is network and trainer.config.lr == 0.01
        assert s.state == "training" and len(app.screen_stack) == 1  # no question, no reset
        at = s.epochs_done
        await epochs_past(app, at + 2)
        app.main.training.stop()
        await settle(pilot)
        assert {e.lr for e in s.history} == {0.01}
        assert [e.epoch for e in s.history] == list(range(1, s.epochs_done + 1))


async def test_the_other_settings_stay_locked_while_training():
    app = make_app("xor", backend="numpy", epochs=1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        form = app.main.settings_form
        assert not form.field("lr").disabled
        assert all(form.field(name).disabled for name in ("optimizer", "batch_size", "epochs", "l2", "seed"))
        await app.run_action("toggle_training")  # paused: every setting is open again
        assert not any(form.field(name).disabled for name in ("optimizer", "batch_size", "epochs", "l2", "seed"))
        app.main.training.stop()
        await settle(pilot)
        assert not any(form.field(name).disabled for name in ("lr", "optimizer", "epochs"))


async def test_an_lr_changed_between_runs_keeps_the_trained_weights_as_before():
    app = make_app("xor", backend="numpy", lr=0.01)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press("n")
            await settle(pilot)
        s = app.session
        network, layers = s.network, s.layers
        field = app.main.settings_form.field("lr")
        field.focus()
        field.value = "0.05"
        await pilot.press("enter")
        await settle(pilot)
        assert s.network is network and s.epochs_done == 2 and s.run.training.lr == 0.05
        # The layers the data brought stay (the form's copy of the run predates them).
        assert s.layers == layers and s.spec_problem() is None
        assert app.last_notice == "learning rate 0.05 applies from the next run; the weights are kept"
        app.main.editor.focus()
        await pilot.press("n")
        await settle(pilot)
        assert [e.lr for e in s.history] == [0.01, 0.01, 0.05] and s.history[-1].epoch == 3


def test_the_status_bar_keeps_its_fields_in_place_and_smooths_the_speed():
    from types import SimpleNamespace

    from tui_nn.tui.widgets.status_bar import StatusBar, StatusInfo, smoothed_speed

    short = StatusBar._line(StatusInfo(epoch=5, loss=0.5, lr=0.01), [("epoch", "5"), ("loss", "0.5"), ("lr", "0.01")])
    long = StatusBar._line(StatusInfo(epoch=500, loss=0.123456, lr=0.01),
                           [("epoch", "500"), ("loss", "0.1235"), ("lr", "0.01")])
    assert short.plain.index("lr") == long.plain.index("lr")  # digits grew, lr stayed where it was
    epochs = [SimpleNamespace(seconds=0.01, samples_per_s=v) for v in (100_000, 900_000) * 60]
    assert smoothed_speed(epochs) == pytest.approx(500_000)  # the last second's 100 epochs, not the last one
    assert smoothed_speed([SimpleNamespace(seconds=2.0, samples_per_s=7.0)]) == 7.0
    assert smoothed_speed([]) is None
