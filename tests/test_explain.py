"""The math for one input equals the engine's forward pass, in the lecture's notation."""

from __future__ import annotations

import numpy as np
import pytest

from tui_nn.engine import LayerSpec, Network, NetworkSpec, parse_layers
from tui_nn.explain import (compare_with_target, decision_grid, factor, format_number, neuron_name,
                            parameter_numbers, standardize_text, trace_forward)


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


def test_negative_numbers_in_sums_and_products_are_in_parentheses():
    net = Network(NetworkSpec(2, (LayerSpec(1, "linear"),), "mse"), dtype="float64")
    net.set_weights([(np.array([[-0.849], [0.5]]), np.array([-2.3]))])
    step = trace_forward(net, [-3.81, 2.0], ["a", "b"]).layers[0][0]
    assert step.numeric == f"(-0.849)·(-3.81) + 0.5·2 + (-2.3) = {format_number(step.a)}"
    assert (factor(-2.3), factor(0.267), factor(0.0)) == ("(-2.3)", "0.267", "0")


def test_softmax_is_written_with_every_z_of_its_layer_never_softmax_of_one_number():
    net = Network(NetworkSpec(1, (LayerSpec(2, "softmax"),), "cce"), dtype="float64")
    net.set_weights([(np.array([[1.0, -1.0]]), np.array([0.97, 0.0]))])
    first, second = trace_forward(net, [2.0], ["x"]).layers[0]
    assert first.symbolic == "O₁ = e^{z₁}/Σⱼe^{zⱼ} with z₁ = W₁·x + b₁"
    assert first.numeric == "z₁ = 1·2 + 0.97 = 2.97, O₁ = e^{2.97}/(e^{2.97} + e^{-2}) = 0.993"
    assert second.numeric == "z₂ = (-1)·2 + 0 = -2, O₂ = e^{-2}/(e^{2.97} + e^{-2}) = 0.0069"
    assert "softmax(" not in first.line and first.a + second.a == pytest.approx(1.0)


def test_the_standardisation_shows_numbers_whose_arithmetic_gives_the_value_shown():
    # Three digits each, (180 − 177)/12.5 would give 0.24, not the 0.267 the network is fed.
    mean, spread = 176.6666667, 12.4721913
    fed = (180 - mean) / spread
    text = standardize_text("180", mean, spread, fed)
    assert text == "(180 − 176.67)/12.472 = 0.267"
    shown_mean, shown_spread = 176.67, 12.472
    assert format_number((180 - shown_mean) / shown_spread) == format_number(fed) == "0.267"
    # Round numbers stay short, a negative mean is in parentheses.
    assert standardize_text("3", 2.0, 0.5, 2.0) == "(3 − 2)/0.5 = 2"
    assert standardize_text("0", -1.5, 1.0, 1.5) == "(0 − (-1.5))/1 = 1.5"


def test_compare_with_target_output_gives_target_error_and_loss():
    assert compare_with_target([0.73], [1.0], "bce", 0.3147, label="Woman") == [
        "target: Woman → y = 1",
        "error ŷ − y = 0.73 − 1 = -0.27",
        "loss (bce) = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = −ln(0.73) = 0.315",
    ]
    assert compare_with_target([0.73], [0.0], "bce", 1.309, label="Man")[2].endswith("= −ln(1 − 0.73) = 1.31")
    assert compare_with_target([0.1, 0.8, 0.1], [0.0, 1.0, 0.0], "cce", 0.2231, label="versicolor") == [
        "target: versicolor → y = (0, 1, 0)",
        "error ŷ − y = (0.1 − 0, 0.8 − 1, 0.1 − 0) = (0.1, -0.2, 0.1)",
        "loss (cce) = −Σₖ yₖ·ln Oₖ = −ln O₂ = −ln(0.8) = 0.223",
    ]
    assert compare_with_target([4.8], [5.0], "mse", 0.04, target="y") == [
        "target: y = 5", "error ŷ − y = 4.8 − 5 = -0.2", "loss (mse) = (O₁ − y)² = (4.8 − 5)² = 0.04"]
    standardised = compare_with_target([0.3], [0.35], "mse", 0.0025, units=(147.0, 152.0), target="progression")
    assert standardised[0] == "target: progression = 152"
    assert standardised[1] == "error ŷ − y = 147 − 152 = -5  (progression in its own units)"
    assert standardised[2] == "loss (mse, on the standardised target) = (O₁ − y)² = (0.3 − 0.35)² = 0.0025"
