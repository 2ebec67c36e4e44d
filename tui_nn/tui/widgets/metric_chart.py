"""MetricChart: accuracy (classification) or R² (regression) per epoch, train and validation."""

from __future__ import annotations

import math
from array import array

from typing import Iterable

from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_nn.engine import EpochEnd
from tui_nn.tui.widgets.loss_chart import POINTS_PER_COLUMN, TRAIN_COLOR, VAL_COLOR, set_epoch_axis
from tui_nn.tui.widgets.series import downsample

R2_FLOOR = -1.0
"""R² starts far below zero on an untrained net; the axis stops here so the useful range shows."""


class MetricChart(PlotextPlot):
    """Accuracy in percent (0–100) or R² (clipped at -1) per epoch."""

    metric_name: reactive[str] = reactive("accuracy")
    """"accuracy" or "r2", from the data's task."""
    marker: reactive[str] = reactive("braille")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        # Compact float arrays: a long run keeps every epoch (8 bytes each), plotting thins them.
        self.epochs = array("q")
        self.train = array("d")
        self.val = array("d")
        """NaN where an epoch has no validation value."""

    def clear(self) -> None:
        self.epochs, self.train, self.val = array("q"), array("d"), array("d")
        self.refresh()

    def extend(self, events: Iterable[EpochEnd]) -> None:
        for event in events:
            self.metric_name = event.metric_name
            self.epochs.append(event.epoch)
            self.train.append(event.metric)
            self.val.append(math.nan if event.val_metric is None else event.val_metric)
        self.refresh()

    def watch_metric_name(self) -> None:
        self.refresh()

    def watch_marker(self) -> None:
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
        if not self.epochs:
            plt.title(name)
            return super().render()
        width = max(10, self.size.width)
        xs, train = downsample(self.epochs, self.train, width * POINTS_PER_COLUMN)
        val_x, val = downsample(self.epochs, self.val, width * POINTS_PER_COLUMN)
        if not xs:
            return super().render()
        plt.plot(xs, self._scaled(train), color=TRAIN_COLOR, marker=self.marker)
        if val:
            plt.plot(val_x, self._scaled(val), color=VAL_COLOR, marker=self.marker)
        latest = self.train[-1]
        shown = f"{latest:.1%}" if accuracy else f"{latest:.4f}"
        plt.title(f"{name} · {shown}")
        set_epoch_axis(plt, xs, self.size.width)
        return super().render()
