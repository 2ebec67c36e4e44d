"""Training throughput inside the app (charts, weights view and status bar live) against
the headless engine on the same data, settings and machine, measured in the same run.

    python benchmarks/bench_app.py [--seconds 8] [--workloads playground,tabular]

The app runs under Textual's Pilot (headless, 140×45) on the Training tab, exactly as a
person would see it; samples/s are taken from the epochs the app recorded over the
measuring window, after a warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
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


async def measure_app(workload: Workload, csv: Path, seconds: float, warmup: float = 2.0) -> float:
    from tui_nn.tui.app import make_app

    app = make_app(str(csv), layers=workload.layers, optimizer="adam", lr=0.001, batch_size=workload.batch,
                   epochs=10**8, backend="numpy")
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.run_action("toggle_training")
        await pilot.pause(warmup)
        start_epochs, started = app.session.epochs_done, time.perf_counter()
        await pilot.pause(seconds)
        epochs, elapsed = app.session.epochs_done - start_epochs, time.perf_counter() - started
        app.stop_training()
        await app.workers.wait_for_complete()
    rows = len(app.session.dataset.x_train)
    return epochs * rows / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workloads", default="playground,tabular")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for workload in [w for w in WORKLOADS if w.name in args.workloads.split(",")]:
            csv = write_csv(workload, Path(tmp))
            headless = measure_engine(workload, NUMPY, min_seconds=args.seconds)
            in_app = asyncio.run(measure_app(workload, csv, args.seconds))
            print(f"{workload.name:<11} headless {headless:>10,.0f}/s  in the app {in_app:>10,.0f}/s  "
                  f"app/headless {in_app / headless:.0%}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
