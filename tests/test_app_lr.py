"""The learning rate in the app (issue #16): the status bar shows the lr of the last epoch,
and an lr typed into the settings during a run applies from the next epoch, nothing reset."""

from __future__ import annotations

from tui_nn.tui.app import make_app
from tui_nn.tui.widgets.status_bar import StatusInfo

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app) -> str:
    return app.main.status_bar.render().plain


# -- the status bar ----------------------------------------------------------------------------

async def test_the_status_bar_shows_the_configured_lr_then_each_epochs_lr_after_a_step_drop():
    app = make_app("xor", backend="numpy", lr=0.01, lr_schedule="step", lr_step=2, lr_factor=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "lr 0.01 " in status(app)  # before any epoch: the lr the settings give
        for _ in range(3):
            await pilot.press("n")
            await settle(pilot)
        assert [e.lr for e in app.session.history] == [0.01, 0.01, 0.005]
        assert app.main.status_bar.info.lr == 0.005
        assert "lr 0.005 " in status(app)  # the third epoch trained after the drop at 2


async def test_at_80_columns_the_lr_stays_and_the_timing_fields_give_way_whole():
    app = make_app("xor", backend="numpy", val_split=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.main.status_bar
        bar.show(StatusInfo(state="training", epoch=37, target=200, loss=0.1372, metric=0.981, val_loss=0.1212,
                            val_metric=0.962, samples_per_s=207_680, elapsed=12.5, backend="numpy", lr=0.0025))
        text = status(app)
        assert len(text) <= bar.size.width and "…" not in text  # whole fields dropped, none cut
        assert "epoch 37/200" in text and "loss 0.1372" in text and "acc 98.1%" in text and "lr 0.0025" in text
        assert "samples/s" not in text  # the first to give way
        await pilot.resize_terminal(200, 24)
        await pilot.pause()
        assert "samples/s 207,680" in status(app) and "val 96.2%" in status(app)  # all back when there is room
