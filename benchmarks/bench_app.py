"""Training throughput inside the app (charts, weights view and status bar live) against
the headless engine on the same data, settings and machine, measured in the same run.

    python benchmarks/bench_app.py [--seconds 5] [--rounds 3] [--workloads playground,tabular]

The app runs under Textual's Pilot (headless, 140×45) on the Training tab, exactly as a
person would see it; samples/s are taken from the epochs the app recorded over the
measuring window, after a warm-up. Headless and app windows alternate, round after
round, and the ratio is the median of each round's ratio: this machine's speed drifts by
a third from one minute to the next, so only neighbouring windows compare. Also printed:
the share of one core the UI thread used while the app trained.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from tui_nn.backend import NUMPY
from tui_nn.bench import WORKLOADS, Workload, measure_engine, synthetic_data


def write_csv(workload: Workload, folder: Path) -> Path:
    x, y = synthetic_data(workload)
    labels = y[:, 0].astype(int) if y.shape[1] == 1 else y.argmax(axis=1)
    path = folder / f"{workload.name}.csv"
    header = ",".join(f"f{i}" for i in range(x.shape[1])) + ",label"
    table = np.column_stack([x, labels])
    fmt = ["%.6f"] * x.shape[1] + ["%d"]
    np.savetxt(path, table, delimiter=",", header=header, comments="", fmt=fmt)
    return path


async def measure_app(workload: Workload, csv: Path, seconds: float, warmup: float = 2.0) -> tuple[float, float]:
    """(samples/s, CPU share of the UI thread) while the app trains `workload` on its Training tab."""
    from tui_nn.tui.app import make_app

    app = make_app(str(csv), layers=workload.layers, optimizer="adam", lr=0.001, batch_size=workload.batch,
                   epochs=10**8, backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.run_action("toggle_training")
        await pilot.pause(warmup)
        # The pilot runs on the app's own thread, so thread_time() is the UI thread's CPU.
        start_epochs, started, ui_cpu = app.session.epochs_done, time.perf_counter(), time.thread_time()
        await pilot.pause(seconds)
        epochs, elapsed = app.session.epochs_done - start_epochs, time.perf_counter() - started
        ui_share = (time.thread_time() - ui_cpu) / elapsed
        app.main.training.stop()
        await app.workers.wait_for_complete()
    rows = len(app.session.dataset.x_train)
    return epochs * rows / elapsed, ui_share


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring window of each side, per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workloads", default="playground,tabular")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for workload in [w for w in WORKLOADS if w.name in args.workloads.split(",")]:
            csv = write_csv(workload, Path(tmp))
            ratios = []
            for round_number in range(1, args.rounds + 1):
                # Alternate which side goes first, so neither always meets a fresher machine.
                if round_number % 2:
                    headless = measure_engine(workload, NUMPY, min_seconds=args.seconds)
                    in_app, ui_share = asyncio.run(measure_app(workload, csv, args.seconds))
                else:
                    in_app, ui_share = asyncio.run(measure_app(workload, csv, args.seconds))
                    headless = measure_engine(workload, NUMPY, min_seconds=args.seconds)
                ratios.append(in_app / headless)
                print(f"{workload.name:<11} round {round_number}: headless {headless:>10,.0f}/s  "
                      f"in the app {in_app:>10,.0f}/s  app/headless {in_app / headless:.0%}  "
                      f"UI thread {ui_share:.0%} of a core", flush=True)
            print(f"{workload.name:<11} app/headless median {statistics.median(ratios):.0%} "
                  f"(rounds {min(ratios):.0%}–{max(ratios):.0%})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
