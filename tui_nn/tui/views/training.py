"""The Training tab: loss and metric charts, and the weights heatmap (the app feeds these itself)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from tui_nn.tui.views.base import View
from tui_nn.tui.widgets import LossChart, MetricChart, WeightsView


class TrainingView(View):
    name, title, key, what = "training", "Training", "1", "Loss, metric and weights"

    def compose(self) -> ComposeResult:
        with Horizontal(id="charts"):
            yield LossChart(id="loss-chart", classes="panel")
            yield MetricChart(id="metric-chart", classes="panel")
        yield WeightsView(id="weights", classes="panel")
