"""Command-line entry point: argument parsing only; the work happens in the modules it calls.

    tui-nn [DATASET]              open the app (optionally on a dataset)
    tui-nn train DATASET ...      train headless
    tui-nn predict CKPT ...       predict with a saved model
    tui-nn summary ...            the parameter breakdown of a model or a shape
    tui-nn datasets               list the bundled datasets
    tui-nn lesson                 the lecture, step by step, live in the app
    tui-nn [DATASET] --headless --keys "space,wait:2" --screenshot out.svg
                                  drive the app without a terminal (scripts, docs)

Imports are deferred into the command functions so `tui-nn --help` stays fast and the
headless commands never import Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn, Sequence

from tui_nn import __version__
from tui_nn.errors import TuiNNError

EXIT_USAGE = 2
SUBCOMMANDS = ("train", "predict", "summary", "datasets", "bench", "lesson")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the project's one line: `tui-nn: error: ...`, exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"tui-nn: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number') from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return value


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number') from None


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _add_data_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("data")
    g.add_argument("--target", help="target column (default: the last column)")
    g.add_argument("--features", type=_names, help="feature columns, comma-separated (default: all others)")
    g.add_argument("--drop", type=_names, default=[], help="columns to ignore, comma-separated")
    g.add_argument("--task", choices=("auto", "classification", "regression"), default="auto")
    missing = g.add_mutually_exclusive_group()
    missing.add_argument("--drop-missing", action="store_true", help="drop rows with missing values")
    missing.add_argument("--fill-missing", choices=("mean", "median", "zero"), help="fill missing feature values")
    g.add_argument("--val-split", type=_float, default=0.0, metavar="F", help="fraction held out for validation (e.g. 0.2)")
    g.add_argument("--val-file", metavar="FILE", help="a separate validation file with the same columns")
    g.add_argument("--no-standardize", action="store_true", help="feed raw feature values (no standardisation)")


def _add_headless_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("headless (scripts and docs)")
    g.add_argument("--headless", action="store_true", help="run the app without a terminal: press --keys, "
                   "save --screenshot, exit 0")
    g.add_argument("--keys", metavar="KEYS", help='keys to press, comma-separated; wait:N waits N seconds, '
                   'e.g. "space,wait:2,space"')
    g.add_argument("--screenshot", metavar="FILE.svg", help="save the screen as SVG after the keys")
    g.add_argument("--size", default="140x45", metavar="COLSxROWS", help="headless screen size (default 140x45)")


def _headless_plan(args: argparse.Namespace) -> tuple | None:
    """(steps, screenshot path, size) for --headless, all checked before the app starts; None without it."""
    if not args.headless:
        if args.keys or args.screenshot:
            raise TuiNNError("--keys and --screenshot need --headless")
        return None
    from tui_nn.tui.driver import check_screenshot_path, parse_keys, parse_size  # noqa: PLC0415

    steps = parse_keys(args.keys) if args.keys else ()
    screenshot = check_screenshot_path(args.screenshot) if args.screenshot else None
    return steps, screenshot, parse_size(args.size)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tui-nn",
        description="Build, train and look inside small neural networks on tabular data, in the terminal. "
        "With no command, opens the app: tui-nn [DATASET] [--no-standardize] [--resume] "
        "[--headless --keys KEYS --screenshot OUT.svg] (`tui-nn man_woman --help` explains them).",
    )
    parser.add_argument("--version", action="version", version=f"tui-nn {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    t = sub.add_parser("train", help="train a network headless", description="Train a network without the UI.")
    t.add_argument("dataset", metavar="DATASET", help="a CSV/TSV/Parquet/JSON file or a bundled dataset name")
    _add_data_options(t)
    m = t.add_argument_group("model and training")
    m.add_argument("--layers", help='layers after the input, output included, e.g. "2:sigmoid,1:sigmoid"')
    m.add_argument("--loss", choices=("auto", "mse", "bce", "cce"), default="auto")
    m.add_argument("--optimizer", choices=("sgd", "momentum", "nesterov", "adam", "rmsprop"), default="adam")
    m.add_argument("--lr", type=_float, default=0.01, metavar="F", help="learning rate (default 0.01)")
    m.add_argument("--batch-size", type=_positive_int, default=32, metavar="N", help="rows per step; 0 = full batch")
    m.add_argument("--epochs", type=_positive_int, default=200, metavar="N")
    m.add_argument("--seed", type=int, default=0, metavar="N", help="seed for weights, shuffling and the split")
    m.add_argument("--backend", choices=("auto", "numpy", "cupy"), default="auto")
    m.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    m.add_argument("--l2", type=_float, default=0.0, metavar="F", help="L2 weight decay")
    m.add_argument("--early-stop", type=_positive_int, metavar="PATIENCE", help="stop after N epochs without improvement")
    m.add_argument("--init", metavar="CKPT", help="start from a checkpoint's weights")
    m.add_argument("--no-shuffle", action="store_true", help="keep the rows in file order")
    o = t.add_argument_group("output")
    o.add_argument("--save", metavar="PATH.npz", help="save the trained model here")
    o.add_argument("--metrics-out", metavar="PATH.jsonl", help="write one JSON object per epoch")
    o.add_argument("--json", action="store_true", help="print one final JSON object on stdout")
    o.add_argument("--quiet", action="store_true", help="print nothing but errors (and --json)")

    pr = sub.add_parser("predict", help="predict with a saved model", description="Predict with a saved model.")
    pr.add_argument("checkpoint", metavar="CKPT")
    src = pr.add_mutually_exclusive_group(required=True)
    src.add_argument("--input", action="append", metavar="VALUES", help='"weight=80,height=185", or "8" for one input; repeatable')
    src.add_argument("--csv", metavar="FILE", help="a file of inputs, one row each")
    pr.add_argument("--json", action="store_true")

    s = sub.add_parser("summary", help="the parameter breakdown", description="Show a model's parameter breakdown.")
    s.add_argument("checkpoint", metavar="CKPT", nargs="?")
    s.add_argument("--inputs", type=_positive_int, metavar="N")
    s.add_argument("--layers", metavar="SPEC")

    sub.add_parser("datasets", help="list the bundled datasets", description="List the bundled datasets.")

    le = sub.add_parser("lesson", help="the lecture, step by step, live in the app",
                        description='Replay the lecture "Introduction to Deep Learning" in the app: seven live '
                        "steps; f leaves a step into the full app with its data, network and weights.")
    le.add_argument("--step", type=int, choices=range(1, 8), default=1, metavar="N", help="start at step N (1-7)")
    _add_headless_options(le)

    b = sub.add_parser("bench", help="engine speed on this machine",
                       description="Measure training throughput (samples/s) of the engine on every usable backend.")
    b.add_argument("--seconds", type=_float, default=1.0, metavar="F", help="measuring time per workload and backend")
    b.add_argument("--json", action="store_true")
    return parser


def _train(args: argparse.Namespace) -> int:
    from tui_nn.headless import train  # noqa: PLC0415

    return train(args)


def _predict(args: argparse.Namespace) -> int:
    from tui_nn.model import load_model  # noqa: PLC0415

    model = load_model(args.checkpoint)
    if args.csv:
        predictions = model.predict_file(args.csv)
    else:
        predictions = [p for text in args.input for p in model.predict_text(text)]
    if args.json:
        print(json.dumps({"predictions": [p.to_dict() for p in predictions]}))
    else:
        for prediction in predictions:
            print(prediction)
    return 0


def _summary(args: argparse.Namespace) -> int:
    from tui_nn.engine.network import parse_layers  # noqa: PLC0415
    from tui_nn.engine.summary import summarize  # noqa: PLC0415

    if args.checkpoint:
        from tui_nn.engine.checkpoint import load_checkpoint  # noqa: PLC0415

        spec = load_checkpoint(args.checkpoint).spec
        print(spec.summary().text())
        return 0
    if args.inputs is None or not args.layers:
        raise TuiNNError('summary needs a checkpoint, or --inputs N --layers SPEC (e.g. --inputs 2 --layers "2:sigmoid,1:sigmoid")')
    if args.inputs < 1:
        raise TuiNNError("--inputs must be at least 1")
    layers = parse_layers(args.layers)
    print(summarize(args.inputs, [(layer.units, layer.activation) for layer in layers]).text())
    return 0


def _datasets(args: argparse.Namespace) -> int:
    from tui_nn.data import builtin_datasets  # noqa: PLC0415

    rows = [("name", "rows", "features", "task", "classes", "description")]
    for info in builtin_datasets():
        rows.append((info.name, str(info.rows), str(info.features), info.task,
                     str(info.classes) if info.classes else "–", info.description))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[5])
    return 0


def _bench(args: argparse.Namespace) -> int:
    from tui_nn.backend import NUMPY, select_backend  # noqa: PLC0415
    from tui_nn.bench import WORKLOADS, measure_engine  # noqa: PLC0415

    backends = [NUMPY]
    auto = select_backend("auto")
    if auto.name != "numpy":
        backends.append(auto)
    elif not args.json:
        print(f"({auto.reason})")
    results = []
    for workload in WORKLOADS:
        for backend in backends:
            rate = measure_engine(workload, backend, min_seconds=max(0.05, args.seconds))
            results.append({"workload": workload.name, "network": workload.shape_text, "rows": workload.rows,
                            "batch": workload.batch, "backend": backend.label, "samples_per_s": rate})
            if not args.json:
                batch = workload.batch or "full"
                print(f"{workload.name:<11} {workload.shape_text:<44} batch {batch!s:<5} {backend.label:<20} "
                      f"{rate:>12,.0f} samples/s", flush=True)
    if args.json:
        print(json.dumps({"results": results}))
    return 0


def _lesson(args: argparse.Namespace) -> int:
    plan = _headless_plan(args)
    from tui_nn.tui.lesson.host import LessonApp, run_lesson  # noqa: PLC0415

    if plan is None:
        return run_lesson(args)
    from tui_nn.tui.driver import run_headless  # noqa: PLC0415

    return run_headless(LessonApp(step=args.step, chart_marker="hd"), *plan)


def _app(argv: Sequence[str]) -> int:
    parser = _Parser(prog="tui-nn", description="Open the tui-nn app.")
    parser.add_argument("dataset", nargs="?", metavar="DATASET")
    parser.add_argument("--no-standardize", action="store_true",
                        help="feed raw feature and target values (the lecture's ŷ = x·w + b)")
    parser.add_argument("--resume", action="store_true",
                        help="reopen the model the app saved when it last stopped training or quit")
    _add_headless_options(parser)
    args = parser.parse_args(argv)
    if args.resume and args.dataset:
        parser.error("--resume reopens the autosaved model with its own dataset: give no DATASET")
    plan = _headless_plan(args)
    if plan is None:
        from tui_nn.tui.app import run_app  # noqa: PLC0415

        return run_app(args)
    from tui_nn.tui.app import make_app  # noqa: PLC0415
    from tui_nn.tui.driver import run_headless  # noqa: PLC0415

    if args.dataset:  # a script wants an error, not a notification in the screenshot
        from tui_nn.data import resolve_source  # noqa: PLC0415

        resolve_source(args.dataset)
    # "hd" markers: braille dots overflow their cells in SVG → PNG pictures.
    return run_headless(make_app(args.dataset, chart_marker="hd", standardize=not args.no_standardize), *plan)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to sys.exit)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
            return _app(argv)
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse already printed help, the version or the one-line error
            return int(exc.code or 0)
        commands = {"train": _train, "predict": _predict, "summary": _summary, "datasets": _datasets, "bench": _bench,
                    "lesson": _lesson}
        command = commands[args.command]
        return command(args)
    except TuiNNError as exc:
        sys.stderr.write(f"tui-nn: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("tui-nn: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
