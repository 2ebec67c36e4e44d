"""Network: a stack of Dense layers over one contiguous parameter vector.

The spec (`NetworkSpec`) is the one source of truth for a model's shape: the app's
editor edits it, the CLI parses it from `--layers`, checkpoints carry it. A `Network`
is built from a spec on a backend, with seeded initial weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

import numpy as np

from tui_nn.backend import NUMPY, Backend, check_dtype
from tui_nn.engine.activations import ACTIVATION_NAMES, get_activation
from tui_nn.engine.layers import Dense
from tui_nn.engine.losses import LOSS_NAMES, REQUIRED_OUTPUT, get_loss
from tui_nn.engine.summary import Summary, summarize
from tui_nn.errors import TuiNNError
from tui_nn.words import plural

Array = Any

INIT_CHOICES = ("auto", "xavier", "he")
PREDICT_CHUNK_ROWS = 8192
"""Rows per forward pass when predicting, so huge inputs never need huge temporaries."""


@dataclass(frozen=True)
class LayerSpec:
    """One Dense layer: how many units, which activation, and the dropout rate on its outputs
    while training (hidden layers only; 0 is none)."""

    units: int
    activation: str
    dropout: float = 0.0

    def __str__(self) -> str:
        """The `--layers` item: `32:relu`, `32:relu:0.3` with dropout."""
        return f"{self.units}:{self.activation}" + (f":{self.dropout:g}" if self.dropout else "")


@dataclass(frozen=True)
class NetworkSpec:
    """The shape of a network: input width, layers after the input (output included), loss."""

    inputs: int
    layers: tuple[LayerSpec, ...]
    loss: str
    huber_delta: float = 1.0
    """δ of the huber loss (where it turns from squared to linear); older checkpoints lack it."""

    @property
    def outputs(self) -> int:
        return self.layers[-1].units

    @property
    def layers_text(self) -> str:
        """The `--layers` form: `2:sigmoid,1:sigmoid`."""
        return ",".join(str(layer) for layer in self.layers)

    def summary(self) -> Summary:
        """The lecture's parameter breakdown for this shape."""
        return summarize(self.inputs, [(layer.units, layer.activation, layer.dropout) for layer in self.layers])

    def validate(self) -> "NetworkSpec":
        """Raise TuiNNError if the spec cannot be built or trained; return self."""
        if self.inputs < 1:
            raise TuiNNError(f"a network needs at least one input, got {self.inputs}")
        if not self.layers:
            raise TuiNNError("a network needs at least one layer (the output layer)")
        for position, layer in enumerate(self.layers, start=1):
            if layer.units < 1:
                raise TuiNNError(f"layer {position} has {layer.units} units: every layer needs at least 1")
            if layer.activation not in ACTIVATION_NAMES:
                raise TuiNNError(
                    f'layer {position}: unknown activation "{layer.activation}"; '
                    f"use one of {', '.join(ACTIVATION_NAMES)}"
                )
            if layer.activation == "softmax" and position != len(self.layers):
                raise TuiNNError(f"layer {position}: softmax can only be the output layer")
            if not (0.0 <= layer.dropout < 1.0):
                raise TuiNNError(f"layer {position}: dropout {layer.dropout:g} must be in [0, 1), e.g. 0.3")
            if layer.dropout and position == len(self.layers):
                raise TuiNNError(f"layer {position}: dropout is for hidden layers, not the output layer")
        if self.loss not in LOSS_NAMES:
            raise TuiNNError(f'unknown loss "{self.loss}": use one of {", ".join(LOSS_NAMES)}')
        output = self.layers[-1].activation
        needed = REQUIRED_OUTPUT.get(self.loss)
        if needed and output != needed:
            raise TuiNNError(f"loss {self.loss} needs a {needed} output layer, not {output}: end with N:{needed}")
        if output == "softmax" and self.loss != "cce":
            raise TuiNNError(f"a softmax output layer trains with loss cce, not {self.loss}")
        if not (math.isfinite(self.huber_delta) and self.huber_delta > 0):
            raise TuiNNError(f"huber delta {self.huber_delta} must be a positive number, e.g. 1.0")
        return self

    def to_dict(self) -> dict:
        return {
            "inputs": self.inputs,
            # dropout only where set: files without it read as before, and older readers see no new key
            "layers": [{"units": layer.units, "activation": layer.activation,
                        **({"dropout": layer.dropout} if layer.dropout else {})} for layer in self.layers],
            "loss": self.loss,
            "huber_delta": self.huber_delta,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "NetworkSpec":
        try:
            layers = tuple(LayerSpec(int(item["units"]), str(item["activation"]), float(item.get("dropout", 0.0)))
                           for item in data["layers"])
            return cls(inputs=int(data["inputs"]), layers=layers, loss=str(data["loss"]),
                       huber_delta=float(data.get("huber_delta", 1.0))).validate()
        except (KeyError, TypeError, ValueError) as exc:
            raise TuiNNError(f"malformed network spec ({type(exc).__name__}: {exc})") from None


def row_weights(y: Array, class_weight: Array) -> Array:
    """(n, 1) weight of each row's class: y is (n, 1) of 0/1 with class_weight (2,), or one-hot
    (n, k) with class_weight (k,)."""
    if y.shape[1] == 1:
        return class_weight[0] + (class_weight[1] - class_weight[0]) * y
    return y @ class_weight.reshape(-1, 1)


def parse_layers(text: str) -> tuple[LayerSpec, ...]:
    """Parse `--layers "8:tanh,8:tanh,1:sigmoid"` into layer specs, with errors a person can act on."""
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or any(not item for item in items):
        raise TuiNNError(f'bad --layers "{text}": write UNITS:ACTIVATION items separated by commas, e.g. "4:tanh,1:sigmoid"')
    layers = []
    for item in items:
        units_text, sep, activation = item.partition(":")
        activation, _, rate_text = activation.partition(":")
        activation = activation.strip().lower().replace("-", "_") if sep else "linear"
        dropout = 0.0
        if rate_text.strip():
            try:
                dropout = float(rate_text)
            except ValueError:
                dropout = math.nan
            if not (0.0 <= dropout < 1.0):
                raise TuiNNError(f'bad --layers item "{item}": the dropout rate "{rate_text.strip()}" must be a number '
                                 'in [0, 1), e.g. "32:relu:0.3"')
        try:
            units = int(units_text)
        except ValueError:
            raise TuiNNError(f'bad --layers item "{item}": "{units_text}" is not a whole number of units') from None
        if units < 1:
            raise TuiNNError(f'bad --layers item "{item}": a layer needs at least 1 unit')
        if activation not in ACTIVATION_NAMES:
            raise TuiNNError(
                f'bad --layers item "{item}": unknown activation "{activation}"; use one of {", ".join(ACTIVATION_NAMES)}'
            )
        layers.append(LayerSpec(units, activation, dropout))
    return tuple(layers)


def with_dropout(layers: tuple[LayerSpec, ...], rate: float) -> tuple[LayerSpec, ...]:
    """`--dropout F`: every hidden layer without a rate of its own gets `rate`."""
    if not rate:
        return layers
    return tuple(layer if layer.dropout or position == len(layers) - 1 else
                 LayerSpec(layer.units, layer.activation, rate) for position, layer in enumerate(layers))


def default_loss(output_activation: str, task: str) -> str:
    """The loss `--loss auto` picks: cce for softmax, bce for a sigmoid classifier, else mse."""
    if output_activation == "softmax":
        return "cce"
    if output_activation == "sigmoid" and task == "classification":
        return "bce"
    return "mse"


def _initial_weights(spec: NetworkSpec, seed: int, init: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Seeded float64 host weights: Glorot/Xavier uniform, or He normal for the ReLU family."""
    if init not in INIT_CHOICES:
        raise TuiNNError(f'unknown init "{init}": use one of {", ".join(INIT_CHOICES)}')
    rng = np.random.default_rng(seed)
    weights = []
    fan_in = spec.inputs
    for layer in spec.layers:
        use_he = init == "he" or (init == "auto" and get_activation(layer.activation).he_init)
        if use_he:
            w = rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, layer.units))
        else:
            limit = math.sqrt(6.0 / (fan_in + layer.units))
            w = rng.uniform(-limit, limit, size=(fan_in, layer.units))
        weights.append((w, np.zeros(layer.units)))
        fan_in = layer.units
    return weights


class Network:
    """A trainable stack of Dense layers on a backend.

    All parameters live in one flat vector (`flat_params`): every layer's weights first,
    then every bias, so L2 decay applies to the `n_weights` prefix and the optimizer
    updates everything in a few array operations. `flat_grads` has the same layout.
    """

    def __init__(
        self,
        spec: NetworkSpec,
        backend: Backend = NUMPY,
        dtype: str = "float32",
        seed: int = 0,
        init: str = "auto",
    ) -> None:
        self.spec = spec.validate()
        self.backend = backend
        self.dtype = check_dtype(dtype)
        self.init = init
        self.loss = get_loss(spec.loss, huber_delta=spec.huber_delta)
        xp = backend.xp
        shapes = []
        fan_in = spec.inputs
        for layer in spec.layers:
            shapes.append((fan_in, layer.units))
            fan_in = layer.units
        self.n_weights = sum(i * o for i, o in shapes)
        self.n_parameters = self.n_weights + sum(o for _, o in shapes)
        self.flat_params = xp.zeros(self.n_parameters, dtype=dtype)
        self.flat_grads = xp.zeros(self.n_parameters, dtype=dtype)
        self.layers: list[Dense] = []
        w_at, b_at = 0, self.n_weights
        # Dropout masks come from their own seeded stream (the weights' seed, apart from theirs),
        # so a run with dropout repeats exactly.
        masks = backend.xp.random.default_rng(seed + 1) if any(layer.dropout for layer in spec.layers) else None
        for (fan_in, units), layer in zip(shapes, spec.layers):
            w_end, b_end = w_at + fan_in * units, b_at + units
            self.layers.append(
                Dense(
                    get_activation(layer.activation),
                    weight=self.flat_params[w_at:w_end].reshape(fan_in, units),
                    bias=self.flat_params[b_at:b_end],
                    grad_weight=self.flat_grads[w_at:w_end].reshape(fan_in, units),
                    grad_bias=self.flat_grads[b_at:b_end],
                    xp=xp,
                    dropout=layer.dropout,
                    masks=masks,
                )
            )
            w_at, b_at = w_end, b_end
        self.reinitialize(seed)

    # -- parameters -------------------------------------------------------------------

    def reinitialize(self, seed: int) -> None:
        """Draw fresh initial weights from `seed` (same numbers on every backend)."""
        self.seed = seed
        self.set_weights(_initial_weights(self.spec, seed, self.init))

    def get_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Host copies of every layer's (weight (in, out), bias (out,))."""
        # One transfer of the flat vector, cut on the host: a copy per layer would be a GPU
        # sync per array. np.array copies: NumPy's to_host hands back the live parameters.
        flat = np.array(self.backend.to_host(self.flat_params))
        weights, w_at, b_at = [], 0, self.n_weights
        for layer in self.layers:
            fan_in, units = layer.shape
            w_end, b_end = w_at + fan_in * units, b_at + units
            weights.append((flat[w_at:w_end].reshape(fan_in, units), flat[b_at:b_end]))
            w_at, b_at = w_end, b_end
        return weights

    def set_weights(self, weights: Sequence[tuple[Any, Any]]) -> None:
        """Copy (weight, bias) pairs in, checking that every shape fits this network."""
        if len(weights) != len(self.layers):
            raise TuiNNError(f"the weights have {plural(len(weights), 'layer')} but the network has {len(self.layers)}")
        for position, ((w, b), layer) in enumerate(zip(weights, self.layers), start=1):
            w_shape, b_shape = tuple(np.shape(w)), tuple(np.shape(b))
            if w_shape != layer.shape or b_shape != (layer.shape[1],):
                raise TuiNNError(
                    f"layer {position}: weights of shape {w_shape} and bias {b_shape} do not fit "
                    f"a [{layer.shape[0]}×{layer.shape[1]}] layer"
                )
        for (w, b), layer in zip(weights, self.layers):
            layer.params["weight"][...] = self.backend.asarray(w, self.dtype)
            layer.params["bias"][...] = self.backend.asarray(b, self.dtype)

    def copy_params(self) -> Array:
        """A device copy of every parameter (for restoring best or last-finite weights)."""
        return self.flat_params.copy()

    def restore_params(self, saved: Array) -> None:
        self.flat_params[...] = saved

    def summary(self) -> Summary:
        return self.spec.summary()

    # -- computation ------------------------------------------------------------------

    def forward(self, x: Array) -> Array:
        """Training forward pass, x: (batch, inputs) → (batch, outputs); caches for backward."""
        last = len(self.layers) - 1
        for position, layer in enumerate(self.layers):
            x = layer.forward(x, keep_z=position == last)
        return x

    def backward(self, y: Array, class_weight: Array | None = None) -> Array:
        """Fill `flat_grads` for the last forward() against targets y; return the loss (0-d array).

        `class_weight` (device (k,) for k classes, two for one sigmoid output) weighs each
        row's loss by its class's weight (`Loss.weighted`)."""
        xp = self.backend.xp
        out = self.layers[-1]
        z, a = out.cached
        if class_weight is None:
            loss = self.loss.value(z, a, y, xp)
            grad_z = self.loss.grad_z(z, a, y, out.activation, xp)
        else:
            loss, grad_z = self.loss.weighted(z, a, y, out.activation, xp, row_weights(y, class_weight))
        for position in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[position]
            grad_x = layer.backward(grad_z, need_input_grad=position > 0)
            if position > 0:
                grad_z = self.layers[position - 1].grad_z(grad_x)
        return loss

    def loss_and_gradients(self, x: Array, y: Array, class_weight: Array | None = None) -> tuple[Array, Array]:
        """One forward and backward pass: returns (loss 0-d array, outputs (batch, outputs))."""
        outputs = self.forward(x)
        return self.backward(y, class_weight), outputs

    def _output_chunks(self, x: Array) -> Iterator[tuple[slice, Array, Array]]:
        """(rows, z, a) of the output layer for every PREDICT_CHUNK_ROWS rows of device array x,
        so huge inputs never need huge temporaries; caches nothing."""
        xp = self.backend.xp
        out = self.layers[-1]
        for start in range(0, x.shape[0], PREDICT_CHUNK_ROWS):
            rows = slice(start, start + PREDICT_CHUNK_ROWS)
            h = x[rows]
            for layer in self.layers[:-1]:
                h = layer.predict(h)
            z = out._pre_activation(h)
            yield rows, z, out.activation.forward(z, xp)

    def _joined(self, chunks: list[Array]) -> Array:
        if len(chunks) == 1:
            return chunks[0]
        xp = self.backend.xp
        return xp.concatenate(chunks) if chunks else xp.zeros((0, self.spec.outputs), dtype=self.dtype)

    def predict_device(self, x: Array) -> Array:
        """Outputs for x already on the backend, in chunks; caches nothing."""
        return self._joined([a for _, _, a in self._output_chunks(x)])

    def predict(self, x: Any) -> np.ndarray:
        """Outputs (activations of the last layer) for host inputs x: (n, inputs), as a host array."""
        x_dev = self.backend.asarray(np.asarray(x).reshape(-1, self.spec.inputs), self.dtype)
        return self.backend.to_host(self.predict_device(x_dev))

    def evaluate(self, x: Array, y: Array) -> tuple[float, Array]:
        """(mean loss, outputs) over device arrays x, y in one chunked forward pass, without
        touching gradients (validation needs both; a second pass for the loss would double it)."""
        loss, outputs = self.evaluate_device(x, y)
        return float(self.backend.to_host(loss)), outputs

    def evaluate_device(self, x: Array, y: Array) -> tuple[Array, Array]:
        """Like evaluate(), but the mean loss stays a 0-d float64 device value (no host sync)."""
        with np.errstate(over="ignore", invalid="ignore"):
            # Weights on their way to diverging give an inf or nan loss: that is the answer
            # (callers show or check it), not something to warn about on stderr.
            return self._evaluate(x, y)

    def _evaluate(self, x: Array, y: Array) -> tuple[Array, Array]:
        xp = self.backend.xp
        total = None
        chunks = []
        for rows, z, a in self._output_chunks(x):
            yb = y[rows]
            # Each loss is a mean; weight chunks by rows so the total is the mean over all rows.
            # The sum stays on the device: a float() per chunk would be a GPU sync per chunk.
            part = self.loss.value(z, a, yb, xp).astype(xp.float64) * yb.shape[0]
            total = part if total is None else total + part
            chunks.append(a)
        if total is None:
            total = xp.zeros((), dtype=xp.float64)
        return total / max(1, x.shape[0]), self._joined(chunks)

    def evaluate_loss(self, x: Array, y: Array) -> float:
        """Mean loss over device arrays x, y without touching gradients."""
        return self.evaluate(x, y)[0]
