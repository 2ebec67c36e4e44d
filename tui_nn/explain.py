"""The arithmetic of one forward pass, in the lecture's notation, with the numbers filled in.

    h₁ = σ(W₁·weight + W₂·height + b₁) = σ(0.42·0.33 + -0.17·1.05 + 0.10) = σ(0.06) = 0.52

Weights and biases are numbered the lecture's way: neuron by neuron, layer after layer
(h₁ gets W₁, W₂ and b₁; h₂ gets W₃, W₄ and b₂; O₁ gets W₅, W₆ and b₃). Hidden neurons are
h₁, h₂, … (h¹₁, h²₁, … when there are several hidden layers) and outputs O₁, O₂, ….
Views (the app's math panel, the lesson) render these traces; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

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

    def _wrap(self, inner: str) -> str:
        return inner if self.activation == "linear" else f"{self.symbol}({inner})"

    @property
    def symbolic(self) -> str:
        """`h₁ = σ(W₁·weight + W₂·height + b₁)`."""
        terms = " + ".join(f"W{subscript(k)}·{name}" for k, name in zip(self.weight_numbers, self.input_names))
        return f"{self.name} = {self._wrap(f'{terms} + b{subscript(self.bias_number)}')}"

    @property
    def numeric(self) -> str:
        """`σ(0.42·0.33 + -0.17·1.05 + 0.1) = σ(0.06) = 0.52`, or `0.5·8 + 1 = 5` for a linear neuron."""
        terms = " + ".join(f"{format_number(w)}·{format_number(x)}" for w, x in zip(self.weights, self.inputs))
        filled = self._wrap(f"{terms} + {format_number(self.bias)}")
        if self.activation == "linear":
            return f"{filled} = {format_number(self.a)}"
        return f"{filled} = {self._wrap(format_number(self.z))} = {format_number(self.a)}"

    @property
    def line(self) -> str:
        return f"{self.symbolic} = {self.numeric}"


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
            )
            for j in range(w.shape[1])
        )
        layers.append(steps)
        names = tuple(step.name for step in steps)
        values = a
    return Trace(tuple(feature_names), tuple(float(v) for v in np.asarray(x, dtype=np.float64).reshape(-1)),
                 tuple(layers))


def decision_grid(network: Network, x_index: int, y_index: int, x_range: tuple[float, float],
                  y_range: tuple[float, float], columns: int, rows: int,
                  base: Sequence[float] | None = None) -> np.ndarray:
    """Network outputs over a rows × columns grid of the plane spanned by two inputs, the
    others held at `base` (default 0: the mean of standardised features). Row 0 is the top
    (highest y), as a screen draws it. Returns (rows, columns, outputs)."""
    inputs = network.spec.inputs
    point = np.zeros(inputs) if base is None else np.asarray(base, dtype=np.float64)
    xs = np.linspace(x_range[0], x_range[1], columns)
    ys = np.linspace(y_range[1], y_range[0], rows)
    grid = np.tile(point, (rows * columns, 1))
    grid[:, x_index] = np.tile(xs, rows)
    grid[:, y_index] = np.repeat(ys, columns)
    return network.predict(grid).reshape(rows, columns, -1)
