"""k-fold cross-validation splits: seeded and stratified by class for classification (as
scikit-learn's StratifiedKFold(shuffle=True) is, though not row for row), shuffled for regression.

The table is read once, standardised on all its rows; each fold re-standardises its
numeric features on its own training rows (`restandardize`), so a fold's validation rows
never shape the scaling its model trains with. (Fill values and a regression target's
scale stay those of all rows: they change what a loss reads in units, not what is learnt.)
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from tui_nn.data.schema import Schema
from tui_nn.errors import TuiNNError


def fold_indices(n_rows: int, folds: int, seed: int, labels: np.ndarray | None = None) -> list[np.ndarray]:
    """The validation rows of each fold (sorted), covering every row once. With `labels`
    (class index per row) each class is dealt across the folds in turn, so every fold holds
    each class in the table's proportions, give or take one row."""
    if folds < 2:
        raise TuiNNError(f"--folds {folds}: cross-validation needs at least 2 folds")
    if folds > n_rows:
        raise TuiNNError(f"--folds {folds} needs at least {folds} rows; the table has {n_rows}: use fewer folds")
    rng = np.random.default_rng(seed)
    if labels is None:
        order = rng.permutation(n_rows)
    else:
        # Every class shuffled, one after another: dealing this order round-robin spreads each
        # class evenly, and the folds' sizes differ by one row at most.
        order = np.concatenate([rng.permutation(np.flatnonzero(labels == k)) for k in np.unique(labels)])
    return [np.sort(order[fold::folds]) for fold in range(folds)]


def split_folds(n_rows: int, folds: int, seed: int, labels: np.ndarray | None = None
                ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(training rows, validation rows) of each fold."""
    every = np.arange(n_rows)
    for val in fold_indices(n_rows, folds, seed, labels):
        yield np.setdiff1d(every, val, assume_unique=True), val


def restandardize(x_train: np.ndarray, x_val: np.ndarray, schema: Schema) -> tuple[np.ndarray, np.ndarray]:
    """x (standardised on all rows) re-standardised on the fold's training rows.

    Standardisation is affine, so scaling already-scaled columns by the fold's own mean and
    std gives what scaling the raw values by them would. Only the columns the schema scaled
    (numeric ones; one-hot and true/false ones keep mean 0, std 1) change."""
    if schema.standardize is None or len(x_train) == 0:
        return x_train, x_val
    mean = np.asarray(schema.standardize["mean"])
    std = np.asarray(schema.standardize["std"])
    scaled = (mean != 0) | (std != 1)
    if not scaled.any():
        return x_train, x_val
    centre = x_train[:, scaled].mean(axis=0)
    spread = x_train[:, scaled].std(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    x_train, x_val = x_train.copy(), x_val.copy()
    x_train[:, scaled] = (x_train[:, scaled] - centre) / spread
    x_val[:, scaled] = (x_val[:, scaled] - centre) / spread
    return x_train, x_val
