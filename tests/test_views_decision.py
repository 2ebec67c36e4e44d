"""The decision map, the fit plot and the neuron pictures, mounted alone."""

from __future__ import annotations

import time

import numpy as np
import pytest
from rich.style import Style

from tests.views_support import ViewApp, build, trained_xor
from tui_nn.tui.view_math import class_color, class_indices
from tui_nn.tui.widgets.decision_map import Y_AXIS, DecisionMap
from tui_nn.tui.widgets.fit_plot import FitPlot
from tui_nn.tui.widgets.neuron_pictures import NeuronPictures

SIZE = (100, 30)


def _quadrant_majorities(pixels: np.ndarray, x_zero: int, y_zero: int) -> dict[str, float]:
    """Share of class 1 in each quadrant, leaving a margin around the axes (the boundary)."""
    m = 3
    return {
        "top left": pixels[: y_zero - m, : x_zero - m].mean(),
        "top right": pixels[: y_zero - m, x_zero + m:].mean(),
        "bottom left": pixels[y_zero + m:, : x_zero - m].mean(),
        "bottom right": pixels[y_zero + m:, x_zero + m:].mean(),
    }


async def test_decision_map_of_trained_xor_separates_the_four_quadrants():
    dataset, network = trained_xor()
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(DecisionMap)
        pixels = view.pixel_classes
        rows, columns = pixels.shape
        assert (rows, columns) == (2 * (SIZE[1] - 2), SIZE[0] - Y_AXIS)
        # Where x1 = 0 and x2 = 0 fall on the map (raw units, the data's own).
        x_lo, x_hi, y_lo, y_hi = view.extent
        std = dataset.schema.standardize
        zero_x = (0 - std["mean"][0]) / std["std"][0]
        zero_y = (0 - std["mean"][1]) / std["std"][1]
        x_zero = int(round((zero_x - x_lo) / (x_hi - x_lo) * (columns - 1)))
        y_zero = int(round((y_hi - zero_y) / (y_hi - y_lo) * (rows - 1)))
        shares = _quadrant_majorities(pixels, x_zero, y_zero)
        # XOR: class 1 where x1·x2 > 0 (top right, bottom left).
        assert shares["top right"] > 0.9 and shares["bottom left"] > 0.9
        assert shares["top left"] < 0.1 and shares["bottom right"] < 0.1
        # The rendered cells carry those classes' colours: the dominant channel of each
        # quadrant's centre cell is blue for class 1 and red (orange) for class 0.
        for (fx, fy), expected in (((0.75, 0.25), 1), ((0.25, 0.75), 1), ((0.25, 0.25), 0), ((0.75, 0.75), 0)):
            cell_x, cell_y = Y_AXIS + int(fx * columns), int(fy * rows / 2)
            strip = view.render_line(cell_y)
            x = 0
            for segment in strip:
                if x <= cell_x < x + len(segment.text):
                    color = segment.style.color.get_truecolor()
                    break
                x += len(segment.text)
            blue_wins = color.blue > color.red
            assert blue_wins == (expected == 1), (fx, fy, color)


async def test_validation_points_toggle_and_training_points_are_drawn():
    dataset, network = trained_xor()
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(DecisionMap)
        view.focus()
        await pilot.pause()
        text = "\n".join(view.render_line(y).text for y in range(SIZE[1]))
        assert "●" in text and "○" not in text
        await pilot.press("v")
        await pilot.pause()
        text = "\n".join(view.render_line(y).text for y in range(SIZE[1]))
        assert "○" in text and "validation" in text


async def test_more_features_slice_along_any_two():
    dataset, network = build("iris", "8:tanh,3:softmax", epochs=30)
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(DecisionMap)
        view.focus()
        await pilot.pause()
        assert "others at their means" in view.caption
        assert (view.x_feature, view.y_feature) == (0, 1)
        await pilot.press("f")
        assert (view.x_feature, view.y_feature) == (2, 1)  # skips the y feature
        await pilot.press("g")
        assert (view.x_feature, view.y_feature) == (2, 3)  # 2 is taken by x
        await pilot.press("g")
        assert (view.x_feature, view.y_feature) == (2, 0)
        await pilot.press("g", "g")
        await pilot.pause()
        names = dataset.schema.feature_names
        assert view.caption.startswith(f"{names[3]} over {names[2]}")
        # Every pixel's class is the argmax of the network at that point of the slice.
        assert set(np.unique(view.pixel_classes)) <= {0, 1, 2}
        # Iris petals separate the classes: a trained net uses at least two classes on this plane.
        assert len(np.unique(view.pixel_classes)) >= 2


async def test_regression_with_two_features_is_a_value_map():
    dataset, network = build("plane", "1:linear", epochs=5)
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(DecisionMap)
        assert view.pixel_classes is None
        values = view.pixel_values
        expected = network.predict(np.array([[view.extent[0], view.extent[3]]]))[0, 0]
        assert values[0, 0] == pytest.approx(expected, abs=1e-5)


async def test_fit_plot_draws_the_model_curve_in_raw_units():
    dataset, network = build("linear_200", "8:tanh,1:linear", epochs=20)
    app = ViewApp(lambda: [FitPlot()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fit = app.query_one(FitPlot)
        xs, ys = fit.curve
        schema = dataset.schema
        x_net = (xs - schema.standardize["mean"][0]) / schema.standardize["std"][0]
        expected = schema.unscale_outputs(network.predict(x_net[:, None]))[:, 0]
        np.testing.assert_allclose(ys, expected, rtol=1e-5, atol=1e-5)


async def test_neuron_pictures_show_each_neurons_activation():
    dataset, network = trained_xor()
    app = ViewApp(lambda: [NeuronPictures()], dataset, network)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        view = app.query_one(NeuronPictures)
        text = "\n".join(view.render_line(y).text for y in range(view.size.height))
        for name in ("h₁", "h₈", "O₁"):
            assert name in text
        hidden, output = view.activations
        assert hidden.shape[-1] == 8 and output.shape[-1] == 1
        # The output picture agrees with the network: the corners of XOR.
        top_left, top_right = output[0, 0, 0], output[0, -1, 0]
        assert top_left < 0.5 < top_right


async def test_one_feature_data_explains_instead_of_drawing_a_plane():
    dataset, network = build("linear", "1:linear", standardize=False)
    app = ViewApp(lambda: [DecisionMap(), NeuronPictures()], dataset, network)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "needs two features" in app.query_one(DecisionMap).plain()
        assert "two or more features" in app.query_one(NeuronPictures).plain()


async def test_views_redraw_cheaply_at_app_size():
    """Each redraw (new weights) costs a few milliseconds: the app sends at most 10 a second."""
    dataset, network = trained_xor()
    from tui_nn.tui.widgets.network_view import NetworkView

    app = ViewApp(lambda: [DecisionMap(), NeuronPictures(), NetworkView()], dataset, network)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        costs = {}
        for view in (app.query_one(DecisionMap), app.query_one(NeuronPictures), app.query_one(NetworkView)):
            start = time.perf_counter()
            for _ in range(5):
                app.model.set_weights(network.get_weights())  # a new version: no cached picture
                view.paint(view.size.width, view.size.height)
            costs[type(view).__name__] = (time.perf_counter() - start) / 5
        assert all(cost < 0.08 for cost in costs.values()), costs


async def test_views_survive_a_diverged_network():
    """NaN weights (a run that blew up) draw as such instead of crashing the app."""
    from tui_nn.tui.widgets.class_report import ClassReport
    from tui_nn.tui.widgets.network_view import NetworkView
    from tui_nn.tui.widgets.predict_panel import PredictPanel

    dataset, network = build("xor", "4:tanh,1:sigmoid")
    network.set_weights([(np.full_like(w, np.nan), b) for w, b in network.get_weights()])
    app = ViewApp(lambda: [NetworkView(), DecisionMap(), NeuronPictures(), PredictPanel(), ClassReport()],
                  dataset, network)
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.pause()
        assert "nan" in app.query_one(PredictPanel).query_one("#predict-math").render().plain
        assert app.query_one(DecisionMap).pixel_values is not None
        assert "h₁" in app.query_one(NetworkView).plain()


async def test_with_derived_features_the_map_computes_them_from_the_plane_and_never_plots_them():
    from tui_nn.explain import decision_grid

    dataset, network = build("circles", "1:sigmoid", epochs=200, derive="x1^2, x2^2")
    schema = dataset.schema
    # The grid recomputes x1², x2² from each point's x1, x2: as predict would encode that point.
    grid = decision_grid(network, 0, 1, (-1.0, 1.0), (-1.0, 1.0), 3, 3, np.zeros(4), schema.with_derived_of)
    std = schema.standardize
    x1, x2 = (1.0 * std["std"][0] + std["mean"][0], -1.0 * std["std"][1] + std["mean"][1])  # bottom-right point
    expected = network.predict(schema.encode_rows([{"x1": repr(x1), "x2": repr(x2)}]))[0]
    np.testing.assert_allclose(grid[2, 2], expected, rtol=1e-5)
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(DecisionMap)
        assert view.caption == "x2 over x1 · x1^2, x2^2 from them"
        await pilot.press("f")  # only two features span the plane: nothing to cycle to
        assert (view.x_feature, view.y_feature) == (0, 1)
        # The disc is inside, the ring outside: the map's centre and corner differ in class.
        outputs = decision_grid(network, 0, 1, view.extent[:2], view.extent[2:], 9, 9, np.zeros(4), schema.with_derived_of)
        assert outputs[4, 4, 0] > 0.5 > outputs[0, 0, 0]


async def test_one_column_and_its_derived_features_draw_as_a_fitted_curve():
    dataset, network = build("sine", "1:linear", epochs=150, lr=0.05, derive="sin(x), x^2")
    app = ViewApp(lambda: [FitPlot()], dataset, network)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        plot = app.query_one(FitPlot)
        assert plot.curve is not None
        xs, ys = plot.curve
        rows = [{"x": repr(float(v))} for v in xs[::25]]
        expected = dataset.schema.unscale_outputs(network.predict(dataset.schema.encode_rows(rows)))[:, 0]
        np.testing.assert_allclose(ys[::25], expected, rtol=1e-5, atol=1e-6)
        assert plot.formula() == "the model's ŷ"


async def test_b_discretizes_the_output_into_one_shade_per_class_and_back():
    dataset, network = trained_xor()
    app = ViewApp(lambda: [DecisionMap()], dataset, network)
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(DecisionMap)
        view.focus()
        await pilot.pause()

        def shades() -> int:
            colors = view._colors(view._grid(app.model, 0, 1, view.extent[:2], view.extent[2:], 40, 40,
                                             np.zeros(2)), True, dataset)
            return len({tuple(c) for c in colors.reshape(-1, 3).round(6)})

        assert shades() > 10  # shaded by how certain the model is
        await pilot.press("b")
        assert view.discrete and shades() == 2  # Playground's discretized output: one shade a class
        assert "b shades by certainty" in str(view.render_line(view.size.height - 1).text)
        await pilot.press("b")
        assert not view.discrete and shades() > 10
