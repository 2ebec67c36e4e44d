"""The network diagram and weights by hand (NetworkView), mounted alone and fed like the app feeds it."""

from __future__ import annotations

import pytest

from tests.views_support import ViewApp, build
from tui_nn.tui.view_math import ParamRef, param_order
from tui_nn.tui.widgets.fit_plot import FitPlot
from tui_nn.tui.widgets.network_view import MAX_LINKS, NetworkView
from tui_nn.tui.widgets.predict_panel import PredictPanel


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_diagram_names_inputs_outputs_and_shows_biases():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid", epochs=20)
    app = ViewApp(lambda: [NetworkView()], dataset, network)
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.pause()
        text = "\n".join(_lines(app.query_one(NetworkView)))
        for name in ("weight ●", "height ●", "h₁", "h₂", "O₁", "P(Woman)"):
            assert name in text
        b = network.get_weights()[0][1]
        assert f"h₁ {b[0]:+.2f}" in text
        assert "accuracy" in text  # the score line under the diagram


async def test_the_diagram_says_a_layers_dropout():
    dataset, network = build("man_woman", "2:sigmoid:0.3,1:sigmoid")
    app = ViewApp(lambda: [NetworkView()], dataset, network)
    async with app.run_test(size=(100, 16)) as pilot:
        await pilot.pause()
        lines = _lines(app.query_one(NetworkView))
        row = next(i for i, line in enumerate(lines) if "drop 0.3" in line)
        assert row > max(i for i, line in enumerate(lines) if "h₂" in line)  # under the layer's nodes
        assert sum("drop" in line for line in lines) == 1  # the output layer has none


async def test_wide_layer_shows_more_marker_and_only_the_strongest_links():
    dataset, network = build("iris", "64:relu,3:softmax")
    app = ViewApp(lambda: [NetworkView()], dataset, network)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(NetworkView)
        text = "\n".join(_lines(view))
        assert "more" in text and "+" in text
        per_gap = {}
        for layer, _, _ in view.links_drawn:
            per_gap[layer] = per_gap.get(layer, 0) + 1
        assert all(count <= MAX_LINKS + 1 for count in per_gap.values())  # + the selected link
        # The links kept between the inputs and the first layer are the strongest ones shown.
        w = network.get_weights()[0][0]
        drawn = {(i, j) for layer, i, j in view.links_drawn if layer == 0}
        weakest_drawn = min(abs(w[i, j]) for i, j in drawn if (i, j) != (0, 0))
        shown_units = {j for _, j in drawn}
        left_out = [abs(w[i, j]) for i in range(4) for j in shown_units if (i, j) not in drawn]
        assert all(v <= weakest_drawn + 1e-9 for v in left_out)


async def test_arrows_walk_the_parameters_in_the_lecture_order():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid")
    app = ViewApp(lambda: [NetworkView()], dataset, network)
    async with app.run_test(size=(100, 16)) as pilot:
        view = app.query_one(NetworkView)
        view.focus()
        await pilot.pause()
        order = param_order([(2, 2), (2, 1)])
        assert view.selected_ref == order[0] == ParamRef(0, 0, 0)
        await pilot.press("right", "right")
        assert view.selected_ref == ParamRef(0, 0)  # b₁ after W₁, W₂
        assert "b₁ (bias of h₁)" in "\n".join(_lines(view))
        await pilot.press("left", "left", "left")
        assert view.selected_ref == order[-1]  # wraps to b₃


async def test_nudge_and_typed_value_change_the_network():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid")
    app = ViewApp(lambda: [NetworkView()], dataset, network)
    async with app.run_test(size=(100, 16)) as pilot:
        view = app.query_one(NetworkView)
        view.focus()
        before = float(network.get_weights()[0][0][0, 0])
        await pilot.press("up")
        await pilot.pause()
        assert float(network.get_weights()[0][0][0, 0]) == pytest.approx(before + 0.1, abs=1e-6)
        await pilot.press("shift+down")
        await pilot.pause()
        assert float(network.get_weights()[0][0][0, 0]) == pytest.approx(before + 0.09, abs=1e-6)
        await pilot.press("2")  # not typing: a digit is not taken as a value
        assert view.typing is None
        await pilot.press("enter", "minus", "2", ".", "5")
        assert view.typing == "-2.5"
        assert "-2.5▏" in "\n".join(_lines(view))
        await pilot.press("enter")
        await pilot.pause()
        assert float(network.get_weights()[0][0][0, 0]) == -2.5
        await pilot.press("enter", "1", "x", "escape")  # x is not part of a number; escape drops the typing
        assert view.typing is None
        await pilot.press("enter", ".", "enter")
        await pilot.pause()
        assert "is not a number" in "\n".join(_lines(view))
        assert float(network.get_weights()[0][0][0, 0]) == -2.5


async def _set(pilot, view, ref: ParamRef, value: str) -> None:
    view.select(ref)
    await pilot.press("enter", *value, "enter")
    await pilot.pause()


async def test_lecture_replay_on_linear_by_hand():
    """b = 1, then w = 0.5, 0.7, 1: ŷ(8) is 5, 6.6 (the slide's 8.2 is a slip) and 9."""
    dataset, network = build("linear", "1:linear", standardize=False)
    app = ViewApp(lambda: [NetworkView(), PredictPanel(), FitPlot()], dataset, network)
    async with app.run_test(size=(110, 50)) as pilot:
        view, panel, fit = app.query_one(NetworkView), app.query_one(PredictPanel), app.query_one(FitPlot)
        panel.set_text("x=8")
        view.focus()
        await _set(pilot, view, ParamRef(0, 0), "1")
        for w, expected in (("0.5", 5.0), ("0.7", 6.6), ("1", 9.0)):
            await _set(pilot, view, ParamRef(0, 0, 0), w)
            assert panel.prediction.value == pytest.approx(expected, abs=1e-5)
            assert f"= {expected:g}" in panel.query_one("#predict-math").render().plain
            assert fit.predict_raw([8.0])[0, 0] == pytest.approx(expected, abs=1e-5)
        math = panel.query_one("#predict-math").render().plain
        assert "O₁ = W₁·x + b₁" in math and "1·8 + 1 = 9" in math
        assert "W₁ (x → O₁) = +1" in "\n".join(_lines(view))
