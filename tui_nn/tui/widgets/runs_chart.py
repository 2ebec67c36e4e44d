"""RunsChart: every kept run's loss curve in one plotext chart, a colour a run (the Runs tab)."""

from __future__ import annotations

from typing import Sequence

from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_nn.tui.runs import RunRecord
from tui_nn.tui.widgets.loss_chart import POINTS_PER_COLUMN, set_epoch_axis
from tui_nn.tui.widgets.series import downsample, nice_ticks, tick_label

RUN_COLORS = ((86, 182, 255), (255, 166, 77), (120, 220, 120), (240, 100, 140), (190, 140, 255),
              (240, 220, 90), (80, 220, 210), (255, 120, 80), (170, 170, 170), (140, 200, 60))
"""One colour a run, by its number: a run keeps its colour while older runs drop out of the log."""


def run_color(number: int) -> tuple[int, int, int]:
    return RUN_COLORS[(number - 1) % len(RUN_COLORS)]


def run_style(number: int) -> str:
    """The run's colour as Rich writes it, for the table's run column and the legend."""
    r, g, b = run_color(number)
    return f"rgb({r},{g},{b})"


class RunsChart(PlotextPlot):
    """The loss per epoch of every run given to `show`: validation loss where a run had a split.

    Epochs are the weights' own count, so a run that went on from the last one continues its
    curve to the right, and one from fresh weights starts again at 1 beside the others.
    """

    marker: reactive[str] = reactive("braille")
    """plotext marker: braille is finest in a terminal; "hd" renders better in SVG/PNG."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.runs: tuple[RunRecord, ...] = ()

    @property
    def series(self) -> list[str]:
        """The lines drawn, by their legend name (`run 3`), oldest first."""
        return [f"run {run.number}" for run in self.runs if run.curve()[1]]

    def show(self, runs: Sequence[RunRecord]) -> None:
        self.runs = tuple(runs)
        self.refresh()

    def watch_marker(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        plt.xlabel("epoch")
        curves = [(run.number, *run.curve()) for run in self.runs]
        curves = [curve for curve in curves if curve[2]]
        if not curves:
            plt.title("loss per run")
            return super().render()
        budget = max(10, self.size.width) * POINTS_PER_COLUMN
        all_x: list[float] = []
        all_y: list[float] = []
        # No plotext legend: it covers curves; the table's run column (in each run's colour) is the key.
        for number, _name, xs, ys in curves:
            xs, ys = downsample(xs, ys, budget)
            plt.plot(xs, ys, color=run_color(number), marker=self.marker)
            all_x += xs
            all_y += ys
        names = {name for _, name, _, _ in curves}
        what = "val_loss" if names == {"val_loss"} else "loss" if names == {"loss"} else "val_loss (loss without a split)"
        plt.title(f"{what} per epoch · {len(curves)} run{'s' if len(curves) != 1 else ''}")
        ticks = nice_ticks(min(all_y), max(all_y), max(3, self.size.height // 4))
        if len(ticks) < 3:  # a round step can leave one tick in a short range
            ticks = nice_ticks(min(all_y), max(all_y), 6)
        if ticks:
            plt.yticks(ticks, [tick_label(t) for t in ticks])
        set_epoch_axis(plt, sorted({int(x) for x in all_x}), self.size.width)
        return super().render()
