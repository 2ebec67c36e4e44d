"""The app's widgets, one a file."""

from tui_nn.tui.widgets.data_panel import DataPanel
from tui_nn.tui.widgets.layer_editor import LayerEditor
from tui_nn.tui.widgets.loss_chart import LossChart
from tui_nn.tui.widgets.metric_chart import MetricChart
from tui_nn.tui.widgets.settings_form import SettingsForm
from tui_nn.tui.widgets.status_bar import StatusBar, StatusInfo
from tui_nn.tui.widgets.weights_view import WeightsView

__all__ = ["DataPanel", "LayerEditor", "LossChart", "MetricChart", "SettingsForm", "StatusBar", "StatusInfo",
           "WeightsView"]
