"""SVG snapshots of the main layouts (pytest-textual-snapshot); `--snapshot-update` rewrites them.

Everything shown must be deterministic: NumPy backend, fixed seeds, and the two timing
numbers of a run (samples/s, elapsed) pinned before the picture is taken.
"""

from __future__ import annotations

from dataclasses import replace

from tui_nn.tui.app import make_app


def seed_app(**options):
    options.setdefault("backend", "numpy")
    options.setdefault("chart_marker", "hd")
    return make_app("man_woman", layers="2:sigmoid,1:sigmoid", **options)


async def _loaded(pilot) -> None:
    for _ in range(500):  # the load starts once the screen is up: wait for it, not just for the workers so far
        if pilot.app.session.has_data:
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def _trained(pilot) -> None:
    app = pilot.app
    await _loaded(pilot)
    await pilot.press("space")
    await app.workers.wait_for_complete()
    await pilot.pause()
    # Pin the wall-clock numbers so the picture is the same on every machine.
    app.session.history = [replace(e, samples_per_s=1000.0 * e.epoch, seconds=0.001, elapsed=0.001 * e.epoch)
                           for e in app.session.history]
    app.session.elapsed = 0.2
    app.main.refresh_status()
    app.clear_notifications()
    await pilot.pause()


def test_snapshot_idle_on_man_woman(snap_compare):
    assert snap_compare(seed_app(), terminal_size=(140, 45), run_before=_loaded)


def test_snapshot_trained_on_man_woman(snap_compare):
    assert snap_compare(seed_app(lr=0.1), terminal_size=(140, 45), run_before=_trained)


def test_snapshot_small_terminal(snap_compare):
    assert snap_compare(seed_app(lr=0.1), terminal_size=(100, 30), run_before=_trained)


def test_snapshot_dataset_picker(snap_compare):
    async def open_picker(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(seed_app(), terminal_size=(140, 45), run_before=open_picker)


def test_snapshot_help(snap_compare):
    async def open_help(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(seed_app(), terminal_size=(140, 45), run_before=open_help)


def test_snapshot_features_dialog(snap_compare):
    async def open_features(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("space", "down", "space")  # Playground's x1², x2²
        await pilot.pause()

    app = make_app("circles", layers="1:sigmoid", backend="numpy", chart_marker="hd")
    assert snap_compare(app, terminal_size=(140, 45), run_before=open_features)
