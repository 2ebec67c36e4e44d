"""Training inside the app: the lecture's network learns man_woman, runs match the CLI, checkpoints round-trip."""

from __future__ import annotations

import json
import time

import numpy as np

from tui_nn.cli import main as cli_main
from tui_nn.model import load_model
from tui_nn.tui.app import make_app
from tui_nn.tui.screens.path_prompt import PathPrompt

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_seed_network_reaches_full_accuracy_on_man_woman():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.editor.breakdown_lines[2] == "9 learnable parameters"
        await pilot.press("space")
        await settle(pilot)
        last = app.session.history[-1]
        assert app.session.state == "done"
        assert last.epoch == 200
        assert last.metric == 1.0
        assert app.main.status_bar.info.metric == 1.0
        assert "100.0%" in app.main.status_bar.render().plain
        # The decision: the two men score below 0.5 (class 0 = Man), the woman above.
        outputs = app.session.network.predict(app.session.dataset.x_train).ravel()
        assert list(outputs > 0.5) == [False, False, True]


async def test_the_app_and_tui_nn_train_give_the_same_numbers(tmp_path, capsys):
    metrics = tmp_path / "m.jsonl"
    cli_main(["train", "man_woman", "--layers", "2:sigmoid,1:sigmoid", "--epochs", "50", "--backend", "numpy",
              "--metrics-out", str(metrics), "--quiet"])
    expected = [json.loads(line)["loss"] for line in metrics.read_text().splitlines()]
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=50)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        got = [event.loss for event in app.session.history]
    np.testing.assert_allclose(got, expected, rtol=1e-6)


async def test_pause_takes_effect_within_100_ms_and_the_ui_keeps_up():
    app = make_app("man_woman_500", epochs=1_000_000, backend="numpy", batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await pilot.pause(0.5)
        assert app.session.history, "epochs reach the UI while training"
        trainer = app.session.trainer
        asked = time.perf_counter()
        await app.run_action("toggle_training")
        assert app.session.state == "paused"
        # The trainer looks at the flag every batch: the epoch count stops moving.
        time.sleep(0.1)
        frozen = trainer.epoch
        time.sleep(0.2)
        assert trainer.epoch == frozen
        assert time.perf_counter() - asked < 1.0
        app.main.training.stop()
        await settle(pilot)


async def test_save_then_load_restores_the_spec_and_the_weights(tmp_path):
    path = tmp_path / "seed.npz"
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=40, lr=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        trained = app.session.weights()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PathPrompt)
        prompt = app.screen.query_one("#path-input")
        prompt.value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert path.exists() and app.session.saved
        # Change everything: layers, weights, settings.
        await pilot.press("a")
        await pilot.press("y")
        await pilot.press("r")
        assert app.session.layers != trained
        await pilot.press("ctrl+o")
        app.screen.query_one("#path-input").value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.summary.stack_line == "Input (2) → Dense 2 sigmoid → Dense 1 sigmoid"
        assert app.main.editor.breakdown_lines[2] == "9 learnable parameters"
        for (w0, b0), (w1, b1) in zip(trained, app.session.weights()):
            np.testing.assert_allclose(w0, w1)
            np.testing.assert_allclose(b0, b1)
        assert app.session.epochs_done == 40
        assert app.session.run.training.lr == 0.05
        assert app.main.settings_form.field("lr").value == "0.05"
        # The app's checkpoint is the CLI's format.
        model = load_model(path)
        assert model.network.spec.layers_text == "2:sigmoid,1:sigmoid"
        assert model.predict_text("weight=50,height=160")[0].label == "Woman"


async def test_loading_a_checkpoint_opens_its_dataset(tmp_path):
    path = tmp_path / "xor.npz"
    assert cli_main(["train", "xor", "--layers", "4:tanh,1:sigmoid", "--epochs", "3", "--save", str(path),
                     "--quiet", "--backend", "numpy"]) == 0
    app = make_app("man_woman", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.files.load_checkpoint(str(path))
        await settle(pilot)
        assert app.session.dataset.name == "xor"
        assert app.session.summary.stack_line == "Input (2) → Dense 4 tanh → Dense 1 sigmoid"
        assert app.session.epochs_done == 3


async def test_a_broken_checkpoint_is_a_notification(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_bytes(b"not a checkpoint")
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.files.load_checkpoint(str(path))
        await settle(pilot)
        assert "bad.npz" in app.last_notice
        assert app.session.summary.stack_line == "Input (2) → Dense 2 sigmoid → Dense 1 sigmoid"


async def test_a_diverging_run_says_so():
    app = make_app("linear", layers="1:linear", backend="numpy", optimizer="sgd", lr=1e3, epochs=50,
                   standardize=False)  # 1e3: the largest learning rate the form takes
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.session.state == "diverged"
        assert "lower the learning rate" in app.last_notice
        assert "diverged" in app.main.status_bar.render().plain


async def test_regression_shows_r2():
    app = make_app("linear_200", backend="numpy", epochs=30, val_split=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.main.metric_chart.metric_name == "r2"
        assert app.main.metric_chart.border_title == "R²"
        assert app.session.history[-1].val_loss is not None
        assert "val loss" in app.main.status_bar.render().plain


async def test_the_worker_posts_at_most_ten_times_a_second():
    from tui_nn.tui.messages import EpochsDone, WeightsUpdated

    posted: list[tuple[float, object]] = []

    def hook(message) -> None:
        if isinstance(message, (EpochsDone, WeightsUpdated)):
            posted.append((time.perf_counter(), message))

    app = make_app("xor", epochs=1_000_000, backend="numpy")
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await pilot.pause(1.2)
        app.main.training.stop()
        await settle(pilot)
    batches = [m for _, m in posted if isinstance(m, EpochsDone)]
    epochs = sum(len(m.events) for m in batches)
    assert epochs == app.session.epochs_done > 50  # every epoch reaches the charts...
    assert len(batches) <= 16  # ...in at most ~10 posts a second (plus the last flush)
    assert any(isinstance(m, WeightsUpdated) for _, m in posted)


async def test_the_command_palette_lists_every_action():
    app = make_app("man_woman", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for title in ("Train / pause", "Train one epoch", "Reset weights", "Add layer", "Remove layer", "More units",
                  "Fewer units", "Next activation", "Previous activation", "Open dataset", "Save checkpoint",
                  "Load checkpoint", "Toggle log scale", "Keys and help"):
        assert title in titles
