"""The views inside the real app: tabs and their keys, weights by hand, live updates while training."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tui_nn.spec import DataRequest
from tui_nn.tui.app import make_app
from tui_nn.tui.main_screen import VIEW_INTERVAL_S
from tui_nn.tui.view_math import ParamRef
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.tui.widgets.fit_plot import FitPlot
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.predict_panel import PredictPanel

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def views_app(*args, **options):
    """make_app without animations: the tabs' underline slide only slows the keys down in tests."""
    app = make_app(*args, **options)
    app.animation_level = "none"
    return app


def _active(app) -> str:
    return app.query_one("#views").active


async def test_number_keys_switch_tabs_and_focus_the_view():
    app = views_app("xor", layers="4:tanh,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _active(app) == "view-training"
        for key, pane, focused in (("2", "view-network", NetworkView), ("3", "view-decision", DecisionMap),
                                   ("5", "view-report", None), ("1", "view-training", None),
                                   ("4", "view-math", None)):
            await pilot.press(key)
            await pilot.pause()
            assert _active(app) == pane
            if focused is not None:
                assert isinstance(app.focused, focused)
        assert app.focused.id == "predict-panel"  # the math tab: its panel, so 1–5 still switch tabs
        await pilot.press("enter")
        assert app.focused.id == "predict-input"  # enter goes into the input
        await pilot.press("escape")  # out of the input (where digits are typed), back to its panel
        # The footer lists the tabs' keys as one group.
        footer_keys = {b.key for _, b, enabled, _ in app.active_bindings.values() if b.show and enabled}
        assert {"1", "2", "3", "4", "5"} <= footer_keys


async def test_command_palette_lists_the_views():
    app = views_app("xor", layers="4:tanh,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("View: Network", "View: Decision", "View: Math", "View: Report"):
            assert title in titles


async def test_narrow_footer_hides_the_view_keys_but_they_still_work():
    app = views_app("xor", layers="4:tanh,1:sigmoid", backend="numpy")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from textual.widgets import Footer
        from textual.widgets._footer import FooterKey

        shown = {key.key for key in app.query_one(Footer).query(FooterKey)}
        assert "3" not in shown and "q" in shown
        await pilot.press("3")
        assert _active(app) == "view-decision"


async def _set(pilot, view: NetworkView, ref: ParamRef, value: str) -> None:
    view.select(ref)
    await pilot.press("enter", *value, "enter")
    await pilot.pause()


async def test_lecture_replay_in_the_app_linear_weights_by_hand():
    """linear, one linear neuron, raw numbers: b = 1 and w = 0.5, 0.7, 1 give ŷ(8) = 5, 6.6, 9."""
    app = views_app("linear", layers="1:linear", backend="numpy", standardize=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        view = app.query_one(NetworkView)
        assert app.focused is view
        await pilot.press("right")  # W₁ → b₁
        assert view.selected_ref == ParamRef(0, 0)
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        panel = app.query_one(PredictPanel)
        for w, expected in (("0.5", 5.0), ("0.7", 6.6), ("1", 9.0)):
            await _set(pilot, view, ParamRef(0, 0, 0), w)
            await pilot.press("4")
            panel.set_text("x=8")
            await pilot.pause()
            assert panel.prediction.value == pytest.approx(expected, abs=1e-5)
            # The engine agrees: the session's own network predicts the same.
            assert app.session.network.predict(np.array([[8.0]]))[0, 0] == pytest.approx(expected, abs=1e-5)
            await pilot.press("escape", "2")
        assert "1·8 + 1 = 9" in panel.query_one("#predict-math").render().plain
        await pilot.press("3")  # the fit plot's line goes through (8, 9)
        await pilot.pause()
        assert app.query_one(FitPlot).predict_raw([8.0])[0, 0] == pytest.approx(9.0, abs=1e-5)
        # The heatmap shows the hand-set weight too, and the model counts as changed.
        assert float(app.main.weights_view.weights[0][0][0, 0]) == 1.0
        assert app.session.saved is False


async def test_views_follow_training_at_a_bounded_rate():
    app = views_app("xor", layers="8:tanh,1:sigmoid", backend="numpy", epochs=1000, lr=0.03, batch_size=8)  # ~2 s: several feeds
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        view = app.query_one(DecisionMap)
        feeds: list[float] = []
        original = view.update_model

        def counting(*args, **kwargs):
            feeds.append(time.monotonic())
            original(*args, **kwargs)

        view.update_model = counting
        await app.run_action("toggle_training")
        start = time.monotonic()
        while app.session.state == "training" and time.monotonic() - start < 20:
            await pilot.pause(0.05)
        await settle(pilot)
        assert app.session.state == "done"
        during = [t for t in feeds[:-1]]  # the last feed is the run's end (not throttled)
        assert len(during) >= 3, "the map followed the run"
        gaps = np.diff(during)
        assert (gaps >= VIEW_INTERVAL_S * 0.9).all(), gaps
        # After the run the map shows the final weights: XOR's corners.
        pixels = view.pixel_classes
        assert pixels[2, -3] == 1 and pixels[-3, 2] == 1 and pixels[2, 2] == 0 and pixels[-3, -3] == 0


async def test_setting_a_weight_while_training_is_refused():
    app = views_app("xor", layers="4:tanh,1:sigmoid", backend="numpy", epochs=100_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        view = app.query_one(NetworkView)
        await app.run_action("toggle_training")
        await pilot.pause(0.2)
        view.post_message(NetworkView.ParameterEdited(view, ParamRef(0, 0, 0), 5.0))
        await pilot.pause(0.1)
        assert "pause training" in app.last_notice
        app.main.training.stop()
        await settle(pilot)
        assert float(app.session.network.get_weights()[0][0][0, 0]) != 5.0


async def test_one_feature_data_shows_the_fit_and_regression_the_report():
    app = views_app("linear_200", layers="4:tanh,1:linear", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        assert app.query_one("#fit-plot").display and not app.query_one("#decision-map").display
        assert isinstance(app.focused, FitPlot)
        await pilot.press("5")
        await pilot.pause()
        assert app.query_one("#regression-report").display and not app.query_one("#class-report").display


async def test_opening_other_data_refreshes_the_views():
    app = views_app("xor", layers="4:tanh,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        panel = app.query_one(PredictPanel)
        assert panel.dataset.name == "xor"
        app.main.files.load_data(DataRequest(source="man_woman"))
        await settle(pilot)
        assert panel.dataset.name == "man_woman"
        assert panel.input.value.startswith("weight=")


async def test_clicking_a_heatmap_cell_opens_that_weight_in_the_diagram():
    app = views_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        heatmap = app.main.weights_view
        label_width = heatmap._hit[0]
        # Content starts one cell in (border) plus the padding; rows: title, header, weight, height, bias.
        x = 1 + 1 + label_width + 1 + heatmap._hit[1] + 1  # inside the second unit's column
        await pilot.click("#weights", offset=(x, 1 + 3))  # the "height" row
        await pilot.pause()
        assert _active(app) == "view-network"
        view = app.query_one(NetworkView)
        assert app.focused is view and view.selected_ref == ParamRef(0, 1, 1)  # height → h₂: W₄
        await pilot.press("1")
        await pilot.click("#weights", offset=(x, 1 + 4))  # the bias row
        await pilot.pause()
        assert view.selected_ref == ParamRef(0, 1)


async def test_neuron_pictures_slice_along_the_decision_maps_features():
    app = views_app("iris", layers="4:tanh,3:softmax", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "f", "g")  # x: petal length (2), y: petal width (3)
        await pilot.press("2")
        await pilot.pause()
        pictures = app.query_one("#neuron-pictures")
        assert (pictures.x_feature, pictures.y_feature) == (2, 3)
        assert "petal_width_cm (up) × petal_length_cm (across)" in pictures.plain()
