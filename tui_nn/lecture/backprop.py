"""Step 6: one training step at a time — forward, compare, backpropagate (the chain rule by hand), update."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tui_nn.engine.optimizers import make_optimizer
from tui_nn.explain import Trace, parameter_numbers, subscript, trace_forward
from tui_nn.lecture.base import AppState, Knob, _load, _network, num, term

PHASES = ("forward", "compare", "backpropagate", "update")
PHASE_TITLES = {
    "forward": "① forward pass",
    "compare": "② compare with target output",
    "backpropagate": "③ backpropagate",
    "update": "④ update",
}


@dataclass(frozen=True)
class GradientLine:
    """One parameter's gradient: its name, the chain-rule formula with numbers, the value."""

    name: str
    formula: str
    value: float

    @property
    def line(self) -> str:
        """`∂L/∂W₇ = δO₁·h₁ = 0.542·0.271 = 0.147`; an error term reads `δh₁ = ...`."""
        lhs = self.name if self.name.startswith("δ") else f"∂L/∂{self.name}"
        return f"{lhs} = {self.formula} = {num(self.value)}"


class BackpropWalk:
    """The three-field table through 3 → 2 sigmoid → 1 sigmoid (binary cross-entropy), one phase at a time.

    Each row goes forward, is compared with its class, sends the error back (the chain rule,
    written out and checked against the engine's `loss_and_gradients`) and updates every
    parameter by plain SGD: p ← p − η·∂L/∂p. Then the next row.
    """

    def __init__(self, seed: int = 0, lr: float = 0.5) -> None:
        self.data = _load("fields", standardize=False)
        self.network = _network(3, [(2, "sigmoid"), (1, "sigmoid")], "bce", seed)
        self.knobs = [Knob("lr", "η learning rate", lr, 0.1, 0.01, 10.0)]
        self.row = 0
        self.phase = -1
        """Index into PHASES of the last phase done; -1 before the first."""
        self.steps_done = 0
        self.before: list[tuple[np.ndarray, np.ndarray]] | None = None
        """The weights before the last update (for `p ← p − η·g` with numbers)."""
        self.engine_grads: list[tuple[np.ndarray, np.ndarray]] | None = None
        self.engine_loss: float | None = None
        self.loss_after: float | None = None

    @property
    def lr(self) -> float:
        return self.knobs[0].value

    @property
    def phase_name(self) -> str | None:
        return PHASES[self.phase] if self.phase >= 0 else None

    @property
    def x(self) -> np.ndarray:
        return self.data.x_train[self.row]

    @property
    def y(self) -> float:
        return float(self.data.y_train[self.row, 0])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.data.schema.feature_names)

    def advance(self) -> str:
        """Do the next phase (after ④, the next row's ①); returns its name."""
        if self.phase == len(PHASES) - 1:
            self.row = (self.row + 1) % len(self.data.x_train)
            self.phase = -1
            self.before = self.engine_grads = None
            self.engine_loss = self.loss_after = None
        self.phase += 1
        name = PHASES[self.phase]
        if name == "backpropagate":
            loss, _ = self.network.loss_and_gradients(self.x[None, :], self.data.y_train[self.row : self.row + 1])
            self.engine_loss = float(loss)
            self.engine_grads = [(np.array(layer.grads["weight"]), np.array(layer.grads["bias"]))
                                 for layer in self.network.layers]
        elif name == "update":
            if self.engine_grads is None:  # pragma: no cover - phases always run in order
                raise RuntimeError("update before backpropagate")
            self.before = self.network.get_weights()
            optimizer = make_optimizer("sgd", self.network.flat_params, self.lr, 0.0, self.network.n_weights, np)
            grads = np.concatenate([g[0].ravel() for g in self.engine_grads] + [g[1] for g in self.engine_grads])
            optimizer.step(self.network.flat_params, grads)
            self.steps_done += 1
            self.loss_after = self.row_loss()
        return name

    # -- what each phase shows -----------------------------------------------------------------

    def trace(self) -> Trace:
        """The forward pass of the current row with the weights as they are now."""
        weights = self.before if self.phase_name == "update" and self.before is not None else None
        if weights is None:
            return trace_forward(self.network, self.x, self.names)
        probe = _network(3, [(2, "sigmoid"), (1, "sigmoid")], "bce")
        probe.set_weights(weights)
        return trace_forward(probe, self.x, self.names)

    def row_loss(self) -> float:
        """L = −[y·log ŷ + (1−y)·log(1−ŷ)] for the current row, now."""
        return self.network.evaluate_loss(self.x[None, :], self.data.y_train[self.row : self.row + 1])

    def compare_lines(self) -> list[str]:
        t = self.trace()
        y_hat = t.outputs[0]
        loss = -(self.y * math.log(y_hat) + (1 - self.y) * math.log(1 - y_hat))
        return [
            f"target y = {num(self.y)} (class {self.data.schema.classes[int(self.y)]}), output ŷ = O₁ = {num(y_hat)}",
            f"L = −[y·log ŷ + (1−y)·log(1−ŷ)] = {num(loss)}",
            f"error at the output: δO₁ = ŷ − y = {num(y_hat)} − {num(self.y)} = {num(y_hat - self.y)}",
        ]

    def gradients(self) -> list[GradientLine]:
        """The chain rule by hand for the current row (float64); the engine's numbers must match."""
        t = self.trace()
        hidden, (out,) = t.layers
        shapes = [(3, 2), (2, 1)]
        w_numbers, b_numbers = parameter_numbers(shapes)
        delta_o = out.a - self.y  # sigmoid + binary cross-entropy: dL/dz = ŷ − y
        lines = []
        for j, h in enumerate(hidden):
            k = int(w_numbers[1][j, 0])
            lines.append(GradientLine(f"W{subscript(k)}", f"δO₁·{h.name} = {term(delta_o)}·{term(h.a)}", delta_o * h.a))
        lines.append(GradientLine(f"b{subscript(int(b_numbers[1][0]))}", "δO₁", delta_o))
        for j, h in enumerate(hidden):
            w_out = out.weights[j]
            delta_h = delta_o * w_out * h.a * (1 - h.a)
            k_out = int(w_numbers[1][j, 0])
            lines.append(GradientLine(
                f"δ{h.name}", f"δO₁·W{subscript(k_out)}·{h.name}(1−{h.name}) = "
                f"{term(delta_o)}·{term(w_out)}·{term(h.a)}·{term(1 - h.a)}", delta_h))
            for i, name in enumerate(self.names):
                k = int(w_numbers[0][i, j])
                lines.append(GradientLine(f"W{subscript(k)}", f"δ{h.name}·{name} = {term(delta_h)}·{term(self.x[i])}",
                                          delta_h * self.x[i]))
            lines.append(GradientLine(f"b{subscript(int(b_numbers[0][j]))}", f"δ{h.name}", delta_h))
        return lines

    def hand_gradients(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The chain-rule gradients as (weight (in, out), bias (out,)) per layer, for checking the engine."""
        by_name = {g.name: g.value for g in self.gradients() if not g.name.startswith("δ")}
        w_numbers, b_numbers = parameter_numbers([(3, 2), (2, 1)])
        return [
            (np.vectorize(lambda k: by_name[f"W{subscript(int(k))}"])(wn).astype(float),
             np.array([by_name[f"b{subscript(int(k))}"] for k in bn]))
            for wn, bn in zip(w_numbers, b_numbers)
        ]

    def update_lines(self) -> list[str]:
        """`W₁ = 0.42 − 0.5·0.088 = 0.38` for every parameter, and the row's loss before → after."""
        if self.before is None or self.engine_grads is None:
            return []
        after = self.network.get_weights()
        w_numbers, b_numbers = parameter_numbers([(3, 2), (2, 1)])
        lines = []
        for layer in range(2):
            (w0, b0), (w1, b1), (gw, gb) = self.before[layer], after[layer], self.engine_grads[layer]
            for j in range(w0.shape[1]):
                for i in range(w0.shape[0]):
                    k = int(w_numbers[layer][i, j])
                    lines.append(f"W{subscript(k)} = {num(w0[i, j])} − {term(self.lr)}·{term(gw[i, j])} = {num(w1[i, j])}")
                k = int(b_numbers[layer][j])
                lines.append(f"b{subscript(k)} = {num(b0[j])} − {term(self.lr)}·{term(gb[j])} = {num(b1[j])}")
        return lines

    def app_state(self) -> AppState:
        return AppState("fields", "2:sigmoid,1:sigmoid", standardize=False,
                        settings={"optimizer": "sgd", "lr": self.lr, "batch_size": 1, "epochs": 200},
                        weights=tuple(self.network.get_weights()))
