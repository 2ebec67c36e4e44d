"""The seven defects a new user hit in the app (issue #13), each driven through Pilot.

Each test failed before its fix: what a user made (trained weights, an autosave, a file on
disk) must survive every key that is not a destructive action they confirmed.
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Input, TabbedContent

from tui_nn.autosave import autosave_path
from tui_nn.cli import main
from tui_nn.tui.app import make_app
from tui_nn.tui.screens.choice import ChoiceScreen
from tui_nn.tui.screens.path_prompt import PathPrompt
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.predict_panel import PredictPanel

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def trained(pilot, epochs: int = 3) -> list:
    """Train `epochs` epochs with n; returns a copy of the weights."""
    await settle(pilot)
    for _ in range(epochs):
        await pilot.press("n")
        await settle(pilot)
    assert pilot.app.session.epochs_done == epochs
    return [(w.copy(), b.copy()) for w, b in pilot.app.session.network.get_weights()]


def same_weights(app, weights) -> bool:
    now = app.session.network.get_weights() if app.session.network is not None else []
    return len(now) == len(weights) and all(
        np.array_equal(w, w0) and np.array_equal(b, b0) for (w, b), (w0, b0) in zip(now, weights))


def active_tab(app) -> str:
    return app.screen_stack[0].query_one("#views", TabbedContent).active


# 1 ------------------------------------------------------------------------------------------

async def test_letters_typed_into_the_weight_box_stay_in_it_and_never_fire_app_keys():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        weights = await trained(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = app.screen.query_one(NetworkView)
        assert app.screen.focused is view
        await pilot.press("enter")  # start typing a value
        await pilot.press(*"raxonle", "space", "q")
        await settle(pilot)
        assert len(app.screen_stack) == 1  # no dialog, no picker, no lesson, no quit
        assert app.is_running and app.session.epochs_done == 3 and same_weights(app, weights)
        assert app.session.layers[0].units == 2 and len(app.session.layers) == 2
        assert view.typing == "raxonle q"  # every printable key went into the box
        await pilot.press("enter")  # not a number: refused, the weights stay
        await settle(pilot)
        assert same_weights(app, weights) and "not a number" in view.error
        await pilot.press("enter", *"0.5", "enter")
        await settle(pilot)
        assert app.session.network.get_weights()[0][0][0, 0] == pytest.approx(0.5)


# 2 ------------------------------------------------------------------------------------------

async def test_the_math_tab_lets_the_view_keys_switch_tabs_and_its_input_keeps_what_is_typed():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert active_tab(app) == "view-math"
        await pilot.press("1")  # the tab's input is not focused by itself: 1 is the view key
        await settle(pilot)
        assert active_tab(app) == "view-training"
        await pilot.press("4", "enter")  # enter goes into the input
        await settle(pilot)
        box = app.screen.query_one("#predict-input", Input)
        assert app.screen.focused is box
        keys = [b.binding.key for b in app.screen.active_bindings.values() if b.enabled and b.binding.show]
        assert "plus" not in keys and "minus" not in keys and "1" not in keys  # the footer offers no key the box eats
        box.value = ""
        await pilot.press(*"80", "space", *"185", "1", "+", "-")
        await settle(pilot)
        assert active_tab(app) == "view-math" and box.value == "80 1851+-"
        await pilot.press("escape")  # leaves the box, not the tab
        await settle(pilot)
        assert app.screen.focused is not box and active_tab(app) == "view-math"
        await pilot.press("3")
        await settle(pilot)
        assert active_tab(app) == "view-decision"


@pytest.mark.parametrize("width", [120, 140])
async def test_the_footer_still_fits_with_the_math_panel_focused(width):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=(width, 45)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        entries = sorted((entry.region for entry in footer.children if entry.display), key=lambda r: r.x)
        assert entries[-1].right <= width
        assert all(left.right <= right.x for left, right in zip(entries, entries[1:]))
        assert "q" in {key.key for key in footer.query(FooterKey)}


async def test_a_long_computation_scrolls_with_page_down_and_end():
    app = make_app("breast_cancer", backend="numpy")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        panel = app.screen.query_one(PredictPanel)
        scroller = panel.scroller
        assert scroller.max_scroll_y > 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert scroller.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert scroller.scroll_y == 0


# 3 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["man_woman"], ["lesson", "--step", "2"]])
def test_a_headless_run_leaves_the_users_autosave_alone(tmp_path, command):
    path = autosave_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"the user's own autosave")
    shot = tmp_path / "shot.svg"
    assert main([*command, "--headless", "--keys", "space,wait:0.5,space,n", "--screenshot", str(shot)]) == 0
    assert shot.exists()
    assert path.read_bytes() == b"the user's own autosave"


# 4 ------------------------------------------------------------------------------------------

async def test_saving_over_an_existing_file_asks_first_and_a_bare_name_gets_npz(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "precious.npz"
    existing.write_bytes(b"someone else's model")
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await trained(pilot, 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = "precious.npz"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # asked, not overwritten
        await pilot.press("enter")  # the focused, safe choice: keep the file
        await settle(pilot)
        assert existing.read_bytes() == b"someone else's model"
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one(Input).value = "mine"
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "mine.npz").exists() and not (tmp_path / "mine").exists()
        assert app.session.saved
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s", "enter")  # its own file again: no question
        await settle(pilot)
        assert len(app.screen_stack) == 1 and app.session.saved


# 5 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["o", "ctrl+o", "r"])
async def test_every_action_that_drops_trained_unsaved_weights_asks_first(key):
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        weights = await trained(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the focused choice is the safe one
        await settle(pilot)
        assert len(app.screen_stack) == 1 and same_weights(app, weights) and app.session.epochs_done == 3
        await pilot.press(key)
        await settle(pilot)
        await pilot.press("y")  # go on, said by the user
        await settle(pilot)
        if key == "r":
            assert app.session.epochs_done == 0
        else:
            assert len(app.screen_stack) == 2  # the picker / path prompt comes next
            await pilot.press("escape")


async def test_reset_during_a_run_asks_like_an_edit_does():
    app = make_app("man_woman_500", backend="numpy", epochs=1_000_000, batch_size=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await pilot.pause(0.3)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.busy
        app.main.training.stop()
        await settle(pilot)
        assert app.session.epochs_done > 0


# 6 ------------------------------------------------------------------------------------------

async def test_after_loading_a_checkpoint_the_form_shows_the_split_training_uses(tmp_path):
    saved = tmp_path / "xor.npz"
    assert main(["train", "xor", "--epochs", "3", "--backend", "numpy", "--quiet", "--save", str(saved)]) == 0
    app = make_app("man_woman_500", backend="numpy", val_split=0.25)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.dataset.x_val is not None
        app.main.files.load_checkpoint(str(saved))
        await settle(pilot)
        for _ in range(100):  # a loaded machine may hand the worker's message over a little later
            if app.session.epochs_done == 3:
                break
            await pilot.pause(0.05)
        s = app.session
        assert s.dataset.name == "xor" and s.epochs_done == 3
        assert s.dataset.x_val is None and s.run.data.val_split == 0.0
        assert app.main.settings_form.field("val_split").value == "0"


# 7 ------------------------------------------------------------------------------------------

async def test_x_on_the_output_layer_is_refused_and_the_network_stays_valid():
    app = make_app("man_woman", layers="4:tanh,2:tanh,1:sigmoid", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        assert app.session.selected == 2
        await pilot.press("x")
        await settle(pilot)
        assert [layer.units for layer in app.session.layers] == [4, 2, 1]
        assert app.session.spec_problem() is None
        assert "output layer" in app.last_notice
        await pilot.press("up", "x")
        await settle(pilot)
        assert [layer.units for layer in app.session.layers] == [4, 1]


async def test_z_shows_the_board_alone_and_brings_the_sidebar_back():
    from tui_nn.tui.app import make_app

    app = make_app("man_woman", backend="numpy")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        board, sidebar = app.screen.query_one("#board"), app.screen.query_one("#sidebar")
        assert sidebar.display and board.size.width < 120 - 40
        await pilot.press("z")
        await pilot.pause()
        assert not sidebar.display and board.size.width == 120
        await pilot.press("plus")  # the editor's keys still act, unseen
        await pilot.pause()
        assert app.session.layers[0].units == 3
        await pilot.press("z")
        await pilot.pause()
        assert sidebar.display and board.size.width < 120 - 40
