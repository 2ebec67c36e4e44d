"""ClassReport: how a classifier does per class: a confusion matrix and per-class accuracy.

On the validation split when there is one (that is the honest number), else on the
training rows, and the title says which. Rows are the true classes, columns what the
model said; the diagonal is right. Each class's accuracy (recall: of its rows, how many
were called it) and precision (of the rows called it, how many were it) sit beside.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

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
            matrix = confusion_matrix(class_indices(y), class_indices(model.predict(x)), k)
            self._cache = (key, matrix, split)
        self.matrix, self.split = self._cache[1], self._cache[2]
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
        out.append(f" ({correct} of {total} right)\n\n", "dim")
        out.append("true ↓ / said →"[:label_width].ljust(label_width) + " ", "dim italic")
        for name in names:
            out.append(name[: cell - 1].center(cell), "bold")
        out.append("  accuracy  precision\n", "bold")
        said = matrix.sum(axis=0)
        for i, name in enumerate(names):
            out.append(name[:label_width].rjust(label_width) + " ", "bold")
            row_total = int(matrix[i].sum())
            for j in range(len(names)):
                count = int(matrix[i, j])
                share = count / row_total if row_total else 0.0
                color = blend(RIGHT if i == j else WRONG, 0.15 + 0.85 * share if count else 0.0)
                out.append(str(count).center(cell), Style(bgcolor=rgb(color), color="white", bold=i == j))
            recall = f"{matrix[i, i] / row_total:.3f}" if row_total else "—"
            precision = f"{matrix[i, i] / said[i]:.3f}" if said[i] else "—"
            out.append(f"  {recall:>8}  {precision:>9}\n")
        return out

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if self.dataset is None or self.dataset.schema.task != "classification":
            return 1
        return len(self.dataset.schema.classes) + 3
