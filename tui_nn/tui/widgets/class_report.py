"""ClassReport: how a classifier does per class: a confusion matrix, recall, precision, F1.

On the validation split when there is one (that is the honest number), else on the
training rows, and the title says which. Rows are the true classes, columns what the
model said; the diagonal is right. Each class's recall (of its rows, how many were called
it), precision (of the rows called it, how many were it) and F1 sit beside; the first line
gives the accuracy, the macro F1 and, for two classes, the ROC AUC (`tui_nn.engine.metrics`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from tui_nn.engine.metrics import positive_scores, precision_recall_f1, roc_auc
from tui_nn.tui.view_math import HostModel, blend, class_indices, confusion_matrix, report_rows
from tui_nn.tui.widgets.canvas import rgb

MAX_ROWS = 50_000
"""Rows counted at most per redraw."""
RIGHT = (110, 210, 110)
WRONG = (250, 110, 110)


class ClassReport(Widget):
    """Confusion matrix and per-class accuracy and precision of a classifier."""

    DEFAULT_CSS = """
    ClassReport {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.note = "no network yet"
        self.matrix: np.ndarray | None = None
        """(classes, classes) counts of the last drawing: row = true, column = predicted."""
        self.split = ""
        self.scores: dict[str, Any] = {}
        """Per-class precision, recall, f1 (arrays), f1_macro and (two classes) roc_auc of the
        last drawing (tests read them)."""
        self._cache: tuple | None = None

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model = model
        self.dataset = dataset
        self.note = note or "no network yet"
        self.refresh(layout=True)

    def compute(self) -> np.ndarray | None:
        """The confusion matrix for the current weights (cached per weights version)."""
        data, model = self.dataset, self.model
        if data is None or model is None or data.schema.task != "classification":
            return None
        key = (id(model), model.version, id(data))
        if self._cache is None or self._cache[0] != key:
            x, y, has_val = report_rows(data)
            split = "validation" if has_val else "training (no validation split)"
            if len(x) > MAX_ROWS:  # a redraw must stay cheap while training: count the first rows
                split += f", first {MAX_ROWS:,} of {len(x):,}"
                x, y = x[:MAX_ROWS], y[:MAX_ROWS]
            k = len(data.schema.classes)
            outputs = model.predict(x)
            truth = class_indices(y)
            matrix = confusion_matrix(truth, class_indices(outputs), k)
            per_class = precision_recall_f1(truth, class_indices(outputs), k)
            scores = {"precision": per_class[0], "recall": per_class[1], "f1": per_class[2],
                      "f1_macro": float(per_class[2].mean())}
            if k == 2:
                scores["roc_auc"] = roc_auc(positive_scores(outputs), truth == 1)
            self._cache = (key, matrix, split, scores)
        self.matrix, self.split, self.scores = self._cache[1], self._cache[2], self._cache[3]
        return self.matrix

    def render(self) -> RenderResult:
        if self.dataset is not None and self.dataset.schema.task != "classification":
            return Text("the class report is for classification (regression: see the fit report)", style="dim")
        matrix = self.compute()
        if matrix is None:
            return Text(self.note, style="dim")
        names = list(self.dataset.schema.classes)
        cell = max(5, min(12, max(len(n) for n in names) + 2))
        total = int(matrix.sum())
        label_width = min(16, max(len(n) for n in names + ["true ↓ / said →"]))
        out = Text(no_wrap=True, overflow="ellipsis")
        correct = int(np.trace(matrix))
        out.append(f"{self.split} rows: {total} · accuracy ", "dim")
        out.append(f"{correct / total:.3f}" if total else "—", "bold")
        out.append(f" ({correct} of {total} right)\n", "dim")
        out.append("F1 (macro) ", "dim")
        out.append(f"{self.scores['f1_macro']:.3f}", "bold")
        if self.scores.get("roc_auc") is not None:
            out.append(" · ROC AUC ", "dim")
            out.append(f"{self.scores['roc_auc']:.3f}", "bold")
        out.append("\n\n")
        out.append("true ↓ / said →"[:label_width].ljust(label_width) + " ", "dim italic")
        for name in names:
            out.append(name[: cell - 1].center(cell), "bold")
        out.append("    recall  precision     F1\n", "bold")
        said = matrix.sum(axis=0)
        for i, name in enumerate(names):
            out.append(name[:label_width].rjust(label_width) + " ", "bold")
            row_total = int(matrix[i].sum())
            for j in range(len(names)):
                count = int(matrix[i, j])
                share = count / row_total if row_total else 0.0
                color = blend(RIGHT if i == j else WRONG, 0.15 + 0.85 * share if count else 0.0)
                out.append(str(count).center(cell), Style(bgcolor=rgb(color), color="white", bold=i == j))
            # "—" where a ratio has nothing to count (no rows of the class, none called it)
            defined = (row_total > 0, said[i] > 0, row_total > 0 and said[i] > 0)
            values = (self.scores["recall"][i], self.scores["precision"][i], self.scores["f1"][i])
            cells = [f"{v:.3f}" if ok else "—" for v, ok in zip(values, defined)]
            out.append(f"  {cells[0]:>8}  {cells[1]:>9}  {cells[2]:>5}\n")
        return out

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if self.dataset is None or self.dataset.schema.task != "classification":
            return 1
        return len(self.dataset.schema.classes) + 4  # two lines of totals, a blank, the header
