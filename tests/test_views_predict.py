"""The math for one input (PredictPanel) and the class / regression reports, mounted alone."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from tests.views_support import ViewApp, build
from tui_nn.explain import factor, format_number
from tui_nn.tui.view_math import HostModel
from tui_nn.tui.widgets.class_report import ClassReport
from tui_nn.tui.widgets.predict_panel import PredictPanel
from tui_nn.tui.widgets.regression_report import RegressionReport
from tui_nn.tui.widgets.roc_curve import RocCurve


def _math(panel: PredictPanel) -> str:
    return panel.query_one("#predict-math").render().plain


async def test_math_panel_numbers_equal_the_engines_forward_pass():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid", epochs=60)
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(110, 40)) as pilot:
        panel = app.query_one(PredictPanel)
        panel.set_text("weight=80, height=185")
        await pilot.pause()
        x = dataset.schema.encode_rows([{"weight": "80", "height": "185"}])
        hidden = network.layers[0].predict(x.astype(np.float32))
        output = network.predict(x)
        trace = panel.trace
        np.testing.assert_allclose([s.a for s in trace.layers[0]], hidden[0], rtol=1e-5)
        np.testing.assert_allclose(trace.outputs, output[0], rtol=1e-5)
        text = _math(panel)
        # The typed value, the standardisation and the value fed to the network: the shown
        # mean and spread give the shown value (not 177 and 12.5 for 0.267).
        found = re.search(r"weight = 80 → \(80 − ([-\d.]+)\)/([\d.]+) = ([-\d.]+)", text)
        assert found, text
        mean, spread, fed = (float(v) for v in found.groups())
        assert found.group(3) == format_number(x[0, 0]) == format_number((80 - mean) / spread)
        # Each neuron in the lecture's notation, with the engine's numbers filled in.
        assert "h₁ = σ(W₁·weight + W₂·height + b₁)" in text
        assert "O₁ = σ(W₅·h₁ + W₆·h₂ + b₃)" in text
        for value in (*hidden[0], output[0, 0]):
            assert f"= {format_number(float(value))}" in text
        w = network.get_weights()
        assert f"σ({factor(float(w[0][0][0, 0]))}·{factor(x[0, 0])} + " in text
        # The prediction and both class probabilities.
        p_woman = float(output[0, 0])
        assert panel.prediction.label == ("Woman" if p_woman > 0.5 else "Man")
        assert panel.prediction.probabilities["Woman"] == pytest.approx(p_woman)
        assert f"{p_woman:6.3f}" in text


async def test_rows_of_the_data_are_picked_with_arrows():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid")
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(110, 30)) as pilot:
        panel = app.query_one(PredictPanel)
        await pilot.pause()
        assert panel.row == 0  # the first row is there from the start
        await pilot.press("tab")  # into the input: ↑↓ still pick rows
        await pilot.press("down")
        await pilot.pause()
        assert panel.row == 1
        np.testing.assert_allclose(panel.x_encoded[0], dataset.x_train[1], atol=1e-9)
        assert f"training row 2 of {len(dataset.x_train)}: true class" in _math(panel)
        await pilot.press("up", "up")
        assert panel.row == len(dataset.x_train) - 1


async def test_a_row_is_compared_with_its_target_output():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid", epochs=60)
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(110, 50)) as pilot:
        panel = app.query_one(PredictPanel)
        await pilot.pause()
        text = _math(panel)
        o = float(network.predict(dataset.x_train[:1])[0, 0])
        y = float(dataset.y_train[0, 0])
        truth = dataset.schema.classes[int(y)]
        compare = text.split("compare with target output\n", 1)[1]
        loss = network.evaluate_loss(dataset.x_train[:1], dataset.y_train[:1])
        assert loss == pytest.approx(-math.log(o if y else 1 - o), rel=1e-4)
        worked = f"−ln({format_number(o)})" if y else f"−ln(1 − {format_number(o)})"
        assert compare.splitlines() == [
            f"  target: {truth} → y = {y:g}",
            f"  error ŷ − y = {format_number(o)} − {y:g} = {format_number(o - y)}",
            f"  loss (bce) = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] = {worked} = {format_number(loss)}",
        ]
        # No padding inside P(…): the names line up after the parenthesis.
        assert "  P(Man)    " in text and "  P(Woman)  " in text and "P(Man " not in text
        # A typed input has no target: nothing to compare.
        panel.set_text("weight=80, height=185")
        await pilot.pause()
        assert "compare with target output" not in _math(panel)


async def test_softmax_is_written_over_every_output_of_its_layer():
    dataset, network = build("iris", "3:tanh,3:softmax", epochs=20)
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(160, 60)) as pilot:
        panel = app.query_one(PredictPanel)
        await pilot.pause()
        text = _math(panel)
        out = panel.trace.layers[-1]
        exps = " + ".join(f"e^{{{format_number(step.z)}}}" for step in out)
        for step in out:
            assert f"{step.name} = e^{{{step.z_name}}}/Σⱼe^{{zⱼ}} with {step.z_name} = " in text
            assert f"e^{{{format_number(step.z)}}}/({exps}) = {format_number(step.a)}" in text
        assert "softmax(" not in text
        k = int(np.argmax(dataset.y_train[0]))
        assert f"loss (cce) = −Σₖ yₖ·ln Oₖ = −ln O{'₁₂₃'[k]} = −ln({format_number(out[k].a)}) = " in text


async def test_typing_a_bad_input_says_what_is_wrong():
    dataset, network = build("man_woman", "2:sigmoid,1:sigmoid")
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(110, 30)) as pilot:
        panel = app.query_one(PredictPanel)
        panel.input.focus()
        await pilot.pause()  # focused (its text selected, as a click or enter leaves it), then typed into
        panel.input.value = "weight=heav, height=180"
        panel.input.cursor_position = len("weight=heav")
        await pilot.press("y")  # typed, as a person would finish the word
        await pilot.pause()
        assert panel.trace is None and panel.row is None
        assert '"heavy" is not a number' in _math(panel)


async def test_regression_prediction_goes_back_to_the_targets_units():
    dataset, network = build("diabetes", "8:relu,1:linear", epochs=10)
    app = ViewApp(lambda: [PredictPanel()], dataset, network)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(PredictPanel)
        await pilot.pause()
        x = panel.x_encoded
        expected = dataset.schema.unscale_outputs(network.predict(x))[0, 0]
        assert panel.prediction.value == pytest.approx(expected, rel=1e-6)
        assert "back in its own units" in _math(panel)


async def test_class_report_counts_the_validation_split():
    dataset, network = build("iris", "8:relu,3:softmax", epochs=30, val_split=0.3)
    app = ViewApp(lambda: [ClassReport()], dataset, network)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        report = app.query_one(ClassReport)
        expected = np.zeros((3, 3), dtype=int)  # counted row by row, not by the code under test
        for truth, said in zip(dataset.y_val.argmax(axis=1), network.predict(dataset.x_val).argmax(axis=1)):
            expected[truth, said] += 1
        np.testing.assert_array_equal(report.matrix, expected)
        text = report.render().plain
        assert text.startswith(f"validation rows: {len(dataset.x_val)}")
        for name in dataset.schema.classes:
            assert name in text
        recall = expected[0, 0] / expected[0].sum()
        assert f"{recall:.3f}" in text


async def test_class_report_gives_f1_and_the_roc_curve_its_auc():
    dataset, network = build("breast_cancer", "8:tanh,1:sigmoid", epochs=5, val_split=0.3)
    app = ViewApp(lambda: [ClassReport(), RocCurve()], dataset, network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        report, curve = app.query_one(ClassReport), app.query_one(RocCurve)
        text = report.render().plain
        outputs = network.predict(dataset.x_val)[:, 0]
        positive = dataset.y_val[:, 0] > 0.5
        said = outputs > 0.5
        # F1 of each class by its definition, 2·TP / (2·TP + FP + FN), and their mean
        f1 = [2 * (said == p)[positive == p].sum() / (2 * (said == p)[positive == p].sum()
              + (said == p)[positive != p].sum() + (said != p)[positive == p].sum()) for p in (False, True)]
        assert report.scores["f1_macro"] == pytest.approx(np.mean(f1))
        assert f"F1 (macro) {np.mean(f1):.3f}" in text and f"{f1[1]:.3f}" in text
        wins = (outputs[positive][:, None] > outputs[~positive][None, :]).mean() \
            + 0.5 * (outputs[positive][:, None] == outputs[~positive][None, :]).mean()
        assert curve.auc == pytest.approx(wins) and report.scores["roc_auc"] == pytest.approx(wins)
        assert f"ROC AUC {wins:.3f}" in text


async def test_class_report_falls_back_to_training_rows():
    dataset, network = build("xor", "4:tanh,1:sigmoid")
    app = ViewApp(lambda: [ClassReport()], dataset, network)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        report = app.query_one(ClassReport)
        assert report.matrix.sum() == len(dataset.x_train)
        assert "no validation split" in report.render().plain


async def test_regression_report_scores_in_the_targets_units():
    dataset, network = build("diabetes", "8:relu,1:linear", epochs=20, val_split=0.2)
    app = ViewApp(lambda: [RegressionReport()], dataset, network)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        report = app.query_one(RegressionReport)
        true = dataset.schema.unscale_outputs(dataset.y_val)[:, 0]
        predicted = dataset.schema.unscale_outputs(network.predict(dataset.x_val))[:, 0]
        assert report.stats["mae"] == pytest.approx(np.abs(true - predicted).mean(), rel=1e-5)
        assert report.stats["r2"] < 1.0
