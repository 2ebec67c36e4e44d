"""Class weights from what a person writes: `balanced` (scikit-learn's n / (k·nᵢ)) or
`Man=1,Woman=3` (a class left out weighs 1, as in scikit-learn's dict form).

`check_class_weight` reads the text alone (a setup file, a flag, the settings form); the
weights themselves need the classes and their counts in the training rows, known once the
data is read (`class_weights_for`).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from tui_nn.errors import TuiNNError

BALANCED = "balanced"


def parse_class_weight(text: str) -> str | dict[str, float]:
    """`balanced`, or class name → weight; TuiNNError says how to write it."""
    text = text.strip()
    if text == BALANCED:
        return BALANCED
    weights: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        name, equals, number = part.rpartition("=")
        name = name.strip()
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not equals or not name or not (math.isfinite(value) and value > 0):
            raise TuiNNError(f'class weight "{part}": write balanced, or CLASS=WEIGHT pairs with positive weights, '
                             'e.g. --class-weight "Man=1,Woman=3"')
        weights[name] = value
    return weights


def check_class_weight(text: str | None) -> None:
    if text is not None:
        parse_class_weight(text)


def class_weights_for(text: str, classes: Sequence[str], counts: Sequence[int]) -> np.ndarray:
    """One weight per class, in the order of `classes`; `counts`: each class's training rows."""
    parsed = parse_class_weight(text)
    if parsed == BALANCED:
        counts = np.asarray(counts, dtype=np.float64)
        if (counts == 0).any():
            absent = [name for name, count in zip(classes, counts) if count == 0]
            raise TuiNNError(f"class weight balanced: class {', '.join(absent)} has no training rows; "
                             'give the weights instead, e.g. --class-weight "Man=1,Woman=3"')
        return counts.sum() / (len(classes) * counts)
    unknown = [name for name in parsed if name not in classes]
    if unknown:
        raise TuiNNError(f'class weight "{unknown[0]}": no such class; the classes are {", ".join(classes)}')
    return np.array([parsed.get(name, 1.0) for name in classes], dtype=np.float64)


def class_counts(y: np.ndarray) -> np.ndarray:
    """Training rows per class from targets: (n, 1) of 0/1 or one-hot (n, k)."""
    y = np.asarray(y)
    if y.shape[1] == 1:
        positives = int((y[:, 0] > 0.5).sum())
        return np.array([len(y) - positives, positives])
    return np.bincount(y.argmax(axis=1), minlength=y.shape[1])


def describe_class_weights(classes: Sequence[str], weights: Sequence[float]) -> str:
    """`class weights: Man 1, Woman 3` for the run's summary."""
    return "class weights: " + ", ".join(f"{name} {weight:.3g}" for name, weight in zip(classes, weights))
