"""The Decision tab: the model's answer over two features (or the fitted curve for one)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget

from tui_nn.tui.views.base import View, show_only
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.tui.widgets.fit_plot import FitPlot


class DecisionTab(View):
    name, title, key, what = "decision", "Decision", "3", "Decision map (two features) or fitted curve (one)"
    fed = "DecisionMap, FitPlot"

    def compose(self) -> ComposeResult:
        yield DecisionMap(id="decision-map", classes="panel")
        yield FitPlot(id="fit-plot", classes="panel")

    def focus_target(self, pane: Widget) -> str | None:
        return "#fit-plot" if pane.query_one("#fit-plot").display else "#decision-map"

    def arrange(self, pane: Widget, dataset: Any) -> None:
        one_feature = dataset is not None and dataset.schema.n_plane == 1
        show_only(pane, {"#decision-map": not one_feature, "#fit-plot": one_feature})
        self._titles(pane)

    def feed(self, pane: Widget, model: Any, dataset: Any, note: str) -> None:
        super().feed(pane, model, dataset, note)
        self._titles(pane)  # the caption names the features the map now shows

    def _titles(self, pane: Widget) -> None:
        fit = pane.query_one(FitPlot)
        if fit.display:
            fit.border_title = "Fit · v validation points"
        else:
            decision = pane.query_one(DecisionMap)
            decision.border_title = f"Decision map · {decision.caption}"
