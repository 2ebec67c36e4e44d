"""Step 1: one neuron, y = Σ wᵢ·xᵢ + b, computed by a 2 → 1 linear network."""

from __future__ import annotations

import numpy as np

from tui_nn.explain import NeuronStep, trace_forward
from tui_nn.lecture.base import AppState, Knob, _network, num, term


class Neuron:
    """y = Σ wᵢ·xᵢ + b for the lecture's two inputs (weight, height), computed by a 2 → 1 linear network."""

    NAMES = ("weight", "height")

    def __init__(self) -> None:
        self.knobs = [
            Knob("x1", "x₁ weight", 100.0, 10.0),
            Knob("x2", "x₂ height", 180.0, 10.0),
            Knob("w1", "w₁", 0.5, 0.05),
            Knob("w2", "w₂", -0.25, 0.05),
            Knob("b", "b", 1.0, 0.5),
        ]
        self.network = _network(2, [(1, "linear")], "mse")

    def value(self, key: str) -> float:
        return next(k.value for k in self.knobs if k.key == key)

    @property
    def step(self) -> NeuronStep:
        """The neuron's computation with the current numbers (the engine's forward pass)."""
        w = np.array([[self.value("w1")], [self.value("w2")]])
        self.network.set_weights([(w, np.array([self.value("b")]))])
        return trace_forward(self.network, [self.value("x1"), self.value("x2")], self.NAMES).layers[0][0]

    @property
    def y(self) -> float:
        return self.step.a

    def lines(self) -> list[str]:
        """`y = w₁·x₁ + w₂·x₂ + b` and the same with the numbers filled in."""
        s = self.step
        terms = " + ".join(f"{term(w)}·{term(x)}" for w, x in zip(s.weights, s.inputs))
        products = " + ".join(term(w * x) for w, x in zip(s.weights, s.inputs))
        return [
            "y = w₁·x₁ + w₂·x₂ + b",
            f"y = {terms} + {term(s.bias)}",
            f"y = {products} + {term(s.bias)} = {num(s.a)}",
        ]

    def app_state(self) -> AppState:
        """One sigmoid neuron on the man/woman table, from fresh weights: the app standardises the
        inputs, so weights chosen for raw kilograms and centimetres would not fit there."""
        return AppState("man_woman", "1:sigmoid", settings={"optimizer": "adam", "lr": 0.1, "batch_size": 0})
