"""Activation functions: forward and derivative, looked up by name.

Every function takes the array module `xp` so the same code runs on NumPy and CuPy.
Derivatives are given both the pre-activation `z` and the output `a`, because for most
functions the output makes the derivative cheap (sigmoid: a·(1−a), tanh: 1−a²).
Definitions follow PyTorch's (leaky_relu slope 0.01, elu alpha 1, softplus = log(1+eˣ)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0

Array = Any


def sigmoid(z: Array, xp: Any) -> Array:
    """σ(z) = 1/(1+e^−z), written with tanh so it never overflows for any z."""
    return 0.5 * (xp.tanh(0.5 * z) + 1.0)


def softmax(z: Array, xp: Any) -> Array:
    """Row-wise softmax with the max subtracted first, so e^z never overflows. z: (batch, k)."""
    shifted = z - z.max(axis=1, keepdims=True)
    e = xp.exp(shifted)
    e /= e.sum(axis=1, keepdims=True)
    return e


def log_softmax(z: Array, xp: Any) -> Array:
    """Row-wise log softmax via log-sum-exp. z: (batch, k)."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))


def _softplus(z: Array, xp: Any) -> Array:
    # log(1 + e^z) = max(z, 0) + log1p(e^−|z|): no overflow for large |z|.
    return xp.maximum(z, 0) + xp.log1p(xp.exp(-xp.abs(z)))


def _elu(z: Array, xp: Any) -> Array:
    # expm1 only sees z ≤ 0, so large positive z cannot overflow the unused branch.
    return xp.where(z > 0, z, ELU_ALPHA * xp.expm1(xp.minimum(z, 0)))


def _sigmoid_in_place(z: Array, xp: Any) -> Array:
    z *= 0.5
    xp.tanh(z, out=z)
    z += 1.0
    z *= 0.5
    return z


def _sigmoid_backprop(grad: Array, z: Array, a: Array, xp: Any) -> Array:
    d = 1.0 - a
    d *= a
    grad *= d
    return grad


def _tanh_backprop(grad: Array, z: Array, a: Array, xp: Any) -> Array:
    d = a * a
    xp.subtract(1.0, d, out=d)
    grad *= d
    return grad


def _relu_backprop(grad: Array, z: Array, a: Array, xp: Any) -> Array:
    # z > 0 exactly where a > 0, so this also works after relu overwrote z with a.
    xp.multiply(grad, a > 0, out=grad)
    return grad


@dataclass(frozen=True)
class Activation:
    """An element-wise activation: `forward(z, xp)` and `derivative(z, a, xp)` = da/dz.

    The optional fast paths matter for wide layers, where allocating a fresh array per
    operation costs as much as the arithmetic: `forward_in_place` writes a over z (only
    offered when the derivative can be computed from a alone), and `backprop` multiplies
    an incoming gradient by the derivative in place.
    """

    name: str
    forward: Callable[[Array, Any], Array]
    derivative: Callable[[Array, Array, Any], Array] | None
    """None for softmax: its Jacobian is not element-wise; the loss handles it (cce)."""
    he_init: bool = False
    """True for the ReLU family, which keeps variance with He initialisation."""
    symbol: str = ""
    """How the lecture writes it (σ for sigmoid), used in formulas shown to users."""
    forward_in_place: Callable[[Array, Any], Array] | None = None
    backprop: Callable[[Array, Array, Array, Any], Array] | None = None

    def apply_derivative(self, grad_a: Array, z: Array, a: Array, xp: Any) -> Array:
        """dL/dz from dL/da (element-wise); may overwrite grad_a."""
        if self.backprop is not None:
            return self.backprop(grad_a, z, a, xp)
        return grad_a * self.derivative(z, a, xp)


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation(
            "linear",
            lambda z, xp: z,
            lambda z, a, xp: xp.ones_like(z),
            symbol="id",
            forward_in_place=lambda z, xp: z,
            backprop=lambda grad, z, a, xp: grad,
        ),
        Activation(
            "sigmoid",
            sigmoid,
            lambda z, a, xp: a * (1.0 - a),
            symbol="σ",
            forward_in_place=_sigmoid_in_place,
            backprop=_sigmoid_backprop,
        ),
        Activation(
            "tanh",
            lambda z, xp: xp.tanh(z),
            lambda z, a, xp: 1.0 - a * a,
            symbol="tanh",
            forward_in_place=lambda z, xp: xp.tanh(z, out=z),
            backprop=_tanh_backprop,
        ),
        Activation(
            "relu",
            lambda z, xp: xp.maximum(z, 0),
            lambda z, a, xp: (z > 0).astype(z.dtype),
            he_init=True,
            symbol="relu",
            forward_in_place=lambda z, xp: xp.maximum(z, 0, out=z),
            backprop=_relu_backprop,
        ),
        Activation(
            "leaky_relu",
            lambda z, xp: xp.where(z > 0, z, LEAKY_SLOPE * z),
            lambda z, a, xp: xp.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype),
            he_init=True,
            symbol="lrelu",
        ),
        Activation(
            "elu",
            _elu,
            lambda z, a, xp: xp.where(z > 0, 1.0, a + ELU_ALPHA).astype(z.dtype),
            he_init=True,
            symbol="elu",
        ),
        Activation("softplus", _softplus, lambda z, a, xp: sigmoid(z, xp), symbol="softplus"),
        Activation("softmax", softmax, None, symbol="softmax"),
    )
}

ACTIVATION_NAMES = tuple(ACTIVATIONS)
"""All names, in the order the editor cycles through them."""


def get_activation(name: str) -> Activation:
    """Look up an activation by name; KeyError lists nothing, callers phrase the error."""
    return ACTIVATIONS[name]
