"""The Report tab: the confusion matrix with per-class scores and, for two classes, the ROC
curve (classes); predicted vs true and the residuals (values)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget

from tui_nn.tui.views.base import View, show_only
from tui_nn.tui.widgets.class_report import ClassReport
from tui_nn.tui.widgets.fold_table import FoldTable
from tui_nn.tui.widgets.regression_report import RegressionReport
from tui_nn.tui.widgets.roc_curve import RocCurve


class ReportTab(View):
    name, title, key, what = "report", "Report", "5", "Confusion matrix, F1 and ROC, or predicted vs true"
    fed = "ClassReport, RegressionReport, RocCurve"

    def compose(self) -> ComposeResult:
        yield ClassReport(id="class-report", classes="panel")
        yield RocCurve(id="roc-curve", classes="panel")
        yield RegressionReport(id="regression-report", classes="panel")
        yield FoldTable(id="fold-table", classes="panel")

    def arrange(self, pane: Widget, dataset: Any) -> None:
        regression = dataset is not None and dataset.schema.task == "regression"
        two_classes = not regression and dataset is not None and len(dataset.schema.classes) == 2
        show_only(pane, {"#class-report": not regression, "#roc-curve": two_classes,
                         "#regression-report": regression})
