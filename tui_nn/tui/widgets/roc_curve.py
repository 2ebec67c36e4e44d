"""RocCurve: a two-class model's ROC curve (plotext), beside its confusion matrix.

Every threshold on the model's score for the second class gives one point: the share of
the other class it lets through (false positive rate) against the share of the second
class it catches (true positive rate). The diagonal is guessing; the area under the curve
is the title's AUC. On the validation split when there is one, as the class report.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui_nn.engine.metrics import class_indices, positive_scores, roc_auc, roc_curve
from tui_nn.tui.view_math import HostModel, report_rows
from tui_nn.tui.widgets.loss_chart import VAL_COLOR
from tui_nn.tui.widgets.regression_report import _Plot

MAX_ROWS = 50_000
"""Rows scored at most per redraw (as the class report)."""
MAX_POINTS = 400
"""Curve points drawn at most: a terminal has fewer columns than that."""


class RocCurve(_Plot):
    """The ROC curve of a two-class model; a line saying so for other tasks."""

    DEFAULT_CSS = """
    RocCurve {
        height: 1fr;
        min-height: 10;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(self._draw, id=id)
        if classes:
            self.add_class(*classes.split())
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.auc: float | None = None
        """The area under the last drawing's curve (tests read it)."""
        self._cache: tuple | None = None

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model, self.dataset = model, dataset
        self.refresh()

    def compute(self) -> tuple[np.ndarray, np.ndarray, str] | None:
        """(false positive rates, true positive rates, split), cached per weights version."""
        data, model = self.dataset, self.model
        if data is None or model is None or data.schema.task != "classification" or len(data.schema.classes) != 2:
            return None
        key = (id(model), model.version, id(data))
        if self._cache is None or self._cache[0] != key:
            x, y, has_val = report_rows(data)
            x, y = x[:MAX_ROWS], y[:MAX_ROWS]
            positive = class_indices(y) == 1
            scores = positive_scores(model.predict(x))
            fpr, tpr = roc_curve(scores, positive)
            if len(fpr) > MAX_POINTS:  # thin the points, keeping both ends
                keep = np.unique(np.linspace(0, len(fpr) - 1, MAX_POINTS).astype(int))
                fpr, tpr = fpr[keep], tpr[keep]
            self._cache = (key, fpr, tpr, "validation" if has_val else "training", roc_auc(scores, positive))
        _, fpr, tpr, split, self.auc = self._cache
        return fpr, tpr, split

    def _draw(self, plt: Any) -> None:
        curve = self.compute()
        if curve is None:
            plt.title("the ROC curve is for two classes" if self.dataset is not None else "no network yet")
            return
        fpr, tpr, split = curve
        second = self.dataset.schema.classes[1]
        # the diagonal of a model that guesses, thin and grey under the curve
        plt.plot([0.0, 1.0], [0.0, 1.0], color="gray", marker="braille")
        plt.plot(list(fpr), list(tpr), color=VAL_COLOR, marker="hd")
        plt.xlim(0, 1)
        plt.ylim(0, 1)
        auc = f"{self.auc:.3f}" if self.auc is not None else "—"
        plt.title(f"ROC ({split}, {second} positive) · AUC {auc}")
        plt.xlabel("false positive rate")
        plt.ylabel("true positive rate")
