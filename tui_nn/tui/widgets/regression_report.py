"""RegressionReport: predicted against true values, and the residuals (plotext).

Left: each row's prediction over its true value; a perfect model puts every dot on the
diagonal. Right: residuals (true − predicted) over the prediction; a good model leaves a
shapeless band around zero. Both in the target's own units, on the validation split when
there is one.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal
from textual_plotext import PlotextPlot

from tui_nn.tui.view_math import HostModel, report_rows
from tui_nn.tui.widgets.fit_plot import CURVE_COLOR
from tui_nn.tui.widgets.loss_chart import TRAIN_COLOR, VAL_COLOR

MAX_POINTS = 2000


class _Plot(PlotextPlot):
    """A plot drawn by its owner's callback (plotext's own subplots do not survive textual-plotext)."""

    def __init__(self, draw: Callable[[Any], None], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.draw = draw

    def render(self) -> RenderResult:
        self.plt.clear_figure()
        self.draw(self.plt)
        return super().render()


class RegressionReport(Horizontal):
    """Predicted vs true (left) and residuals (right) of a regression model."""

    DEFAULT_CSS = """
    RegressionReport {
        height: 1fr;
        min-height: 10;
    }
    RegressionReport > _Plot {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.stats: dict[str, float] = {}
        """MAE, RMSE and R² of the last drawing, in the target's units (tests read them)."""
        self._cache: tuple | None = None

    def compose(self) -> ComposeResult:
        yield _Plot(self._draw_fit, id="regression-fit")
        yield _Plot(self._draw_residuals, id="regression-residuals")

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model = model
        self.dataset = dataset
        for plot in self.query(_Plot):
            plot.refresh()

    def compute(self) -> tuple[np.ndarray, np.ndarray, str] | None:
        """(true, predicted, split) in the target's units, cached per weights version."""
        data, model = self.dataset, self.model
        if data is None or model is None or data.schema.task != "regression":
            return None
        key = (id(model), model.version, id(data))
        if self._cache is None or self._cache[0] != key:
            x, y, has_val = report_rows(data)
            step = max(1, len(x) // MAX_POINTS)
            true = data.schema.unscale_outputs(y[::step])[:, 0]
            predicted = data.schema.unscale_outputs(model.predict(x[::step]))[:, 0]
            residual = true - predicted
            ss_tot = float(((true - true.mean()) ** 2).sum())
            self.stats = {
                "mae": float(np.abs(residual).mean()),
                "rmse": float(np.sqrt((residual ** 2).mean())),
                "r2": 1.0 - float((residual ** 2).sum()) / ss_tot if ss_tot > 0 else 0.0,
            }
            self._cache = (key, (true, predicted, "validation" if has_val else "training"))
        return self._cache[1]

    def _empty(self, plt: Any) -> bool:
        if self.compute() is not None:
            return False
        data = self.dataset
        plt.title("the fit report is for regression" if data is not None else "no network yet")
        return True

    def _draw_fit(self, plt: Any) -> None:
        if self._empty(plt):
            return
        true, predicted, split = self.compute()
        color = VAL_COLOR if split == "validation" else TRAIN_COLOR
        plt.scatter(list(true), list(predicted), color=color, marker="dot")
        lo, hi = float(min(true.min(), predicted.min())), float(max(true.max(), predicted.max()))
        plt.plot([lo, hi], [lo, hi], color=CURVE_COLOR)
        plt.title(f"predicted vs true ({split}) · R² {self.stats['r2']:.3f}")
        plt.xlabel(f"true {self.dataset.schema.target}")

    def _draw_residuals(self, plt: Any) -> None:
        if self._empty(plt):
            return
        true, predicted, split = self.compute()
        color = VAL_COLOR if split == "validation" else TRAIN_COLOR
        residual = true - predicted
        plt.scatter(list(predicted), list(residual), color=color, marker="dot")
        plt.plot([float(predicted.min()), float(predicted.max())], [0.0, 0.0], color=CURVE_COLOR)
        plt.title(f"residuals · MAE {self.stats['mae']:.4g} · RMSE {self.stats['rmse']:.4g}")
        plt.xlabel(f"predicted {self.dataset.schema.target}")
