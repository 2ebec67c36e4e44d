"""Step 2: the activation functions, f(z) and f′(z) by the engine's own code."""

from __future__ import annotations

import numpy as np

from tui_nn.engine.activations import get_activation
from tui_nn.lecture.base import AppState, Knob, num

LESSON_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "softplus")
"""The functions the lesson plots, in the order space cycles through them."""


def activation_at(name: str, z: float) -> tuple[float, float]:
    """(f(z), f'(z)) by the engine's own forward and derivative."""
    act = get_activation(name)
    zz = np.array([[float(z)]])
    a = act.forward(zz.copy(), np)
    return float(a[0, 0]), float(act.derivative(zz, a, np)[0, 0])


def activation_curve(name: str, low: float = -4.0, high: float = 4.0, points: int = 161) -> tuple[list, list, list]:
    """xs, f(xs), f'(xs) for plotting."""
    act = get_activation(name)
    z = np.linspace(low, high, points)[None, :]
    a = act.forward(z.copy(), np)
    return z[0].tolist(), a[0].tolist(), act.derivative(z, a, np)[0].tolist()


class Activations:
    """Which function is highlighted, and where on the z axis it is read off."""

    def __init__(self) -> None:
        self.selected = 0
        self.knobs = [Knob("z", "z", 1.0, 0.5, -4.0, 4.0)]

    @property
    def name(self) -> str:
        return LESSON_ACTIVATIONS[self.selected]

    @property
    def z(self) -> float:
        return self.knobs[0].value

    def cycle(self, delta: int = 1) -> None:
        self.selected = (self.selected + delta) % len(LESSON_ACTIVATIONS)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(name, symbol, f(z), f'(z)) for every function at the current z."""
        out = []
        for name in LESSON_ACTIVATIONS:
            f, d = activation_at(name, self.z)
            out.append((name, get_activation(name).symbol, num(f), num(d)))
        return out

    def app_state(self) -> AppState:
        return AppState("man_woman", f"2:{self.name},1:sigmoid", settings={"optimizer": "adam", "lr": 0.1,
                                                                           "batch_size": 0})
