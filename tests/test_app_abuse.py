"""The abuse walk: every key of the trained app and a minute of random typing into its text
inputs, while a model trains and after. Trained weights survive every key that is not a
destructive action the user confirmed (training keys train them further, which is no loss).
"""

from __future__ import annotations

import asyncio
import random
import string
import time

import numpy as np
from textual.widgets import Input

from tui_nn.tui.app import make_app

SIZE = (140, 45)
TYPED = string.ascii_letters + string.digits + " .,-+=/:;!?[]()_*'\"#@%&<>|~^$"
"""Printable keys a person may type into a box (enter and escape are the box's own)."""
TRAINING_ACTIONS = {"toggle_training", "one_epoch"}
"""Keys that train: they change the weights by the user's request, which loses nothing."""


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def weights_of(app) -> list:
    return [(w.copy(), b.copy()) for w, b in app.session.network.get_weights()]


def same(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) and np.array_equal(u, v) for (x, u), (y, v) in zip(a, b))


async def back_to_the_app(app, pilot) -> None:
    """Answer every dialog the way that changes nothing (its escape), as a person backing out."""
    while len(app.screen_stack) > 1:
        screen = app.screen
        while not screen.is_mounted:
            await asyncio.sleep(0.01)
        if hasattr(screen, "action_cancel"):
            await screen.run_action("cancel")
        else:
            app.pop_screen()
        await pilot.pause()


async def test_every_key_of_a_trained_app_keeps_the_weights_unless_a_loss_is_confirmed():
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        trained = weights_of(app)
        actions = [b.action for b in app.BINDINGS if b.action not in TRAINING_ACTIONS | {"quit_app"}]
        for action in dict.fromkeys(actions):
            await app.run_action(action)
            await pilot.pause()
            await back_to_the_app(app, pilot)
            assert app.is_running, action
            assert app.session.epochs_done == 3 and same(weights_of(app), trained), action
        await pilot.press("q")  # unsaved: asks; escape keeps everything
        await pilot.pause()
        await back_to_the_app(app, pilot)
        assert app.is_running and same(weights_of(app), trained)


def _entries(app) -> list[tuple[str, object]]:
    """(name, focus action) of every text entry of the main screen."""
    main = app.main
    entries: list[tuple[str, object]] = [
        (f"setting {name}", main.settings_form.field(name)) for name in ("lr", "batch_size", "epochs", "l2", "seed",
                                                                         "val_split")]
    entries.append(("math input", "#predict-input"))
    entries.append(("weight box", "#network-view"))
    return entries


async def _focus_entry(app, pilot, target) -> Input | object:
    """Focus a text entry the way a person does: escape to the editor, the tab's key, enter."""
    main = app.main
    await pilot.press("escape")
    await pilot.pause()
    if target == "#predict-input":
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("enter")
        return main.query_one("#predict-input", Input)
    if target == "#network-view":
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")  # start typing a value
        await pilot.pause()
        view = main.query_one("#network-view")
        assert view.typing == ""
        return view
    await pilot.press("1")
    target.focus()
    await pilot.pause()
    return target


async def _type_randomly(app, pilot, seconds: float, rng: random.Random) -> int:
    """Random printable keys into each text entry in turn; returns how many were pressed."""
    entries = _entries(app)
    share = seconds / len(entries)
    pressed = 0
    for name, target in entries:
        widget = await _focus_entry(app, pilot, target)
        await pilot.pause()
        assert app.main.focused is widget, (name, app.main.focused)
        deadline = time.monotonic() + share
        while time.monotonic() < deadline:
            keys = [rng.choice(TYPED) for _ in range(12)]
            await pilot.press(*keys)
            pressed += len(keys)
            assert len(app.screen_stack) == 1, (name, keys)  # no dialog, picker, help or lesson opened
            assert app.is_running and app.main.focused is widget, (name, keys)
        if name == "weight box":
            widget.action_cancel()
        elif isinstance(widget, Input):
            widget.value = ""
        await pilot.pause()
        app.main.editor.focus()
    return pressed


async def test_a_minute_of_random_typing_into_every_text_input_never_touches_the_model():
    rng = random.Random(13)
    app = make_app("man_woman", layers="2:sigmoid,1:sigmoid", backend="numpy", epochs=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        trained, layers, run = weights_of(app), app.session.layers, app.session.run
        pressed = await _type_randomly(app, pilot, 30.0, rng)
        assert pressed > 300  # a few hundred keys: each press waits until the app has handled it
        assert same(weights_of(app), trained) and app.session.epochs_done == 3
        assert app.session.layers == layers and app.session.run == run


async def test_random_typing_while_a_model_trains_never_resets_or_stops_it():
    rng = random.Random(7)
    app = make_app("man_woman_500", backend="numpy", epochs=1_000_000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("toggle_training")
        await asyncio.sleep(0.3)
        layers = app.session.layers
        seen = []
        for _ in range(3):
            await app.run_action("view('math')")
            await pilot.pause()
            await pilot.press("enter")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                await pilot.press(*(rng.choice(TYPED) for _ in range(12)))
                assert len(app.screen_stack) == 1 and app.session.state == "training"
            seen.append(app.session.epochs_done)
            await pilot.press("escape")
        assert seen == sorted(seen) and seen[-1] > 0  # never reset: the epochs only went up
        assert app.session.layers == layers
        app.main.training.stop()
        await settle(pilot)
