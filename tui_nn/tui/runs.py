"""The runs of one app session (issue #15, "runs compared"): what each left behind. No Textual.

Playground keeps nothing between runs; the app keeps the last `RUNS_KEPT`: each one's RunSpec
as it started, its epochs (thinned to at most `RUN_POINTS`, evenly spread, as the charts thin
theirs), why it stopped and its best validation numbers. The Runs tab draws them; `enter`
there restores a run's setup (`Session.restore`). Fresh weights, other data or a reset do
not clear the log: comparing what was tried across settings is its point.

A run is one start of the trainer: space's run of the settings' epochs, or `n`'s one epoch
(each is a run of its own, simply: a run is what the trainer did between a start and a stop).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

from tui_nn.compare import higher_is_better
from tui_nn.engine import EpochEnd
from tui_nn.spec import RunSpec, text_of

RUNS_KEPT = 10
"""Runs the log holds; the oldest goes when an eleventh ends."""
RUN_POINTS = 512
"""Epochs kept of one run: twice the columns of a wide chart, a fixed bound however long it trained."""


@dataclass(frozen=True)
class Best:
    """The best value of one quantity in a run, and the first epoch that reached it."""

    name: str
    """`val_loss` or `loss` (no validation split); `val_accuracy`, `accuracy`, `val_r2` or `r2`."""
    value: float
    epoch: int


@dataclass(frozen=True)
class RunRecord:
    """One finished run."""

    number: int
    """1, 2, … in the order the runs ended since the app opened (kept when older runs drop out)."""
    spec: RunSpec
    """The setup it started with (an lr changed while it ran applied from then on; restoring
    this replays the start)."""
    dataset: str | None
    """The data's name, for the table (the spec has its source)."""
    first_epoch: int
    last_epoch: int
    history: tuple[EpochEnd, ...]
    """Its epochs, at most `RUN_POINTS`, evenly spread, the last one always kept."""
    reason: str
    """completed, early_stop, diverged or interrupted (stopped by a key, a setting, an error)."""
    best_loss: Best | None
    best_score: Best | None
    final_loss: float

    @property
    def epochs(self) -> int:
        return self.last_epoch - self.first_epoch + 1

    def curve(self) -> tuple[str, list[int], list[float]]:
        """(quantity, epochs, values) to draw: the validation loss when it had a split, else the
        training loss; epochs without a finite value are left out (a diverged run's last ones)."""
        name = self.best_loss.name if self.best_loss else "loss"
        xs, ys = [], []
        for event in self.history:
            value = event.val_loss if name == "val_loss" else event.loss
            if value is not None and math.isfinite(value):
                xs.append(event.epoch)
                ys.append(value)
        return name, xs, ys


def changes(old: RunSpec, new: RunSpec) -> str:
    """What differs from `old` to `new`, key by key in table order: `lr 0.01→0.05, layers 2:tanh,…→…`."""
    return ", ".join(f"{name} {text_of(old.get(name)) or '–'}→{text_of(new.get(name)) or '–'}"
                     for name in new.changed_keys(old))


def _better(name: str, value: float, best: Best | None) -> bool:
    if best is None:
        return True
    return value > best.value if higher_is_better(name) else value < best.value


class _Tracker:
    """The run in progress: its start, its thinned epochs and the best seen over all of them."""

    def __init__(self, spec: RunSpec, dataset: str | None, start: int) -> None:
        self.spec, self.dataset, self.start = spec, dataset, start
        self.kept: list[EpochEnd] = []
        self.stride = 1
        self._skipped = 0
        self.last: EpochEnd | None = None
        self.best_loss: Best | None = None
        self.best_score: Best | None = None

    def add(self, event: EpochEnd) -> None:
        self.last = event
        loss_name, loss = ("val_loss", event.val_loss) if event.val_loss is not None else ("loss", event.loss)
        if math.isfinite(loss) and _better(loss_name, loss, self.best_loss):
            self.best_loss = Best(loss_name, loss, event.epoch)
        score_name, score = ((f"val_{event.metric_name}", event.val_metric) if event.val_metric is not None
                             else (event.metric_name, event.metric))
        if math.isfinite(score) and _better(score_name, score, self.best_score):
            self.best_score = Best(score_name, score, event.epoch)
        # EpochHistory's scheme (tui/widgets/series.py) over whole events: every stride-th kept,
        # halved when full, so the points stay evenly spread over a run of any length.
        self._skipped += 1
        if self._skipped < self.stride:
            return
        self._skipped = 0
        self.kept.append(event)
        if len(self.kept) >= RUN_POINTS:
            dropped_newest = len(self.kept) % 2 == 0
            self.kept = self.kept[::2]
            self._skipped = self.stride if dropped_newest else 0
            self.stride *= 2

    def record(self, number: int, reason: str) -> RunRecord:
        assert self.last is not None
        # The list halves on reaching RUN_POINTS, so the newest epoch always has room.
        history = self.kept if self.kept and self.kept[-1] is self.last else [*self.kept, self.last]
        return RunRecord(number, self.spec, self.dataset, self.start + 1, self.last.epoch, tuple(history), reason,
                         self.best_loss, self.best_score, self.last.loss)


@dataclass
class RunLog:
    """The last `RUNS_KEPT` runs, oldest first, and the one in progress."""

    runs: deque[RunRecord] = field(default_factory=lambda: deque(maxlen=RUNS_KEPT))
    count: int = 0
    """Runs recorded since the app opened (the next one's number is count + 1)."""
    _current: _Tracker | None = None

    @property
    def records(self) -> tuple[RunRecord, ...]:
        return tuple(self.runs)

    def get(self, number: int) -> RunRecord | None:
        return next((run for run in self.runs if run.number == number), None)

    def start(self, spec: RunSpec, epochs_done: int, dataset: str | None = None) -> None:
        """A run begins from weights trained `epochs_done` epochs."""
        self._current = _Tracker(spec, dataset, epochs_done)

    def add(self, events: Iterable[EpochEnd]) -> None:
        if self._current is not None:
            for event in events:
                self._current.add(event)

    def finish(self, reason: str) -> RunRecord | None:
        """The run ended; its record, or None when it ended before its first epoch (nothing to compare)."""
        current, self._current = self._current, None
        if current is None or current.last is None:
            return None
        self.count += 1
        record = current.record(self.count, reason)
        self.runs.append(record)
        return record

    def previous(self, record: RunRecord) -> RunRecord | None:
        """The run kept before `record` (None for the oldest kept)."""
        runs = list(self.runs)
        at = runs.index(record)
        return runs[at - 1] if at > 0 else None

    def changed(self, record: RunRecord) -> str:
        """What differs from the run kept before it ("" for the oldest kept)."""
        previous = self.previous(record)
        return changes(previous.spec, record.spec) if previous is not None else ""

    def best(self) -> RunRecord | None:
        """The run with the best score (accuracy or R²; validation when split) among those scored
        as the newest run is (a training accuracy is no rival to a validation one). An accuracy on
        a hundred rows ties often: the lower best loss then decides, and after it the earlier run."""
        if not self.runs:
            return None
        newest = self.runs[-1].best_score
        if newest is None:
            return None
        best: RunRecord | None = None
        for run in self.runs:
            score = run.best_score
            if score is None or score.name != newest.name:
                continue
            if best is None or _better(score.name, score.value, best.best_score) or (
                    score.value == best.best_score.value and run.best_loss is not None
                    and _better(run.best_loss.name, run.best_loss.value, best.best_loss)):
                best = run
        return best
