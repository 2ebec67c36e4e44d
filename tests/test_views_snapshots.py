"""SVG snapshots of the views' layouts (pytest-textual-snapshot); `--snapshot-update` rewrites them.

NumPy, fixed seeds and a fixed number of epochs: every picture is the same on every machine.
"""

from __future__ import annotations

from dataclasses import replace

from tests.views_support import ViewApp, build, trained_xor
from tui_nn.tui.app import make_app
from tui_nn.tui.widgets.class_report import ClassReport
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.neuron_pictures import NeuronPictures
from tui_nn.tui.widgets.predict_panel import PredictPanel


def test_snapshot_network_view_xor(snap_compare):
    dataset, network = trained_xor()
    assert snap_compare(ViewApp(lambda: [NetworkView()], dataset, network), terminal_size=(100, 24))


def test_snapshot_decision_map_xor(snap_compare):
    dataset, network = trained_xor()
    assert snap_compare(ViewApp(lambda: [DecisionMap()], dataset, network), terminal_size=(80, 24))


def test_snapshot_neuron_pictures_xor(snap_compare):
    dataset, network = trained_xor()
    assert snap_compare(ViewApp(lambda: [NeuronPictures()], dataset, network), terminal_size=(80, 30))


def test_snapshot_predict_panel_man_woman(snap_compare):
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid", epochs=100)

    async def typed(pilot) -> None:
        pilot.app.query_one(PredictPanel).set_text("weight=80, height=185")
        await pilot.pause()

    assert snap_compare(ViewApp(lambda: [PredictPanel()], dataset, network), terminal_size=(100, 30),
                        run_before=typed)


def test_snapshot_predict_panel_iris_row_compared_with_its_target(snap_compare):
    # A row of the data: softmax over every z of its layer, then "compare with target output".
    dataset, network = build("iris", "3:tanh,3:softmax", epochs=20)
    assert snap_compare(ViewApp(lambda: [PredictPanel()], dataset, network), terminal_size=(150, 40))


def test_snapshot_class_report_iris(snap_compare):
    dataset, network = build("iris", "8:relu,3:softmax", epochs=30, val_split=0.3)
    assert snap_compare(ViewApp(lambda: [ClassReport()], dataset, network), terminal_size=(80, 10))


def _app_on_tab(key: str):
    """The real app on xor (trained 60 epochs), showing tab `key`."""
    app = make_app("xor", layers="8:tanh,1:sigmoid", backend="numpy", chart_marker="hd", epochs=60, lr=0.03)
    app.animation_level = "none"

    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("space")
        await pilot.app.workers.wait_for_complete()
        await pilot.press(key)
        await pilot.pause()
        # Pin the wall-clock numbers of the status bar (samples/s, elapsed) for a stable picture.
        pilot.app.session.history = [
            replace(e, samples_per_s=1000.0 * e.epoch, seconds=0.001, elapsed=0.001 * e.epoch)
            for e in pilot.app.session.history
        ]
        pilot.app.session.elapsed = 0.06
        pilot.app.main.refresh_status()
        pilot.app.clear_notifications()
        await pilot.pause()

    return app, run_before


def test_snapshot_app_network_tab(snap_compare):
    app, run_before = _app_on_tab("2")
    assert snap_compare(app, terminal_size=(140, 45), run_before=run_before)


def test_snapshot_app_decision_tab(snap_compare):
    app, run_before = _app_on_tab("3")
    assert snap_compare(app, terminal_size=(140, 45), run_before=run_before)


def test_snapshot_app_runs_tab(snap_compare):
    # Two runs on xor: lr 0.03, then fresh weights (r, a new seed) at lr 0.1; the Runs tab overlays them.
    app = make_app("xor", layers="8:tanh,1:sigmoid", backend="numpy", chart_marker="hd", epochs=60, lr=0.03,
                   val_split=0.25)
    app.animation_level = "none"

    async def run_before(pilot) -> None:
        app = pilot.app
        while not (app.session.has_data and app.main.files.backend_ready):  # the loading workers may not have begun
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        field = app.main.settings_form.field("lr")
        field.focus()
        field.value = "0.1"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        app.main.editor.focus()
        await pilot.press("r")  # trained: the guard asks first
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [run.spec.training.lr for run in app.session.runs.records] == [0.03, 0.1]
        await pilot.press("6")
        await pilot.pause()
        # Pin the wall-clock numbers of the status bar (samples/s, elapsed) for a stable picture.
        app.session.history = [replace(e, samples_per_s=1000.0 * e.epoch, seconds=0.001, elapsed=0.001 * e.epoch)
                               for e in app.session.history]
        app.session.elapsed = 0.06
        app.main.refresh_status()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 45), run_before=run_before)
