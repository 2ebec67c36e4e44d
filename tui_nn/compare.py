"""`tui-nn compare`: training runs side by side, from their `--metrics-out` files.

Each file becomes a `Run` named by its stem; one metric is picked (`val_loss` when every file
has it, else `loss`, or `--metric`); the runs are drawn as one plotext chart of the metric per
epoch, then a table of each run's best and last value with the best run marked (or one JSON
object instead). A `--folds K` file holds K runs whose epochs restart per fold: it is drawn as
the mean over its folds, epoch by epoch, so it stays one line beside the single runs.

No Textual here; plotext is imported only when a chart is drawn, rich only for a terminal.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any, Sequence

from tui_nn.engine.metrics import HIGHER_IS_BETTER
from tui_nn.errors import TuiNNError

NOT_METRICS = frozenset({"epoch", "fold"})
"""Keys of a metrics line that say where it is, not how the run did."""
FALLBACK_SIZE = (100, 30)
"""Chart size (columns, rows) when stdout is no terminal (a pipe, a file, a test)."""
MARKERS = ("•", "+", "x", "o", "*", "#", "@", "~")
"""One marker a run when there is no colour to tell the lines apart."""
FINAL_KEYS = ("loss", "val_loss")
SCORES = ("accuracy", "r2")
"""The table's last-epoch columns: the losses, and accuracy for classification or R² for regression."""


def is_number(value: Any) -> bool:
    """A finite JSON number (NaN and inf arrive as null; a bool is no metric)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def higher_is_better(metric: str) -> bool:
    """The engine's direction table, for a metric with or without `val_`; throughput is the
    one other key where more is better, and everything else (lr, seconds, losses) is minimised."""
    base = metric.removeprefix("val_")
    return base == "samples_per_s" or HIGHER_IS_BETTER.get(base, False)


def format_value(metric: str, value: float | None) -> str:
    """A metric for the table: accuracy in percent as `tui-nn train` prints it, else 4 decimals
    (scientific for a tiny learning rate, whole numbers for throughput)."""
    if value is None:
        return "–"
    if metric.removeprefix("val_") == "accuracy":
        return f"{value:.1%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if 0 < abs(value) < 1e-3:
        return f"{value:.2e}"
    return f"{value:.4f}"


# -- reading ---------------------------------------------------------------------------------


def read_records(path: Path) -> tuple[dict[str, Any], ...]:
    """The epoch lines of one `--metrics-out` file; any problem is one line naming the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TuiNNError(f"{path}: no such file (write one with `tui-nn train DATA --metrics-out {path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TuiNNError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    records = tuple(_record(path, number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip())
    if not records:
        raise TuiNNError(f"{path}: no epochs in it (an empty file: did its run stop before the first epoch?)")
    return records


def _record(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise TuiNNError(f"{path}, line {number}: not JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(record, dict) or not isinstance(record.get("epoch"), int):
        raise TuiNNError(f'{path}, line {number}: not a --metrics-out line (no "epoch" number)')
    return record


def run_names(paths: Sequence[Path]) -> list[str]:
    """Each file's stem; files sharing a stem (run1/log.jsonl, run2/log.jsonl) also name their
    folder, and a file given twice its place, so no two lines of the legend read the same."""
    stems = Counter(path.stem for path in paths)
    # absolute(): a bare "log.jsonl" has the folder "." whose name is empty
    names = [path.stem if stems[path.stem] == 1 else f"{path.absolute().parent.name}/{path.stem}" for path in paths]
    repeated = Counter(names)
    return [f"{name} ({i + 1})" if repeated[name] > 1 else name for i, name in enumerate(names)]


@dataclass(frozen=True)
class Run:
    """One metrics file: its lines, in file order."""

    name: str
    path: Path
    records: tuple[dict[str, Any], ...]

    @cached_property
    def folds(self) -> int:
        """How many folds the file holds (`--folds K`); 0 for a single run."""
        return len({record["fold"] for record in self.records if "fold" in record})

    @cached_property
    def metrics(self) -> list[str]:
        """The keys with a number in some line, in the file's order (per-class objects are not one)."""
        keys = dict.fromkeys(key for record in self.records for key, value in record.items()
                             if key not in NOT_METRICS and is_number(value))
        return list(keys)

    def series(self, metric: str) -> list[tuple[int, float | None]]:
        """(epoch, value) for every epoch, in order: the mean over the folds that have a value
        there (folds stopped early simply drop out), None where no line has one."""
        values: dict[int, list[float]] = {}
        for record in self.records:
            bucket = values.setdefault(record["epoch"], [])
            if is_number(record.get(metric)):
                bucket.append(float(record[metric]))
        return [(epoch, sum(found) / len(found) if found else None) for epoch, found in sorted(values.items())]

    def last(self, metric: str) -> float | None:
        return self.series(metric)[-1][1]


def read_runs(paths: Sequence[str | Path]) -> list[Run]:
    paths = [Path(path) for path in paths]
    return [Run(name, path, read_records(path)) for name, path in zip(run_names(paths), paths)]


def choose_metric(runs: Sequence[Run], requested: str | None) -> str:
    """`requested`, or val_loss when every run has it, else loss; an error names the first file without it."""
    metric = requested or ("val_loss" if all("val_loss" in run.metrics for run in runs) else "loss")
    for run in runs:
        if metric not in run.metrics:
            has = ", ".join(run.metrics) or "no numbers at all"
            raise TuiNNError(f"{run.path}: no values of {metric} in it; it has {has} (pick one with --metric NAME)")
    return metric


# -- the comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """One run's row: its best and last value of the metric and its final losses and score."""

    run: Run
    epochs: int
    best: float
    best_epoch: int
    last: float | None
    finals: dict[str, float | None]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.run.name, "file": str(self.run.path), "epochs": self.epochs, "folds": self.run.folds,
                "best": self.best, "best_epoch": self.best_epoch, "last": self.last, **self.finals}


def summarize(run: Run, metric: str) -> Summary:
    series = run.series(metric)
    known = [(epoch, value) for epoch, value in series if value is not None]
    # The first epoch to reach the best value: ties keep the earlier one, as early stopping does.
    pick = max if higher_is_better(metric) else min
    best_epoch, best = pick(known, key=lambda pair: pair[1])
    score = next((name for name in SCORES if name in run.metrics), None)
    finals = {key: run.last(key) for key in (*FINAL_KEYS, *([score] if score else []))}
    return Summary(run, len(series), best, best_epoch, series[-1][1], finals)


def best_index(summaries: Sequence[Summary], metric: str) -> int:
    """The run with the best value of all (the first of equals)."""
    pick = max if higher_is_better(metric) else min
    return pick(range(len(summaries)), key=lambda i: summaries[i].best)


def comparison_dict(summaries: Sequence[Summary], metric: str) -> dict[str, Any]:
    """`--json`: the metric, its direction, every run, and the best one's name."""
    return {"metric": metric, "higher_is_better": higher_is_better(metric),
            "runs": [summary.to_dict() for summary in summaries],
            "best_run": summaries[best_index(summaries, metric)].run.name}


# -- drawing -----------------------------------------------------------------------------------


def chart_title(runs: Sequence[Run], metric: str, log: bool) -> str:
    title = f"{metric} per epoch" + (" (log scale)" if log else "")
    if any(run.folds for run in runs):
        title += "; a --folds file: the mean over folds"
    return title


def chart_lines(runs: Sequence[Run], metric: str, log: bool) -> list[tuple[str, list[int], list[float]]]:
    """(name, epochs, values) a run, the epochs without a value left out; on a log axis every
    value must be above 0 (plotext would draw nothing sensible of 0 or less)."""
    lines = []
    for run in runs:
        points = [(epoch, value) for epoch, value in run.series(metric) if value is not None]
        if log:
            bad = next(((epoch, value) for epoch, value in points if value <= 0), None)
            if bad:
                raise TuiNNError(f"{run.path}: --log needs values above 0, and {metric} is {bad[1]:g} at "
                                 f"epoch {bad[0]}")
        lines.append((run.name, [epoch for epoch, _ in points], [value for _, value in points]))
    return lines


def draw_chart(lines: Sequence[tuple[str, list[int], list[float]]], title: str, log: bool, colour: bool,
               size: tuple[int, int]) -> str:
    """The plotext chart as text, a legend entry per line (its run's name)."""
    import plotext as plt  # noqa: PLC0415 — only a drawn chart pays for plotext

    plt.clear_figure()
    plt.limit_size(False, False)  # plotext would cap the chart at its own guess of 80 columns off a terminal
    plt.plotsize(*size)
    for i, (name, epochs, values) in enumerate(lines):
        plt.plot(epochs, values, label=name, **({} if colour else {"marker": MARKERS[i % len(MARKERS)]}))
    if log:  # plotext's log scale fails only when a chart is drawn twice, which this one never is
        plt.yscale("log")
    plt.xticks(epoch_ticks(max((epochs[-1] for _, epochs, _ in lines if epochs), default=1), size[0]))
    plt.title(title)
    plt.xlabel("epoch")
    text = plt.build()
    return text if colour else plt.uncolorize(text)


def epoch_ticks(last: int, width: int) -> list[int]:
    """Whole epochs 1, 2 or 5 times a power of ten apart, about one every 10 columns, from 1
    (plotext alone would label epochs 8.2 and 15.5)."""
    most = max(2, width // 10)
    step = 1
    while last / step > most:
        digits = str(step)
        step = step * 5 // 2 if digits.startswith("2") else step * 2  # 1, 2, 5, 10, 20, 50, ...
    ticks = list(range(step, last + 1, step))
    return ticks if ticks[:1] == [1] else [1, *ticks]


def chart_size(runs: int) -> tuple[int, int]:
    """The terminal's width, and its height less the table's rows so both fit on one screen."""
    columns, rows = shutil.get_terminal_size(FALLBACK_SIZE)
    return max(40, columns), max(12, rows - runs - 7)


# -- the table ---------------------------------------------------------------------------------


def table_rows(summaries: Sequence[Summary], metric: str) -> list[list[str]]:
    """Header and one row a run: name, epochs, (folds), best and its epoch, last, final loss,
    val_loss and score, then `*` on the best run."""
    folds = any(summary.run.folds for summary in summaries)
    scores = list(dict.fromkeys(key for summary in summaries for key in summary.finals if key in SCORES))
    header = ["run", "epochs", *(["folds"] if folds else []), f"best {metric}", "epoch", "last", *FINAL_KEYS,
              "/".join(scores) or "score", ""]
    winner = best_index(summaries, metric)
    rows = [header]
    for i, summary in enumerate(summaries):
        score = next(((key, summary.finals[key]) for key in SCORES if key in summary.finals), ("score", None))
        rows.append([summary.run.name, str(summary.epochs), *([str(summary.run.folds or "–")] if folds else []),
                     format_value(metric, summary.best), str(summary.best_epoch), format_value(metric, summary.last),
                     *(format_value(key, summary.finals[key]) for key in FINAL_KEYS), format_value(*score),
                     "*" if i == winner else ""])
    return rows


def footnotes(summaries: Sequence[Summary], metric: str) -> list[str]:
    best = summaries[best_index(summaries, metric)]
    way = "highest" if higher_is_better(metric) else "lowest"
    notes = [f"* best {metric} ({way}): {best.run.name}, {format_value(metric, best.best)} at epoch {best.best_epoch}"]
    notes += [f"{s.run.name}: the mean of {s.run.folds} folds per epoch" for s in summaries if s.run.folds]
    return notes


def plain_table(rows: Sequence[Sequence[str]]) -> str:
    """Aligned columns for a pipe or a file: names left, numbers right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) if i in (0, len(row) - 1) else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def print_rich_table(rows: Sequence[Sequence[str]], notes: Sequence[str], out: IO[str]) -> None:
    from rich.console import Console  # noqa: PLC0415 — a terminal's table only
    from rich.table import Table  # noqa: PLC0415

    table = Table(*rows[0], header_style="bold")
    for column in table.columns[1:-1]:
        column.justify = "right"
    for row in rows[1:]:
        table.add_row(*row, style="bold green" if row[-1] else None)
    console = Console(file=out)
    console.print(table)
    for note in notes:
        console.print(note, highlight=False)


# -- the command -------------------------------------------------------------------------------


def compare(paths: Sequence[str | Path], metric: str | None = None, log: bool = False, chart: bool = True,
            as_json: bool = False, out: IO[str] | None = None) -> int:
    """Read the files, then print the chart and the table (or the JSON object); exit code 0."""
    out = out or sys.stdout
    runs = read_runs(paths)
    metric = choose_metric(runs, metric)
    summaries = [summarize(run, metric) for run in runs]
    if as_json:
        print(json.dumps(comparison_dict(summaries, metric)), file=out)
        return 0
    terminal = out.isatty()
    if chart:
        lines = chart_lines(runs, metric, log)
        colour = terminal and not os.environ.get("NO_COLOR")
        print(draw_chart(lines, chart_title(runs, metric, log), log, colour, chart_size(len(runs))), file=out)
    rows, notes = table_rows(summaries, metric), footnotes(summaries, metric)
    if terminal:
        print_rich_table(rows, notes, out)
    else:
        print(plain_table(rows), *notes, sep="\n", file=out)
    return 0
