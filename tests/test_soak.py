"""Soak: a long training run in the real app, charts live, must not grow in memory.

Not part of the default run (marker `soak`): `python -m pytest -m soak`. Thirty minutes by
default; TUI_NN_SOAK_SECONDS shortens it (e.g. 60 for a quick check).
"""

from __future__ import annotations

import os
import resource
import time

import pytest

from tui_nn.tui.app import make_app

pytestmark = pytest.mark.soak

SOAK_SECONDS = float(os.environ.get("TUI_NN_SOAK_SECONDS", "1800"))
SAMPLE_EVERY_S = 5.0
ALLOWED_GROWTH_MB = 40.0
"""After warm-up, RSS may wander by allocator noise, not by history: a leak of even
24 bytes an epoch at 20,000 epochs a second would add ~1.7 GB an hour."""


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


async def test_long_training_in_the_app_keeps_memory_flat():
    app = make_app("man_woman", epochs=10**8, backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause(0.5)
        await app.run_action("toggle_training")
        samples: list[tuple[float, float]] = []
        started = time.monotonic()
        while time.monotonic() - started < SOAK_SECONDS:
            await pilot.pause(SAMPLE_EVERY_S)
            samples.append((time.monotonic() - started, rss_mb()))
        epochs = app.session.epochs_done
        app.main.training.stop()
        await pilot.pause(0.5)
    warm = [mb for t, mb in samples if t >= min(60.0, SOAK_SECONDS / 3)]
    assert epochs > 1000, "training did not run"
    print(f"\nsoak: {epochs:,} epochs in {SOAK_SECONDS:.0f} s; RSS after warm-up {min(warm):.1f}..{max(warm):.1f} MB")
    assert warm and max(warm) - min(warm) < ALLOWED_GROWTH_MB, samples
