"""StatusBar: one line — state, epoch, loss, metric, learning rate, samples/s, elapsed time, backend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Static

STATE_STYLES = {
    "idle": "bold white on grey30",
    "training": "bold black on green3",
    "paused": "bold black on gold1",
    "done": "bold white on dodger_blue2",
    "diverged": "bold white on red3",
}


@dataclass(frozen=True)
class StatusInfo:
    """What the status bar shows."""

    state: str = "idle"
    epoch: int = 0
    target: int = 0
    """The epoch the run stops at (0: no run yet)."""
    batch: str = ""
    """`40/100`: batches done of the epoch in progress, when epochs are long enough to report it."""
    loss: float | None = None
    metric_name: str = "accuracy"
    metric: float | None = None
    val_loss: float | None = None
    val_metric: float | None = None
    samples_per_s: float | None = None
    elapsed: float | None = None
    backend: str = "numpy"
    lr: float | None = None
    """The lr the last epoch trained with (a schedule changes it), else the configured one."""


GIVE_WAY = ("samples/s", "elapsed", "backend", "val", "val loss")
"""The fields a line too wide for the bar drops whole, first to last: the speed and the clock
first, then the backend, then the validation numbers (the charts draw those too); the state,
epoch, loss, metric and lr stay. Past them the line is cut with an ellipsis."""


FIELD_WIDTHS = {"epoch": 7, "loss": 8, "acc": 6, "R²": 7, "val loss": 8, "val": 7, "lr": 6, "samples/s": 9,
                "elapsed": 7}
"""The columns each value takes at least (right-aligned): growing digits never shift the
fields after them, so a projected status bar reads without jumping."""

SPEED_WINDOW_S = 1.0
"""samples/s is averaged over the epochs of about this last second: per epoch, a tiny table's
speed jumps between 124k and 929k with the machine's hiccups."""


def smoothed_speed(history: Any, window: float = SPEED_WINDOW_S) -> float | None:
    """Rows a second over the last epochs covering `window` seconds (at least the last one)."""
    rows = seconds = 0.0
    for event in reversed(history):
        if not (event.seconds > 0 and math.isfinite(event.samples_per_s)):
            continue
        rows += event.samples_per_s * event.seconds
        seconds += event.seconds
        if seconds >= window:
            break
    return rows / seconds if seconds > 0 else None


def format_metric(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1%}" if name == "accuracy" else f"{value:.4f}"


def format_elapsed(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{int(secs):02d}" if hours else f"{minutes}:{int(secs):02d}"


class StatusBar(Static):
    """The state as a coloured badge, then the latest numbers (as many as fit the width)."""

    def show(self, info: StatusInfo) -> None:
        self.info = info
        epoch = f"{info.epoch}/{info.target}" if info.target else str(info.epoch)
        if info.batch:
            epoch += f" · batch {info.batch}"
        parts = [("epoch", epoch), ("loss", "–" if info.loss is None else f"{info.loss:.4g}"),
                 ("acc" if info.metric_name == "accuracy" else "R²", format_metric(info.metric_name, info.metric))]
        if info.val_loss is not None:
            parts.append(("val loss", f"{info.val_loss:.4g}"))
            parts.append(("val", format_metric(info.metric_name, info.val_metric)))
        if info.lr is not None:
            parts.append(("lr", f"{info.lr:.4g}"))
        parts.append(("samples/s", "–" if not info.samples_per_s else f"{info.samples_per_s:,.0f}"))
        parts.append(("elapsed", format_elapsed(info.elapsed)))
        parts.append(("backend", info.backend))
        width = self.size.width  # 0 before the first layout: nothing dropped then
        for label in GIVE_WAY:
            if not width or self._line(info, parts).cell_len <= width:
                break
            parts = [part for part in parts if part[0] != label]
        # One fixed line: no layout pass (a layout would repaint the whole screen, 10 times a second).
        self.update(self._line(info, parts), layout=False)

    @staticmethod
    def _line(info: StatusInfo, parts: list[tuple[str, str]]) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {info.state} ", style=STATE_STYLES.get(info.state, "bold"))
        for label, value in parts:
            if label == "backend":
                text.append("  │ ", style="dim")
                text.append(value)
            else:
                text.append(f"  {label} ", style="dim")
                text.append(value.rjust(FIELD_WIDTHS.get(label, 0)), style="bold")
        return text

    def on_resize(self) -> None:
        # What fits depends on the width: lay the line out again for the new one.
        if hasattr(self, "info"):
            self.show(self.info)
