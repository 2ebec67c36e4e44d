"""The lesson's numbers, without a screen: each step computes what the lecture says (or says where it slipped)."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

from tui_nn import lecture as L


def test_lecture_package_never_imports_textual():
    code = "import sys, tui_nn.lecture; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_there_are_seven_steps_in_the_lectures_order():
    titles = [step.title for step in L.STEPS]
    assert len(titles) == 7
    assert titles[0] == "One neuron" and titles[-1] == "Why depth: XOR"


def test_knob_nudges_clamps_and_rounds():
    knob = L.Knob("w", "w", 0.1, 0.1, low=0.0, high=0.3)
    assert knob.nudged(1).value == 0.2  # not 0.20000000000000001
    assert knob.nudged(5).value == 0.3 and knob.nudged(-5).value == 0.0
    assert L.Knob("n", "n", 3, 1, integer=True).with_value(4.6).text == "5"


def test_one_neuron_sums_weighted_inputs_and_bias():
    n = L.Neuron()
    assert n.y == pytest.approx(0.5 * 100 - 0.25 * 180 + 1)
    assert n.lines()[-1] == "y = 50 + (-45) + 1 = 6"
    n.knobs[2] = n.knobs[2].with_value(0.1)  # w₁
    assert n.y == pytest.approx(10 - 45 + 1)


def test_activations_give_the_engines_values_and_slopes():
    assert L.activation_at("sigmoid", 0.0) == pytest.approx((0.5, 0.25))
    assert L.activation_at("tanh", 1.0) == pytest.approx((math.tanh(1), 1 - math.tanh(1) ** 2))
    assert L.activation_at("relu", -2.0) == (0.0, 0.0)
    assert L.activation_at("leaky_relu", -2.0) == pytest.approx((-0.02, 0.01))
    assert L.activation_at("softplus", 0.0) == pytest.approx((math.log(2), 0.5))
    a = L.Activations()
    assert [row[0] for row in a.rows()] == list(L.LESSON_ACTIVATIONS)
    a.cycle(-1)
    assert a.name == "softplus"


def test_man_woman_network_has_the_lectures_nine_parameters_and_formulas():
    m = L.ManWoman()
    s = m.summary
    assert (s.weights_line, s.biases_line, s.parameters_line) == (
        "[2×2] + [2×1] = 6 weights", "2 + 1 = 3 biases", "9 learnable parameters")
    lines = [step.symbolic for layer in m.trace.layers for step in layer]
    assert lines == ["h₁ = σ(W₁·weight + W₂·height + b₁)", "h₂ = σ(W₃·weight + W₄·height + b₂)",
                     "O₁ = σ(W₅·h₁ + W₆·h₂ + b₃)"]
    assert m.trace.outputs[0] == pytest.approx(m.network.predict(m.data.x_train[:1])[0, 0])


def test_the_bigger_network_has_32_learnable_parameters():
    s = L.Counting().summary
    assert s.weights_line == "[3×3] + [3×3] + [3×2] = 24 weights"
    assert s.biases_line == "3 + 3 + 2 = 8 biases"
    assert s.parameters_line == "32 learnable parameters"


def test_line_by_hand_shows_the_true_arithmetic_and_corrects_the_slide_kindly():
    f = L.LineFit()
    tries = f.slide_lines()
    assert [t[0] for t in tries] == ["ŷ = 8·0.5 + 1 = 5", "ŷ = 8·0.7 + 1 = 6.6", "ŷ = 8·1 + 1 = 9"]
    assert [t[1] for t in tries] == [False, False, True]
    assert tries[1][2] == "the slide says 8.2; the arithmetic gives 6.6 — w = 0.9 gives 8.2"
    assert f.prediction_line() == "ŷ = 8·0.5 + 1 = 5"
    f.set(w=0.7)
    assert f.predict(8.0) == pytest.approx(6.6)


def test_training_finds_w_and_b_of_one():
    f = L.LineFit()
    point = f.train(600)
    assert point.epoch == 600
    assert point.w == pytest.approx(1.0, abs=1e-3) and point.b == pytest.approx(1.0, abs=1e-3)
    assert f.knobs[0].text == "1" and f.predict(8.0) == pytest.approx(9.0, abs=1e-2)
    state = f.app_state()
    assert state.standardize is False and state.layers == "1:linear"
    assert_allclose(state.weights[0][0], [[point.w]])


def test_backprop_by_hand_matches_the_engine_and_the_update_is_sgd():
    walk = L.BackpropWalk(lr=0.5)
    assert walk.advance() == "forward"
    assert walk.advance() == "compare"
    y_hat = walk.trace().outputs[0]
    assert walk.compare_lines()[1] == f"L = −[y·log ŷ + (1−y)·log(1−ŷ)] = {L.num(-math.log(1 - y_hat))}"
    assert walk.advance() == "backpropagate"
    for (hand_w, hand_b), (engine_w, engine_b) in zip(walk.hand_gradients(), walk.engine_grads):
        assert_allclose(hand_w, engine_w, rtol=1e-12, atol=1e-15)
        assert_allclose(hand_b, engine_b, rtol=1e-12, atol=1e-15)
    assert walk.engine_loss == pytest.approx(-math.log(1 - y_hat))
    before = walk.network.get_weights()
    assert walk.advance() == "update"
    for (w0, b0), (w1, b1), (gw, gb) in zip(before, walk.network.get_weights(), walk.engine_grads):
        assert_allclose(w1, w0 - 0.5 * gw)
        assert_allclose(b1, b0 - 0.5 * gb)
    assert walk.loss_after < walk.engine_loss  # one step downhill on this row
    assert walk.update_lines()[0].startswith("W₁ = ")
    assert walk.advance() == "forward" and walk.row == 1


def test_gradient_lines_name_weights_the_lectures_way():
    walk = L.BackpropWalk()
    for _ in range(3):
        walk.advance()
    names = [g.name for g in walk.gradients()]
    assert names[:3] == ["W₇", "W₈", "b₃"]
    assert names[3] == "δh₁" and walk.gradients()[3].line.startswith("δh₁ = δO₁·W₇·h₁(1−h₁) = ")
    assert {"W₁", "W₆", "b₁", "b₂"} <= set(names)


def test_xor_fails_without_a_hidden_layer_and_succeeds_with_one():
    results = L.DepthDemo().train()
    assert results["shallow"].accuracy < 0.75
    assert results["deep"].accuracy > 0.95
    assert results["deep"].layers == "8:tanh,1:sigmoid"


@pytest.mark.parametrize("make", [L.Neuron, L.Activations, L.ManWoman, L.Counting, L.LineFit, L.BackpropWalk])
def test_every_step_hands_the_app_a_state_that_loads(make):
    state = make().app_state()
    data = state.load()
    assert data.n_rows > 0
    if state.weights is not None:
        assert state.weights[0][0].shape[0] == data.n_features
    assert np.isfinite(data.x_train).all()
