"""EpochChart: the base of the per-epoch charts (loss, accuracy or R²)."""

from __future__ import annotations

from typing import Iterable

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_nn.engine import EpochEnd
from tui_nn.tui.widgets.series import EpochHistory


class EpochChart(PlotextPlot):
    """A plotext chart of one (train, validation) value per epoch, kept in a bounded history."""

    marker: reactive[str] = reactive("braille")
    """plotext marker: braille is finest in a terminal; "hd" renders better in SVG/PNG."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.history = EpochHistory()

    @property
    def epochs(self):  # noqa: ANN201 — array("q") of the kept epochs
        return self.history.epochs

    def clear(self) -> None:
        """Forget every point (fresh weights)."""
        self.history.clear()
        self.refresh()

    def values_of(self, event: EpochEnd) -> tuple[float, float | None]:
        """(train, validation) value this chart plots for an epoch."""
        raise NotImplementedError

    def extend(self, events: Iterable[EpochEnd]) -> None:
        """Add finished epochs and redraw (the app calls this at most ~10 times a second)."""
        for event in events:
            self.history.append(event.epoch, *self.values_of(event))
        self.refresh()

    def watch_marker(self) -> None:
        self.refresh()
