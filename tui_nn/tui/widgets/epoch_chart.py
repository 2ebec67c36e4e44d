"""EpochChart: the base of the per-epoch charts (loss, accuracy or R²)."""

from __future__ import annotations

import time
from typing import Iterable

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_nn.engine import EpochEnd
from tui_nn.tui.widgets.series import EpochHistory

REDRAW_EVERY_S = 0.5
"""A plotext chart costs 15–25 ms to draw, all of it holding the GIL the training thread
needs: redrawn at 10 Hz, two charts took a third of the training's time. 2 Hz still looks
live and keeps training fast; `flush()` draws the final state at once."""


class EpochChart(PlotextPlot):
    """A plotext chart of one (train, validation) value per epoch, kept in a bounded history."""

    marker: reactive[str] = reactive("braille")
    """plotext marker: braille is finest in a terminal; "hd" renders better in SVG/PNG."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.history = EpochHistory()
        self._last_draw = 0.0
        self._pending_draw: object | None = None

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
        if self._pending_draw is not None:
            return  # a redraw is already due and will show these points too
        wait = self._last_draw + REDRAW_EVERY_S - time.monotonic()
        if wait <= 0:
            self.flush()
        else:
            self._pending_draw = self.set_timer(wait, self.flush)

    def flush(self) -> None:
        """Draw now (the end of a run), instead of at the next ~2 Hz tick."""
        if self._pending_draw is not None:
            self._pending_draw.stop()
            self._pending_draw = None
        self._last_draw = time.monotonic()
        self.refresh()

    def watch_marker(self) -> None:
        self.refresh()
