"""The throughput measurement behind `tui-nn bench` and benchmarks/: what it counts and reports."""

from __future__ import annotations

import json
import time

from tui_nn.backend import NUMPY
from tui_nn.bench import WORKLOADS, engine_runner, samples_per_second

from test_cli import run_cli


def test_samples_per_second_counts_rows_times_epochs_over_the_time_taken():
    calls, spent = [], []

    def run(epochs: int) -> None:
        calls.append(epochs)
        started = time.perf_counter()
        time.sleep(0.01 * epochs)  # 10 ms an epoch (more on a loaded machine: sleep oversleeps)
        spent.append(time.perf_counter() - started)

    rate = samples_per_second(run, rows=100, min_seconds=0.2)
    assert sum(spent) >= 0.2  # it measured for at least min_seconds of the runner's own time
    assert 4_000 < rate <= 10_000  # 100 rows per 10 ms, less whatever sleep oversleeps
    assert calls[:3] == [1, 2, 4]  # short calls grow, so per-call overhead stops mattering


def test_matmul_flops_of_the_wide_workload():
    wide = next(w for w in WORKLOADS if w.name == "wide")
    # Forward, weight gradient and input gradient per layer; the first layer needs no input gradient.
    expected = 2 * (784 * 512 * 2 + 512 * 512 * 3 + 512 * 10 * 3)
    assert wide.flops_per_sample() == expected


def test_engine_runner_runs_the_workload_it_is_given():
    seed = next(w for w in WORKLOADS if w.name == "seed")
    run = engine_runner(seed, NUMPY)  # builds the trainer and runs one warm-up epoch
    assert samples_per_second(run, seed.rows, 0.05) > 1_000  # the 2-2-1 net: tens of thousands a second


def test_bench_command_reports_every_workload_as_json(capsys):
    code, out, _ = run_cli(capsys, "bench", "--seconds", "0.01", "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert [r["workload"] for r in results] == [w.name for w in WORKLOADS]
    assert all(r["backend"].startswith("numpy") and r["samples_per_s"] > 0 for r in results)
