"""Command-line entry point: argument parsing only; the work happens in the modules it calls.

    tui-nn [DATASET]              open the app (optionally on a dataset)
    tui-nn train DATASET ...      train headless
    tui-nn predict CKPT ...       predict with a saved model
    tui-nn export CKPT --to onnx|pytorch [-o PATH]
                                  take a saved model to ONNX Runtime or PyTorch
    tui-nn summary ...            the parameter breakdown of a model or a shape
    tui-nn compare A.jsonl B.jsonl ...
                                  runs' --metrics-out files as one chart and a table
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
SUBCOMMANDS = ("train", "predict", "export", "summary", "compare", "datasets", "bench", "lesson")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is the project's one line: `tui-nn: error: ...`, exit 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"tui-nn: error: {message} (see `{self.prog} --help`)\n")
        sys.exit(EXIT_USAGE)


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number') from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number') from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return value


def _spec_type(name: str):
    """An argparse type that reads a flag's text as RunSpec key `name` does (one set of checks)."""
    from tui_nn.spec import parse_text  # noqa: PLC0415

    def convert(text: str):
        try:
            return parse_text(name, text)
        except TuiNNError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name  # argparse names the type in its messages
    return convert


def _spec_flag(group: argparse._ArgumentGroup, name: str, *flags: str, **options) -> None:
    """A `train` flag for RunSpec key `name`: its help and default come from the spec's table.

    No argparse default: a flag that is not given is absent from the namespace, so a setup
    file's value stays unless a flag overrides it (`_given_values`)."""
    from tui_nn.spec import KEYS, text_of  # noqa: PLC0415

    key = KEYS[name]
    flags = flags or (f"--{name.replace('_', '-')}",)
    help_text = key.help
    if options.get("action") not in ("store_true", "store_false"):
        if key.default not in (None, ()) and "default" not in key.help:
            help_text += f" (default: {text_of(key.default)})"
        options.setdefault("type", _spec_type(name))
        if key.choices:
            options.setdefault("metavar", "{" + ",".join(key.choices) + "}")
    group.add_argument(*flags, dest=options.pop("dest", name), help=options.pop("help", help_text), **options)


def _add_data_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("data")
    _spec_flag(g, "target")
    _spec_flag(g, "features")
    _spec_flag(g, "drop")
    _spec_flag(g, "derive", metavar="EXPRESSIONS")
    _spec_flag(g, "rows", metavar="N")
    _spec_flag(g, "noise", metavar="F")
    _spec_flag(g, "task")
    missing = g.add_mutually_exclusive_group()
    _spec_flag(missing, "drop_missing", action="store_true", default=argparse.SUPPRESS)
    _spec_flag(missing, "fill_missing")
    _spec_flag(g, "val_split", metavar="F")
    _spec_flag(g, "val_file", metavar="FILE")
    scaling = g.add_mutually_exclusive_group()
    _spec_flag(scaling, "standardize", "--standardize", action="store_true", default=argparse.SUPPRESS,
               help="standardise features (and a regression target): the default, but for bundled sets that "
                    "suggest raw values (linear)")
    _spec_flag(scaling, "standardize", "--no-standardize", action="store_false", default=argparse.SUPPRESS,
               help="feed raw feature values (no standardisation)")
    # How real files are read (load_dataset's na_values, keep_index, encoding, sheet): a flag
    # each, as soon as the RunSpec has the key (so a flag never exists without reaching the data).
    from tui_nn.spec import KEYS  # noqa: PLC0415

    for name, options in READ_FLAGS.items():
        if name in KEYS:
            _spec_flag(g, name, **options)


READ_FLAGS: dict[str, dict] = {
    "na_values": {"metavar": "LIST"},
    "keep_index": {"action": "store_true", "default": argparse.SUPPRESS},
    "encoding": {"metavar": "NAME"},
    "sheet": {"metavar": "NAME|N"},
}
"""The reading flags and their argparse options; help and defaults come from the spec's keys."""


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


def _add_train_options(t: argparse.ArgumentParser) -> None:
    """The `train` flags: data, model and training (from the RunSpec's keys), and outputs."""
    _add_data_options(t)
    m = t.add_argument_group("model and training")
    _spec_flag(m, "layers", metavar="SPEC")
    _spec_flag(m, "loss")
    _spec_flag(m, "huber_delta", metavar="F")
    _spec_flag(m, "dropout", metavar="F")
    for name in ("optimizer", "lr", "batch_size", "epochs", "seed", "backend", "dtype", "l2", "l1"):
        _spec_flag(m, name, **({"metavar": "N"} if name in ("batch_size", "epochs", "seed") else {}))
    _spec_flag(m, "early_stop", metavar="PATIENCE")
    _spec_flag(m, "monitor", metavar="NAME")
    _spec_flag(m, "class_weight", metavar="balanced|CLASS=W,...")
    _spec_flag(m, "folds", metavar="K")
    _spec_flag(m, "lr_schedule")
    _spec_flag(m, "lr_factor", metavar="F")
    _spec_flag(m, "lr_patience", metavar="N")
    _spec_flag(m, "lr_step", metavar="N")
    _spec_flag(m, "init", metavar="CKPT")
    _spec_flag(m, "shuffle", "--no-shuffle", action="store_false", default=argparse.SUPPRESS,
               help="keep the rows in file order")
    o = t.add_argument_group("output")
    o.add_argument("--save", metavar="PATH.npz", default=None, help="save the trained model here")
    o.add_argument("--save-setup", metavar="FILE.toml", default=None,
                   help="write this run's setup (data, network, training) as TOML: `tui-nn train FILE.toml` replays it")
    o.add_argument("--metrics-out", metavar="PATH.jsonl", default=None, help="write one JSON object per epoch")
    o.add_argument("--json", action="store_true", default=False, help="print one final JSON object on stdout")
    o.add_argument("--quiet", action="store_true", default=False, help="print nothing but errors (and --json)")


def _add_compare_parser(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("compare", help="training runs side by side: a chart and a table",
                       description="Compare training runs from their `tui-nn train --metrics-out` files: one chart "
                       "of a metric per epoch with a line a run, named by its file's stem (and folder, where two "
                       "stems match), then a table of each run's best and last value, final losses and accuracy "
                       "or R², the best run marked. A --folds file is one line: the mean over its folds, epoch "
                       "by epoch.")
    c.add_argument("files", nargs="+", metavar="FILE.jsonl", help="files written by `tui-nn train --metrics-out`")
    c.add_argument("--metric", metavar="NAME", default=None,
                   help="any number in the files, e.g. val_accuracy, f1_macro, val_rmse, lr (default: val_loss "
                   "when every file has it, else loss); best is the highest for accuracy, r2, f1_macro and "
                   "roc_auc, the lowest for losses, mae and rmse")
    c.add_argument("--log", action="store_true", help="a log scale on the y axis (losses spanning decades)")
    shown = c.add_mutually_exclusive_group()
    shown.add_argument("--no-chart", action="store_true", help="the table only")
    shown.add_argument("--json", action="store_true", help="print one JSON object instead of the chart and "
                       "table: the metric and each run's name, epochs, best, best_epoch and last")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The CLI's parser. `command`: the subcommand about to run; only `train` (or None: all)
    gets the RunSpec's flags, whose table imports the engine (NumPy), so `tui-nn --help` and
    the other commands start without it."""
    parser = _Parser(
        prog="tui-nn",
        description="Build, train and look inside small neural networks on tabular data, in the terminal. "
        "With no command, opens the app: tui-nn [DATASET] [--no-standardize] [--resume] "
        "[--headless --keys KEYS --screenshot OUT.svg] (`tui-nn man_woman --help` explains them).",
    )
    parser.add_argument("--version", action="version", version=f"tui-nn {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    t = sub.add_parser("train", help="train a network headless", argument_default=argparse.SUPPRESS,
                       description="Train a network without the UI. DATASET may be a setup file (FILE.toml): "
                       "its values are the run's, and flags given with it override them.")
    t.add_argument("dataset", metavar="DATASET", help="a CSV/TSV/Parquet/JSON file, a bundled dataset name, "
                   "or a setup file (.toml)")
    if command in (None, "train"):
        _add_train_options(t)

    pr = sub.add_parser("predict", help="predict with a saved model", description="Predict with a saved model.")
    pr.add_argument("checkpoint", metavar="CKPT")
    src = pr.add_mutually_exclusive_group(required=True)
    src.add_argument("--input", action="append", metavar="VALUES", help='"weight=80,height=185", or "8" for one input; repeatable')
    src.add_argument("--csv", metavar="FILE", help="a file of inputs, one row each")
    pr.add_argument("--json", action="store_true", help="print one JSON object: predictions, notes, accuracy or r2")
    pr.add_argument("--strict", action="store_true",
                    help="an empty cell or a category the model never saw is an error (default: empty cells take "
                    "the fill values stored at training, unseen categories are all zeros, with a warning)")

    from tui_nn.export import EXPORTERS  # noqa: PLC0415 — the registry only; onnx loads when exporting

    formats = "; ".join(f"{e.name}: {e.what}" for e in EXPORTERS.values())
    ex = sub.add_parser("export", help="take a saved model to ONNX Runtime or PyTorch",
                        description=f"Export a saved model: {formats}. Needs the export extra: "
                        'pip install "tui-nn[export]".')
    ex.add_argument("checkpoint", metavar="CKPT")
    ex.add_argument("--to", required=True, choices=tuple(EXPORTERS), help="the format")
    ex.add_argument("-o", "--out", metavar="PATH", default=None,
                    help="where to write (default: beside CKPT, CKPT-name.onnx or the folder CKPT-name-pytorch)")

    s = sub.add_parser("summary", help="the parameter breakdown", description="Show a model's parameter breakdown.")
    s.add_argument("checkpoint", metavar="CKPT", nargs="?")
    s.add_argument("--inputs", type=_positive_int, metavar="N")
    s.add_argument("--layers", metavar="SPEC")

    _add_compare_parser(sub)

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


def run_spec_from_args(args: argparse.Namespace):
    """The RunSpec of a `train` command: a setup file's (or the defaults), then the flags given."""
    from tui_nn.setup_file import is_setup_path, read_setup  # noqa: PLC0415
    from tui_nn.spec import KEYS, RunSpec  # noqa: PLC0415

    given = {name: value for name, value in vars(args).items() if name in KEYS}
    if is_setup_path(args.dataset):
        base = read_setup(args.dataset)
    else:
        base, given["source"] = RunSpec(), args.dataset
    # The two missing-value flags exclude each other; one given on the command line replaces the file's other.
    if given.get("drop_missing"):
        given.setdefault("fill_missing", None)
    if "fill_missing" in given and given["fill_missing"] is not None:
        given["drop_missing"] = False
    if given.get("val_file"):
        given.setdefault("val_split", 0.0)
    if given.get("folds"):  # the folds hold out their own rows: a setup file's split gives way
        given.setdefault("val_split", 0.0)
        given.setdefault("val_file", None)
    return base.with_values(**given)


def _train(args: argparse.Namespace) -> int:
    from tui_nn.headless import TrainOutputs, train  # noqa: PLC0415

    outputs = TrainOutputs(save=args.save, save_setup=args.save_setup, metrics_out=args.metrics_out,
                           json=args.json, quiet=args.quiet)
    return train(run_spec_from_args(args), outputs)


def _predict(args: argparse.Namespace) -> int:
    from tui_nn.model import load_model  # noqa: PLC0415

    model = load_model(args.checkpoint)
    notes: list[str] = []
    score = score_line = None
    if args.csv:
        report = model.report_file(args.csv, strict=args.strict)
        predictions, notes, score = report.predictions, list(report.notes), report.score
        score_line = report.score_line(model.schema.target)
    else:
        predictions = [p for text in args.input for p in model.predict_text(text, strict=args.strict, notes=notes)]
    if args.json:
        print(json.dumps({"predictions": [p.to_dict() for p in predictions], "notes": notes, **(score or {})}))
    else:
        for note in notes:
            print(note if note.startswith("warning: ") else f"note: {note}", file=sys.stderr)
        for prediction in predictions:
            print(prediction)
        if score_line:
            print(score_line)
    return 0


def _export(args: argparse.Namespace) -> int:
    from tui_nn.export import export_checkpoint  # noqa: PLC0415

    written = export_checkpoint(args.checkpoint, args.to, args.out)
    print(f"exported {args.checkpoint} to {written}")
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
    print(summarize(args.inputs, [(layer.units, layer.activation, layer.dropout) for layer in layers]).text())
    return 0


def _compare(args: argparse.Namespace) -> int:
    from tui_nn.compare import compare  # noqa: PLC0415

    return compare(args.files, metric=args.metric, log=args.log, chart=not args.no_chart, as_json=args.json)


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
    from tui_nn.tui.app import make_app  # noqa: PLC0415

    if plan is None:
        app = make_app(lesson=args.step)
        result = app.run()
        return int(result or app.return_code or 0)
    from tui_nn.tui.driver import run_headless  # noqa: PLC0415

    # A scripted run (docs, screenshots) never replaces the user's autosave.
    return run_headless(make_app(lesson=args.step, chart_marker="hd", autosave=False), *plan)


def _app(argv: Sequence[str]) -> int:
    parser = _Parser(prog="tui-nn", description="Open the tui-nn app.")
    parser.add_argument("dataset", nargs="?", metavar="DATASET",
                        help="a file, a bundled dataset name, or a setup file (.toml) to open the app on")
    parser.add_argument("--no-standardize", action="store_true",
                        help="feed raw feature and target values (the lecture's ŷ = x·w + b)")
    parser.add_argument("--resume", action="store_true",
                        help="reopen the model the app saved when it last stopped training or quit")
    _add_headless_options(parser)
    args = parser.parse_args(argv)
    if args.resume and args.dataset:
        parser.error("--resume reopens the autosaved model with its own dataset: give no DATASET")
    plan = _headless_plan(args)
    from tui_nn.setup_file import is_setup_path, read_setup  # noqa: PLC0415
    from tui_nn.spec import RunSpec  # noqa: PLC0415

    if is_setup_path(args.dataset):
        run = read_setup(args.dataset)
    else:
        run = RunSpec().with_values(source=args.dataset)
    if args.no_standardize:
        run = run.with_values(standardize=False)
    if run.data.source and plan is not None:  # a script wants an error, not a notification in the screenshot
        from tui_nn.data import resolve_source  # noqa: PLC0415

        resolve_source(run.data.source)
    from tui_nn.tui.app import make_app  # noqa: PLC0415

    if plan is None:
        app = make_app(run=run, resume=args.resume)
        result = app.run()
        return int(result or app.return_code or 0)
    from tui_nn.tui.driver import run_headless  # noqa: PLC0415

    # "hd" markers: braille dots overflow their cells in SVG → PNG pictures. A scripted run
    # (docs, screenshots) never replaces the user's autosave.
    return run_headless(make_app(run=run, resume=args.resume, chart_marker="hd", autosave=False), *plan)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script passes it to sys.exit)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help", "--version")):
            return _app(argv)
        try:
            args = build_parser(argv[0] if argv[0] in SUBCOMMANDS else "").parse_args(argv)
        except SystemExit as exc:  # argparse already printed help, the version or the one-line error
            return int(exc.code or 0)
        commands = {"train": _train, "predict": _predict, "export": _export, "summary": _summary,
                    "compare": _compare, "datasets": _datasets, "bench": _bench, "lesson": _lesson}
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
