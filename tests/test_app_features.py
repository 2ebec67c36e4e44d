"""The app's derived features (d): Playground's toggles and typed expressions, driven by Pilot."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Input, SelectionList

from tui_nn.tui.app import make_app
from tui_nn.tui.screens.choice import ChoiceScreen
from tui_nn.tui.screens.features import FeaturesScreen, playground_crosses

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the reload the dialog asked for
    await pilot.pause()


def test_the_toggles_are_playgrounds_squares_products_and_sines():
    assert playground_crosses(["x1", "x2"]) == ("x1^2", "x2^2", "x1·x2", "sin(x1)", "sin(x2)")
    assert len(playground_crosses([f"c{i}" for i in range(6)])) == 6 + 15 + 6
    assert playground_crosses([f"c{i}" for i in range(7)]) == ()  # too many to read: the line alone
    assert playground_crosses(["bill length", "mass"])[0] == "`bill length`^2"


async def test_toggling_the_squares_feeds_them_to_the_network():
    app = make_app("circles", layers="1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.network.spec.inputs == 2
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesScreen)
        toggles = app.screen.query_one("#features-toggles", SelectionList)
        assert app.screen.focused is toggles
        await pilot.press("space", "down", "space")  # x1^2, x2^2
        await pilot.press("tab")
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FeaturesScreen)
        assert app.session.run.data.derive == ("x1^2", "x2^2")
        assert app.session.dataset.schema.feature_names == ("x1", "x2", "x1^2", "x2^2")
        assert app.session.network.spec.inputs == 4
        assert "2 derived features: x1^2, x2^2" in app.last_notice


async def test_a_typed_expression_is_checked_and_a_bad_one_keeps_the_dialog_and_the_data():
    app = make_app("circles", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.press(*"x1*(x2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesScreen)  # still open, with what was typed
        assert app.screen.query_one("#features-input", Input).value == "x1*(x2"
        await pilot.press(")", "enter")
        await settle(pilot)
        assert app.session.run.data.derive == ("x1·x2",)
        # a column that is not there is named in the dialog, which stays open
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("tab", *"x9^2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesScreen)
        assert '"x9" is not a column' in str(app.screen.query_one("#features-error").render())
        # a value the data cannot compute (log of a negative x1) is told, and the data stays as it was
        app.screen.query_one("#features-input", Input).value = "log(x1)"
        await pilot.press("enter")
        await settle(pilot)
        assert 'the derived feature "log(x1)" is not a number there' in app.last_notice
        assert app.session.run.data.derive == ("x1·x2",) and app.session.network.spec.inputs == 3


async def test_with_trained_weights_it_asks_first_and_cancelling_keeps_them():
    app = make_app("circles", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        weights = [w.copy() for w, _ in app.session.network.get_weights()]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.epochs_done == 1
        assert all(np.array_equal(a, b) for a, (b, _) in zip(weights, app.session.network.get_weights()))


@pytest.mark.parametrize("layers", [None, "8:tanh:0.3,1:sigmoid"])  # with dropout too: it never acts here
async def test_the_math_tab_works_a_derived_feature_out_and_predicts_what_predict_does(tmp_path, capsys, layers):
    import json

    from tui_nn.cli import main
    from tui_nn.tui.widgets.predict_panel import PredictPanel

    app = make_app("circles", derive=("x1^2", "x1*x2"), backend="numpy", **({"layers": layers} if layers else {}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        panel = app.screen.query_one(PredictPanel)
        panel.set_text("x1=0.5, x2=-2")
        await pilot.pause()
        text = panel.query_one("#predict-math").render().plain
        assert "x1^2 = 0.5^2 = 0.25 → " in text and "x1·x2 = 0.5·-2 = -1 → " in text
        shown = panel.prediction.probabilities["1"]
        path = tmp_path / "m.npz"
        assert app.main.files.save_checkpoint(str(path))
    capsys.readouterr()
    assert main(["predict", str(path), "--input", "x1=0.5,x2=-2", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["predictions"][0]["probabilities"]["1"]
    assert printed == pytest.approx(shown, abs=1e-6)
