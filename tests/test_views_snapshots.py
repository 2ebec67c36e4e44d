"""SVG snapshots of the views' layouts (pytest-textual-snapshot); `--snapshot-update` rewrites them.

NumPy, fixed seeds and a fixed number of epochs: every picture is the same on every machine.
"""

from __future__ import annotations

from tests.views_support import ViewApp, build, trained_xor
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


def test_snapshot_class_report_iris(snap_compare):
    dataset, network = build("iris", "8:relu,3:softmax", epochs=30, val_split=0.3)
    assert snap_compare(ViewApp(lambda: [ClassReport()], dataset, network), terminal_size=(80, 10))
