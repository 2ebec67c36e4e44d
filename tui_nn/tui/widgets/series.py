"""Helpers for the charts: thin a long series, and label a log10 axis.

plotext's cost grows with the number of points (about 60 ms for 10,000), so a series is cut
to about two points per terminal column before plotting; and plotext's own log scale
crashes on a second render, so the loss chart plots log10 values with these ticks.
"""

from __future__ import annotations

import math
from array import array
from typing import Sequence

HISTORY_CAPACITY = 8192
"""Points a chart keeps of a run: plenty for any terminal width, and a fixed memory bound."""


class EpochHistory:
    """Per-epoch (train, validation) values of a run, in bounded memory.

    Each point costs 24 bytes, but a tiny dataset trains 20,000 epochs a second, so an
    unbounded history would grow by ~1.7 GB an hour. When `capacity` points are held, every
    other one is dropped and from then on only every `stride`-th epoch is kept: the points
    stay evenly spread over the whole run, and the newest epoch is always remembered.
    """

    def __init__(self, capacity: int = HISTORY_CAPACITY) -> None:
        self.capacity = max(4, capacity)
        self.clear()

    def clear(self) -> None:
        self.epochs = array("q")
        self.train = array("d")
        self.val = array("d")
        """NaN where an epoch has no validation value."""
        self.stride = 1
        self._skipped = 0
        self.latest: tuple[int, float, float] | None = None

    def __len__(self) -> int:
        return len(self.epochs)

    def append(self, epoch: int, train: float, val: float | None) -> None:
        val = math.nan if val is None else val
        self.latest = (epoch, train, val)
        self._skipped += 1
        if self._skipped < self.stride:
            return
        self._skipped = 0
        self.epochs.append(epoch)
        self.train.append(train)
        self.val.append(val)
        if len(self.epochs) >= self.capacity:
            # Keep points 0, 2, 4, ...; when the newest point falls out, the epochs since the
            # last kept one already count towards the next, so the spacing stays even.
            dropped_newest = len(self.epochs) % 2 == 0
            self.epochs, self.train, self.val = self.epochs[::2], self.train[::2], self.val[::2]
            self._skipped = self.stride if dropped_newest else 0
            self.stride *= 2

    def points(self, max_points: int) -> tuple[list[float], list[float], list[float], list[float]]:
        """(train x, train y, validation x, validation y), thinned for plotting, ending at the newest epoch."""
        epochs, train, val = self.epochs, self.train, self.val
        if self.latest is not None and (not epochs or epochs[-1] != self.latest[0]):
            epochs, train, val = epochs + array("q", [self.latest[0]]), train + array("d", [self.latest[1]]), \
                val + array("d", [self.latest[2]])
        xs, ys = downsample(epochs, train, max_points)
        val_x, val_y = downsample(epochs, val, max_points)
        return xs, ys, val_x, val_y


def downsample(xs: Sequence[float], ys: Sequence[float | None], max_points: int) -> tuple[list[float], list[float]]:
    """At most `max_points` (x, y) pairs, evenly strided, always keeping the last one.

    Costs O(max_points), not O(len(xs)), so a million-epoch history redraws as fast as a short
    one. None and non-finite y values are dropped (a validation loss may be missing).
    """
    n = len(xs)
    max_points = max(2, max_points)
    if n > max_points:
        step = n / max_points
        indices: Sequence[int] = [int(i * step) for i in range(max_points - 1)] + [n - 1]
    else:
        indices = range(n)
    out_x, out_y = [], []
    for i in indices:
        y = ys[i]
        if y is not None and math.isfinite(y):
            out_x.append(xs[i])
            out_y.append(y)
    return out_x, out_y


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions and labels for a log10 axis spanning log10 values low..high.

    Whole decades when the range spans a few of them, 1-2-5 steps inside a narrow range.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [], []
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    ticks: list[float] = []
    first, last = math.floor(low), math.ceil(high)
    steps = (1.0,) if last - first > 2 else (1.0, 2.0, 5.0)
    for decade in range(first, last + 1):
        for step in steps:
            value = decade + math.log10(step)
            if low - 1e-9 <= value <= high + 1e-9:
                ticks.append(value)
    if len(ticks) < 2:
        ticks = [low, high]
    return ticks, [format_power(t) for t in ticks]


def format_power(log_value: float) -> str:
    """10**log_value written short: 0.01, 0.2, 1, 50, 1e-05."""
    value = 10.0 ** log_value
    if 1e-3 <= value < 1e4:
        return f"{value:.3g}"
    return f"{value:.0e}".replace("e-0", "e-").replace("e+0", "e")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round tick values (1, 2 or 5 times a power of ten apart) covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high - low < 1e-12:
        return [low]
    raw = (high - low) / max(1, count - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9 * step:
        ticks.append(round(value, 12))
        value += step
    return ticks


def tick_label(value: float) -> str:
    """A short label: whole numbers without a decimal point, others with up to 3 significant digits."""
    if float(value).is_integer() and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3g}"
