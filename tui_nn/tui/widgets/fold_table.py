"""FoldTable: cross-validation fold by fold (the app's `k`), under the Report tab's report.

One row a fold as it finishes: validation rows, epochs, loss, accuracy (or R²) and, where
they exist, F1 (macro) and ROC AUC or MAE and RMSE; then the mean ± std over the folds,
as `tui-nn train --folds K` prints them. Hidden until cross-validation first runs.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.widgets import Static

COLUMNS = (("val_loss", "loss"), ("val_accuracy", "accuracy"), ("val_r2", "R²"), ("val_f1_macro", "F1 (macro)"),
           ("val_roc_auc", "ROC AUC"), ("val_mae", "MAE"), ("val_rmse", "RMSE"))
"""The validation metrics a fold row can show, and their headings (only those a fold has)."""


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if key == "val_accuracy" else f"{value:.4g}"


class FoldTable(Static):
    """The folds of the last cross-validation and their mean ± std."""

    DEFAULT_CSS = """
    FoldTable {
        height: auto;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.records: list[dict[str, Any]] = []
        self.summary: dict[str, float | None] = {}
        self.folds = 0

    def begin(self, folds: int) -> None:
        self.records, self.summary, self.folds = [], {}, folds
        self.display = True
        self.border_title = f"Cross-validation · {folds} folds · k stops"
        self._draw()

    def add(self, record: dict[str, Any], metric_name: str) -> None:
        self.records.append(record)
        self._draw()

    def finish(self, summary: dict[str, float | None]) -> None:
        self.summary = summary
        self.border_title = f"Cross-validation · {self.folds} folds · k runs it again"
        self._draw()

    def _draw(self) -> None:
        shown = [(key, title) for key, title in COLUMNS if any(r.get(key) is not None for r in self.records)]
        table = Table(box=None, pad_edge=False, header_style="bold")
        for heading in ("fold", "rows", "epochs", *(title for _, title in shown)):
            table.add_column(heading, justify="right")
        for record in self.records:
            table.add_row(str(record["fold"]), str(record["rows"]), str(record["epochs"]),
                          *(_cell(key, record.get(key)) for key, _ in shown))
        if len(self.records) < self.folds:
            table.add_row(str(len(self.records) + 1), "…", "training", *("" for _ in shown), style="dim")
        elif self.summary:
            # mean and std on rows of their own: a column stays as narrow as its numbers
            means, spreads = [], []
            for key, _ in shown:
                mean, std = self.summary.get(f"cv_{key}_mean"), self.summary.get(f"cv_{key}_std")
                means.append(_cell(key, mean))
                spreads.append("—" if std is None else "± " + (f"{std:.1%}" if key == "val_accuracy" else f"{std:.2g}"))
            table.add_row("mean", "", "", *means, style="bold")
            table.add_row("std", "", "", *spreads, style="dim")
        self.update(table)
