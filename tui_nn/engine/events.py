"""What `Trainer.run()` yields: small frozen dataclasses of host values, safe to hand to
another thread (the app's worker posts them to the UI; the CLI writes them out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Union

import numpy as np

@dataclass(frozen=True)
class EpochEnd:
    """Metrics at the end of an epoch. Training metrics are averages over the epoch's batches."""

    epoch: int
    loss: float
    val_loss: float | None
    metric_name: str
    """"accuracy" (classification) or "r2" (regression)."""
    metric: float
    val_metric: float | None
    samples_per_s: float
    seconds: float
    """Duration of this epoch."""
    elapsed: float
    """Seconds since the run started."""
    lr: float
    """The learning rate this epoch trained with (after the schedule)."""
    details: Mapping[str, Any] = field(default_factory=dict)
    """The model's metrics at the epoch's end (`tui_nn.engine.metrics`: precision, recall,
    f1, f1_macro, roc_auc or mae, rmse, r2, each also as val_…), when the trainer was asked
    for them (`details=True`) or its monitor needs them; else empty."""


@dataclass(frozen=True)
class Progress:
    """Mid-epoch progress, at a bounded rate, for long epochs."""

    epoch: int
    batch: int
    batches: int
    loss: float


@dataclass(frozen=True)
class WeightsSnapshot:
    """Host copies of every layer's (weight, bias), at a bounded rate."""

    epoch: int
    weights: tuple[tuple[np.ndarray, np.ndarray], ...]


@dataclass(frozen=True)
class TrainingStopped:
    """The last event of a run: why it ended."""

    reason: str
    """"completed", "early_stop", "diverged" or "interrupted"."""
    epoch: int
    message: str
    best_epoch: int | None = None


TrainEvent = Union[EpochEnd, Progress, WeightsSnapshot, TrainingStopped]
