"""The lecture "Introduction to Deep Learning", replayed step by step: each step's text and numbers.

No Textual here: the lesson screens (`tui_nn.tui.lesson`) draw what these objects compute,
and the tests check the numbers without a screen. Every number comes from the engine
(a `Network` in float64, `trace_forward`, `summarize`, `loss_and_gradients`, the SGD
optimizer, the `Trainer`), so the lesson shows what tui-nn really computes — including
where the slides slipped (the slide's ŷ = 8·0.7 + 1 = 8.2 is 6.6).

    1 one neuron          y = Σ wᵢ·xᵢ + b, inputs and weights editable       `Neuron`
    2 activations         f and f' of six functions at a chosen z           `activation_at`
    3 a 2-2-1 network     weight, height → man/woman, "9 learnable parameters" `ManWoman`
    4 a bigger network    its own count (the lecture's 32)                  `Counting`
    5 x → y               b = 1, w = 0.5, 0.7, 1 by hand, then training     `LineFit`
    6 training            forward, compare, backpropagate, update           `BackpropWalk`
    7 why depth           XOR without and with a hidden layer               `DepthDemo`
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Sequence

import numpy as np

from tui_nn.engine import EpochEnd, LayerSpec, Network, NetworkSpec, TrainConfig, Trainer
from tui_nn.engine.activations import get_activation
from tui_nn.engine.optimizers import make_optimizer
from tui_nn.engine.summary import Summary, summarize
from tui_nn.explain import NeuronStep, Trace, format_number, parameter_numbers, subscript, trace_forward

DTYPE = "float64"
"""The lesson computes in float64 so the numbers on screen are the arithmetic, not float32 noise."""


num = format_number
"""Numbers on the lesson's screens are written exactly as in every other view of the arithmetic."""


# -- what a step hands to the full app ------------------------------------------------------------


@dataclass(frozen=True)
class AppState:
    """What "leave into the full app" opens: data, layers, settings and (optionally) weights."""

    dataset: str
    """A bundled dataset's name."""
    layers: str
    """The `--layers` form, e.g. `2:sigmoid,1:sigmoid`."""
    standardize: bool = True
    """False for the lecture's raw units (the x → y line, the fields table)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """`Settings` fields to change (optimizer, lr, batch_size, epochs, seed)."""
    weights: tuple[tuple[np.ndarray, np.ndarray], ...] | None = None
    """(weight (in, out), bias (out,)) per layer, or None for fresh weights."""

    def load(self) -> Any:
        """The dataset, loaded as the step uses it."""
        from tui_nn.data import load_dataset  # noqa: PLC0415 — polars only when the app is opened

        return load_dataset(self.dataset, standardize=self.standardize)


def _network(inputs: int, layers: Sequence[tuple[int, str]], loss: str, seed: int = 0) -> Network:
    spec = NetworkSpec(inputs, tuple(LayerSpec(u, a) for u, a in layers), loss)
    return Network(spec, dtype=DTYPE, seed=seed)


def _load(name: str, standardize: bool = True) -> Any:
    from tui_nn.data import load_dataset  # noqa: PLC0415

    return load_dataset(name, standardize=standardize)


# -- editable numbers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Knob:
    """One number a step lets the user change: ↑↓ pick it, +/- nudge it by `step`, enter types it."""

    key: str
    label: str
    value: float
    step: float
    low: float = -math.inf
    high: float = math.inf
    integer: bool = False

    def with_value(self, value: float) -> "Knob":
        """A copy holding `value`, kept within [low, high] (rounded for whole numbers)."""
        value = min(self.high, max(self.low, float(value)))
        if self.integer:
            value = float(round(value))
        else:
            value = round(value, 10)  # 0.1 + 0.2 shows as 0.3
        return replace(self, value=value)

    def nudged(self, times: int) -> "Knob":
        return self.with_value(self.value + times * self.step)

    @property
    def text(self) -> str:
        return str(int(self.value)) if self.integer else num(self.value)


# -- step 1: one neuron -------------------------------------------------------------------------


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
        terms = " + ".join(f"{num(w)}·{num(x)}" for w, x in zip(s.weights, s.inputs))
        products = " + ".join(num(w * x) for w, x in zip(s.weights, s.inputs))
        return [
            "y = w₁·x₁ + w₂·x₂ + b",
            f"y = {terms} + {num(s.bias)}",
            f"y = {products} + {num(s.bias)} = {num(s.a)}",
        ]

    def app_state(self) -> AppState:
        """One sigmoid neuron on the man/woman table, from fresh weights: the app standardises the
        inputs, so weights chosen for raw kilograms and centimetres would not fit there."""
        return AppState("man_woman", "1:sigmoid", settings={"optimizer": "adam", "lr": 0.1, "batch_size": 0})


# -- step 2: activation functions -----------------------------------------------------------------

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


# -- step 5: x → y, a line by hand and by training ---------------------------------------------------

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
        return f"ŷ = {num(self.X)}·{num(w)} + {num(b)} = {num(self.predict(self.X))}"

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


# -- step 6: one training step at a time ------------------------------------------------------------

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
            lines.append(GradientLine(f"W{subscript(k)}", f"δO₁·{h.name} = {num(delta_o)}·{num(h.a)}", delta_o * h.a))
        lines.append(GradientLine(f"b{subscript(int(b_numbers[1][0]))}", "δO₁", delta_o))
        for j, h in enumerate(hidden):
            w_out = out.weights[j]
            delta_h = delta_o * w_out * h.a * (1 - h.a)
            k_out = int(w_numbers[1][j, 0])
            lines.append(GradientLine(
                f"δ{h.name}", f"δO₁·W{subscript(k_out)}·{h.name}(1−{h.name}) = "
                f"{num(delta_o)}·{num(w_out)}·{num(h.a)}·{num(1 - h.a)}", delta_h))
            for i, name in enumerate(self.names):
                k = int(w_numbers[0][i, j])
                lines.append(GradientLine(f"W{subscript(k)}", f"δ{h.name}·{name} = {num(delta_h)}·{num(self.x[i])}",
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
                    lines.append(f"W{subscript(k)} = {num(w0[i, j])} − {num(self.lr)}·{num(gw[i, j])} = {num(w1[i, j])}")
                k = int(b_numbers[layer][j])
                lines.append(f"b{subscript(k)} = {num(b0[j])} − {num(self.lr)}·{num(gb[j])} = {num(b1[j])}")
        return lines

    def app_state(self) -> AppState:
        return AppState("fields", "2:sigmoid,1:sigmoid", standardize=False,
                        settings={"optimizer": "sgd", "lr": self.lr, "batch_size": 1, "epochs": 200},
                        weights=tuple(self.network.get_weights()))


# -- step 7: why depth ---------------------------------------------------------------------------

SHALLOW = ((1, "sigmoid"),)
DEEP = ((8, "tanh"), (1, "sigmoid"))
DEPTH_CONFIG = TrainConfig(optimizer="adam", lr=0.05, batch_size=32, epochs=150, seed=0)


@dataclass(frozen=True)
class DepthResult:
    """How one network did on XOR after training."""

    layers: str
    epochs: int
    loss: float
    accuracy: float


class DepthDemo:
    """XOR through a single sigmoid neuron (one straight line) and through one hidden layer of 8 tanh."""

    def __init__(self, dataset: str = "xor") -> None:
        self.data = _load(dataset)
        self.shallow = _network(2, SHALLOW, "bce")
        self.deep = _network(2, DEEP, "bce")
        self.results: dict[str, DepthResult] = {}

    def networks(self) -> Iterator[tuple[str, Network]]:
        yield "shallow", self.shallow
        yield "deep", self.deep

    def train(self, config: TrainConfig = DEPTH_CONFIG) -> dict[str, DepthResult]:
        """Train both from their initial weights for `config.epochs` (the same data, optimizer and seed)."""
        for key, network in self.networks():
            network.reinitialize(0)
            trainer = Trainer(network, self.data.x_train, self.data.y_train, config, "classification")
            last = None
            for event in trainer.run():
                if isinstance(event, EpochEnd):
                    last = event
            predicted = network.predict(self.data.x_train) > 0.5
            accuracy = float((predicted == (self.data.y_train > 0.5)).mean())
            self.results[key] = DepthResult(network.spec.layers_text, last.epoch if last else 0,
                                            float(network.evaluate_loss(self.data.x_train, self.data.y_train)),
                                            accuracy)
        return self.results

    def app_state(self) -> AppState:
        return AppState(self.data.name, ",".join(f"{u}:{a}" for u, a in DEEP),
                        settings={"optimizer": "adam", "lr": 0.05, "batch_size": 32, "epochs": 150},
                        weights=tuple(self.deep.get_weights()) if self.results else None)


# -- the steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInfo:
    """A step's title and what it says (the screen adds the live numbers)."""

    title: str
    text: str
    keys: str
    """The step's own keys, for the help line."""


STEPS: tuple[StepInfo, ...] = (
    StepInfo(
        "One neuron",
        "A neuron multiplies every input by its weight, adds the products up and adds a bias: "
        "y = Σ wᵢ·xᵢ + b. Here the inputs are a person's weight and height from the lecture's "
        "table. Change them, or the weights, and watch y.",
        "↑↓ pick a number · +/- change it · enter type it",
    ),
    StepInfo(
        "Activation functions",
        "The sum then goes through an activation function f. Without one, any stack of layers "
        "is still one straight line. Training also needs the slope f′: backpropagation "
        "multiplies by it, so where f′ is nearly 0 (sigmoid far from 0) learning is slow.",
        "space next function · +/- move z",
    ),
    StepInfo(
        "A network: weight, height → man or woman",
        "The lecture's network: 2 inputs, 2 hidden sigmoid neurons h₁ and h₂, 1 output O₁ "
        "(3 neurons, not counting inputs). Each neuron is step 1's sum through σ. "
        "The inputs are standardised first (mean 0, spread 1), as tui-nn does by default.",
        "+/- table row · r new weights",
    ),
    StepInfo(
        "A bigger network: count its parameters",
        "The lecture's next network has 32 learnable parameters. Count like before: "
        "a layer of n neurons fed by m values has [m×n] weights and n biases. "
        "Careful: weights and biases are both parameters — 3 → 4 → 4 → 1 has 32 weights "
        "but 41 parameters. Change the layers and count again.",
        "↑↓ pick a layer · +/- neurons (0 removes a hidden layer)",
    ),
    StepInfo(
        "x → y: find w by hand, then by training",
        "The table's y is x + 1. Take b = 1 and guess w: ŷ = x·w + b. The slide tries "
        "w = 0.5, 0.7 and 1 for x = 8. Then let training find w (and b) from the table alone. "
        "Numbers here are in the table's own units (no standardisation).",
        "p the slide's next w · +/- change · space train",
    ),
    StepInfo(
        "Training: forward, compare, backpropagate, update",
        "The three-field table through 3 → 2 → 1 sigmoid neurons. One row at a time: "
        "① forward pass, ② compare with the target output, ③ backpropagate the error "
        "(the chain rule, each number from the step before), ④ update every parameter: "
        "p ← p − η·∂L/∂p. Then the next row.",
        "space next phase · +/- η",
    ),
    StepInfo(
        "Why depth: XOR",
        "XOR: the label is 1 where x1 and x2 have the same sign — opposite corners. A single "
        "neuron draws one straight line and cannot separate them; a hidden layer bends the boundary. "
        "Both networks get the same data, optimizer and epochs.",
        "space train both",
    ),
)
"""The lesson's seven steps, in the lecture's order."""
