"""The Runs tab (issue #15, "runs compared"), driven with keys: every run's curve, the table of
what changed and the best, and enter restoring a run's setup (through the guard when it drops weights)."""

from __future__ import annotations

from textual.widgets import Footer

from tui_nn.engine import LayerSpec
from tui_nn.tui.actions import help_rows, palette_entries
from tui_nn.tui.app import make_app
from tui_nn.tui.screens.choice import ChoiceScreen
from tui_nn.tui.widgets.runs_chart import RunsChart
from tui_nn.tui.widgets.runs_table import RunsTable

SIZE = (140, 45)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def xor_app(**options):
    options.setdefault("layers", "4:tanh,1:sigmoid")
    options.setdefault("val_split", 0.25)
    return make_app("xor", backend="numpy", epochs=10, **options)


async def train(pilot) -> None:
    pilot.app.main.editor.focus()  # space in a settings field would type a space
    await pilot.press("space")
    await settle(pilot)


async def type_setting(pilot, name: str, text: str) -> None:
    field = pilot.app.main.settings_form.field(name)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await settle(pilot)


def table_rows(app) -> list[list[str]]:
    table = app.query_one(RunsTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def column(app, label: str) -> int:
    table = app.query_one(RunsTable)
    return [str(c.label) for c in table.columns.values()].index(label)


async def test_before_any_run_the_tab_says_how_to_make_one():
    app = xor_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        assert app.query_one("#views").active == "view-runs"
        empty = app.query_one("#runs-empty")
        assert empty.display and "no runs yet: press space to train" in str(empty.render())
        assert not app.query_one(RunsTable).display and not app.query_one(RunsChart).display


async def test_two_runs_with_another_lr_are_drawn_and_tabled_and_enter_restores_the_first():
    app = xor_app(lr=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await train(pilot)
        await type_setting(pilot, "lr", "0.05")
        await train(pilot)
        await pilot.press("6")
        await pilot.pause()
        assert app.query_one(RunsChart).series == ["run 1", "run 2"]
        rows = table_rows(app)
        assert [row[column(app, "run")].removesuffix(" ★") for row in rows] == ["━━ run 1", "━━ run 2"]
        assert [row[column(app, "epochs")] for row in rows] == ["1–10", "11–20"]
        assert [row[column(app, "stop")] for row in rows] == ["completed", "completed"]
        assert rows[1][column(app, "changed")] == "lr 0.1→0.05"
        assert rows[0][column(app, "changed")] == "first run"
        assert "@" in rows[0][column(app, "best val loss")] and "%" in rows[0][column(app, "best val acc")]
        best = app.session.runs.best().number
        assert [row[0].endswith(" ★") for row in rows] == [best == 1, best == 2]
        table = app.query_one(RunsTable)
        assert app.focused is table and table.cursor_row == 1  # the newest run
        assert table.border_subtitle == "run 2 vs run 1: lr 0.1→0.05"
        await pilot.press("up")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen)  # only the lr: the weights stay, nothing to ask
        assert app.session.run.training.lr == 0.1 and app.session.epochs_done == 20
        assert app.main.settings_form.field("lr").value == "0.1"
        assert "run 1" in app.last_notice and "lr 0.05→0.1" in app.last_notice


async def test_a_restore_that_changes_the_layers_asks_first_and_keep_keeps():
    app = xor_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await train(pilot)
        await pilot.press("plus")  # 5:tanh: trained weights, so the guard asks
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await train(pilot)
        assert app.session.layers[0] == LayerSpec(5, "tanh")
        await pilot.press("6")
        await pilot.pause()
        assert table_rows(app)[1][column(app, "changed")] == "layers 4:tanh,1:sigmoid→5:tanh,1:sigmoid"
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")  # keep
        await settle(pilot)
        assert app.session.layers[0] == LayerSpec(5, "tanh") and app.session.epochs_done == 10
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.layers[0] == LayerSpec(4, "tanh") and app.session.epochs_done == 0
        assert "layers 5:tanh,1:sigmoid→4:tanh,1:sigmoid" in app.last_notice
        assert "fresh weights" in app.last_notice
        assert len(app.main.loss_chart.epochs) == 0  # the charts start again with the weights
        assert len(table_rows(app)) == 2  # the log stays


async def test_restoring_a_run_on_other_data_reloads_it():
    app = xor_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await train(pilot)
        await type_setting(pilot, "val_split", "0.5")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await settle(pilot)
        await train(pilot)
        assert len(app.session.dataset.x_val) == 200
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("up", "enter", "y")
        await settle(pilot)
        assert app.session.run.data.val_split == 0.25 and len(app.session.dataset.x_val) == 100


async def test_one_more_epoch_is_a_run_of_its_own():
    app = xor_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        assert [row[column(app, "epochs")] for row in table_rows(app)] == ["1–1", "2–2"]


async def test_restore_is_in_the_footer_the_help_and_the_palette():
    app = xor_app()
    async with app.run_test(size=(160, 45)) as pilot:  # room for enter beside the view keys
        await settle(pilot)
        await train(pilot)
        await pilot.press("6")
        await pilot.pause()
        keys = {key.key for key in app.query_one(Footer).query("FooterKey")}
        assert "enter" in keys and "6" in keys
    assert any(keys == "enter" and "Runs" in what for keys, what in help_rows())
    assert any(action == "restore_run" for _, _, action in palette_entries())
    assert any(keys == "1 … 6" for keys, _ in help_rows())


async def test_the_palettes_restore_takes_the_highlighted_run_and_says_when_there_is_none():
    app = xor_app(lr=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("restore_run")
        assert "no runs yet" in app.last_notice
        await train(pilot)
        await type_setting(pilot, "lr", "0.05")
        await train(pilot)
        app.main.show_view("runs")
        await pilot.pause()
        app.query_one(RunsTable).move_cursor(row=0)
        await app.run_action("restore_run")
        await settle(pilot)
        assert app.session.run.training.lr == 0.1
        await app.run_action("restore_run")
        assert "already" in app.last_notice  # the setup is run 1's now: nothing to change


async def test_the_runs_tab_fits_80_by_24():
    app = xor_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await train(pilot)
        await train(pilot)
        await pilot.press("6")
        await pilot.pause()
        chart, table = app.query_one(RunsChart), app.query_one(RunsTable)
        assert chart.size.height >= 5 and table.size.height >= 4  # header and both runs
        assert chart.region.bottom <= table.region.y
        footer = app.query_one(Footer)
        entries = sorted((entry.region for entry in footer.children if entry.display), key=lambda r: r.x)
        assert entries[-1].right <= 80
        assert all(left.right <= right.x for left, right in zip(entries, entries[1:]))
