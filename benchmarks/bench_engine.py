"""Engine throughput against peers, on the four workloads of tui_nn.bench.

    python benchmarks/bench_engine.py [--seconds 2] [--json results.json] [--workloads seed,wide]

Measures, in one run on this machine: tui-nn on every usable backend, PyTorch CPU
(2 threads, same network, Adam, batch and loss) and scikit-learn's MLPClassifier
(`partial_fit`, one epoch a call) when they are installed, and float32 sgemm GFLOP/s.
Prints samples/s and ratios to PyTorch (measured in the same run: these machines are
noisy, so only same-run ratios mean anything), and the wide workload's share of the
matmul bound. Peers are optional: `pip install torch scikit-learn`; never dependencies.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time

import numpy as np

from tui_nn.backend import NUMPY, select_backend
from tui_nn.bench import WORKLOADS, Workload, measure_engine, measure_sgemm, synthetic_data

TORCH_THREADS = 2


def measure_torch(workload: Workload, min_seconds: float) -> float | None:
    """PyTorch CPU samples/s for the same network, optimizer, batch and loss; None if absent."""
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

    return _samples_per_second(epoch, workload.rows, min_seconds)


def measure_sklearn(workload: Workload, min_seconds: float) -> float | None:
    """scikit-learn MLPClassifier samples/s with partial_fit (one epoch a call); None if absent."""
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

    return _samples_per_second(epoch, workload.rows, min_seconds)


def _samples_per_second(epoch, rows: int, min_seconds: float) -> float:
    epoch()  # warm-up
    epochs, started = 0, time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        epoch()
        epochs += 1
    return epochs * rows / (time.perf_counter() - started)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    for name in ("torch", "sklearn", "cupy"):
        module = sys.modules.get(name)
        if module is not None:
            versions[name] = module.__version__
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum measuring time per cell")
    parser.add_argument("--workloads", default=",".join(w.name for w in WORKLOADS))
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args()
    chosen = [w for w in WORKLOADS if w.name in args.workloads.split(",")]

    backends = [NUMPY]
    gpu = select_backend("auto")
    if gpu.name == "cupy":
        backends.append(gpu)
    sgemm = measure_sgemm()
    rows = []
    for workload in chosen:
        row = {"workload": workload.name, "network": workload.shape_text, "rows": workload.rows,
               "batch": workload.batch or "full"}
        for backend in backends:
            row[f"tui-nn {backend.name}"] = measure_engine(workload, backend, args.seconds)
        row["pytorch"] = measure_torch(workload, args.seconds)
        row["sklearn"] = measure_sklearn(workload, args.seconds)
        if row["pytorch"]:
            row["ratio vs pytorch"] = row["tui-nn numpy"] / row["pytorch"]
        bound = sgemm * 1e9 / workload.flops_per_sample()
        row["matmul bound"] = bound
        row["share of bound"] = row["tui-nn numpy"] / bound
        rows.append(row)
        print(_format_row(row), flush=True)

    result = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "sgemm_gflops": sgemm,
        "versions": _versions(),
        "results": rows,
    }
    print(f"\nsgemm {sgemm:.1f} GFLOP/s; {result['machine']}; {result['versions']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    return 0


def _format_row(row: dict) -> str:
    def num(value):
        return "–" if value is None else f"{value:,.0f}"

    parts = [f"{row['workload']:<11}", f"tui-nn {num(row['tui-nn numpy']):>11}/s"]
    if "tui-nn cupy" in row:
        parts.append(f"cupy {num(row['tui-nn cupy']):>11}/s")
    parts += [f"pytorch {num(row['pytorch']):>11}/s", f"sklearn {num(row['sklearn']):>11}/s"]
    if row.get("ratio vs pytorch"):
        parts.append(f"×{row['ratio vs pytorch']:.2f} vs pytorch")
    parts.append(f"{row['share of bound']:.0%} of matmul bound")
    return "  ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
