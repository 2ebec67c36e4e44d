"""The numbers behind the "see inside" views: host copies of a network, parameters by lecture
name, raw ↔ network units, per-layer activations over a grid, confusion matrices.

No Textual here, so every number a view draws can be tested without a screen. The views
never run the live (possibly GPU, possibly training) network on the UI thread: they run a
NumPy *shadow* of it (`HostModel`), refreshed from the weight snapshots the trainer sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from tui_nn.backend import NUMPY
from tui_nn.engine.metrics import class_indices, confusion_matrix  # noqa: F401 — the views' names for them
from tui_nn.engine.network import Network
from tui_nn.explain import parameter_numbers, subscript

CLASS_COLORS = (
    (255, 150, 60),   # orange: class 0 (the Playground's "negative")
    (70, 160, 255),   # blue: class 1
    (110, 210, 110),
    (225, 95, 215),
    (240, 220, 70),
    (80, 220, 220),
    (250, 110, 110),
    (170, 140, 255),
)
"""One colour per class (cycled beyond eight); the first two match the Playground."""
DARK = np.array([40, 40, 46], dtype=float)
"""The colour of "no opinion" (a probability of 0.5, an activation of 0) on a dark screen."""


def class_color(index: int) -> tuple[int, int, int]:
    return CLASS_COLORS[index % len(CLASS_COLORS)]


def blend(rgb: Sequence[float], amount: float) -> tuple[int, int, int]:
    """From DARK (amount 0) to `rgb` (amount 1)."""
    amount = max(0.0, min(1.0, float(amount)))
    out = DARK + (np.asarray(rgb, dtype=float) - DARK) * amount
    return int(out[0]), int(out[1]), int(out[2])


def diverging(t: float) -> tuple[int, int, int]:
    """t in [-1, 1]: orange for negative, blue for positive, dark at 0 (the Playground's scheme)."""
    if not np.isfinite(t):
        return 255, 0, 255
    return blend(CLASS_COLORS[1] if t > 0 else CLASS_COLORS[0], abs(t))


def diverging_array(t: np.ndarray) -> np.ndarray:
    """`diverging` for a whole array: t (...) in [-1, 1] → (..., 3) colours."""
    t = np.nan_to_num(np.asarray(t, dtype=float))
    ends = np.where(t[..., None] > 0, np.array(CLASS_COLORS[1], float), np.array(CLASS_COLORS[0], float))
    return DARK + (ends - DARK) * np.clip(np.abs(t), 0, 1)[..., None]


@dataclass(frozen=True)
class ParamRef:
    """One parameter: the weight from `source` into `unit` of `layer`, or its bias (source None)."""

    layer: int
    unit: int
    source: int | None = None

    @property
    def is_bias(self) -> bool:
        return self.source is None


def param_order(shapes: Sequence[tuple[int, int]]) -> list[ParamRef]:
    """Every parameter in the lecture's order: neuron by neuron, its weights then its bias."""
    refs = []
    for layer, (fan_in, units) in enumerate(shapes):
        for unit in range(units):
            refs.extend(ParamRef(layer, unit, i) for i in range(fan_in))
            refs.append(ParamRef(layer, unit))
    return refs


def param_label(ref: ParamRef, shapes: Sequence[tuple[int, int]]) -> str:
    """`W₃` or `b₂`, numbered as the lecture numbers them (and as the math panel shows)."""
    weight_numbers, bias_numbers = parameter_numbers(shapes)
    if ref.is_bias:
        return f"b{subscript(int(bias_numbers[ref.layer][ref.unit]))}"
    return f"W{subscript(int(weight_numbers[ref.layer][ref.source, ref.unit]))}"


def param_value(weights: Sequence[tuple[np.ndarray, np.ndarray]], ref: ParamRef) -> float:
    w, b = weights[ref.layer]
    return float(b[ref.unit] if ref.is_bias else w[ref.source, ref.unit])


def set_param(network: Network, ref: ParamRef, value: float) -> None:
    """Write one parameter into a network's live parameters (any backend)."""
    layer = network.layers[ref.layer]
    if ref.is_bias:
        layer.params["bias"][ref.unit] = value
    else:
        layer.params["weight"][ref.source, ref.unit] = value


class HostModel:
    """A NumPy copy of a network that the UI thread may run at will.

    x: (n, inputs) in network units (encoded and standardised), as the dataset's arrays are.
    """

    def __init__(self, network: Network, weights: Sequence[tuple[Any, Any]] | None = None) -> None:
        self.spec = network.spec
        self.network = Network(network.spec, backend=NUMPY, dtype=network.dtype, seed=network.seed)
        self.set_weights(weights if weights is not None else network.get_weights())

    def set_weights(self, weights: Sequence[tuple[Any, Any]]) -> None:
        self.network.set_weights(weights)
        self.weights = self.network.get_weights()
        self.version = getattr(self, "version", 0) + 1
        """Bumped on every change, so views know when a cached picture is stale."""

    @property
    def shapes(self) -> list[tuple[int, int]]:
        return [w.shape for w, _ in self.weights]

    @property
    def activations(self) -> list[str]:
        return [layer.activation for layer in self.spec.layers]

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.network.predict(x)

    def layer_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's activations for x: (n, inputs) → [(n, units) per layer], by the engine's own layers."""
        h = np.asarray(x, dtype=self.network.dtype).reshape(-1, self.spec.inputs)
        out = []
        for layer in self.network.layers:
            h = layer.predict(h)
            out.append(np.array(h))
        return out


# -- units ----------------------------------------------------------------------------------


def to_raw(schema: Any, feature: int, values: np.ndarray | float) -> np.ndarray | float:
    """Network units (standardised) → the feature's own units."""
    if schema.standardize is None:
        return values
    return values * schema.standardize["std"][feature] + schema.standardize["mean"][feature]


def to_network(schema: Any, feature: int, values: np.ndarray | float) -> np.ndarray | float:
    """A feature's own units → network units (standardised)."""
    if schema.standardize is None:
        return values
    return (values - schema.standardize["mean"][feature]) / schema.standardize["std"][feature]


def report_rows(data: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    """(x, y, is_validation): the rows a report judges the model on — the validation split
    when there is one, else the training rows."""
    has_val = data.x_val is not None and len(data.x_val) > 0
    return (data.x_val, data.y_val, True) if has_val else (data.x_train, data.y_train, False)


def row_text(schema: Any, x_row: np.ndarray) -> str:
    """An encoded row (network units) back to what a person types: `weight=80, height=185`."""
    parts = []
    col = 0
    for name in schema.input_columns:
        if name in schema.categories:
            cats = schema.categories[name]
            parts.append(f"{name}={cats[int(np.argmax(x_row[col:col + len(cats)]))]}")
            col += len(cats)
        else:
            parts.append(f"{name}={float(to_raw(schema, col, x_row[col])):.6g}")
            col += 1
    return ", ".join(parts)


# -- classes and scores -------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Loss and the task's metric of a model on one split, for the views' status lines."""

    split: str
    loss: float
    metric_name: str
    metric: float

    def __str__(self) -> str:
        return f"{self.split} loss {self.loss:.4g} · {self.metric_name} {self.metric:.3f}"


def score(model: HostModel, dataset: Any, split: str = "train") -> Score | None:
    """Loss (as training computes it) and accuracy or R² on the train or validation split."""
    from tui_nn.model import adapt_targets  # noqa: PLC0415 - keeps this module's import light

    x, y = (dataset.x_train, dataset.y_train) if split == "train" else (dataset.x_val, dataset.y_val)
    if x is None or len(x) == 0:
        return None
    y_fit = adapt_targets(y, model.spec)
    loss = float(model.network.evaluate_loss(np.asarray(x, dtype=model.network.dtype),
                                             np.asarray(y_fit, dtype=model.network.dtype)))
    outputs = model.predict(x)
    if dataset.schema.task == "classification":
        metric = float(np.mean(class_indices(outputs) == class_indices(y)))
        return Score(split, loss, "accuracy", metric)
    ss_res = float(((outputs - y) ** 2).sum())
    ss_tot = float(((y - y.mean(axis=0)) ** 2).sum())
    return Score(split, loss, "R²", 1.0 - ss_res / ss_tot if ss_tot > 0 else 0.0)


def data_range(values: np.ndarray, margin: float = 0.08) -> tuple[float, float]:
    """The span of `values` with a margin, never empty (a constant feature still gets a width)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return -1.0, 1.0
    pad = (hi - lo) * margin if hi > lo else 1.0
    return lo - pad, hi + pad
