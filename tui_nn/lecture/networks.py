"""Steps 3 and 4: the lecture's 2-2-1 man/woman network, and a bigger one whose parameters are counted."""

from __future__ import annotations

from tui_nn.engine.summary import Summary, summarize
from tui_nn.explain import Trace, trace_forward
from tui_nn.lecture.base import AppState, Knob, _load, _network


# -- step 3: the lecture's 2-2-1 network --------------------------------------------------------


class ManWoman:
    """weight, height → man/woman through 2 sigmoid neurons and 1 sigmoid output (h₁, h₂, O₁)."""

    LAYERS = ((2, "sigmoid"), (1, "sigmoid"))

    def __init__(self, seed: int = 0) -> None:
        self.data = _load("man_woman")
        self.raw = _load("man_woman", standardize=False)
        self.network = _network(2, self.LAYERS, "bce", seed)
        self.knobs = [Knob("row", "table row", 1.0, 1.0, 1.0, float(self.data.n_rows), integer=True)]

    @property
    def row(self) -> int:
        return int(self.knobs[0].value) - 1

    @property
    def summary(self) -> Summary:
        return self.network.summary()

    @property
    def trace(self) -> Trace:
        return trace_forward(self.network, self.data.x_train[self.row], self.data.schema.feature_names)

    def reseed(self, seed: int) -> None:
        self.network.reinitialize(seed)

    def app_state(self) -> AppState:
        return AppState("man_woman", "2:sigmoid,1:sigmoid", settings={"optimizer": "adam", "lr": 0.1, "batch_size": 0,
                                                                      "seed": self.network.seed},
                        weights=tuple(self.network.get_weights()))


# -- step 4: a bigger network, counted ----------------------------------------------------------


class Counting:
    """3 inputs → 3 → 3 → 2: [3×3] + [3×3] + [3×2] = 24 weights, 3 + 3 + 2 = 8 biases, 32 parameters."""

    def __init__(self) -> None:
        self.knobs = [
            Knob("inputs", "inputs", 3.0, 1.0, 1.0, 64.0, integer=True),
            Knob("h1", "hidden layer 1", 3.0, 1.0, 0.0, 64.0, integer=True),
            Knob("h2", "hidden layer 2", 3.0, 1.0, 0.0, 64.0, integer=True),
            Knob("outputs", "outputs", 2.0, 1.0, 1.0, 64.0, integer=True),
        ]

    def value(self, key: str) -> int:
        return int(next(k.value for k in self.knobs if k.key == key))

    @property
    def layers(self) -> list[tuple[int, str]]:
        """Hidden layers of 0 units are left out (a way to count a shallower network)."""
        hidden = [(self.value(k), "sigmoid") for k in ("h1", "h2") if self.value(k) > 0]
        outputs = self.value("outputs")
        return hidden + [(outputs, "softmax" if outputs > 1 else "sigmoid")]

    @property
    def summary(self) -> Summary:
        return summarize(self.value("inputs"), self.layers)

    def app_state(self) -> AppState:
        """On the 3-field table; the output must fit its two classes, so it becomes 2:softmax there."""
        hidden = ",".join(f"{u}:{a}" for u, a in self.layers[:-1])
        return AppState("fields", (hidden + "," if hidden else "") + "2:softmax",
                        settings={"optimizer": "adam", "lr": 0.05, "batch_size": 0})
