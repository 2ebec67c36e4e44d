"""`Dataset` and `load_dataset`: a file (or bundled name) in, encoded train/validation arrays out."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from tui_nn.data import prepare
from tui_nn.data.builtin import BuiltinInfo, cannot_draw, find_builtin, resolve_source
from tui_nn.data.derive import check_columns, names_of, parse_derived
from tui_nn.data.generators import GENERATORS, generate
from tui_nn.data.schema import Schema, codes_to_targets, feature_names_for
from tui_nn.data.tables import Table, read_table
from tui_nn.data.text import plural
from tui_nn.errors import TuiNNError


@dataclass(frozen=True, eq=False)
class Dataset:
    """Host arrays ready for a network, with the schema that made them and notes for a person."""

    name: str
    """The bundled dataset's name, or the file's stem."""
    source: str
    """The path that was read."""
    schema: Schema
    x_train: np.ndarray
    """(n_train, n_features) float64, encoded and (unless asked not to) standardised."""
    y_train: np.ndarray
    """(n_train, n_outputs) float64: 0/1 for two classes (1 = classes[1]), one-hot for more, values for regression."""
    x_val: np.ndarray | None
    y_val: np.ndarray | None
    notes: tuple[str, ...]
    """One-line notes and warnings: inferred task, dropped rows, constant columns, no split, ..."""

    @property
    def n_features(self) -> int:
        """Network inputs (columns of x)."""
        return self.x_train.shape[1]

    @property
    def n_outputs(self) -> int:
        """Network outputs the targets need (columns of y)."""
        return self.y_train.shape[1]

    @property
    def n_rows(self) -> int:
        """Training plus validation rows."""
        return len(self.x_train) + (len(self.x_val) if self.x_val is not None else 0)


def load_dataset(
    source: str | os.PathLike,
    *,
    target: str | None = None,
    features: Sequence[str] | None = None,
    drop: Sequence[str] = (),
    task: str = "auto",
    missing: str = "error",
    val_split: float = 0.0,
    val_file: str | os.PathLike | None = None,
    seed: int = 0,
    standardize: bool = True,
    na_values: Sequence[str] | None = None,
    keep_index: bool = False,
    encoding: str | None = None,
    sheet: str | int | None = None,
    derive: str | Sequence[str] = (),
    rows: int | None = None,
    noise: float | None = None,
) -> Dataset:
    """Read, check, encode and split a table; every problem a user can cause is a TuiNNError.

    `source` is a file (CSV/TSV/..., .xlsx/.xls/.ods, .parquet, .json, .jsonl) or a bundled
    dataset's name. The target defaults to the last column, features to all others minus `drop`.
    `missing` is error|drop|mean|median|zero. Standardisation and fill values are fitted on the
    training rows only; fill values travel in the schema (so in checkpoints) for `predict`.

    Reading: `na_values` are the cells read as missing (default: pandas' NA strings and "?";
    `()` for empty cells only); `keep_index` keeps a leading row index (dropped by default);
    `encoding` forces a text encoding (default: UTF-8, else detected); `sheet` picks an Excel
    sheet by name or 1-based number (default: the first).

    `derive`: derived features (`"x1*x2, x1^2, sin(x1)"`, see `tui_nn.data.derive`), added
    after the encoded columns and standardised like them. `rows`, `noise`: draw a bundled
    synthetic set again (`tui_nn.data.generators`, seeded by `seed`) instead of reading its
    file; any other table refuses them.
    """
    prepare.check_options(task, missing, val_split, val_file is not None)
    path = resolve_source(source)
    builtin = find_builtin(os.fspath(source)) if isinstance(os.fspath(source), str) else None
    label = path.name if builtin else os.fspath(source)
    reading = {"na_values": na_values, "keep_index": keep_index, "encoding": encoding, "sheet": sheet}
    if rows is None and noise is None:
        table = read_table(path, label, **reading)
    else:
        table = drawn_table(builtin, os.fspath(source), rows, noise, seed)
        label = table.label
    notes: list[str] = list(table_notes(table))
    if rows is not None or noise is not None:
        notes.append(f"{label}, not the shipped file")

    roles = prepare.pick_roles(table, target, features, drop)
    prepare.note_reading(table, roles, notes)
    prepare.note_ids(table, roles, notes)
    rows = prepare.handle_missing(table, roles, missing, notes)
    goal = prepare.read_target(table, roles, rows, task, notes)
    categories = prepare.fit_categories(table, roles, rows, notes)
    prepare.note_constants(table, roles, rows, notes)
    if val_file is None:
        train, val = prepare.split_rows(rows, goal.codes, goal.classes, val_split, seed, notes)
    else:
        train, val = rows, None
    fills = prepare.fit_fills(table, roles, rows, train, missing, categories, notes)

    derived = parse_derived(derive)
    numeric = [name for name in roles.inputs if name not in categories and table.columns[name].kind != "text"]
    check_columns(derived, numeric, tuple(table.columns))
    schema = Schema(
        input_columns=roles.inputs,
        feature_names=feature_names_for(roles.inputs, categories, names_of(derived)),
        target=roles.target,
        task=goal.task,
        classes=goal.classes,
        categories=categories,
        standardize=None,
        fills=dict(fills) if fills else None,
        derived=names_of(derived),
    )
    x_train = schema.encode_table(table, train, fills, standardize=False)
    if standardize:
        numeric_features = set(schema.derived) | {name for name in roles.inputs if table.columns[name].kind == "number"}
        numeric = [name in numeric_features for name in schema.feature_names]
        schema = replace(schema, standardize=prepare.fit_standardize(x_train, schema.feature_names, numeric))
        x_train = schema.apply_standardize(x_train)
    y_train = _targets(schema, table, train, rows, goal)

    x_val = y_val = None
    if val is not None:
        x_val = schema.encode_table(table, val, fills)
        y_val = _targets(schema, table, val, rows, goal)
    elif val_file is not None:
        x_val, y_val = _load_val_file(val_file, schema, missing, fills, notes, reading)

    if standardize and schema.task == "regression":
        mean, std = float(y_train.mean()), float(y_train.std())
        schema = replace(schema, target_scale={"mean": mean, "std": std if std > 0 else 1.0})
        y_train = schema.scale_targets(y_train)
        y_val = schema.scale_targets(y_val) if y_val is not None else None
        notes.append(
            f'target "{schema.target}" standardised for training (mean {mean:.4g}, std {std:.4g}); '
            "losses are in those units, predictions in the target's own (--no-standardize to train on raw values)"
        )

    name = builtin.name if builtin else path.stem
    return Dataset(name, str(path), schema, x_train, y_train, x_val, y_val, tuple(notes))


def drawn_table(builtin: BuiltinInfo | None, source: str, rows: int | None, noise: float | None, seed: int) -> Table:
    """A bundled synthetic set drawn again (`--rows`, `--noise`, seeded by `--seed`), as a Table
    like a file's; a real or seed table, or a file, refuses with the reason (`rows` and `noise`
    are the generator's, a file holds what it holds)."""
    import polars as pl  # noqa: PLC0415

    from tui_nn.data.readers.columns import table_from_frame  # noqa: PLC0415

    problem = cannot_draw(builtin.name if builtin is not None else source, "--rows" if rows is not None else "--noise")
    if problem or builtin is None:
        raise TuiNNError(problem or f"{source} cannot be drawn again")
    generator = GENERATORS[builtin.name]
    n, level = generator.rows if rows is None else rows, generator.noise if noise is None else noise
    columns = generate(builtin.name, n, level, seed)
    label = f"{builtin.name} (drawn: {plural(n, 'row')}, noise {level:g}, seed {seed})"
    return table_from_frame(pl.DataFrame(columns), label, lambda i: i + 1)


def table_notes(table: Table) -> tuple[str, ...]:
    """What the reader decided that a person may want to know (no header, ...)."""
    notes = tuple(table.notes)
    if all(name.startswith("column") and name[6:].isdigit() for name in table.columns):
        return (*notes, f"{table.label} has no header row; its columns are named column1..column{len(table.columns)}")
    return notes


def _targets(schema: Schema, table: Table, subset: np.ndarray, rows: np.ndarray, goal: prepare.Target) -> np.ndarray:
    """(len(subset), n_outputs) targets for `subset`, a part of the kept `rows`."""
    column = table.columns[schema.target]
    if schema.task == "regression":
        return column.values[subset].astype(np.float64)[:, None]
    position = np.searchsorted(rows, subset)  # rows is sorted; codes are per kept row
    return codes_to_targets(goal.codes[position], len(schema.classes or ()))


def _load_val_file(
    val_file: str | os.PathLike, schema: Schema, missing: str, fills: dict, notes: list[str], reading: dict
) -> tuple[np.ndarray, np.ndarray]:
    """A separate validation file, encoded with the training schema (its categories, classes, scaling)."""
    table = read_table(resolve_source(val_file), os.fspath(val_file), **{**reading, "sheet": None})
    notes.extend(table.notes)
    target = table.column(schema.target, "target column")
    rows = np.arange(table.n_rows)
    if missing != "error":
        gone = target.missing.copy()
        if missing == "drop":
            for name in schema.input_columns:
                gone |= table.column(name, "input column").missing
        if gone.any():
            notes.append(f"{table.label}: dropped {int(gone.sum())} of {table.n_rows} validation rows with missing cells")
        rows = rows[~gone]
        if not len(rows):
            raise TuiNNError(f"{table.label}: every row has an empty cell — no validation rows are left")
    elif target.missing.any():
        first = int(np.argmax(target.missing))
        raise TuiNNError(
            f"{table.where(first, schema.target)}: the target is empty — fill it in, or use --drop-missing"
        )
    x = schema.encode_table(table, rows, fills if missing in ("mean", "median", "zero") else None)
    where = lambda j: table.where(int(rows[j]))  # noqa: E731
    if schema.task == "regression":
        if target.kind == "text":
            values = list(target.values[rows])
        else:
            values = target.values[rows].tolist()
        y = schema.encode_targets(values, where)
    else:
        y = schema.encode_targets(list(target.texts()[rows]), where)
    notes.append(f"validation: {plural(len(rows), 'row')} from {table.label}")
    return x, y
