"""The lecture as the lecture shows it (issue 14): the bundled tables open on the lecture's
networks and setups, raw values are one setting away, and the Math tab says what a row gives."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import LayerSpec
from tui_nn.explain import format_number
from tui_nn.tui.app import make_app

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_man_woman_opens_on_the_lectures_2_2_1_network_with_a_note():
    app = make_app("man_woman", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.layers == (LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid"))
        assert app.main.editor.breakdown_lines[2] == "9 learnable parameters"
        assert "man_woman: the lecture's 2-2-1 network (9 learnable parameters), 2:sigmoid,1:sigmoid" \
            in app.last_notice
        assert "--layers" not in app.last_notice  # the app's editor, not a flag, chooses otherwise


async def test_linear_opens_on_one_linear_neuron_on_raw_values():
    app = make_app("linear", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.layers == (LayerSpec(1, "linear"),)
        assert app.session.run.data.standardize is False
        assert app.session.dataset.schema.standardize is None
        assert app.session.dataset.x_train[:, 0].tolist() == [1.0, 3.0, 5.0, 7.0, 8.0]


async def test_layers_and_standardize_given_to_make_app_win():
    app = make_app("linear", layers="3:tanh,1:linear", standardize=True, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.layers == (LayerSpec(3, "tanh"), LayerSpec(1, "linear"))
        assert app.session.dataset.schema.standardize is not None
        assert "lecture" not in app.last_notice


async def test_the_standardize_row_switches_linear_to_raw_numbers_in_the_math_tab():
    from textual.widgets import Select

    from tui_nn.tui.widgets.predict_panel import PredictPanel

    app = make_app("linear", standardize=True, backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field = app.main.settings_form.field("standardize")
        assert isinstance(field, Select) and field.value == "on"
        await pilot.press("4")
        await pilot.pause()
        math = app.query_one(PredictPanel).query_one("#predict-math")
        assert "x = 1 → (1 − 4.8)/" in math.render().plain  # standardised: (x − mean)/spread
        field.value = "off"
        await settle(pilot)
        assert app.session.run.data.standardize is False
        assert app.session.dataset.schema.standardize is None
        assert app.last_notice == "raw values: the network sees the numbers as the file has them"
        await pilot.pause()
        text = math.render().plain
        assert "  x = 1\n" in text and "−" not in text.split("hidden layer")[0].split("output layer")[0]
        (weight, bias), = app.session.network.get_weights()
        w, b = float(weight[0, 0]), float(bias[0])
        assert f"{format_number(w)}·1 + {format_number(b)}" in text  # the neuron multiplies the raw x = 1
        assert app.session.network.predict(np.array([[1.0]]))[0, 0] == pytest.approx(w * 1 + b, abs=1e-5)
        # And back on: the same rows, standardised again.
        field.value = "on"
        await settle(pilot)
        assert app.session.dataset.schema.standardize is not None
