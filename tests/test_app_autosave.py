"""Nothing lost: the app autosaves when a run stops and on quit; `--resume` reopens it exactly."""

from __future__ import annotations

import time

import numpy as np

from tui_nn.autosave import autosave_path, read_autosave
from tui_nn.tui.app import make_app

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_finished_run_is_autosaved_with_what_reopening_needs():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=30, val_split=0.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not autosave_path().exists()  # nothing trained, nothing written
        await pilot.press("space")
        await settle(pilot)
        assert app.session.state == "done"
        model = read_autosave()
        for got, want in zip(model.network.get_weights(), app.session.network.get_weights()):
            np.testing.assert_array_equal(got[0], want[0])
            np.testing.assert_array_equal(got[1], want[1])
        assert model.meta["epochs_trained"] == 30
        assert model.meta["run"]["data"]["source"] == "man_woman"
        assert model.meta["run"]["data"]["standardize"] is True


async def test_stopping_a_long_run_autosaves_it():
    app = make_app("man_woman_500", backend="numpy", epochs=1_000_000, batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await pilot.pause(0.4)
        await app.run_action("toggle_training")  # pause…
        app.main.training.stop()  # …then stop
        await settle(pilot)
        assert app.session.state == "idle" and app.session.epochs_done > 0
        assert read_autosave().meta["epochs_trained"] == app.session.epochs_done


async def test_quitting_autosaves_the_trained_model():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        autosave_path().unlink()  # the run's own autosave: the quit must write it again
        app.session.saved = True  # no "save first?" question
        await pilot.press("q")
        await pilot.pause()
    assert read_autosave().meta["epochs_trained"] == 1


async def test_resume_restores_the_spec_the_weights_and_the_settings():
    first = make_app("circles", layers="6:tanh,3:relu,1:sigmoid", backend="numpy", epochs=7, lr=0.03,
                     val_split=0.25, standardize=False)
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        weights = first.session.network.get_weights()
        spec = first.session.network.spec
        x_val = first.session.dataset.x_val
    second = make_app(resume=True, backend="numpy")
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        s = second.session
        assert s.has_data and s.dataset.name == "circles"
        assert s.network.spec == spec
        for got, want in zip(s.network.get_weights(), weights):
            np.testing.assert_array_equal(got[0], want[0])
            np.testing.assert_array_equal(got[1], want[1])
        assert (s.epochs_done, s.run.training.lr, s.run.training.epochs, s.run.data.val_split) == (7, 0.03, 7, 0.25)
        assert s.run.data.standardize is False and s.dataset.schema.standardize is None
        np.testing.assert_array_equal(s.dataset.x_val, x_val)  # the same split, the same raw numbers
        assert "resumed" in second.last_notice
        await pilot.press("n")  # and it trains on from there
        await settle(pilot)
        assert s.epochs_done == 8


async def test_resume_with_nothing_saved_opens_the_app_and_says_so():
    app = make_app(resume=True, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.session.has_data
        assert "nothing to resume" in app.last_notice


async def test_a_broken_autosave_is_a_notification_not_a_crash():
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04 not really a zip")
    app = make_app(resume=True, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.session.has_data
        assert str(path) in app.last_notice or "autosave" in app.last_notice


async def test_an_autosave_that_cannot_be_written_is_a_notification(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(blocker / "sub"))
    app = make_app("man_woman", backend="numpy", epochs=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.session.state == "done"
        assert "autosave" in app.last_notice


async def test_a_long_run_refreshes_the_autosave_while_it_trains(monkeypatch):
    """A crash or kill mid-run loses at most the last few seconds: the autosave is rewritten
    from the trainer's snapshots while the run goes on, not only when it stops."""
    import tui_nn.tui.training as app_module
    from tui_nn.autosave import autosave_path, read_autosave

    monkeypatch.setattr(app_module, "AUTOSAVE_EVERY_S", 0.3)
    app = make_app("xor", epochs=1_000_000, backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.run_action("toggle_training")
        deadline = time.monotonic() + 10
        while not autosave_path().exists() and time.monotonic() < deadline:
            await pilot.pause(0.2)
        assert autosave_path().exists() and app.session.busy  # written while still training
        first = read_autosave().network.get_weights()[0][0]
        await pilot.pause(1.0)
        second = read_autosave().network.get_weights()[0][0]
        app.main.training.stop()
        await app.workers.wait_for_complete()
    assert not (first == second).all()  # refreshed as training moved the weights
