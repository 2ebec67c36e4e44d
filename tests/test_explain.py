"""The math for one input equals the engine's forward pass, in the lecture's notation."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import LayerSpec, Network, NetworkSpec, parse_layers
from tui_nn.explain import decision_grid, neuron_name, parameter_numbers, trace_forward


def lecture_network() -> Network:
    return Network(NetworkSpec(2, parse_layers("2:sigmoid,1:sigmoid"), "bce"), dtype="float64", seed=4)


def test_parameters_are_numbered_like_the_lecture():
    weights, biases = parameter_numbers([(2, 2), (2, 1)])
    # h₁ = σ(W₁ weight + W₂ height + b₁), h₂ = σ(W₃ weight + W₄ height + b₂), O₁ = σ(W₅ h₁ + W₆ h₂ + b₃)
    assert weights[0].tolist() == [[1, 3], [2, 4]]
    assert weights[1].tolist() == [[5], [6]]
    assert [b.tolist() for b in biases] == [[1, 2], [3]]


def test_neuron_names():
    assert [neuron_name(0, 0, 2), neuron_name(0, 1, 2), neuron_name(1, 0, 2)] == ["h₁", "h₂", "O₁"]
    assert neuron_name(1, 2, 3) == "h²₃"


def test_trace_equals_the_engine_forward_pass():
    net = Network(NetworkSpec(3, parse_layers("4:tanh,3:relu,2:softmax"), "cce"), dtype="float64", seed=1)
    x = np.array([0.3, -1.2, 2.0])
    trace = trace_forward(net, x, ["a", "b", "c"])
    np.testing.assert_allclose(trace.outputs, net.predict(x[None, :])[0], rtol=1e-12)
    assert [len(layer) for layer in trace.layers] == [4, 3, 2]
    assert trace.layers[1][0].input_names == ("h¹₁", "h¹₂", "h¹₃", "h¹₄")


def test_lecture_formula_reads_with_names_and_numbers():
    net = lecture_network()
    trace = trace_forward(net, [0.5, -1.0], ["weight", "height"])
    h1 = trace.layers[0][0]
    assert h1.symbolic == "h₁ = σ(W₁·weight + W₂·height + b₁)"
    assert trace.layers[1][0].symbolic == "O₁ = σ(W₅·h₁ + W₆·h₂ + b₃)"
    assert h1.numeric.startswith("σ(") and h1.numeric.endswith(f"= {h1.a:.3g}".rstrip("0"))
    assert h1.a == pytest.approx(1 / (1 + np.exp(-(0.5 * h1.weights[0] - 1.0 * h1.weights[1] + h1.bias))))


def test_the_lecture_linear_walk_through():
    # The slide prints "ŷ = 8 * 0.7 + 1 = 8.2", an arithmetic slip: 8·0.7 + 1 = 6.6, and
    # 8.2 needs w = 0.9. tui-nn shows the true numbers.
    net = Network(NetworkSpec(1, (LayerSpec(1, "linear"),), "mse"), dtype="float64")
    for w, expected in [(0.5, 5.0), (0.7, 6.6), (0.9, 8.2), (1.0, 9.0)]:
        net.set_weights([(np.array([[w]]), np.array([1.0]))])
        step = trace_forward(net, [8.0], ["x"]).layers[0][0]
        assert step.a == pytest.approx(expected)
        assert step.line == f"O₁ = W₁·x + b₁ = {w:g}·8 + 1 = {expected:g}"


def test_decision_grid_covers_the_plane_top_row_first():
    net = Network(NetworkSpec(2, (LayerSpec(1, "linear"),), "mse"), dtype="float64")
    net.set_weights([(np.array([[1.0], [10.0]]), np.array([0.0]))])  # output = x + 10·y
    grid = decision_grid(net, 0, 1, (-1, 1), (-2, 2), columns=3, rows=5)
    assert grid.shape == (5, 3, 1)
    assert grid[0, 0, 0] == pytest.approx(-1 + 20)  # top-left: x = −1, y = +2
    assert grid[-1, -1, 0] == pytest.approx(1 - 20)  # bottom-right: x = +1, y = −2
