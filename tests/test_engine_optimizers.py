"""Optimizer steps against their formulas (PyTorch's), written out independently."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_nn.engine.optimizers import OPTIMIZER_NAMES, make_optimizer
from tui_nn.errors import TuiNNError

LR, L2, N_WEIGHTS = 0.05, 0.1, 3


def _run(name, steps=4, l2=0.0, **kwargs):
    rng = np.random.default_rng(0)
    params = rng.normal(size=5)
    grads_seq = [rng.normal(size=5) for _ in range(steps)]
    opt = make_optimizer(name, params, LR, l2, N_WEIGHTS, np, **kwargs)
    p = params.copy()
    for g in grads_seq:
        opt.step(p, g.copy())
    return params, grads_seq, p


def _decayed(p, g, l2):
    g = g.copy()
    g[:N_WEIGHTS] += l2 * p[:N_WEIGHTS]
    return g


def test_sgd_step_with_l2_on_weights_only():
    p0, grads, p = _run("sgd", l2=L2)
    ref = p0.copy()
    for g in grads:
        ref = ref - LR * _decayed(ref, g, L2)
    np.testing.assert_allclose(p, ref, rtol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_step(nesterov):
    p0, grads, p = _run("nesterov" if nesterov else "momentum")
    ref, v = p0.copy(), np.zeros(5)
    for g in grads:
        v = 0.9 * v + g
        ref = ref - LR * ((g + 0.9 * v) if nesterov else v)
    np.testing.assert_allclose(p, ref, rtol=1e-12)


def test_adam_step():
    p0, grads, p = _run("adam", l2=L2)
    ref, m, v = p0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(grads, start=1):
        g = _decayed(ref, g, L2)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        ref = ref - LR * m_hat / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(p, ref, rtol=1e-10)


def test_rmsprop_step():
    p0, grads, p = _run("rmsprop")
    ref, v = p0.copy(), np.zeros(5)
    for g in grads:
        v = 0.99 * v + 0.01 * g * g
        ref = ref - LR * g / (np.sqrt(v) + 1e-8)
    np.testing.assert_allclose(p, ref, rtol=1e-12)


def test_first_adam_step_moves_each_parameter_by_the_learning_rate():
    # With bias correction, Adam's first step is lr·sign(g) (up to ε): a classic sanity check.
    _, grads, p = _run("adam", steps=1)
    p0, _, _ = _run("adam", steps=0)
    np.testing.assert_allclose(p0 - p, LR * np.sign(grads[0]), rtol=1e-6)
    assert not math.isnan(p.sum())


def test_unknown_optimizer_is_a_clear_error():
    with pytest.raises(TuiNNError, match='unknown optimizer "adagrad"'):
        make_optimizer("adagrad", np.zeros(2), 0.1, 0.0, 1, np)


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_l1_adds_its_subgradient_to_the_weights_only(name):
    """L1 is λ₁·sign(w) added to the weights' gradients (0 where w = 0), the biases untouched:
    a step with L1 equals a plain step on gradients changed by that formula."""
    xp = np
    params = np.array([0.5, -2.0, 0.0, 0.3, -0.1])  # three weights, then two biases
    grads = np.array([0.1, 0.2, -0.3, 0.4, 0.5])
    with_l1, plain = params.copy(), params.copy()
    make_optimizer(name, with_l1, 0.1, 0.0, 3, xp, l1=0.25).step(with_l1, grads.copy())
    by_hand = grads + 0.25 * np.array([1.0, -1.0, 0.0, 0.0, 0.0])
    make_optimizer(name, plain, 0.1, 0.0, 3, xp).step(plain, by_hand)
    np.testing.assert_allclose(with_l1, plain, rtol=1e-15)


def test_l1_drives_unneeded_weights_to_zero():
    from tui_nn.engine import LayerSpec, Network, NetworkSpec
    from tui_nn.engine.trainer import TrainConfig, Trainer

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 5))
    y = 2.0 * x[:, :1] + rng.normal(scale=0.5, size=(40, 1))  # only the first input matters; plain fits the noise
    weights = []
    for l1 in (0.0, 0.5):
        net = Network(NetworkSpec(5, (LayerSpec(1, "linear"),), "mse"), dtype="float64", seed=0)
        list(Trainer(net, x, y, TrainConfig(optimizer="sgd", lr=0.05, batch_size=0, epochs=300, l1=l1), "regression").run())
        weights.append(np.abs(net.get_weights()[0][0][1:, 0]))
    # sign(w) makes an unneeded weight hover within about lr·λ₁ (0.025) of 0 instead of fitting noise
    assert weights[0].max() > 0.05 and weights[1].max() < 0.05 * 0.5 * 1.2, weights
