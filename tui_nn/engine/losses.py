"""Loss functions, defined exactly like PyTorch's so results can be compared.

- `mse`: mean over all elements of (ŷ − y)²                  (torch.nn.MSELoss)
- `mae`: mean over all elements of |ŷ − y|                   (torch.nn.L1Loss; subgradient 0 at 0)
- `huber`: mean of 0.5·x² if |x| < δ else δ·(|x| − 0.5·δ),   (torch.nn.HuberLoss, delta=δ)
         x = ŷ − y; δ is the spec's `huber_delta` (default 1.0)
- `bce`: mean binary cross-entropy of sigmoid outputs         (torch.nn.BCELoss),
         computed from the logits z so it stays finite: max(z,0) − z·y + log(1+e^−|z|)
- `cce`: mean over samples of −Σ y·log softmax(z)             (torch.nn.CrossEntropyLoss)

Each loss returns its value and the gradient with respect to the output layer's
pre-activation `z`, which is what backpropagation starts from. bce and cce are fused with
their output activation (sigmoid, softmax) because the fused gradient, ŷ − y, is both
cheaper and more accurate than chaining the two.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Callable

from tui_nn.engine.activations import Activation, log_softmax

Array = Any

REQUIRED_OUTPUT = {"bce": "sigmoid", "cce": "softmax"}
"""The output activation a fused loss needs; mse, mae and huber work with any but softmax."""


def _mse_value(z: Array, a: Array, y: Array, xp: Any) -> Array:
    diff = a - y
    # sum()/size rather than mean(): mean() adds Python overhead that dominates tiny batches.
    return (diff * diff).sum() / diff.size


def _mse_grad(z: Array, a: Array, y: Array, act: Activation, xp: Any) -> Array:
    # d/da mean((a−y)²) = 2(a−y)/N over all N elements, then chain through the activation.
    grad_a = (a - y) * (2.0 / a.size)
    if act.name == "linear":
        return grad_a
    return grad_a * act.derivative(z, a, xp)


def _chain(grad_a: Array, z: Array, a: Array, act: Activation, xp: Any) -> Array:
    """dL/dz from dL/da through the output activation (the identity for linear)."""
    if act.name == "linear":
        return grad_a
    return grad_a * act.derivative(z, a, xp)


def _mae_value(z: Array, a: Array, y: Array, xp: Any) -> Array:
    diff = xp.abs(a - y)
    return diff.sum() / diff.size


def _mae_grad(z: Array, a: Array, y: Array, act: Activation, xp: Any) -> Array:
    # d/da mean|a−y| = sign(a−y)/N; sign(0) = 0 is the subgradient torch's L1Loss takes.
    return _chain(xp.sign(a - y) * (1.0 / a.size), z, a, act, xp)


def _huber_value(z: Array, a: Array, y: Array, xp: Any, huber_delta: float = 1.0) -> Array:
    # With q = min(|x|, δ): q·(|x| − q/2) is 0.5·x² inside |x| < δ and δ·(|x| − δ/2) outside.
    ax = xp.abs(a - y)
    q = xp.minimum(ax, huber_delta)
    return (q * (ax - 0.5 * q)).sum() / ax.size


def _huber_grad(z: Array, a: Array, y: Array, act: Activation, xp: Any, huber_delta: float = 1.0) -> Array:
    # d/da: x inside |x| < δ, δ·sign(x) outside: x clipped to [−δ, δ], over N elements.
    grad_a = xp.clip(a - y, -huber_delta, huber_delta) * (1.0 / a.size)
    return _chain(grad_a, z, a, act, xp)


def _bce_value(z: Array, a: Array, y: Array, xp: Any) -> Array:
    # −[y·log σ(z) + (1−y)·log(1−σ(z))] = log(1+eᶻ) − z·y; logaddexp(0, z) is log(1+eᶻ)
    # without overflow, in one pass (tiny batches pay per array operation, not per element).
    loss = xp.logaddexp(0.0, z)
    loss -= z * y
    return loss.sum() / z.size


def _bce_grad(z: Array, a: Array, y: Array, act: Activation, xp: Any) -> Array:
    return (a - y) * (1.0 / a.size)


def _cce_value(z: Array, a: Array, y: Array, xp: Any) -> Array:
    return -(y * log_softmax(z, xp)).sum() / z.shape[0]


def _cce_grad(z: Array, a: Array, y: Array, act: Activation, xp: Any) -> Array:
    # d/dz of −Σ y·log softmax(z) is softmax(z)·Σy − y; Σy = 1 for one-hot rows.
    return (a * y.sum(axis=1, keepdims=True) - y) * (1.0 / z.shape[0])


# Each loss row by row (n,): what class weights weigh. Only a weighted batch computes them;
# the plain path keeps its one-reduction form (tiny batches pay per array operation).


def _mse_rows(z: Array, a: Array, y: Array, xp: Any) -> Array:
    diff = a - y
    return (diff * diff).mean(axis=1)


def _mae_rows(z: Array, a: Array, y: Array, xp: Any) -> Array:
    return xp.abs(a - y).mean(axis=1)


def _huber_rows(z: Array, a: Array, y: Array, xp: Any, huber_delta: float = 1.0) -> Array:
    ax = xp.abs(a - y)
    q = xp.minimum(ax, huber_delta)
    return (q * (ax - 0.5 * q)).mean(axis=1)


def _bce_rows(z: Array, a: Array, y: Array, xp: Any) -> Array:
    return (xp.logaddexp(0.0, z) - z * y).mean(axis=1)


def _cce_rows(z: Array, a: Array, y: Array, xp: Any) -> Array:
    return -(y * log_softmax(z, xp)).sum(axis=1)


@dataclass(frozen=True)
class Loss:
    """A loss: `value(z, a, y, xp)` and `grad_z(z, a, y, activation, xp)`.

    z: (batch, out) pre-activation of the output layer; a: its activation; y: targets.
    """

    name: str
    value: Callable[[Array, Array, Array, Any], Array]
    grad_z: Callable[[Array, Array, Array, Activation, Any], Array]
    description: str
    rows: Callable[[Array, Array, Array, Any], Array] | None = None
    """Each row's loss (n,), whose mean is `value`: what per-row (class) weights weigh."""
    options: tuple[str, ...] = ()
    """NetworkSpec fields the loss reads, passed to value, grad_z and rows as keywords by get_loss."""

    def weighted(self, z: Array, a: Array, y: Array, act: Activation, xp: Any, weight: Array) -> tuple[Array, Array]:
        """(value, dL/dz) with row i weighted by weight[i] (n, 1), as PyTorch's `weight=` with
        mean reduction: Σ wᵢ·lᵢ / Σ wᵢ. The plain gradient is a mean over the n rows, so
        scaling row i by n·wᵢ/Σw turns it into that weighted mean's gradient."""
        total = weight.sum()
        value = (self.rows(z, a, y, xp) * weight[:, 0]).sum() / total
        return value, self.grad_z(z, a, y, act, xp) * (weight * (z.shape[0] / total))


LOSSES: dict[str, Loss] = {
    "mse": Loss("mse", _mse_value, _mse_grad, "mean squared error", _mse_rows),
    "mae": Loss("mae", _mae_value, _mae_grad, "mean absolute error", _mae_rows),
    "huber": Loss("huber", _huber_value, _huber_grad, "Huber loss", _huber_rows, options=("huber_delta",)),
    "bce": Loss("bce", _bce_value, _bce_grad, "binary cross-entropy", _bce_rows),
    "cce": Loss("cce", _cce_value, _cce_grad, "categorical cross-entropy", _cce_rows),
}


LOSS_NAMES = tuple(LOSSES)
"""Every loss by name: adding one is its value and gradient above and one `LOSSES` entry."""


def get_loss(name: str, **options: Any) -> Loss:
    """Look up a loss by name (KeyError when unknown; callers phrase the error), with the
    options it reads (e.g. `huber_delta`) bound; options another loss reads are ignored."""
    loss = LOSSES[name]
    bound = {key: value for key, value in options.items() if key in loss.options}
    if not bound:
        return loss
    return replace(loss, value=partial(loss.value, **bound), grad_z=partial(loss.grad_z, **bound),
                   rows=partial(loss.rows, **bound))
