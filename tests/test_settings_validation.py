"""The settings form marks a bad value as it is typed (Textual's validators, the RunSpec's checks)."""

from __future__ import annotations

import pytest

from tui_nn.spec import text_of
from tui_nn.tui.app import make_app

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_into(pilot, widget, text: str) -> None:
    """Focus the field (its text is selected) and type `text` over it, key by key."""
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


@pytest.mark.parametrize(("field", "text"), [
    ("lr", "abc"),         # not a number (Textual's Number)
    ("lr", "-1"),          # a number, below the key's limit (the RunSpec's check)
    ("epochs", "2.5"),     # not a whole number (Textual's Integer)
    ("epochs", "0"),
    ("batch_size", "-3"),
    ("seed", "x"),
    ("val_split", "1"),    # must be below 1: only the RunSpec knows
    ("l2", "1e309"),       # beyond float range: inf
    ("l1", "-0.1"),
    ("class_weight", "1=x"),  # not CLASS=WEIGHT with a positive weight
])
async def test_a_bad_value_is_marked_as_typed_and_refused_on_enter(field, text):
    app = make_app("xor", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.session.run
        widget = app.main.settings_form.field(field)
        assert not widget.has_class("-invalid")
        await type_into(pilot, widget, text)
        assert widget.value == text
        assert widget.has_class("-invalid"), (field, text)  # marked before Enter
        assert app.session.run == before
        app.last_notice = ""
        await pilot.press("enter")
        await pilot.pause()
        assert "kept" in app.last_notice, app.last_notice  # refused with a notification, as before
        assert app.session.run == before
        assert widget.value == text_of(before.get(field))  # the old value back, no longer marked
        assert not widget.has_class("-invalid")


async def test_a_value_is_marked_only_while_it_is_bad_and_a_good_one_is_taken_on_enter():
    app = make_app("xor", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widget = app.main.settings_form.field("lr")
        await type_into(pilot, widget, "0")
        assert widget.has_class("-invalid")  # a learning rate of 0 is refused: marked ...
        await pilot.press(".", "2", "5")
        await pilot.pause()
        assert widget.value == "0.25" and not widget.has_class("-invalid")  # ... and no longer at 0.25
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.run.training.lr == 0.25


async def test_blur_with_a_bad_value_puts_the_old_one_back():
    app = make_app("xor", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.session.run
        widget = app.main.settings_form.field("batch_size")
        await type_into(pilot, widget, "abc")
        assert widget.has_class("-invalid")
        app.main.settings_form.field("epochs").focus()
        await pilot.pause()
        assert app.session.run == before and widget.value == text_of(before.get("batch_size"))
        assert not widget.has_class("-invalid")


async def test_class_weights_and_l1_typed_in_the_form_reach_the_next_runs_trainer():
    app = make_app("xor", backend="numpy", epochs=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = app.main.settings_form
        await type_into(pilot, form.field("class_weight"), "balanced")
        await pilot.press("enter")
        await type_into(pilot, form.field("l1"), "0.01")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.run.training.class_weight == "balanced" and app.session.run.training.l1 == 0.01
        trainer = app.session.ensure_trainer()
        assert trainer.class_weight is not None and trainer.optimizer.l1 == 0.01
        await type_into(pilot, form.field("class_weight"), " ")  # emptied: every class weighs 1 again
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert app.session.run.training.class_weight is None
        assert app.session.ensure_trainer().class_weight is None
