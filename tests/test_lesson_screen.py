"""The lesson in the real app, through Pilot: every step's keys, and the numbers each step shows."""

from __future__ import annotations

import pytest

from tui_nn.tui.lesson.board import Board
from tui_nn.tui.app import TuiNNApp, make_app
from tui_nn.tui.lesson.number_prompt import NumberPrompt
from tui_nn.tui.lesson.screen import LessonScreen

SIZE = (140, 45)


def lesson_app(step: int = 1) -> TuiNNApp:
    return make_app(lesson=step, backend="numpy")


def shown(screen: LessonScreen, board_id: str) -> str:
    """What a board of the current step shows, as plain text."""
    return screen.view.query_one(f"#{board_id}", Board).text


async def open_lesson(pilot) -> LessonScreen:
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def test_step_1_one_neuron_edits_inputs_and_weights():
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        assert "step 1 of 7 · One neuron" in screen.query_one("#lesson-title", Board).text
        assert "y = 0.5·100 + (-0.25)·180 + 1" in shown(screen, "neuron-math")  # negatives in parentheses
        assert "y = 50 + (-45) + 1 = 6" in shown(screen, "neuron-math")
        await pilot.press("plus")  # x₁: 100 → 110
        assert "y = 55 + (-45) + 1 = 11" in shown(screen, "neuron-math")
        await pilot.press("down", "down", "down", "minus")  # w₂: -0.25 → -0.3
        assert "y = 55 + (-54) + 1 = 2" in shown(screen, "neuron-math")
        await pilot.press("enter")  # type w₂ = 0
        assert isinstance(app.screen, NumberPrompt)
        await pilot.press("0", "enter")  # the value is selected: typing replaces it
        await pilot.pause()
        assert "y = 55 + 0 + 1 = 56" in shown(screen, "neuron-math")
        assert "▸ w₂ = 0" in screen.view.query_one(".knobs", Board).text


async def test_step_2_activations_table_and_cycle():
    app = lesson_app(2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        table = shown(screen, "activation-table")
        assert "▸ sigmoid         0.731     0.197" in table
        assert "tanh            0.762      0.42" in table
        assert "softplus         1.31     0.731" in table
        await pilot.press("minus", "minus")  # z: 1 → 0
        table = shown(screen, "activation-table")
        assert "▸ sigmoid           0.5      0.25" in table
        assert "relu                0         0" in table
        await pilot.press("space")
        assert screen.view.model.name == "tanh"
        assert "▸ tanh                0         1" in shown(screen, "activation-table")


async def test_step_3_man_woman_formulas_and_nine_parameters():
    app = lesson_app(3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        count = shown(screen, "network-count")
        assert count.splitlines() == ["3 neurons (not counting inputs)", "[2×2] + [2×1] = 6 weights",
                                      "2 + 1 = 3 biases", "9 learnable parameters"]
        math_text = shown(screen, "network-math")
        assert "h₁ = σ(W₁·weight + W₂·height + b₁)" in math_text
        assert "O₁ = σ(W₅·h₁ + W₆·h₂ + b₃)" in math_text
        trace = screen.view.model.trace
        assert f"= {trace.layers[1][0].numeric}" in math_text
        await pilot.press("plus")  # row 2
        assert "row 2, seed 0:" in shown(screen, "network-math")
        await pilot.press("r")
        assert "row 2, seed 1:" in shown(screen, "network-math")


async def test_step_4_counts_32_learnable_parameters_and_recounts():
    app = lesson_app(4)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        text = shown(screen, "counting-table")
        assert "[3×3] + [3×3] + [3×2] = 24 weights" in text
        assert "3 + 3 + 2 = 8 biases" in text
        assert "32 learnable parameters" in text
        await pilot.press("down", "plus")  # hidden layer 1: 3 → 4
        assert "[3×4] + [4×3] + [3×2] = 30 weights" in shown(screen, "counting-table")
        assert "39 learnable parameters" in shown(screen, "counting-table")


async def test_step_5_the_slide_tries_and_training_finds_w():
    app = lesson_app(5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        text = shown(screen, "line-math")
        assert "ŷ = 8·0.5 + 1 = 5  ✗" in text
        assert "ŷ = 8·0.7 + 1 = 6.6  ✗" in text
        assert "the slide says 8.2; the arithmetic gives 6.6 — w = 0.9 gives 8.2" in text
        assert "ŷ = 8·1 + 1 = 9  ✓ the table says 9" in text
        assert "yours:\n  ŷ = 8·0.5 + 1 = 5" in text
        await pilot.press("p")  # the slide's next try
        assert "ŷ = 8·0.7 + 1 = 6.6" in shown(screen, "line-math").split("yours:")[1]
        await pilot.press("p")
        assert "ŷ = 8·1 + 1 = 9" in shown(screen, "line-math").split("yours:")[1]
        await pilot.press("minus", "minus", "minus", "minus", "minus")  # back to w = 0.5
        await pilot.press("space")
        while screen.view.training:
            await pilot.pause(0.05)
        text = shown(screen, "line-math")
        assert "epoch 600" in text
        assert "training found w ≈ 1, b ≈ 1: y = x + 1" in text
        assert "▸ w = 1" in screen.view.query_one(".knobs", Board).text


async def test_step_6_walks_forward_compare_backpropagate_update_with_engine_numbers():
    app = lesson_app(6)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        walk = screen.view.model
        await pilot.press("space")
        text = shown(screen, "backprop-math")
        assert "① forward pass · row 1" in text
        assert walk.trace().layers[1][0].numeric in text
        await pilot.press("space")
        assert "② compare with target output" in shown(screen, "backprop-math")
        assert "target y = 0 (class 0)" in shown(screen, "backprop-math")
        await pilot.press("space")
        text = shown(screen, "backprop-math")
        gw_out = walk.engine_grads[1][0]
        assert f"∂L/∂W₇ = δO₁·h₁ = " in text and f"= {screen.view.model.gradients()[0].line.split(' = ')[-1]}" in text
        assert walk.gradients()[0].value == pytest.approx(gw_out[0, 0], rel=1e-12)
        assert "δh₁ = δO₁·W₇·h₁(1−h₁)" in text
        await pilot.press("space")
        text = shown(screen, "backprop-math")
        assert "④ update · row 1" in text and "p ← p − η·∂L/∂p with η = 0.5:" in text
        for line in walk.update_lines():
            assert line in text
        assert f"this row's loss: {screen.view.model.engine_loss:.3g}" in text
        assert "updates done: 1" in shown(screen, "backprop-table")
        await pilot.press("space")
        assert "① forward pass · row 2" in shown(screen, "backprop-math")


async def test_step_7_xor_needs_a_hidden_layer():
    app = lesson_app(7)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        assert shown(screen, "depth-result-deep") == "untrained · space trains both"
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = screen.view.model.results
        assert shown(screen, "depth-result-shallow") == (
            f"after 150 epochs: accuracy {100 * results['shallow'].accuracy:.3g}%, loss {results['shallow'].loss:.3g}")
        assert results["shallow"].accuracy < 0.75 < 0.95 < results["deep"].accuracy
        assert "accuracy 98.8%" in shown(screen, "depth-result-deep")


async def test_arrows_walk_every_step_and_back():
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        for step in range(2, 8):
            await pilot.press("right")
            assert screen.index == step - 1
            assert f"step {step} of 7" in screen.query_one("#lesson-title", Board).text
        await pilot.press("right")  # stays on the last step
        assert screen.index == 6
        await pilot.press("3")
        assert screen.index == 2
        await pilot.press("left")
        assert screen.index == 1
        assert len(screen.views) == 7  # each built once and kept


async def test_open_in_app_hands_over_the_steps_data_layers_and_weights():
    app = lesson_app(5)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        await pilot.press("p", "p")  # w = 1, b = 1: the right answer
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)
        s = app.session
        assert s.dataset.name == "linear" and [str(layer) for layer in s.layers] == ["1:linear"]
        assert s.run.training.optimizer == "sgd" and s.run.training.batch_size == 0
        (w, b), = s.network.get_weights()
        assert float(w[0, 0]) == pytest.approx(1.0) and float(b[0]) == pytest.approx(1.0)
        assert s.dataset.x_train[:, 0].tolist() == [1.0, 3.0, 5.0, 7.0, 8.0]  # raw units kept
        assert "From the lesson" not in app.last_notice and "linear" in app.last_notice


async def test_escape_leaves_the_lesson_into_the_app_unchanged():
    app = lesson_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lesson(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)
        assert app.session.dataset is None


async def test_e_in_the_app_opens_the_lesson_and_it_is_listed_for_the_user():
    from tui_nn.tui.app import make_app
    from tui_nn.tui.actions import help_rows

    app = make_app("xor", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(b.key == "e" and b.action == "lesson" and b.show for b in app.BINDINGS)
        assert "e" in [key for key, _ in help_rows()]
        assert "Lesson" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("e")
        screen = await open_lesson(pilot)
        assert "step 1 of 7" in screen.query_one("#lesson-title", Board).text
        await pilot.press("e")  # the app's keys sleep under the lesson: no second lesson
        await pilot.pause()
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen) and app.session.dataset.name == "xor"


async def test_make_app_lesson_opens_the_lesson_at_a_step():
    from tui_nn.tui.app import make_app

    app = make_app(lesson=3, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot)
        assert "step 3 of 7" in screen.query_one("#lesson-title", Board).text


async def test_a_raw_hand_over_stays_raw_when_the_validation_split_changes():
    app = lesson_app(5)
    async with app.run_test(size=SIZE) as pilot:
        await open_lesson(pilot)
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = app.session.dataset
        assert before.schema.standardize is None
        field = app.main.settings_form.field("val_split")
        field.focus()
        field.value = "0.4"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        s = app.session
        assert s.dataset is not before and s.run.data.val_split == 0.4  # reloaded (5 rows: too few to split)
        assert s.dataset.schema.standardize is None  # still the lecture's raw numbers
        assert s.dataset.x_train[:, 0].tolist() == [1.0, 3.0, 5.0, 7.0, 8.0]
