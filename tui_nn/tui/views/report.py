"""The Report tab: the confusion matrix (classes) or predicted vs true (values)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget

from tui_nn.tui.views.base import View, show_only
from tui_nn.tui.widgets.class_report import ClassReport
from tui_nn.tui.widgets.regression_report import RegressionReport


class ReportTab(View):
    name, title, key, what = "report", "Report", "5", "Confusion matrix, or predicted vs true"
    fed = "ClassReport, RegressionReport"

    def compose(self) -> ComposeResult:
        yield ClassReport(id="class-report", classes="panel")
        yield RegressionReport(id="regression-report", classes="panel")

    def arrange(self, pane: Widget, dataset: Any) -> None:
        regression = dataset is not None and dataset.schema.task == "regression"
        show_only(pane, {"#class-report": not regression, "#regression-report": regression})
