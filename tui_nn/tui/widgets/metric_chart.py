"""MetricChart: accuracy (classification) or R² (regression) per epoch, train and validation."""

from __future__ import annotations

import math

from textual.app import RenderResult
from textual.reactive import reactive

from tui_nn.engine import EpochEnd
from tui_nn.tui.widgets.loss_chart import POINTS_PER_COLUMN, TRAIN_COLOR, VAL_COLOR, set_epoch_axis
from tui_nn.tui.widgets.epoch_chart import EpochChart

R2_FLOOR = -1.0
"""R² starts far below zero on an untrained net; the axis stops here so the useful range shows."""


class MetricChart(EpochChart):
    """Accuracy in percent (0–100) or R² (clipped at -1) per epoch."""

    metric_name: reactive[str] = reactive("accuracy")
    """"accuracy" or "r2", from the data's task."""

    def values_of(self, event: EpochEnd) -> tuple[float, float | None]:
        self.metric_name = event.metric_name
        return event.metric, event.val_metric

    def watch_metric_name(self) -> None:
        self.refresh()

    def _scaled(self, values: list[float]) -> list[float]:
        if self.metric_name == "accuracy":
            return [100.0 * v for v in values]
        return [max(R2_FLOOR, v) for v in values]

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        accuracy = self.metric_name == "accuracy"
        name = "accuracy %" if accuracy else "R²"
        plt.xlabel("epoch")
        if accuracy:
            plt.ylim(0, 100)
            plt.yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"])
        else:
            plt.ylim(R2_FLOOR, 1)
            plt.yticks([-1, -0.5, 0, 0.5, 1], ["-1", "-0.5", "0", "0.5", "1"])
        latest = self.history.latest
        if latest is None:
            plt.title(name)
            return super().render()
        width = max(10, self.size.width)
        xs, train, val_x, val = self.history.points(width * POINTS_PER_COLUMN)
        if not xs:
            return super().render()
        plt.plot(xs, self._scaled(train), color=TRAIN_COLOR, marker=self.marker)
        if val:
            plt.plot(val_x, self._scaled(val), color=VAL_COLOR, marker=self.marker)
        shown = f"{latest[1]:.1%}" if accuracy else f"{latest[1]:.4f}"
        plt.title(f"{name} · {shown}")
        set_epoch_axis(plt, xs, self.size.width)
        return super().render()
