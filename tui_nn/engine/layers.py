"""The Dense layer: a = f(x·W + b), with its backward pass, and optional inverted dropout.

Dropout (rate p) zeroes each output with probability p while training and scales the
others by 1/(1−p), so predictions (which never drop) need no rescaling; the backward pass
sends the gradient through the same mask.

Parameters and their gradients are kept by name (`params["weight"]`, `grads["weight"]`)
and are views into the network's contiguous parameter storage, so the optimizer can
update every parameter in one fused step while each layer still sees its own matrices.
"""

from __future__ import annotations

from typing import Any

from tui_nn.engine.activations import Activation

Array = Any


class Dense:
    """A fully connected layer. weight: (in, out), bias: (out,); x: (batch, in) → a: (batch, out)."""

    def __init__(
        self,
        activation: Activation,
        weight: Array,
        bias: Array,
        grad_weight: Array,
        grad_bias: Array,
        xp: Any,
        dropout: float = 0.0,
        masks: Any = None,
    ) -> None:
        self.activation = activation
        self.dropout = dropout
        self._masks = masks
        """The random generator dropout draws from (the network's, seeded)."""
        self._mask: Array | None = None
        self.params = {"weight": weight, "bias": bias}
        self.grads = {"weight": grad_weight, "bias": grad_bias}
        self.xp = xp
        # Cached by forward() for backward(): the input, the pre-activation and the output.
        self._x: Array | None = None
        self._z: Array | None = None
        self._a: Array | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(inputs, units)."""
        return tuple(self.params["weight"].shape)  # type: ignore[return-value]

    def _pre_activation(self, x: Array) -> Array:
        z = x @ self.params["weight"]
        z += self.params["bias"]
        return z

    def predict(self, x: Array) -> Array:
        """Forward pass without caching anything (evaluation, prediction)."""
        return self.activation.forward(self._pre_activation(x), self.xp)

    def forward(self, x: Array, keep_z: bool = True) -> Array:
        """Forward pass that remembers what backward() needs.

        keep_z=False lets a hidden layer compute its activation over z in place when the
        derivative needs only the output (the output layer keeps z for the loss).
        """
        z = self._pre_activation(x)
        act = self.activation
        if not keep_z and act.forward_in_place is not None:
            a = act.forward_in_place(z, self.xp)
            z = a
        else:
            a = act.forward(z, self.xp)
        self._x, self._z, self._a = x, z, a
        if self.dropout:
            # The activation's derivative needs the undropped output (kept in _a); the next
            # layer sees the dropped one.
            self._mask = self.draw_mask(a.shape, a.dtype)
            return a * self._mask
        return a

    def draw_mask(self, shape: tuple[int, ...], dtype: Any) -> Array:
        """0 with probability `dropout`, else 1/(1−dropout) (tests replace it with a fixed mask)."""
        keep = self._masks.random(shape, dtype=dtype) >= self.dropout
        return keep.astype(dtype) * (1.0 / (1.0 - self.dropout))

    @property
    def cached(self) -> tuple[Array, Array]:
        """(z, a) of the last forward(): the loss needs them for the output layer."""
        return self._z, self._a

    def grad_z(self, grad_a: Array) -> Array:
        """Chain a gradient with respect to the output through the activation (may reuse grad_a)."""
        if self.dropout:
            grad_a = grad_a * self._mask
        return self.activation.apply_derivative(grad_a, self._z, self._a, self.xp)

    def backward(self, grad_z: Array, need_input_grad: bool = True) -> Array | None:
        """Fill this layer's gradients from dL/dz: (batch, out); return dL/dx: (batch, in).

        The first layer passes need_input_grad=False: nobody needs dL/dx there.
        """
        xp = self.xp
        xp.matmul(self._x.T, grad_z, out=self.grads["weight"])
        grad_z.sum(axis=0, out=self.grads["bias"])
        if not need_input_grad:
            return None
        return grad_z @ self.params["weight"].T
