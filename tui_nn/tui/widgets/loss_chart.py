"""LossChart: training and validation loss per epoch, optionally on a log scale."""

from __future__ import annotations

import math

from textual.app import RenderResult
from textual.reactive import reactive

from tui_nn.engine import EpochEnd
from tui_nn.tui.widgets.epoch_chart import EpochChart
from tui_nn.tui.widgets.series import log_ticks, nice_ticks, tick_label

TRAIN_COLOR = (86, 182, 255)
VAL_COLOR = (255, 166, 77)
POINTS_PER_COLUMN = 2
"""Points kept per terminal column: more would only cost plotting time."""
LOG_FLOOR = 1e-12
"""Losses at or below this are drawn at it (log10 of 0 is -inf)."""


class LossChart(EpochChart):
    """Loss per epoch: train and (when there is a split) validation, linear or log10."""

    log_scale: reactive[bool] = reactive(False)
    """Plot log10(loss) with decade ticks instead of the loss itself."""

    def values_of(self, event: EpochEnd) -> tuple[float, float | None]:
        return event.loss, event.val_loss

    def watch_log_scale(self) -> None:
        self.refresh()

    def _y(self, values: list[float]) -> list[float]:
        if not self.log_scale:
            return values
        return [math.log10(max(v, LOG_FLOOR)) for v in values]

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        scale = "log" if self.log_scale else "linear"
        latest = self.history.latest
        if latest is None:
            plt.title(f"loss ({scale}) — press space to train")
            plt.xlabel("epoch")
            return super().render()
        width = max(10, self.size.width)
        xs, train, val_x, val = self.history.points(width * POINTS_PER_COLUMN)
        if not xs:
            return super().render()
        train, val = self._y(train), self._y(val)
        # No plotext legend: it covers the start of the curve; the panel's subtitle is the key.
        plt.plot(xs, train, color=TRAIN_COLOR, marker=self.marker)
        if val:
            plt.plot(val_x, val, color=VAL_COLOR, marker=self.marker)
        plt.title(f"loss ({scale}) · epoch {latest[0]} · {latest[1]:.4g}")
        plt.xlabel("epoch")
        values = train + val
        if self.log_scale:
            ticks, labels = log_ticks(min(values), max(values))
        else:
            ticks = nice_ticks(min(values), max(values), max(3, self.size.height // 4))
            if len(ticks) < 3:  # a round step can leave one tick in a short range: ask for finer ones
                ticks = nice_ticks(min(values), max(values), 6)
            labels = [tick_label(t) for t in ticks]
        if ticks:
            plt.yticks(ticks, labels)
        set_epoch_axis(plt, xs, self.size.width)
        return super().render()


def set_epoch_axis(plt: object, xs: list[int], width: int) -> None:
    """Whole-number epoch ticks (plotext would write 50.8), and a sane range for a single point."""
    first, last = xs[0], xs[-1]
    if first == last:
        plt.xlim(first - 1, last + 1)
        plt.xticks([first], [str(first)])
        return
    ticks = [t for t in nice_ticks(first, last, max(3, min(6, width // 9))) if float(t).is_integer()]
    if len(ticks) < 2:
        ticks = [first, last]
    plt.xticks(ticks, [tick_label(t) for t in ticks])
