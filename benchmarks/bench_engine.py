"""Engine throughput against peers, on the four workloads of tui_nn.bench.

    python benchmarks/bench_engine.py [--seconds 2] [--rounds 5] [--json results.json] [--workloads seed,wide]

Measures, in one run on this machine: tui-nn on every usable backend, PyTorch CPU
(2 threads, same network, Adam, batch and loss) and scikit-learn's MLPClassifier
(`partial_fit`, one epoch a call) when they are installed, and float32 sgemm GFLOP/s.
Prints samples/s and ratios to PyTorch, and each workload's share of the matmul bound.

These machines are noisy: their speed drifts by a third from one minute to the next. So
every contender (and sgemm) is measured in each of `--rounds` rounds, one after the
other, and a ratio is the median of the ratios within rounds, never of numbers taken
minutes apart; the spread over rounds is printed with it. `--seconds` is each
contender's total measuring time per workload. Peers are optional:
`pip install torch scikit-learn`; never dependencies.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
from typing import Callable

import numpy as np

from tui_nn.backend import NUMPY, select_backend
from tui_nn.bench import WORKLOADS, Workload, engine_runner, measure_sgemm, samples_per_second, synthetic_data

TORCH_THREADS = 2


Runner = Callable[[int], None]
"""Trains its contender for a given number of epochs."""


def _repeat(epoch: Callable[[], None]) -> Runner:
    def run(epochs: int) -> None:
        for _ in range(epochs):
            epoch()

    epoch()  # warm-up
    return run


def torch_runner(workload: Workload) -> Runner | None:
    """PyTorch CPU on the same network, optimizer, batch and loss; None if it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(TORCH_THREADS)
    torch.manual_seed(0)
    x_np, y_np = synthetic_data(workload)
    x = torch.tensor(x_np, dtype=torch.float32)
    activations = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    modules, fan_in = [], workload.inputs
    spec = workload.spec
    for layer in spec.layers[:-1]:
        modules += [torch.nn.Linear(fan_in, layer.units), activations[layer.activation]()]
        fan_in = layer.units
    modules.append(torch.nn.Linear(fan_in, spec.outputs))
    model = torch.nn.Sequential(*modules)
    # Fused logits losses: what a careful PyTorch user writes for sigmoid+BCE / softmax+CE.
    if spec.outputs == 1:
        y = torch.tensor(y_np, dtype=torch.float32)
        loss_fn = torch.nn.BCEWithLogitsLoss()
    else:
        y = torch.tensor(y_np.argmax(axis=1))
        loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    batch = workload.batch or workload.rows

    def epoch() -> None:
        order = torch.randperm(workload.rows)
        for start in range(0, workload.rows, batch):
            idx = order[start : start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            optimizer.step()

    return _repeat(epoch)


def sklearn_runner(workload: Workload) -> Runner | None:
    """scikit-learn's MLPClassifier with partial_fit (one epoch a call); None if it is not installed."""
    try:
        import warnings

        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    spec = workload.spec
    hidden = [layer.activation for layer in spec.layers[:-1]]
    activation = {"sigmoid": "logistic", "tanh": "tanh", "relu": "relu"}[hidden[0]]
    x, y_onehot = synthetic_data(workload)
    y = y_onehot[:, 0].astype(int) if spec.outputs == 1 else y_onehot.argmax(axis=1)
    model = MLPClassifier(hidden_layer_sizes=[layer.units for layer in spec.layers[:-1]], activation=activation,
                          solver="adam", learning_rate_init=0.001, batch_size=workload.batch or workload.rows,
                          random_state=0)
    classes = np.unique(y)

    def epoch() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.partial_fit(x.astype(np.float32), y, classes=classes)

    return _repeat(epoch)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for name in ("torch", "sklearn", "cupy"):
        module = sys.modules.get(name)
        if module is not None:
            versions[name] = module.__version__
    return versions


def measure_workload(workload: Workload, backends: list, seconds: float, rounds: int) -> dict:
    """One row of the table: every contender and sgemm measured in each round, ratios within rounds."""
    runners: dict[str, Runner | None] = {f"tui-nn {backend.name}": engine_runner(workload, backend)
                                         for backend in backends}
    runners["pytorch"] = torch_runner(workload)
    runners["sklearn"] = sklearn_runner(workload)
    present = {name: run for name, run in runners.items() if run is not None}
    rates: dict[str, list[float]] = {name: [] for name in present}
    sgemm: list[float] = []
    names = list(present)
    for round_number in range(rounds):
        # Each round starts with the next contender, so none is always first (or always
        # measured right after the sgemm heat-up).
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            rates[name].append(samples_per_second(present[name], workload.rows, seconds / rounds))
        sgemm.append(measure_sgemm(min_seconds=min(0.5, seconds / rounds)))

    row: dict = {"workload": workload.name, "network": workload.shape_text, "rows": workload.rows,
                 "batch": workload.batch or "full", "rounds": rounds}
    for name in runners:
        row[name] = statistics.median(rates[name]) if name in rates else None
    engine = rates["tui-nn numpy"]
    if "pytorch" in rates:
        row["ratio vs pytorch"], row["ratio spread"] = _median_and_spread(
            [ours / theirs for ours, theirs in zip(engine, rates["pytorch"])])
    if "tui-nn cupy" in rates:
        row["cupy vs numpy"], _ = _median_and_spread([gpu / cpu for gpu, cpu in zip(rates["tui-nn cupy"], engine)])
    row["sgemm gflops"] = statistics.median(sgemm)
    row["matmul bound"] = row["sgemm gflops"] * 1e9 / workload.flops_per_sample()
    row["share of bound"], row["share spread"] = _median_and_spread(
        [rate * workload.flops_per_sample() / (gflops * 1e9) for rate, gflops in zip(engine, sgemm)])
    return row


def _median_and_spread(values: list[float]) -> tuple[float, tuple[float, float]]:
    return statistics.median(values), (min(values), max(values))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per contender and workload")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds the time is split into")
    parser.add_argument("--workloads", default=",".join(w.name for w in WORKLOADS))
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    chosen = [w for w in WORKLOADS if w.name in args.workloads.split(",")]

    backends = [NUMPY]
    gpu = select_backend("auto")
    if gpu.name == "cupy":
        backends.append(gpu)
    rows = []
    for workload in chosen:
        row = measure_workload(workload, backends, args.seconds, max(1, args.rounds))
        rows.append(row)
        print(_format_row(row), flush=True)

    result = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "versions": _versions(),
        "results": rows,
    }
    print(f"\n{result['machine']}; {result['versions']}; medians of {args.rounds} interleaved rounds "
          "(ratios: median of in-round ratios, min–max in brackets)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    return 0


def _format_row(row: dict) -> str:
    def num(value):
        return "–" if value is None else f"{value:,.0f}"

    def spread(pair, fmt):
        return f"({format(pair[0], fmt)}–{format(pair[1], fmt)})"

    parts = [f"{row['workload']:<11}", f"tui-nn {num(row['tui-nn numpy']):>11}/s"]
    if "tui-nn cupy" in row:
        parts.append(f"cupy {num(row['tui-nn cupy']):>11}/s ×{row['cupy vs numpy']:.2f}")
    parts += [f"pytorch {num(row['pytorch']):>11}/s", f"sklearn {num(row['sklearn']):>11}/s"]
    if row.get("ratio vs pytorch"):
        parts.append(f"×{row['ratio vs pytorch']:.2f} vs pytorch {spread(row['ratio spread'], '.2f')}")
    if row["share of bound"] >= 0.05:  # below that, per-step overhead rules and the bound says nothing
        parts.append(f"{row['share of bound']:.0%} of matmul bound {spread(row['share spread'], '.0%')} "
                     f"at sgemm {row['sgemm gflops']:.0f} GFLOP/s")
    return "  ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
