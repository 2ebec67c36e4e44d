"""The app's rows and noise settings and ctrl+g (regenerate): synthetic sets drawn again."""

from __future__ import annotations

import numpy as np

from tui_nn.tui.app import make_app
from tui_nn.tui.screens.choice import ChoiceScreen

SIZE = (140, 45)


async def settle(pilot) -> None:
    for _ in range(2):  # the form's change, then the reload it asked for
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_setting(app, pilot, name: str, text: str) -> None:
    field = app.main.settings_form.field(name)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_rows_and_noise_in_the_settings_draw_the_set_again():
    app = make_app("circles", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shipped = app.session.dataset.x_train.copy()
        await type_setting(app, pilot, "rows", "1000")
        assert app.session.run.data.rows == 1000 and app.session.dataset.n_rows == 1000
        assert "drawn: 1,000 rows" in app.last_notice or "drawn: 1000 rows" in app.last_notice
        await type_setting(app, pilot, "noise", "0")
        assert app.session.run.data.noise == 0.0
        await type_setting(app, pilot, "rows", "")  # empty: as shipped again (noise stays 0)
        assert app.session.run.data.rows is None and app.session.dataset.n_rows == 400
        await type_setting(app, pilot, "noise", "")
        assert np.array_equal(app.session.dataset.x_train, shipped)  # the shipped file


async def test_a_real_table_refuses_rows_and_keeps_its_data():
    app = make_app("iris", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_setting(app, pilot, "rows", "50")
        assert "the real table iris cannot be drawn again" in app.last_notice
        assert app.session.run.data.rows is None and app.session.dataset.n_rows == 150
        assert app.main.settings_form.field("rows").value == ""
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "iris is not a synthetic set" in app.last_notice and app.session.dataset.n_rows == 150


async def test_ctrl_g_draws_new_rows_from_the_next_seed_and_asks_when_trained():
    app = make_app("spiral", backend="numpy")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.session.dataset.x_train.copy()
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.session.run.training.seed == 1 and app.session.run.data.rows == 500
        assert not np.array_equal(app.session.dataset.x_train, first)
        second = app.session.dataset.x_train.copy()
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # trained weights: asks first
        await pilot.press("n")  # keep
        await settle(pilot)
        assert app.session.epochs_done == 1 and np.array_equal(app.session.dataset.x_train, second)
