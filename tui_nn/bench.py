"""Engine throughput on fixed synthetic workloads, for `tui-nn bench` and `benchmarks/`.

Each workload is a network, a number of rows and a batch size trained with Adam in
float32; throughput is training samples per second over whole epochs, measured after a
warm-up epoch for at least `min_seconds`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from tui_nn.backend import Backend
from tui_nn.engine import Network, NetworkSpec, TrainConfig, Trainer, parse_layers


@dataclass(frozen=True)
class Workload:
    """A benchmark case: network shape, data size and batch (0 = full batch)."""

    name: str
    inputs: int
    layers: str
    loss: str
    rows: int
    batch: int

    @property
    def spec(self) -> NetworkSpec:
        return NetworkSpec(self.inputs, parse_layers(self.layers), self.loss).validate()

    @property
    def shape_text(self) -> str:
        return f"{self.inputs} → " + " → ".join(f"{layer.units} {layer.activation}" for layer in self.spec.layers)

    def flops_per_sample(self) -> float:
        """Multiply-add FLOPs of one training sample in the matrix products: the forward
        product, the weight gradient, and the input gradient for every layer but the first."""
        total, fan_in = 0, self.inputs
        for position, layer in enumerate(self.spec.layers):
            product = 2 * fan_in * layer.units
            total += product * (2 if position == 0 else 3)
            fan_in = layer.units
        return float(total)


WORKLOADS = (
    Workload("seed", 2, "2:sigmoid,1:sigmoid", "bce", 3, 0),
    Workload("playground", 2, "8:tanh,8:tanh,1:sigmoid", "bce", 1_000, 32),
    Workload("tabular", 54, "128:relu,64:relu,7:softmax", "cce", 20_000, 256),
    Workload("wide", 784, "512:relu,512:relu,10:softmax", "cce", 8_192, 512),
)


def synthetic_data(workload: Workload, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs and a learnable target: labels from a fixed random projection."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(workload.rows, workload.inputs))
    outputs = workload.spec.outputs
    scores = x @ rng.normal(size=(workload.inputs, max(outputs, 1)))
    if outputs == 1:
        y = (scores[:, :1] > 0).astype(np.float64)
    else:
        y = np.eye(outputs)[scores.argmax(axis=1)]
    return x, y


def make_trainer(workload: Workload, backend: Backend, dtype: str = "float32") -> Trainer:
    x, y = synthetic_data(workload)
    network = Network(workload.spec, backend=backend, dtype=dtype, seed=0)
    config = TrainConfig(optimizer="adam", lr=0.001, batch_size=workload.batch, epochs=1,
                         snapshot_every=1e9)  # no snapshots: measure the engine alone
    return Trainer(network, x, y, config, "classification")


def engine_runner(workload: Workload, backend: Backend, dtype: str = "float32") -> Callable[[int], None]:
    """A function that trains the engine on `workload` for a given number of epochs, warmed up."""
    trainer = make_trainer(workload, backend, dtype)

    def run(epochs: int) -> None:
        for _ in trainer.run(epochs=epochs):
            pass
        if backend.name == "cupy":
            backend.xp.cuda.Device().synchronize()  # kernels run asynchronously: count them all

    run(1)  # warm-up: first-touch allocations, BLAS threads, kernels
    return run


def samples_per_second(run: Callable[[int], None], rows: int, min_seconds: float) -> float:
    """Rows × epochs per second of `run(epochs)`, timed over at least `min_seconds`."""
    epochs_per_call = 1
    epochs, elapsed = 0, 0.0
    while elapsed < min_seconds:
        started = time.perf_counter()
        run(epochs_per_call)
        took = time.perf_counter() - started
        elapsed += took
        epochs += epochs_per_call
        # Grow the chunk so that per-call overhead is negligible for tiny epochs, without
        # overshooting the window by much.
        if took < min_seconds / 8:
            epochs_per_call = min(epochs_per_call * 2, 4096)
    return epochs * rows / elapsed


def measure_engine(workload: Workload, backend: Backend, min_seconds: float = 1.0, dtype: str = "float32") -> float:
    """Training samples per second of the engine on this workload and backend."""
    return samples_per_second(engine_runner(workload, backend, dtype), workload.rows, min_seconds)


def measure_sgemm(n: int = 512, k: int = 784, m: int = 512, min_seconds: float = 0.5) -> float:
    """float32 matrix-product GFLOP/s on this machine (the BLAS limit the wide workload meets)."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(n, k)).astype(np.float32)
    b = rng.normal(size=(k, m)).astype(np.float32)
    out = np.empty((n, m), dtype=np.float32)
    np.matmul(a, b, out=out)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        np.matmul(a, b, out=out)
        count += 1
    return 2.0 * n * k * m * count / (time.perf_counter() - started) / 1e9
