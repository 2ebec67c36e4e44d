"""Every key of the app, driven through Pilot: the spec, the breakdown and the trainer change as they should."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import LayerSpec
from tui_nn.tui.app import make_app
from tui_nn.tui.screens.choice import ChoiceScreen
from tui_nn.tui.screens.dataset_picker import DatasetPicker
from tui_nn.tui.screens.help import HelpScreen
from tui_nn.tui.screens.target_picker import TargetPicker

SIZE = (140, 45)


async def settle(pilot) -> None:
    """Wait for the app's workers (data loading, training) and the messages they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def seed_app(**options):
    """man_woman with the lecture's 2-2-1 network, on NumPy (deterministic everywhere)."""
    options.setdefault("layers", "2:sigmoid,1:sigmoid")
    options.setdefault("backend", "numpy")
    return make_app("man_woman", **options)


async def test_app_opens_on_a_dataset_with_the_lecture_breakdown():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.dataset.name == "man_woman"
        assert app.main.editor.breakdown_lines == ("[2×2] + [2×1] = 6 weights", "2 + 1 = 3 biases", "9 learnable parameters")
        shown = app.main.editor.render().plain
        assert "Input (2) → Dense 2 sigmoid → Dense 1 sigmoid" in shown
        assert app.session.state == "idle"
        assert app.main.status_bar.info.backend == "numpy"


async def test_add_layer_key_inserts_after_the_selected_one():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert list(app.session.layers) == [LayerSpec(2, "sigmoid"), LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid")]
        assert app.session.selected == 1
        assert app.main.editor.breakdown_lines[0] == "[2×2] + [2×2] + [2×1] = 10 weights"
        assert app.main.editor.breakdown_lines[2] == "15 learnable parameters"


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_remove_key_deletes_the_selected_layer(key):
    app = seed_app(layers="4:tanh,2:sigmoid,1:sigmoid")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", key)
        assert list(app.session.layers) == [LayerSpec(4, "tanh"), LayerSpec(1, "sigmoid")]
        assert app.main.editor.breakdown_lines == ("[2×4] + [4×1] = 12 weights", "4 + 1 = 5 biases", "17 learnable parameters")


async def test_the_last_layer_cannot_be_removed():
    app = seed_app(layers="1:sigmoid")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        assert list(app.session.layers) == [LayerSpec(1, "sigmoid")]
        assert "at least one layer" in app.last_notice


async def test_plus_and_minus_change_the_units_and_the_breakdown():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("plus", "plus")
        assert app.session.layers[0] == LayerSpec(4, "sigmoid")
        assert app.main.editor.breakdown_lines == ("[2×4] + [4×1] = 12 weights", "4 + 1 = 5 biases", "17 learnable parameters")
        await pilot.press("minus", "minus", "minus", "minus")
        assert app.session.layers[0] == LayerSpec(1, "sigmoid")  # never below one unit
        assert "at least one" in app.last_notice


async def test_brackets_cycle_the_activation():
    from tui_nn.engine.activations import ACTIVATION_NAMES

    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        at = ACTIVATION_NAMES.index("sigmoid")
        await pilot.press("right_square_bracket")
        assert app.session.layers[0].activation == ACTIVATION_NAMES[at + 1]
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.session.layers[0].activation == ACTIVATION_NAMES[at - 1]


async def test_up_and_down_select_a_layer_and_the_heatmap_follows():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.weights_view.layer_index == 0
        await pilot.press("down")
        assert app.session.selected == 1 and app.main.weights_view.layer_index == 1
        assert "Layer 2 · Dense 1 sigmoid" in app.main.weights_view.plain()
        await pilot.press("down")  # already the last
        assert app.session.selected == 1
        await pilot.press("up")
        assert app.session.selected == 0


async def test_an_output_that_does_not_fit_is_shown_and_training_is_refused():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "plus")  # 2:sigmoid output for two classes
        assert "does not fit the target" in app.main.editor.render().plain
        await pilot.press("space")
        assert app.session.state == "idle"
        assert "does not fit" in app.last_notice


async def test_space_trains_a_run_of_the_settings_epochs():
    app = seed_app(epochs=30)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.session.state == "done"
        assert app.session.epochs_done == 30
        assert len(app.session.history) == 30
        assert list(app.main.loss_chart.epochs) == list(range(1, 31))
        await pilot.press("space")  # another run continues the count
        await settle(pilot)
        assert app.session.epochs_done == 60
        assert app.main.loss_chart.epochs[-1] == 60


async def test_space_pauses_and_resumes_a_long_run():
    app = make_app("xor", epochs=1_000_000, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        assert app.session.state == "training"
        await app.run_action("toggle_training")
        assert app.session.state == "paused" and app.session.trainer.paused
        await app.run_action("toggle_training")
        assert app.session.state == "training" and not app.session.trainer.paused
        app.main.training.stop()
        await settle(pilot)
        assert app.session.state == "idle"  # interrupted
        assert app.session.epochs_done == app.session.trainer.epoch


async def test_n_trains_exactly_one_epoch():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.session.weights()
        await pilot.press("n")
        await settle(pilot)
        assert app.session.epochs_done == 1
        assert len(app.session.history) == 1
        after = app.session.weights()
        assert not np.allclose(before[0][0], after[0][0])
        await pilot.press("n")
        await settle(pilot)
        assert app.session.epochs_done == 2


async def test_r_draws_new_weights_from_the_next_seed_and_clears_the_history():
    app = seed_app(epochs=10)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.session.weights()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceScreen)  # trained weights: asked first
        await pilot.press("y")
        await settle(pilot)
        assert app.session.run.training.seed == 1
        assert app.main.settings_form.field("seed").value == "1"
        assert app.session.epochs_done == 0 and len(app.session.history) == 0
        assert len(app.main.loss_chart.epochs) == 0
        fresh = app.session.weights()
        assert not np.allclose(first[0][0], fresh[0][0])


async def test_editing_a_trained_network_asks_first():
    app = seed_app(epochs=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("plus")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")  # keep
        assert app.session.layers[0] == LayerSpec(2, "sigmoid") and app.session.epochs_done == 5
        await pilot.press("plus")
        await pilot.press("y")
        await pilot.pause()
        assert app.session.layers[0] == LayerSpec(3, "sigmoid")
        assert app.session.epochs_done == 0 and app.session.state == "idle"


async def test_l_toggles_the_log_scale_of_the_loss_chart():
    app = seed_app(epochs=20)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("l")
        assert app.main.loss_chart.log_scale
        await pilot.pause()
        await pilot.press("l")
        assert not app.main.loss_chart.log_scale


async def test_question_mark_opens_the_help_and_escape_closes_it():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_o_opens_the_picker_then_the_target_choice_then_loads():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, DatasetPicker)
        # man_woman is highlighted; xor is five rows below it in the list.
        await pilot.press("down", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TargetPicker)
        await pilot.press("enter")  # the last column, label
        await settle(pilot)
        assert app.session.dataset.name == "xor"
        assert app.session.dataset.schema.target == "label"
        # The hidden layer is kept; the output still fits two classes.
        assert list(app.session.layers) == [LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid")]


async def test_a_missing_file_is_a_notification_and_the_data_stays():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "tab")
        await pilot.press(*"nope.csv", "enter")
        await settle(pilot)
        assert app.session.dataset.name == "man_woman"
        assert "nope.csv" in app.last_notice


async def test_q_quits_when_nothing_is_unsaved():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_with_an_unsaved_trained_model_offers_to_save():
    app = seed_app(epochs=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")  # cancel: still running
        assert app.is_running and not isinstance(app.screen, ChoiceScreen)
        await pilot.press("q")
        await pilot.press("q")  # quit without saving
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_during_training_stops_the_worker():
    app = make_app("xor", epochs=1_000_000, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        worker = next(w for w in app.workers if w.group == "training")
        trainer = app.session.trainer
        app.session.saved = True  # nothing to offer: quit at once
        await app.run_action("quit_app")
        await pilot.pause()
    assert trainer._stop.is_set()
    worker._thread.join(timeout=5) if getattr(worker, "_thread", None) else None
    assert worker.is_finished or worker.is_cancelled


async def test_a_refused_setting_keeps_the_old_value():
    app = seed_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.main.settings_form.field("lr")
        field.focus()
        await pilot.pause()
        field.value = "-1"
        await pilot.press("enter")
        assert app.session.run.training.lr == 0.01
        assert field.value == "0.01"
        assert "learning rate" in app.last_notice
        field.value = "0.5"
        await pilot.press("enter")
        assert app.session.run.training.lr == 0.5


async def test_changing_the_learning_rate_keeps_trained_weights():
    app = seed_app(epochs=5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        trained = app.session.weights()
        field = app.main.settings_form.field("lr")
        field.focus()
        field.value = "0.1"
        await pilot.press("enter", "escape")
        assert app.session.epochs_done == 5
        assert np.allclose(trained[0][0], app.session.weights()[0][0])
        await pilot.press("space")
        await settle(pilot)
        assert app.session.epochs_done == 10
        assert app.session.trainer.config.lr == 0.1


async def test_a_validation_split_reloads_the_data():
    app = make_app("xor", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.dataset.x_val is None
        field = app.main.settings_form.field("val_split")
        field.focus()
        field.value = "0.25"
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.session.dataset.x_val) == 100


async def test_up_and_down_select_layers_in_a_small_terminal_too():
    # At 100×30 the sidebar scrolls, and a scroll container binds up/down itself.
    app = seed_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert app.session.selected == 1
        await pilot.press("up")
        assert app.session.selected == 0


async def test_a_setting_changed_while_paused_ends_the_run_and_applies():
    app = make_app("xor", epochs=1_000_000, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        assert app.main.settings_form.field("l2").disabled
        await pilot.pause(0.3)
        await app.run_action("toggle_training")
        assert app.session.state == "paused" and not app.main.settings_form.field("l2").disabled
        # (not the lr: the run takes that from its next epoch and goes on, tests/test_app_lr.py)
        field = app.main.settings_form.field("l2")
        field.focus()
        field.value = "0.001"
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.state == "idle" and app.session.run.training.l2 == 0.001
        assert app.session.epochs_done > 0 and app.session.trainer is None  # weights kept, new trainer next run


def footer_keys(app) -> set[str]:
    """The keys the footer shows (a narrow one leaves some out; their keys still act)."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    return {key.key for key in app.query_one(Footer).query(FooterKey) if not key.disabled}


async def test_an_80_column_footer_keeps_help_and_quit_and_the_hidden_keys_still_work():
    from tui_nn.tui.screens.path_prompt import PathPrompt

    app = seed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = footer_keys(app)
        assert {"space", "n", "r", "a", "x", "plus", "minus", "o", "question_mark", "q"} <= shown
        assert not shown & {"ctrl+s", "ctrl+o", "l", "e", "1"}  # no room: help lists them
        await pilot.press("l")
        assert app.main.loss_chart.log_scale
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)  # the save dialog opened


@pytest.mark.parametrize("width", [80, 99, 100, 119, 120, 136, 137, 149, 150, 164, 165, 179, 180, 189, 190, 199, 200])
async def test_the_footer_fits_the_terminal_without_overlaps(width):
    from textual.widgets import Footer

    app = seed_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        entries = sorted((entry.region for entry in footer.children if entry.display), key=lambda r: r.x)
        assert entries[-1].right <= width  # nothing cut off
        assert all(left.right <= right.x for left, right in zip(entries, entries[1:]))  # nothing covered
        shown = footer_keys(app)
        assert {"space", "question_mark", "q"} <= shown
        assert ("1" in shown) == (width >= 137) and ("ctrl+s" in shown) == (width >= 100)
        assert ("d" in shown) == (width >= 150) and ("ctrl+g" in shown) == (width >= 165)
        assert ("p" in shown) == (width >= 180) and ("k" in shown) == (width >= 190) and ("z" in shown) == (width >= 200)


@pytest.mark.parametrize("width", [80, 87, 88, 100, 109, 110, 120, 129, 130, 137, 146, 147, 159, 160, 174, 175, 200])
async def test_the_footer_fits_on_the_runs_tab_where_enter_restores(width):
    # The Runs table has the focus there and adds its own key (enter: restore) to the footer:
    # from 88 columns, taking its 10 from the room of the app's keys (view keys from 147, not 137).
    from textual.widgets import Footer

    from tui_nn.tui.actions import RESTORE_MIN_WIDTH

    app = seed_app(epochs=2)
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        footer = app.query_one(Footer)
        entries = sorted((entry.region for entry in footer.children if entry.display), key=lambda r: r.x)
        assert entries[-1].right <= width
        assert all(left.right <= right.x for left, right in zip(entries, entries[1:]))
        shown = footer_keys(app)
        assert {"space", "question_mark", "q"} <= shown
        assert ("enter" in shown) == (width >= RESTORE_MIN_WIDTH)
        assert ("1" in shown) == (width >= 147) and ("ctrl+s" in shown) == (width >= 110)
        await pilot.press("enter")  # shown or not, the key acts
        await pilot.pause()
        assert "already run 1's" in app.last_notice

