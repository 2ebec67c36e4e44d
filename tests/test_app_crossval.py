"""The app's k: cross-validation of the network on screen, in a worker, fold by fold in the
Report tab: the same folds and numbers as `tui-nn train --folds K`, the models on screen
untouched, and no training run beside it."""

from __future__ import annotations

import json

import pytest

from tui_nn.cli import main
from tui_nn.tui.app import make_app

SIZE = (200, 50)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_k_gives_the_clis_folds_and_leaves_the_model_alone(capsys):
    app = make_app("iris", folds=3, epochs=5, backend="numpy", val_split=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        before = [w.copy() for w, _ in app.session.network.get_weights()]
        await pilot.press("k")
        await settle(pilot)
        await pilot.pause(0.1)
        table = app.main.fold_table
        assert table.display and [r["fold"] for r in table.records] == [1, 2, 3]
        assert "3 folds: validation accuracy" in app.last_notice
        assert table.summary["cv_val_accuracy_mean"] == pytest.approx(
            sum(r["val_accuracy"] for r in table.records) / 3)
        layers = ",".join(str(layer) for layer in app.session.layers)
        assert app.session.epochs_done == 1  # the network on screen is not cross-validation's
        assert all((w == b).all() for (w, _), b in zip(app.session.network.get_weights(), before))
    capsys.readouterr()
    assert main(["train", "iris", "--folds", "3", "--epochs", "5", "--layers", layers, "--backend", "numpy",
                 "--json", "--quiet"]) == 0
    cli = json.loads(capsys.readouterr().out)["folds"]
    for ours, theirs in zip(table.records, cli):
        assert ours["val_loss"] == pytest.approx(theirs["val_loss"]) and ours["val_accuracy"] == theirs["val_accuracy"]


async def test_training_waits_for_cross_validation_and_k_stops_it():
    app = make_app("breast_cancer", folds=5, epochs=100_000, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("k")
        await pilot.pause(0.3)
        assert app.main.crossval.running
        await pilot.press("space")
        await pilot.pause()
        assert "cross-validation is running" in app.last_notice and app.session.state != "training"
        await pilot.press("k")
        await settle(pilot)
        await pilot.pause(0.1)
        assert not app.main.crossval.running
        assert "cross-validation stopped after 0 folds of 5" in app.last_notice
        await pilot.press("space")
        await pilot.pause(0.2)
        assert app.session.state == "training"  # free to train again
        app.main.training.stop()
        await settle(pilot)
