"""Learning-rate schedules: the lr of each epoch, set on the optimizer before it, in host
arithmetic (no device value is read for them).

- constant: lr
- step:     lr·factor^⌊e / lr_step⌋, e the epochs trained so far (torch's StepLR)
- cosine:   lr·0.5·(1 + cos(π·e/E)), e the epochs of this run so far, E the run's epochs
            (torch's CosineAnnealingLR, eta_min 0)
- plateau:  lr·factor after `lr_patience` epochs without a better validation loss (else
            training loss), as Keras' ReduceLROnPlateau (min_delta 0, cooldown 0, min_lr 0)

Adding one is a function of (schedule, trained, run_epoch, run_epochs) and one `LR_SCHEDULES` entry.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from tui_nn.engine.config import TrainConfig


class LrSchedule:
    """One run's schedule. The plateau's state (the best watched loss, the epochs since, and
    the drops so far as a scale of the configured lr) persists across a trainer's runs."""

    def __init__(self, config: "TrainConfig") -> None:
        self.config = config
        self._lr_of = LR_SCHEDULES[config.lr_schedule]
        self._plateau_best = math.inf
        self._plateau_wait = 0
        self.scale = 1.0
        """plateau: what the drops so far multiply the configured lr by."""

    def lr(self, trained: int, run_epoch: int, run_epochs: int) -> float:
        """The lr of the next epoch: `trained` epochs in all, `run_epoch` of this run's `run_epochs` done."""
        return self._lr_of(self, trained, run_epoch, run_epochs)

    def epoch_end(self, watched: float | None) -> None:
        """An epoch ended with `watched` (validation loss, else training loss): the plateau
        counts it as Keras does (a better loss resets the wait; `lr_patience` epochs without
        one multiply the lr by `lr_factor` and reset it). Other schedules ignore it."""
        cfg = self.config
        if cfg.lr_schedule != "plateau":
            return
        if watched is not None and watched < self._plateau_best:
            self._plateau_best, self._plateau_wait = watched, 0
            return
        self._plateau_wait += 1
        if self._plateau_wait >= cfg.lr_patience:
            self.scale *= cfg.lr_factor
            self._plateau_wait = 0


LR_SCHEDULES: dict[str, Callable[[LrSchedule, int, int, int], float]] = {
    "constant": lambda s, trained, e, total: s.config.lr,
    "step": lambda s, trained, e, total: s.config.lr * s.config.lr_factor ** (trained // s.config.lr_step),
    "cosine": lambda s, trained, e, total: s.config.lr * 0.5 * (1.0 + math.cos(math.pi * e / max(1, total))),
    "plateau": lambda s, trained, e, total: s.config.lr * s.scale,
}
"""Every schedule by name: (schedule, epochs trained, epochs of this run done, run's epochs) → lr."""
