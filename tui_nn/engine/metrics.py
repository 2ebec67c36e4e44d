"""Evaluation metrics, as scikit-learn defines them, from a model's outputs on a set of rows.

Host NumPy on purpose: they run once an epoch at most (when a metrics file, a monitor or
the Report tab asks), over outputs already brought back, never in the training loop.

Classification (`outputs`: (n, 1) sigmoid probabilities or (n, k) softmax rows; `targets`:
(n, 1) of 0/1 or (n, k) one-hot):
- precision, recall, F1 per class, one-vs-rest (sklearn's `average=None`, zero_division=0:
  a class never predicted has precision 0, a class absent from the rows recall 0);
- f1_macro: the unweighted mean of the per-class F1 (sklearn's `average="macro"`);
- roc_auc, two classes only: the probability that a random positive scores above a random
  negative, ties counting one half (Mann–Whitney U; equal to sklearn's `roc_auc_score`);
  None when the rows hold one class only.

Regression (`scale`: the target's standardisation {"mean", "std"}, or None): mae, rmse and
r2, with mae and rmse in the target's own units (R² does not depend on the scale).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np


def class_indices(y_or_outputs: np.ndarray) -> np.ndarray:
    """Class index per row of targets or outputs: (…, 1) of 0/1 or probabilities → above 0.5;
    (…, k) one-hot or softmax rows → the largest."""
    y = np.asarray(y_or_outputs)
    if y.shape[-1] == 1:
        return (y[..., 0] > 0.5).astype(np.int64)
    return np.argmax(y, axis=-1)


def positive_scores(outputs: np.ndarray) -> np.ndarray:
    """Two classes: each row's score for the second class (the one sigmoid output, or softmax's second)."""
    outputs = np.asarray(outputs)
    return outputs[:, 0] if outputs.shape[1] == 1 else outputs[:, 1]


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """counts[i, j]: rows of class i predicted as j."""
    return np.bincount(truth * n_classes + predicted, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(len(num), dtype=np.float64), where=den > 0)


def precision_recall_f1(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    counts = confusion_matrix(truth, predicted, n_classes).astype(np.float64)
    hits = np.diag(counts)
    precision = _ratio(hits, counts.sum(axis=0))
    recall = _ratio(hits, counts.sum(axis=1))
    f1 = _ratio(2 * precision * recall, precision + recall)
    return precision, recall, f1


def _average_ranks(scores: np.ndarray) -> np.ndarray:
    """1-based ranks of scores, tied scores sharing the mean of their ranks."""
    order = np.argsort(scores, kind="mergesort")
    ordered = scores[order]
    # Each run of equal scores: its first and last position in the sorted order.
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    mean_rank = (starts + ends + 1) / 2.0  # mean of the 1-based ranks starts+1 … ends
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    """Area under the ROC curve of `scores` for the boolean labels `positive`; None with one class."""
    scores = np.asarray(scores, dtype=np.float64).ravel()
    positive = np.asarray(positive, dtype=bool).ravel()
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    rank_sum = _average_ranks(scores)[positive].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def roc_curve(scores: np.ndarray, positive: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate) at every distinct threshold, from (0, 0) to
    (1, 1); tied scores move both rates in one step, so the trapezoids' area is `roc_auc`."""
    scores = np.asarray(scores, dtype=np.float64).ravel()
    positive = np.asarray(positive, dtype=bool).ravel()
    order = np.argsort(-scores, kind="mergesort")
    ordered, hits = scores[order], positive[order]
    last_of_run = np.r_[ordered[1:] != ordered[:-1], True]
    tp = np.cumsum(hits)[last_of_run]
    fp = np.cumsum(~hits)[last_of_run]
    n_pos, n_neg = max(1, int(positive.sum())), max(1, int((~positive).sum()))
    return np.r_[0.0, fp / n_neg], np.r_[0.0, tp / n_pos]


def classification_metrics(outputs: np.ndarray, targets: np.ndarray, classes: Sequence[str]) -> dict[str, Any]:
    """precision, recall and f1 keyed by class name, f1_macro, and roc_auc for two classes."""
    n_classes = len(classes)
    truth, predicted = class_indices(targets), class_indices(outputs)
    precision, recall, f1 = precision_recall_f1(truth, predicted, n_classes)
    result: dict[str, Any] = {
        "precision": {name: float(v) for name, v in zip(classes, precision)},
        "recall": {name: float(v) for name, v in zip(classes, recall)},
        "f1": {name: float(v) for name, v in zip(classes, f1)},
        "f1_macro": float(f1.mean()),
    }
    if n_classes == 2:
        result["roc_auc"] = roc_auc(positive_scores(outputs), truth == 1)
    return result


def regression_metrics(outputs: np.ndarray, targets: np.ndarray, scale: Mapping[str, float] | None = None) -> dict[str, float]:
    """mae and rmse in the target's units (over every output column), r2 averaged over outputs."""
    outputs = np.asarray(outputs, dtype=np.float64)
    targets = np.asarray(targets, dtype=np.float64)
    std = float(scale["std"]) if scale else 1.0
    residual = outputs - targets
    ss_tot = ((targets - targets.mean(axis=0)) ** 2).sum(axis=0)
    ss_res = (residual**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.where(ss_tot > 0, 1.0 - ss_res / np.where(ss_tot > 0, ss_tot, 1.0), (ss_res == 0) * 1.0)
    return {
        "mae": float(np.abs(residual).mean() * std),
        "rmse": float(np.sqrt((residual**2).mean()) * std),
        "r2": float(r2.mean()),
    }


def metrics_for(task: str, outputs: np.ndarray, targets: np.ndarray, classes: Sequence[str] | None,
                scale: Mapping[str, float] | None = None) -> dict[str, Any]:
    """The metrics of `task` ("classification" or "regression") for these rows."""
    if task == "classification":
        assert classes is not None
        return classification_metrics(outputs, targets, classes)
    return regression_metrics(outputs, targets, scale)


HIGHER_IS_BETTER = {"accuracy": True, "r2": True, "f1_macro": True, "roc_auc": True,
                    "loss": False, "mae": False, "rmse": False}
"""The quantities `--monitor` can watch (each also with `val_`), and which way is better."""
