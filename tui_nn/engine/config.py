"""A run's hyper-parameters (`TrainConfig`) and what they may name: the lr schedules and what
early stopping can watch. The RunSpec's training table takes its defaults from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tui_nn.engine.metrics import HIGHER_IS_BETTER
from tui_nn.engine.optimizers import OPTIMIZER_NAMES
from tui_nn.engine.schedules import LR_SCHEDULES
from tui_nn.errors import TuiNNError

LR_SCHEDULE_NAMES = tuple(LR_SCHEDULES)
"""The learning-rate schedules by name (`tui_nn.engine.schedules`)."""

MONITOR_NAMES = tuple(f"{prefix}{name}" for name in HIGHER_IS_BETTER for prefix in ("val_", ""))
"""What early stopping can watch: a loss or metric of the validation rows (val_…) or the training rows."""

MONITOR_TASK = {"accuracy": "classification", "f1_macro": "classification", "roc_auc": "classification",
                "r2": "regression", "mae": "regression", "rmse": "regression"}
"""The task a monitored metric belongs to (the loss belongs to both)."""

@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of a run (the model's shape lives in NetworkSpec)."""

    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 32
    """Rows per step; 0 means the whole training set (full batch)."""
    epochs: int = 200
    l2: float = 0.0
    l1: float = 0.0
    """L1 strength: λ₁·sign(w) added to the weights' gradients (not the biases')."""
    early_stop: int | None = None
    """Patience: stop after this many epochs without a better `monitor`."""
    monitor: str = "val_loss"
    """What early stopping watches (MONITOR_NAMES); a val_ one without validation rows
    watches the training rows' instead."""
    shuffle: bool = True
    seed: int = 0
    momentum: float = 0.9
    lr_schedule: str = "constant"
    """How the learning rate changes from epoch to epoch: one of LR_SCHEDULE_NAMES."""
    lr_factor: float = 0.5
    """What step and plateau multiply the learning rate by, in (0, 1)."""
    lr_patience: int = 5
    """plateau: epochs without a better (validation, else training) loss before the lr drops."""
    lr_step: int = 10
    """step: epochs between drops."""
    snapshot_every: float = 0.25
    """Seconds between weight snapshots (and mid-epoch progress events): 4 a second is
    smooth to watch, and drawing a big layer's heatmap more often costs the app training time."""

    def validate(self) -> "TrainConfig":
        if self.optimizer not in OPTIMIZER_NAMES:
            raise TuiNNError(f'unknown optimizer "{self.optimizer}": use one of {", ".join(OPTIMIZER_NAMES)}')
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise TuiNNError(f"learning rate {self.lr} must be a positive number, e.g. 0.01")
        if self.batch_size < 0:
            raise TuiNNError(f"batch size {self.batch_size} must be 0 (full batch) or more")
        if self.epochs < 1:
            raise TuiNNError(f"epochs {self.epochs} must be at least 1")
        if not (math.isfinite(self.l2) and self.l2 >= 0):
            raise TuiNNError(f"L2 {self.l2} must be zero or a positive number")
        if not (math.isfinite(self.l1) and self.l1 >= 0):
            raise TuiNNError(f"L1 {self.l1} must be zero or a positive number")
        if self.early_stop is not None and self.early_stop < 1:
            raise TuiNNError(f"early-stop patience {self.early_stop} must be at least 1 epoch")
        if not (0 <= self.momentum < 1):
            raise TuiNNError(f"momentum {self.momentum} must be in [0, 1)")
        if self.lr_schedule not in LR_SCHEDULES:
            raise TuiNNError(f'unknown lr schedule "{self.lr_schedule}": use one of {", ".join(LR_SCHEDULE_NAMES)}')
        if not (math.isfinite(self.lr_factor) and 0 < self.lr_factor < 1):
            raise TuiNNError(f"lr factor {self.lr_factor} must be between 0 and 1, e.g. 0.5")
        if self.lr_patience < 1:
            raise TuiNNError(f"lr patience {self.lr_patience} must be at least 1 epoch")
        if self.lr_step < 1:
            raise TuiNNError(f"lr step {self.lr_step} must be at least 1 epoch")
        if self.monitor not in MONITOR_NAMES:
            raise TuiNNError(f'unknown monitor "{self.monitor}": use one of {", ".join(MONITOR_NAMES)}')
        return self

    def to_dict(self) -> dict:
        return {
            "optimizer": self.optimizer,
            "lr": self.lr,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
            "l2": self.l2,
            "l1": self.l1,
            "early_stop": self.early_stop,
            "monitor": self.monitor,
            "shuffle": self.shuffle,
            "seed": self.seed,
            "lr_schedule": self.lr_schedule,
            "lr_factor": self.lr_factor,
            "lr_patience": self.lr_patience,
            "lr_step": self.lr_step,
        }
