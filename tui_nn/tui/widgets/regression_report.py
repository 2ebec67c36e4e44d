"""RegressionReport: predicted against true values, and the residuals (plotext).

Left: each row's prediction over its true value; a perfect model puts every dot on the
diagonal. Right: residuals (true − predicted) over the prediction; a good model leaves a
shapeless band around zero. Both in the target's own units, on the validation split when
there is one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from tui_nn.tui.view_math import HostModel, targets_raw
from tui_nn.tui.widgets.fit_plot import CURVE_COLOR
from tui_nn.tui.widgets.loss_chart import TRAIN_COLOR, VAL_COLOR

MAX_POINTS = 2000


class RegressionReport(PlotextPlot):
    """Predicted vs true and residuals of a regression model."""

    DEFAULT_CSS = """
    RegressionReport {
        height: 1fr;
        min-height: 10;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.stats: dict[str, float] = {}
        """MAE, RMSE and R² of the last drawing, in the target's units (tests read them)."""

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model = model
        self.dataset = dataset
        self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        data, model = self.dataset, self.model
        if data is None or model is None or data.schema.task != "regression":
            plt.title("the fit report is for regression" if data is not None else "no network yet")
            return super().render()
        schema = data.schema
        has_val = data.x_val is not None and len(data.x_val) > 0
        x, y = (data.x_val, data.y_val) if has_val else (data.x_train, data.y_train)
        step = max(1, len(x) // MAX_POINTS)
        true = targets_raw(schema, y[::step])[:, 0]
        predicted = targets_raw(schema, model.predict(x[::step]))[:, 0]
        residual = true - predicted
        ss_tot = float(((true - true.mean()) ** 2).sum())
        self.stats = {
            "mae": float(np.abs(residual).mean()),
            "rmse": float(np.sqrt((residual ** 2).mean())),
            "r2": 1.0 - float((residual ** 2).sum()) / ss_tot if ss_tot > 0 else 0.0,
        }
        color = VAL_COLOR if has_val else TRAIN_COLOR
        split = "validation" if has_val else "training"
        plt.subplots(1, 2)
        plt.subplot(1, 1)
        plt.scatter(list(true), list(predicted), color=color, marker="dot")
        lo, hi = float(min(true.min(), predicted.min())), float(max(true.max(), predicted.max()))
        plt.plot([lo, hi], [lo, hi], color=CURVE_COLOR)
        plt.title(f"predicted vs true ({split}) · R² {self.stats['r2']:.3f}")
        plt.xlabel(f"true {schema.target}")
        plt.subplot(1, 2)
        plt.scatter(list(predicted), list(residual), color=color, marker="dot")
        plt.plot([float(predicted.min()), float(predicted.max())], [0.0, 0.0], color=CURVE_COLOR)
        plt.title(f"residuals · MAE {self.stats['mae']:.4g} · RMSE {self.stats['rmse']:.4g}")
        plt.xlabel(f"predicted {schema.target}")
        return super().render()
