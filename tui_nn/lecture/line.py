"""Step 5: x → y, the line ŷ = x·w + b by hand (the slide's tries) and then by training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tui_nn.engine import EpochEnd, TrainConfig, Trainer
from tui_nn.lecture.base import AppState, Knob, _load, _network, num, term

SLIDE_TRIES = ((0.5, 5.0), (0.7, 8.2), (1.0, 9.0))
"""The slide's tries at ŷ(8) with b = 1: (w, what the slide wrote)."""
LINE_LR = 0.02
"""Plain gradient descent on the raw table: larger steps overshoot (x² averages ≈ 30)."""


@dataclass(frozen=True)
class FitPoint:
    """Where training has got: the epoch, w, b and the mean squared error over the table."""

    epoch: int
    w: float
    b: float
    loss: float


class LineFit:
    """ŷ = x·w + b on the lecture's x → y table, in its own units (no standardisation)."""

    X = 8.0
    """The input the slide asks about: ŷ(8)."""

    def __init__(self) -> None:
        self.data = _load("linear", standardize=False)
        self.network = _network(1, [(1, "linear")], "mse")
        self.knobs = [Knob("w", "w", 0.5, 0.1), Knob("b", "b", 1.0, 0.5)]
        self.trainer: Trainer | None = None
        self.fit: FitPoint | None = None
        """The latest training point, once training ran."""
        self._sync()

    @property
    def w(self) -> float:
        return self.knobs[0].value

    @property
    def b(self) -> float:
        return self.knobs[1].value

    def set(self, w: float | None = None, b: float | None = None) -> None:
        if w is not None:
            self.knobs[0] = self.knobs[0].with_value(w)
        if b is not None:
            self.knobs[1] = self.knobs[1].with_value(b)
        self.changed()

    def changed(self) -> None:
        """The knobs were edited by hand: the network takes the numbers, training starts over."""
        self.trainer = None
        self.fit = None
        self._sync()

    def _sync(self) -> None:
        self.network.set_weights([(np.array([[self.w]]), np.array([self.b]))])

    def predict(self, x: float, w: float | None = None, b: float | None = None) -> float:
        """ŷ(x) by the engine, for the current (or the given) w and b."""
        if w is None and b is None:
            return float(self.network.predict([[x]])[0, 0])
        probe = _network(1, [(1, "linear")], "mse")
        probe.set_weights([(np.array([[self.w if w is None else w]]), np.array([self.b if b is None else b]))])
        return float(probe.predict([[x]])[0, 0])

    def loss(self) -> float:
        """Mean squared error over the table with the current weights."""
        return self.network.evaluate_loss(self.data.x_train, self.data.y_train)

    def target_of(self, x: float) -> float | None:
        """The table's y for x, if the table has that row."""
        hits = self.data.y_train[self.data.x_train[:, 0] == x]
        return float(hits[0, 0]) if len(hits) else None

    def prediction_line(self) -> str:
        """`ŷ = 8·0.5 + 1 = 5`, the slide's way round."""
        w, b = self.current
        return f"ŷ = {term(self.X)}·{term(w)} + {term(b)} = {num(self.predict(self.X))}"

    @property
    def current(self) -> tuple[float, float]:
        """(w, b) as the network holds them (the knobs, or where training got)."""
        (w, b), = self.network.get_weights()
        return float(w[0, 0]), float(b[0])

    def slide_lines(self) -> list[tuple[str, bool, str]]:
        """The slide's three tries: (`ŷ = 8·0.7 + 1 = 6.6`, right?, a note where the slide differs)."""
        out = []
        target = self.target_of(self.X)
        for w, claimed in SLIDE_TRIES:
            y = self.predict(self.X, w=w, b=1.0)
            note = ""
            if not math.isclose(y, claimed, abs_tol=1e-9):
                w_claimed = (claimed - 1.0) / self.X
                note = (f"the slide says {num(claimed)}; the arithmetic gives {num(y)} — "
                        f"w = {num(w_claimed)} gives {num(claimed)}")
            right = target is not None and math.isclose(y, target, abs_tol=1e-9)
            out.append((f"ŷ = {num(self.X)}·{num(w)} + 1 = {num(y)}", right, note))
        return out

    def train(self, epochs: int = 50) -> FitPoint:
        """Train `epochs` more full-batch SGD epochs from where the weights are; returns where it got."""
        if self.trainer is None:
            config = TrainConfig(optimizer="sgd", lr=LINE_LR, batch_size=0, epochs=epochs, seed=0)
            self.trainer = Trainer(self.network, self.data.x_train, self.data.y_train, config, "regression")
        last = None
        for event in self.trainer.run(epochs):
            if isinstance(event, EpochEnd):
                last = event
        w, b = self.current
        # The knobs follow training (without restarting it), so they show what training found.
        self.knobs = [self.knobs[0].with_value(w), self.knobs[1].with_value(b)]
        self.fit = FitPoint(last.epoch if last else 0, w, b, self.loss())
        return self.fit

    def app_state(self) -> AppState:
        w, b = self.current
        return AppState("linear", "1:linear", standardize=False,
                        settings={"optimizer": "sgd", "lr": LINE_LR, "batch_size": 0, "epochs": 300},
                        weights=((np.array([[w]]), np.array([b])),))
