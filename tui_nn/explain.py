"""The arithmetic of one forward pass, in the lecture's notation, with the numbers filled in.

    h₁ = σ(W₁·weight + W₂·height + b₁) = σ(0.42·0.33 + (-0.17)·1.05 + 0.1) = σ(0.06) = 0.52
    O₁ = e^{z₁}/Σⱼe^{zⱼ} with z₁ = W₅·h₁ + W₆·h₂ + b₃: z₁ = … = 2.97, O₁ = e^{2.97}/(e^{2.97} + e^{-3.1}) = 0.998

Negative numbers inside sums and products are in parentheses; a softmax output is written
over all the z of its layer (softmax of one number would always be 1).

Weights and biases are numbered the lecture's way: neuron by neuron, layer after layer
(h₁ gets W₁, W₂ and b₁; h₂ gets W₃, W₄ and b₂; O₁ gets W₅, W₆ and b₃). Hidden neurons are
h₁, h₂, … (h¹₁, h²₁, … when there are several hidden layers) and outputs O₁, O₂, ….
Views (the app's math panel, the lesson) render these traces; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from tui_nn.engine.activations import get_activation
from tui_nn.engine.network import Network

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def subscript(number: int) -> str:
    return str(number).translate(_SUBSCRIPT)


def neuron_name(layer: int, unit: int, n_layers: int) -> str:
    """`h₁` (first hidden layer), `h²₁` (second of several), `O₁` (output); layer and unit from 0."""
    if layer == n_layers - 1:
        return f"O{subscript(unit + 1)}"
    if n_layers == 2:
        return f"h{subscript(unit + 1)}"
    return f"h{str(layer + 1).translate(_SUPERSCRIPT)}{subscript(unit + 1)}"


def parameter_numbers(shapes: Sequence[tuple[int, int]]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The lecture's 1-based numbers of every weight (per layer, shape (in, out)) and bias."""
    weight_numbers, bias_numbers = [], []
    next_weight, next_bias = 1, 1
    for fan_in, units in shapes:
        # Neuron by neuron: unit j's incoming weights are numbered before unit j+1's.
        numbers = np.arange(next_weight, next_weight + fan_in * units).reshape(units, fan_in).T
        weight_numbers.append(numbers)
        bias_numbers.append(np.arange(next_bias, next_bias + units))
        next_weight += fan_in * units
        next_bias += units
    return weight_numbers, bias_numbers


def format_number(value: float) -> str:
    """A number the way a person writes it on a board: three significant digits, no
    trailing zeros, no "-0". Every view of the arithmetic uses it, so they agree."""
    text = f"{value:.3g}" if abs(value) < 1e4 else f"{value:.3e}"
    text = text if "e" in text or "." not in text else text.rstrip("0").rstrip(".") or "0"
    return "0" if text == "-0" else text


def factor(value: float) -> str:
    """A number inside a sum or a product: a negative one in parentheses, `(-2.3)`, so that
    `+ (-2.3)·0.267` never reads as `+ -2.3·0.267`."""
    text = format_number(value)
    return f"({text})" if text.startswith("-") else text


def standardize_text(raw: str, mean: float, spread: float, fed: float) -> str:
    """`(180 − 176.7)/12.47 = 0.267`: (x − mean)/spread, x as typed, with mean and spread to as
    few digits (three or more) as make the shown arithmetic give the shown result, never 177
    and 12.5 for 0.267 (which would be 0.24). The result is what the network was fed."""
    shown = format_number(fed)
    try:
        x = float(raw)
    except ValueError:  # typed another way than Python writes numbers: the value the data layer read
        x = mean + fed * spread
    for digits in range(3, 12):
        m, s = f"{mean:.{digits}g}", f"{spread:.{digits}g}"
        if format_number((x - float(m)) / float(s)) == shown:
            break
    m = f"({m})" if m.startswith("-") else m
    return f"({raw} − {m})/{s} = {shown}"


@dataclass(frozen=True)
class NeuronStep:
    """One neuron's computation: a = f(Σ wᵢ·xᵢ + b)."""

    name: str
    layer: int
    unit: int
    input_names: tuple[str, ...]
    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    weight_numbers: tuple[int, ...]
    bias: float
    bias_number: int
    activation: str
    z: float
    a: float

    @property
    def symbol(self) -> str:
        return get_activation(self.activation).symbol

    layer_z: tuple[float, ...] = ()
    """Every pre-activation z of this neuron's layer: a softmax output is e^{zₖ} over all of them."""

    def _wrap(self, inner: str) -> str:
        return inner if self.activation == "linear" else f"{self.symbol}({inner})"

    @property
    def z_name(self) -> str:
        """`z₁`: this neuron's pre-activation, numbered within its layer."""
        return f"z{subscript(self.unit + 1)}"

    @property
    def symbolic(self) -> str:
        """`h₁ = σ(W₁·weight + W₂·height + b₁)`; a softmax output `O₁ = e^{z₁}/Σⱼe^{zⱼ}, z₁ = W₅·h₁ + … + b₃`."""
        terms = " + ".join(f"W{subscript(k)}·{name}" for k, name in zip(self.weight_numbers, self.input_names))
        total = f"{terms} + b{subscript(self.bias_number)}"
        if self.activation == "softmax":
            return f"{self.name} = e^{{{self.z_name}}}/Σⱼe^{{zⱼ}} with {self.z_name} = {total}"
        return f"{self.name} = {self._wrap(total)}"

    @property
    def numeric(self) -> str:
        """`σ(0.42·0.33 + (-0.17)·1.05 + 0.1) = σ(0.06) = 0.52`, or `0.5·8 + 1 = 5` for a linear
        neuron; a softmax output `z₁ = 0.42·0.33 + 0.1 = 0.24, O₁ = e^{0.24}/(e^{0.24} + e^{-1.3}) = 0.82`."""
        terms = " + ".join(f"{factor(w)}·{factor(x)}" for w, x in zip(self.weights, self.inputs))
        total = f"{terms} + {factor(self.bias)}"
        if self.activation == "linear":
            return f"{total} = {format_number(self.a)}"
        if self.activation == "softmax":
            exps = " + ".join(f"e^{{{format_number(z)}}}" for z in (self.layer_z or (self.z,)))
            return (f"{self.z_name} = {total} = {format_number(self.z)}, "
                    f"{self.name} = e^{{{format_number(self.z)}}}/({exps}) = {format_number(self.a)}")
        return f"{self._wrap(total)} = {self._wrap(format_number(self.z))} = {format_number(self.a)}"

    @property
    def line(self) -> str:
        """The symbols and the numbers on one line (a softmax output's numbers start with its z)."""
        return f"{self.symbolic}{': ' if self.activation == 'softmax' else ' = '}{self.numeric}"


@dataclass(frozen=True)
class Trace:
    """A whole forward pass for one input: what entered the network and every neuron's step."""

    feature_names: tuple[str, ...]
    network_inputs: tuple[float, ...]
    """What the first layer saw (after encoding and standardisation)."""
    layers: tuple[tuple[NeuronStep, ...], ...]

    @property
    def outputs(self) -> np.ndarray:
        return np.array([step.a for step in self.layers[-1]])

    @property
    def lines(self) -> list[str]:
        return [step.line for layer in self.layers for step in layer]


def trace_forward(network: Network, x: Sequence[float], feature_names: Sequence[str]) -> Trace:
    """Run one encoded input x: (inputs,) through the network in float64 on the host,
    recording each neuron. Uses the network's own weights and activation functions, so the
    numbers are the engine's (up to float32 rounding of the weights)."""
    weights = network.get_weights()
    shapes = [w.shape for w, _ in weights]
    weight_numbers, bias_numbers = parameter_numbers(shapes)
    n_layers = len(weights)
    values = np.asarray(x, dtype=np.float64).reshape(-1)
    names = tuple(feature_names)
    layers = []
    for index, ((w, b), spec) in enumerate(zip(weights, network.spec.layers)):
        w, b = w.astype(np.float64), b.astype(np.float64)
        z = values @ w + b
        a = get_activation(spec.activation).forward(z[None, :], np)[0]
        steps = tuple(
            NeuronStep(
                name=neuron_name(index, j, n_layers), layer=index, unit=j, input_names=names,
                inputs=tuple(float(v) for v in values), weights=tuple(float(v) for v in w[:, j]),
                weight_numbers=tuple(int(k) for k in weight_numbers[index][:, j]), bias=float(b[j]),
                bias_number=int(bias_numbers[index][j]), activation=spec.activation, z=float(z[j]), a=float(a[j]),
                layer_z=tuple(float(v) for v in z),
            )
            for j in range(w.shape[1])
        )
        layers.append(steps)
        names = tuple(step.name for step in steps)
        values = a
    return Trace(tuple(feature_names), tuple(float(v) for v in np.asarray(x, dtype=np.float64).reshape(-1)),
                 tuple(layers))


def _vector(values: Sequence[float]) -> str:
    return format_number(values[0]) if len(values) == 1 else "(" + ", ".join(format_number(v) for v in values) + ")"


def compare_with_target(outputs: Sequence[float], y: Sequence[float], loss: str, loss_value: float, *,
                        label: str | None = None, units: tuple[float, float] | None = None,
                        target: str = "y") -> list[str]:
    """The lecture's "compare with target output" for one row: the target, the error ŷ − y
    and the row's loss, with the numbers.

    outputs: the network's outputs O (k,); y: the target as the network is trained on it (k,:
    0/1, one-hot, or a standardised value); `loss_value` is the engine's loss for this row.
    label: the true class (classification). units: (ŷ, y) in the target's own units when the
    network trains on a standardised target (the error is shown in those units, the loss in
    the network's). target: the target column's name."""
    o = [float(v) for v in outputs]
    t = [float(v) for v in y]
    lines = [f"target: {label} → y = {_vector(t)}" if label is not None
             else f"target: {target} = {format_number(units[1] if units else t[0])}"]
    if units is not None:
        pred, true = units
        lines.append(f"error ŷ − y = {format_number(pred)} − {factor(true)} = {format_number(pred - true)}"
                     f"  ({target} in its own units)")
    elif len(o) == 1:
        lines.append(f"error ŷ − y = {format_number(o[0])} − {factor(t[0])} = {format_number(o[0] - t[0])}")
    else:
        pairs = ", ".join(f"{format_number(a)} − {factor(b)}" for a, b in zip(o, t))
        lines.append(f"error ŷ − y = ({pairs}) = {_vector([a - b for a, b in zip(o, t)])}")
    value = format_number(loss_value)
    if loss == "bce" and len(o) == 1:
        worked = f"−ln({format_number(o[0])})" if t[0] >= 0.5 else f"−ln(1 − {format_number(o[0])})"
        lines.append(f"loss (bce) = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = {worked} = {value}")
    elif loss == "cce" and max(t) == 1.0 and sum(t) == 1.0:
        k = t.index(1.0)
        lines.append(f"loss (cce) = −Σₖ yₖ·ln Oₖ = −ln O{subscript(k + 1)} = −ln({format_number(o[k])}) = {value}")
    elif loss == "mse":
        on = ", on the standardised target" if units is not None else ""
        if len(o) == 1:
            lines.append(f"loss (mse{on}) = (O₁ − y)² = ({format_number(o[0])} − {factor(t[0])})² = {value}")
        else:
            lines.append(f"loss (mse{on}) = mean of (Oₖ − yₖ)² = {value}")
    else:
        lines.append(f"loss ({loss}) = {value}")
    return lines


def decision_grid(network: Network, x_index: int, y_index: int, x_range: tuple[float, float],
                  y_range: tuple[float, float], columns: int, rows: int,
                  base: Sequence[float] | None = None,
                  complete: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Network outputs over a rows × columns grid of the plane spanned by two inputs, the
    others held at `base` (default 0: the mean of standardised features). `complete` recomputes
    inputs that depend on others (derived features: `Schema.with_derived_of`). Row 0 is the top
    (highest y), as a screen draws it. Returns (rows, columns, outputs)."""
    inputs = network.spec.inputs
    point = np.zeros(inputs) if base is None else np.asarray(base, dtype=np.float64)
    xs = np.linspace(x_range[0], x_range[1], columns)
    ys = np.linspace(y_range[1], y_range[0], rows)
    grid = np.tile(point, (rows * columns, 1))
    grid[:, x_index] = np.tile(xs, rows)
    grid[:, y_index] = np.repeat(ys, columns)
    if complete is not None:
        grid = complete(grid)
    return network.predict(grid).reshape(rows, columns, -1)
