"""From a Table to the pieces of a Dataset: column roles, missing values, the task, categories,
the split, fill values and standardisation (fitted on the training rows only).

Each step is a small function on row-index arrays into the table, so that every message can
still name the row as it is in the file. Nothing here reads files or imports polars.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from tui_nn.data.schema import TASKS
from tui_nn.data.tables import Column, Table, number_text
from tui_nn.data.text import drop_advice, plural, show, show_list
from tui_nn.errors import TuiNNError

MISSING_MODES = ("error", "drop", "mean", "median", "zero")
MAX_INT_CLASSES = 10
"""A whole-number target (0/1, or 0.0/1.0, ratings 1–5) with at most this many distinct values, or
at most `CLASS_SHARE` of the rows, some repeated, is a class label."""
CLASS_SHARE = 0.05
MAX_CLASSES = 100
"""More classes than this is almost surely the wrong target column."""
MAX_CATEGORIES = 1000
"""A text feature with more distinct values than this is an id or free text, not a category."""
MANY_CATEGORIES = 50
"""Above this, warn that one-hot encoding makes many inputs."""
MIN_ROWS_TO_SPLIT = 10
"""Fewer rows than this train without a validation split (the seed tables have 3 to 5)."""


@dataclass(frozen=True)
class Roles:
    """Which columns are the target and which the (raw) features."""

    target: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """The task and the target, read from the kept rows."""

    task: str
    classes: tuple[str, ...] | None
    codes: np.ndarray | None
    """(n,) class index per kept row for classification, else None."""


def check_options(task: str, missing: str, val_split: float, has_val_file: bool) -> None:
    """Refuse option values that cannot work, before reading anything."""
    if task not in ("auto", *TASKS):
        raise TuiNNError(f'unknown task "{task}" — use auto, classification or regression')
    if missing not in MISSING_MODES:
        raise TuiNNError(f'unknown missing-value policy "{missing}" — use one of {", ".join(MISSING_MODES)}')
    if isinstance(val_split, bool) or not isinstance(val_split, (int, float)) or not 0.0 <= val_split < 1.0:
        raise TuiNNError(f"the validation split must be at least 0 and below 1 (e.g. 0.2), not {val_split!r}")
    if val_split > 0 and has_val_file:
        raise TuiNNError("give either a validation split (--val-split) or a validation file (--val-file), not both")


def pick_roles(table: Table, target: str | None, features: Sequence[str] | None, drop: Sequence[str]) -> Roles:
    """Target (default: the last column) and features (default: all others), minus `drop`."""
    names = list(table.columns)
    if isinstance(features, str) or isinstance(drop, str):
        raise TypeError("features and drop are sequences of column names, not a string")
    target = names[-1] if target is None else target
    _known(table, target, "--target")
    for name in drop:
        _known(table, name, "--drop")
    if target in drop:
        raise TuiNNError(f'{table.label}: the target "{target}" cannot be dropped — choose another --target to drop it')
    if features is not None:
        if not features:
            raise TuiNNError(f"{table.label}: no feature columns given — {table.listing()}")
        for name in features:
            _known(table, name, "--features")
        if target in features:
            raise TuiNNError(
                f'{table.label}: "{target}" is the target, so it cannot also be a feature — remove it from --features'
            )
        chosen = list(dict.fromkeys(features))
    else:
        chosen = [n for n in names if n != target]
    inputs = tuple(n for n in chosen if n not in set(drop))
    for name in (*inputs, target):
        table.column(name)  # a column with a bad cell is an error only when it is used
    if not inputs:
        raise TuiNNError(
            f'{table.label}: no feature columns are left besides the target "{target}" — '
            f"{table.listing()}; a network needs at least one input"
        )
    return Roles(target, inputs)


def _known(table: Table, name: str, option: str) -> None:
    if name not in table.columns:
        close = difflib.get_close_matches(name, list(table.columns), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        raise TuiNNError(f'{table.label} has no column "{show(name)}" (given as {option}{hint}) — {table.listing()}')


def handle_missing(table: Table, roles: Roles, mode: str, notes: list[str]) -> np.ndarray:
    """The rows to keep. `error`: none may have empty cells; `drop`: rows with any go; fill modes:
    rows without a target go (features are filled later, from the training rows)."""
    rows = np.arange(table.n_rows)
    used = (*roles.inputs, roles.target)
    if mode == "error":
        for name in used:
            missing = table.columns[name].missing
            count = int(missing.sum())
            if count:
                first = table.row_of(int(np.argmax(missing)))
                raise TuiNNError(
                    f'{table.label}: column "{name}" has {plural(count, "missing cell")} (first at row {first}) — '
                    "fill them in, or use --drop-missing (drop those rows) or --fill-missing mean|median|zero (fill them)"
                )
        return rows
    names = used if mode == "drop" else (roles.target,)
    gone = np.zeros(table.n_rows, dtype=bool)
    for name in names:
        gone |= table.columns[name].missing
    count = int(gone.sum())
    if count:
        why = "with missing cells" if mode == "drop" else f'with no target value ("{roles.target}" missing)'
        notes.append(f"dropped {count} of {table.n_rows} rows {why}")
    if count == table.n_rows:
        raise TuiNNError(f"{table.label}: every row has an empty cell in the columns used — no rows are left to train on")
    return rows[~gone]


def read_target(table: Table, roles: Roles, rows: np.ndarray, task: str, notes: list[str]) -> Target:
    """Classification or regression (`task="auto"` decides from the values), with sorted class names."""
    column = table.columns[roles.target]
    label = table.label
    why = "as asked"
    if task == "auto":
        task, why = _infer_task(column, rows)
    if task == "regression":
        if column.kind == "text":
            shown = ", ".join(f'"{show(v)}"' for v in _first_distinct(column.values[rows], 3))
            raise TuiNNError(
                f'{label}: the target "{roles.target}" holds text ({shown}) — regression needs numbers; '
                "use --task classification or choose another --target"
            )
        notes.append(f'target "{roles.target}": regression ({why})')
        return Target("regression", None, None)
    if column.kind == "number":
        distinct, codes = np.unique(column.values[rows], return_inverse=True)  # sorted numerically
        classes = tuple(number_text(v) for v in distinct)
    else:
        # Object arrays sort with Python's own comparison (a "U" array would drop trailing NULs).
        distinct, codes = np.unique(column.texts()[rows], return_inverse=True)
        classes = tuple(str(c) for c in distinct)
    if len(classes) < 2:
        raise TuiNNError(
            f'{label}: the target "{roles.target}" has only one class ("{show(classes[0])}") — a classifier needs at '
            "least two; choose another --target or add rows of another class"
        )
    if len(classes) > MAX_CLASSES:
        raise TuiNNError(
            f'{label}: the target "{roles.target}" has {len(classes)} different values — too many classes; '
            "use --task regression for numbers, or choose another --target"
        )
    codes = codes.astype(np.int64).reshape(-1)
    shown = show_list(classes, 6)
    notes.append(f'target "{roles.target}": classification, {len(classes)} classes: {shown} ({why})')
    return Target("classification", classes, codes)


def _infer_task(column: Column, rows: np.ndarray) -> tuple[str, str]:
    """The task and why, for the notes. Text and true/false are classes; whole numbers are classes
    when few and repeated (0/1/0/0), but regression when every value differs (y = 2, 4, 6, 8, 9);
    other numbers: regression."""
    if column.kind == "text":
        return "classification", "the target holds text"
    if column.kind == "bool":
        return "classification", "the target is true/false"
    values = column.values if len(rows) == len(column.values) else column.values[rows]
    if not column.integer and not bool(np.all(values == np.round(values))):
        return "regression", "the target holds decimal numbers; --task classification if they are labels"
    distinct = len(np.unique(values))
    if distinct < len(rows) and (distinct <= MAX_INT_CLASSES or distinct <= min(CLASS_SHARE * len(rows), MAX_CLASSES)):
        return "classification", (
            f"{distinct} distinct whole numbers in {len(rows)} rows look like labels; --task regression if they are amounts"
        )
    return "regression", (
        f"{distinct} distinct whole numbers in {len(rows)} rows look like amounts; --task classification if they are labels"
    )


def _first_distinct(values: np.ndarray, k: int) -> list[str]:
    return list(dict.fromkeys(v for v in values if v is not None))[:k]


def fit_categories(table: Table, roles: Roles, rows: np.ndarray, notes: list[str]) -> dict[str, tuple[str, ...]]:
    """Text features → their sorted categories (from all kept rows, so a split never hides one)."""
    categories: dict[str, tuple[str, ...]] = {}
    for name in roles.inputs:
        column = table.columns[name]
        if column.kind != "text":
            continue
        cats = tuple(sorted({v for v in column.values[rows] if v is not None}))
        if not cats:
            # Only possible with fill modes when every cell is empty.
            raise TuiNNError(f'{table.label}: column "{name}" is empty in every row — drop it with {drop_advice(name)}')
        if len(cats) > MAX_CATEGORIES:
            raise TuiNNError(
                f'{table.label}: column "{name}" has {len(cats)} different text values — too many to one-hot '
                f"encode (an id or free text?); drop it with {drop_advice(name)}"
            )
        if len(cats) > MANY_CATEGORIES:
            notes.append(
                f'column "{name}" has {len(cats)} different values, so one-hot encoding makes {len(cats)} inputs '
                f"— drop it with {drop_advice(name)} if it is an id"
            )
        categories[name] = cats
    return categories


def note_constants(table: Table, roles: Roles, rows: np.ndarray, notes: list[str]) -> None:
    """A feature with one value everywhere cannot help; say so, keep it (the user may add rows)."""
    if len(rows) < 2:
        return
    every_row = len(rows) == table.n_rows
    for name in roles.inputs:
        column = table.columns[name]
        if column.kind == "text":
            present = [v for v in column.values[rows] if v is not None]
            constant = bool(present) and len(set(present)) == 1
            value = present[0] if present else ""
        else:
            values = column.values if every_row else column.values[rows]  # no copy of a big column
            low, high = (np.nanmin(values), np.nanmax(values)) if not np.isnan(values).all() else (0.0, 1.0)
            constant = bool(low == high)
            value = ("true" if low else "false") if column.kind == "bool" else number_text(low)
        if constant:
            notes.append(
                f'column "{name}" has the same value ({show(value)}) in every row — it cannot help the network; '
                f"kept (drop it with {drop_advice(name)})"
            )


def note_reading(table: Table, roles: Roles, notes: list[str]) -> None:
    """How the used columns were read when it was not plain: missing markers, thousands separators."""
    for name in (*roles.inputs, roles.target):
        column = table.columns[name]
        for note in (column.missing_note(), column.read_note):
            if note:
                notes.append(note)


def note_ids(table: Table, roles: Roles, notes: list[str]) -> None:
    """Warn of a feature counting 1, 2, 3, … down the rows: a row id, from which a network learns
    the row order (and the order is often sorted by the target)."""
    for name in roles.inputs:
        column = table.columns[name]
        values = column.values
        if column.kind != "number" or not column.integer or len(values) < 10 or column.missing.any():
            continue
        head = values[:1000]
        if not np.all(np.diff(head) == 1.0) or not np.all(np.diff(values) == 1.0):
            continue
        notes.append(
            f'warning: column "{name}" counts {number_text(values[0])}, {number_text(values[1])}, … '
            f"{number_text(values[-1])} down the rows, like a row id — a network can learn the row order from it; "
            f"drop it with {drop_advice(name)} if it is one"
        )


def split_rows(
    rows: np.ndarray, codes: np.ndarray | None, classes: Sequence[str] | None, val_split: float, seed: int, notes: list[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Hold out `val_split` of the rows, stratified by class, seeded; too few rows → no split."""
    if val_split <= 0:
        return rows, None
    n = len(rows)
    if n < MIN_ROWS_TO_SPLIT:
        notes.append(f"only {plural(n, 'row')} — too few to hold some out for validation; training on all of them")
        return rows, None
    rng = np.random.default_rng(seed)
    held = np.zeros(n, dtype=bool)
    if codes is None:
        held[rng.permutation(n)[: int(round(val_split * n))]] = True
    else:
        for k in range(len(classes or ())):
            members = np.flatnonzero(codes == k)
            n_val = int(round(val_split * len(members)))
            if len(members) - n_val < 1:
                notes.append(
                    f'class "{show(classes[k])}" has only {plural(len(members), "row")} — too few to '
                    "split; training on all rows without a validation split"
                )
                return rows, None
            held[rng.permutation(members)[:n_val]] = True
    if not held.any() or held.all():
        notes.append(f"a {val_split:g} split of {n} rows leaves nothing to hold out; training on all of them")
        return rows, None
    how = "stratified by class, " if codes is not None else ""
    notes.append(f"validation: {int(held.sum())} of {n} rows held out ({how}seed {seed})")
    return rows[~held], rows[held]


def fit_fills(
    table: Table,
    roles: Roles,
    rows: np.ndarray,
    train: np.ndarray,
    mode: str,
    categories: dict[str, tuple[str, ...]],
    notes: list[str],
) -> dict[str, float | str]:
    """Values for missing feature cells (fill modes), from the training rows: numbers by `mode`,
    text by its most common category. Every input gets one, noted where it filled a cell here,
    because the checkpoint keeps them for `predict`, where any cell may be empty."""
    if mode not in ("mean", "median", "zero"):
        return {}
    fills: dict[str, float | str] = {}
    for name in roles.inputs:
        column = table.columns[name]
        count = int(column.missing[rows].sum())
        if name in categories:
            present = [v for v in column.values[train] if v is not None]
            values, counts = np.unique(np.array(present or [categories[name][0]], dtype=object).astype(str), return_counts=True)
            fills[name] = str(values[int(np.argmax(counts))])
            how = "its most common value"
        else:
            present = column.values[train][~column.missing[train]]
            if mode == "zero" or len(present) == 0:
                fills[name] = 0.0
            else:
                fills[name] = float(np.mean(present) if mode == "mean" else np.median(present))
            how = "zero" if mode == "zero" else f"the training {mode}"
        if count:
            notes.append(f'filled {plural(count, "missing cell")} in "{name}" with {how} ({_show_fill(fills[name])})')
    return fills


def _show_fill(value: float | str) -> str:
    return show(value) if isinstance(value, str) else f"{value:.6g}"


def fit_standardize(x_train: np.ndarray, feature_names: Sequence[str], numeric: Sequence[bool]) -> dict:
    """Per-feature mean and std of the training rows; one-hot, true/false and constant features keep
    mean 0 / std 1 (or std 1) so they pass through unscaled."""
    mean = np.zeros(len(feature_names))
    std = np.ones(len(feature_names))
    keep = np.asarray(numeric, dtype=bool)
    if len(x_train) and keep.any():
        centre, spread = _column_stats(x_train)
        mean[keep] = centre[keep]
        std[keep] = np.where((spread[keep] > 0) & np.isfinite(spread[keep]), spread[keep], 1.0)
    return {"mean": mean.tolist(), "std": std.tolist()}


def _column_stats(x: np.ndarray, block: int = 1 << 15) -> tuple[np.ndarray, np.ndarray]:
    """Per-column mean and (population) std of (n, k) x, two passes over row blocks: the same
    numbers as x.mean(0), x.std(0) without a temporary copy of all of x."""
    total = np.zeros(x.shape[1])
    for start in range(0, len(x), block):
        total += x[start : start + block].sum(axis=0)
    mean = total / len(x)
    squares = np.zeros(x.shape[1])
    for start in range(0, len(x), block):
        squares += np.square(x[start : start + block] - mean).sum(axis=0)
    return mean, np.sqrt(squares / len(x))
