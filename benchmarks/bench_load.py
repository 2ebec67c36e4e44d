"""How fast does a big numeric CSV load? Our loader against numpy.loadtxt, in the same run,
and against `polars.read_csv(...).to_numpy()` alone, each in a fresh process.

    python benchmarks/bench_load.py                     1,000,000 × 20, the target: ≤ 1.5 s
    python benchmarks/bench_load.py --wide              8,192 × 785: 784 pixel-like features, a label
    python benchmarks/bench_load.py --rows 100000 --cols 5 --repeat 5

The file is generated in a temporary folder (never committed) and removed afterwards. "ours"
is `load_dataset(path)`: sniff, read, type and check every column, infer the task, encode and
standardise into float64 arrays — everything training needs. `numpy.loadtxt` only parses floats,
and is measured once as the reference point. The fresh-process ratio counts start-up (imports)
on both sides, as a person running `tui-nn train FILE` pays it; the goal is ≤ ×1.3.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
"""The issue's bar for 1,000,000 × 20."""
WIDE = (8_192, 785)
"""A 784-feature table (28 × 28 pixels and a label), as issue 20 measured it."""
RATIO_GOAL = 1.3
"""Issue 20's goal: ours ÷ polars.read_csv alone, both in fresh processes, on both tables."""

OURS = "import sys; from tui_nn.data import load_dataset; load_dataset(sys.argv[1])"
POLARS = "import sys, polars; polars.read_csv(sys.argv[1]).to_numpy()"


def make_csv(path: Path, rows: int, cols: int, seed: int = 0, pixels: bool = False) -> None:
    """A numeric table with a header; the last column is a float target (regression), or with
    `pixels` whole numbers 0–255 and a label 0–9 (classification)."""
    import polars as pl

    rng = np.random.default_rng(seed)
    if pixels:
        data = rng.integers(0, 256, size=(rows, cols)).astype(np.int64)
        data[:, -1] %= 10
        names = [f"pixel{j}" for j in range(cols - 1)] + ["label"]
        pl.DataFrame({name: data[:, j] for j, name in enumerate(names)}).write_csv(path)
        return
    data = rng.normal(size=(rows, cols)) * rng.uniform(0.5, 50.0, cols) + rng.uniform(-10, 10, cols)
    names = [f"f{j + 1}" for j in range(cols - 1)] + ["y"]
    pl.DataFrame({name: data[:, j] for j, name in enumerate(names)}).write_csv(path, float_precision=6)


def fresh_process_seconds(code: str, path: Path, repeat: int) -> float:
    """The best wall time of `python -c code path` over `repeat` runs, start-up included."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of our loader (best and median shown)")
    parser.add_argument("--wide", action="store_true", help=f"the {WIDE[0]:,} × {WIDE[1]} pixel table instead")
    parser.add_argument("--skip-loadtxt", action="store_true", help="skip the numpy.loadtxt reference")
    args = parser.parse_args()
    if args.wide:
        args.rows, args.cols = WIDE

    import_s, _ = timed(lambda: __import__("polars"))
    from tui_nn.data import load_dataset
    from tui_nn.data.tables import read_table

    with tempfile.TemporaryDirectory(prefix="tui-nn-bench-") as folder:
        path = Path(folder) / "big.csv"
        make_s, _ = timed(lambda: make_csv(path, args.rows, args.cols, pixels=args.wide))
        size_mb = path.stat().st_size / 1e6
        print(f"file: {args.rows:,} rows × {args.cols} columns, {size_mb:.0f} MB (written in {make_s:.1f} s)")
        print(f"polars import: {import_s:.2f} s (once per process, not counted below)")

        read_s, _ = timed(lambda: read_table(path))
        runs = []
        for _ in range(max(1, args.repeat)):
            seconds, ds = timed(lambda: load_dataset(path))
            runs.append(seconds)
        assert ds.x_train.shape == (args.rows, args.cols - 1) and ds.x_train.dtype == np.float64
        best, median = min(runs), statistics.median(runs)
        print(f"ours, read + type columns only: {read_s:.3f} s")
        print(f"ours, load_dataset (read + check + encode + standardise): best {best:.3f} s, "
              f"median {median:.3f} s of {len(runs)} ({', '.join(f'{r:.3f}' for r in runs)})")

        if not args.skip_loadtxt:
            numpy_s, array = timed(lambda: np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64))
            assert array.shape == (args.rows, args.cols)
            print(f"numpy.loadtxt (parse floats only): {numpy_s:.3f} s")
            print(f"ratio: numpy.loadtxt / ours = {numpy_s / best:.1f}× (ours is that many times faster)")

        ours_s = fresh_process_seconds(OURS, path, args.repeat)
        polars_s = fresh_process_seconds(POLARS, path, args.repeat)
        ratio = ours_s / polars_s
        print(f"fresh processes, start-up included (best of {max(1, args.repeat)}): load_dataset {ours_s:.3f} s, "
              f"polars.read_csv(...).to_numpy() {polars_s:.3f} s")
        verdict = "meets" if ratio <= RATIO_GOAL else "MISSES"
        print(f"ratio: ours / polars = ×{ratio:.2f} (goal ≤ ×{RATIO_GOAL}: {verdict})")

        if (args.rows, args.cols) == (1_000_000, 20):
            verdict = "meets" if best <= TARGET_SECONDS else "MISSES"
            print(f"target ≤ {TARGET_SECONDS} s for 1,000,000 × 20: {verdict} ({best:.3f} s best)")


if __name__ == "__main__":
    main()
