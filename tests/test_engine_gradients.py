"""Gradients against central finite differences, float64, for every activation, every
loss and a 3-layer net; losses against their PyTorch definitions written out in NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.engine.activations import ACTIVATIONS, get_activation
from tui_nn.engine.losses import get_loss

RTOL = 1e-5
ATOL = 1e-8
EPS = 1e-6


def numeric_param_gradient(net: Network, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Central differences of the loss with respect to every parameter in flat_params."""
    grads = np.zeros(net.n_parameters)
    for i in range(net.n_parameters):
        saved = net.flat_params[i].copy()
        net.flat_params[i] = saved + EPS
        plus = float(net.loss.value(*_output_z_a(net, x), y, np))
        net.flat_params[i] = saved - EPS
        minus = float(net.loss.value(*_output_z_a(net, x), y, np))
        net.flat_params[i] = saved
        grads[i] = (plus - minus) / (2 * EPS)
    return grads


def _output_z_a(net: Network, x: np.ndarray):
    net.forward(x)
    return net.layers[-1].cached


def analytic_gradient(net: Network, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    net.loss_and_gradients(x, y)
    return np.array(net.flat_grads)


def _data(rng, n, inputs, outputs, kind):
    x = rng.normal(size=(n, inputs))
    if kind == "bce":
        y = (rng.random((n, outputs)) > 0.5).astype(float)
    elif kind == "cce":
        y = np.eye(outputs)[rng.integers(0, outputs, n)]
    else:
        y = rng.normal(size=(n, outputs))
    return x, y


HIDDEN_ACTIVATIONS = [name for name in ACTIVATIONS if name != "softmax"]


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_activation_derivative_matches_finite_differences(activation):
    act = get_activation(activation)
    # Stay away from the kinks of relu-like functions, where no derivative exists.
    z = np.linspace(-3.1, 2.9, 41)
    z = z[np.abs(z) > 1e-3]
    a = act.forward(z, np)
    numeric = (act.forward(z + EPS, np) - act.forward(z - EPS, np)) / (2 * EPS)
    np.testing.assert_allclose(act.derivative(z, a, np), numeric, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_hidden_activation_gradients_in_a_network(activation):
    rng = np.random.default_rng(1)
    spec = NetworkSpec(3, (LayerSpec(4, activation), LayerSpec(2, "linear")), "mse")
    net = Network(spec, dtype="float64", seed=3)
    net.flat_params[:] += rng.normal(scale=0.1, size=net.n_parameters)  # non-zero biases too
    x, y = _data(rng, 5, 3, 2, "mse")
    np.testing.assert_allclose(analytic_gradient(net, x, y), numeric_param_gradient(net, x, y), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(
    "loss, output",
    [("mse", "linear"), ("mse", "sigmoid"), ("mse", "tanh"), ("bce", "sigmoid"), ("cce", "softmax")],
)
def test_loss_gradients_match_finite_differences(loss, output):
    rng = np.random.default_rng(2)
    outputs = 3 if loss != "bce" else 2
    spec = NetworkSpec(2, (LayerSpec(outputs, output),), loss)
    net = Network(spec, dtype="float64", seed=5)
    x, y = _data(rng, 7, 2, outputs, loss)
    np.testing.assert_allclose(analytic_gradient(net, x, y), numeric_param_gradient(net, x, y), rtol=RTOL, atol=ATOL)


def test_three_layer_network_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    spec = NetworkSpec(4, (LayerSpec(5, "tanh"), LayerSpec(3, "elu"), LayerSpec(3, "softmax")), "cce")
    net = Network(spec, dtype="float64", seed=9)
    net.flat_params[:] += rng.normal(scale=0.1, size=net.n_parameters)
    x, y = _data(rng, 6, 4, 3, "cce")
    np.testing.assert_allclose(analytic_gradient(net, x, y), numeric_param_gradient(net, x, y), rtol=RTOL, atol=ATOL)


def _torch_style_losses(z, y):
    """The PyTorch definitions, written naively (fine for moderate z)."""
    p = 1 / (1 + np.exp(-z))
    bce = np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))
    softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    cce = np.mean(-(y * np.log(softmax)).sum(axis=1))
    return bce, cce


def test_losses_equal_the_pytorch_definitions():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=2, size=(8, 3))
    y_binary = (rng.random((8, 3)) > 0.5).astype(float)
    y_onehot = np.eye(3)[rng.integers(0, 3, 8)]
    bce_ref, _ = _torch_style_losses(z, y_binary)
    _, cce_ref = _torch_style_losses(z, y_onehot)
    sig = get_activation("sigmoid").forward(z, np)
    soft = get_activation("softmax").forward(z, np)
    assert float(get_loss("bce").value(z, sig, y_binary, np)) == pytest.approx(bce_ref, rel=1e-12)
    assert float(get_loss("cce").value(z, soft, y_onehot, np)) == pytest.approx(cce_ref, rel=1e-12)
    a = rng.normal(size=(8, 3))
    assert float(get_loss("mse").value(a, a, y_binary, np)) == pytest.approx(np.mean((a - y_binary) ** 2))


def test_losses_stay_finite_on_extreme_logits():
    z = np.array([[1e4, -1e4], [-1e4, 1e4]], dtype=np.float32)
    y = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    sig = get_activation("sigmoid").forward(z, np)
    soft = get_activation("softmax").forward(z, np)
    bce = float(get_loss("bce").value(z, sig, y, np))
    cce = float(get_loss("cce").value(z, soft, y, np))
    assert np.isfinite(bce) and np.isfinite(cce)
    # One right at +1e4 and one wrong by 2e4: the wrong one costs ~1e4 (bce: 2 of 4 elements).
    assert bce == pytest.approx(1e4 / 2, rel=1e-6)
    assert cce == pytest.approx(2e4 / 2, rel=1e-6)
    assert np.all(np.isfinite(sig)) and np.all(np.isfinite(soft))
