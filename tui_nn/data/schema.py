"""The schema: everything needed to turn raw input into network input, and outputs back to labels.

It is fitted once, on the training data (`prepare.fit_schema`), saved in checkpoints
(`to_dict`/`from_dict`) and used at predict time on `--input` text, on rows from the app's
predict panel, and on whole files.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from tui_nn.data.cells import copy_columns, numbers_of, one_hot, parse_number
from tui_nn.data.derive import check_columns, parse_names
from tui_nn.data.tables import DEFAULT_NA_VALUES
from tui_nn.data.text import plural, show, show_list
from tui_nn.errors import TuiNNError

TASKS = ("classification", "regression")
_NA_MARKERS = frozenset(DEFAULT_NA_VALUES)
"""Values of `--input` read as missing, as the default markers in files are."""


@dataclass(frozen=True)
class Schema:
    """How raw columns become network inputs (one-hot, standardised) and what the outputs mean."""

    input_columns: tuple[str, ...]
    """Raw feature columns, in order, as the user gives them at predict time."""
    feature_names: tuple[str, ...]
    """Encoded columns (network inputs): "weight", or "colour=red" for a one-hot column."""
    target: str
    task: str
    """"classification" or "regression"."""
    classes: tuple[str, ...] | None
    """Class names, sorted (numerically for integer labels); None for regression."""
    categories: dict[str, tuple[str, ...]]
    """One-hot encoded input columns → their categories, sorted."""
    standardize: dict | None
    """{"mean": [...], "std": [...]} per feature name (one-hot/bool: 0 and 1), or None."""
    target_scale: dict | None = None
    """Regression only: {"mean": m, "std": s} the targets were standardised with, or None.
    Networks learn far faster on targets near 0 ± 1 (a bias need not crawl to 150);
    predictions are mapped back to the target's units with `unscale_outputs`."""
    fills: dict | None = None
    """Input column → the value a missing cell takes (trained with --fill-missing: the training
    mean/median/zero, a text column's most common category), or None; `predict` applies them."""
    derived: tuple[str, ...] = ()
    """Derived features (`--derive`), by their tidy expression: the last network inputs, each
    computed from the raw (filled) numeric inputs before standardisation (`tui_nn.data.derive`)."""

    # --- shape ----------------------------------------------------------------------------

    @property
    def n_features(self) -> int:
        """Network inputs: encoded columns."""
        return len(self.feature_names)

    @property
    def n_plane(self) -> int:
        """Network inputs that are not derived features: those a plane (the decision map, the
        neuron pictures) or a fitted curve can be drawn over; derived ones follow them."""
        return len(self.feature_names) - len(self.derived)

    @property
    def n_outputs(self) -> int:
        """1 for regression and two classes (sigmoid), k for k ≥ 3 classes (softmax)."""
        if self.task == "classification" and self.classes is not None and len(self.classes) > 2:
            return len(self.classes)
        return 1

    # --- saving -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable; keys are exactly the field names."""
        return {
            "input_columns": list(self.input_columns),
            "feature_names": list(self.feature_names),
            "target": self.target,
            "task": self.task,
            "classes": list(self.classes) if self.classes is not None else None,
            "categories": {k: list(v) for k, v in self.categories.items()},
            "standardize": (
                {"mean": [float(m) for m in self.standardize["mean"]], "std": [float(s) for s in self.standardize["std"]]}
                if self.standardize is not None
                else None
            ),
            "target_scale": (
                {"mean": float(self.target_scale["mean"]), "std": float(self.target_scale["std"])}
                if self.target_scale is not None
                else None
            ),
            "fills": (
                {k: (v if isinstance(v, str) else float(v)) for k, v in self.fills.items()}
                if self.fills is not None
                else None
            ),
            "derived": list(self.derived),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Schema":
        """Rebuild and check a schema saved by `to_dict` (other keys, e.g. a checkpoint's, are ignored)."""
        if not isinstance(d, Mapping):
            raise _malformed("it is not a JSON object")
        for key in ("input_columns", "feature_names", "target", "task", "classes", "categories", "standardize"):
            if key not in d:
                raise _malformed(f'the key "{key}" is missing')
        inputs = _strings(d["input_columns"], "input_columns")
        names = _strings(d["feature_names"], "feature_names")
        if not inputs or len(set(inputs)) != len(inputs):
            raise _malformed("input_columns must be distinct names, at least one")
        if not isinstance(d["target"], str):
            raise _malformed("target must be a string")
        task = d["task"]
        if task not in TASKS:
            raise _malformed(f"task must be one of {', '.join(TASKS)}, not {task!r}")
        classes = None if d["classes"] is None else _strings(d["classes"], "classes")
        if task == "classification" and (classes is None or len(classes) < 2 or len(set(classes)) != len(classes)):
            raise _malformed("a classification schema needs two or more distinct classes")
        if task == "regression" and classes is not None:
            raise _malformed("a regression schema has no classes")
        if not isinstance(d["categories"], Mapping):
            raise _malformed("categories must be an object")
        categories = {str(k): _strings(v, f"categories[{k}]") for k, v in d["categories"].items()}
        if any(k not in inputs for k in categories) or any(not v for v in categories.values()):
            raise _malformed("categories must name input columns, each with at least one category")
        derived = _strings(d.get("derived", []), "derived")  # absent before derived features existed
        try:
            check_columns(parse_names(derived), [c for c in inputs if c not in categories], inputs)
        except TuiNNError as exc:
            raise _malformed(f"derived: {exc}") from None
        if names != feature_names_for(inputs, categories, derived):
            raise _malformed("feature_names do not match input_columns, categories and derived")
        standardize = d["standardize"]
        if standardize is not None:
            if not isinstance(standardize, Mapping) or set(standardize) != {"mean", "std"}:
                raise _malformed('standardize must be null or {"mean": [...], "std": [...]}')
            mean, std = (_numbers(standardize[k], f"standardize.{k}", len(names)) for k in ("mean", "std"))
            if any(s <= 0 for s in std):
                raise _malformed("standardize.std must be positive")
            standardize = {"mean": mean, "std": std}
        target_scale = d.get("target_scale")  # absent in checkpoints saved before it existed
        if target_scale is not None:
            if task != "regression" or not isinstance(target_scale, Mapping) or set(target_scale) != {"mean", "std"}:
                raise _malformed('target_scale must be null, or {"mean": m, "std": s} for regression')
            mean, std = (_numbers([target_scale[k]], f"target_scale.{k}", 1)[0] for k in ("mean", "std"))
            if std <= 0:
                raise _malformed("target_scale.std must be positive")
            target_scale = {"mean": mean, "std": std}
        fills = d.get("fills")  # absent in checkpoints saved before it existed
        if fills is not None:
            if not isinstance(fills, Mapping):
                raise _malformed("fills must be null or an object")
            checked: dict[str, float | str] = {}
            for key, value in fills.items():
                text = key in categories and isinstance(value, str) and value in categories[key]
                number = (
                    key in inputs and key not in categories and isinstance(value, (int, float))
                    and not isinstance(value, bool) and math.isfinite(value)
                )
                if not (text or number):
                    raise _malformed(f'fills["{show(key)}"] must be a number, or one of the column\'s categories')
                checked[key] = value if text else float(value)
            fills = checked
        return cls(inputs, names, d["target"], task, classes, categories, standardize, target_scale, fills, derived)

    # --- predict-time input -----------------------------------------------------------------

    def example_input(self) -> str:
        """A template for `--input`, e.g. "weight=…,height=…"."""
        return ",".join(f"{c}=…" for c in self.input_columns)

    def parse_input(self, text: str) -> dict[str, str]:
        """`"weight=80,height=185"` → {"weight": "80", "height": "185"}; bare values in column order too."""
        expected = f"the inputs are {', '.join(self.input_columns)} (e.g. {self.example_input()})"
        if not text or not text.strip():
            raise TuiNNError(f"the input is empty — {expected}")
        try:
            parts = [p.strip() for p in next(csv.reader([text.strip()], skipinitialspace=True))]
        except (csv.Error, StopIteration):
            raise TuiNNError(f'the input "{show(text)}" cannot be read — {expected}') from None
        if not any("=" in p for p in parts):
            if len(parts) != len(self.input_columns):
                raise TuiNNError(f"expected {plural(len(self.input_columns), 'value')} but got {len(parts)} — {expected}")
            return dict(zip(self.input_columns, parts))
        values: dict[str, str] = {}
        for part in parts:
            key, sep, value = part.partition("=")
            key = key.strip()
            if not sep or not key:
                raise TuiNNError(f'"{show(part)}" is not a name=value pair — {expected}')
            if key not in self.input_columns:
                raise TuiNNError(f'unknown input "{show(key)}" — {expected}')
            if key in values:
                raise TuiNNError(f'the input "{show(key)}" is given twice — {expected}')
            values[key] = value.strip()
        missing = [c for c in self.input_columns if c not in values]
        if missing:
            raise TuiNNError(f"missing input{'s' if len(missing) > 1 else ''} {', '.join(missing)} — {expected}")
        return values

    def encode_rows(
        self, rows: Sequence[Mapping[str, Any]], *, forgive: bool = False, notes: list[str] | None = None
    ) -> np.ndarray:
        """Raw values (strings) per row → (n, n_features) float64, one-hot and standardised.

        `forgive` (what `predict` does unless --strict): an empty value takes the stored fill
        value and an unknown category is encoded as all zeros, each said in `notes`.
        """
        x = np.zeros((len(rows), self.n_features), dtype=np.float64)
        for r, row in enumerate(rows):
            prefix = f"row {r + 1}, " if len(rows) > 1 else ""
            col = 0
            for name in self.input_columns:
                if name not in row:
                    raise TuiNNError(f'{prefix}input "{name}" is missing — the inputs are {", ".join(self.input_columns)}')
                raw = "" if row[name] is None else str(row[name]).strip()
                where = f'{prefix}input "{name}"'
                fill = (self.fills or {}).get(name)
                if raw in _NA_MARKERS and raw not in self.categories.get(name, ()):
                    raw = ""  # "NA", "?", ...: missing, as in a file
                if not raw and forgive and fill is not None:
                    raw = fill if isinstance(fill, str) else repr(float(fill))
                    if notes is not None:
                        notes.append(f'{where} is empty: it takes the value stored at training ({_show_value(fill)})')
                if name in self.categories:
                    cats = self.categories[name]
                    if raw in cats:
                        x[r, col + cats.index(raw)] = 1.0
                    elif forgive:
                        if notes is not None:
                            notes.append(
                                f'warning: {where}: "{show(raw)}" is not a category the model knows '
                                f"(known: {show_list(cats, 20)}) — encoded as all zeros"
                            )
                    else:
                        raise TuiNNError(f'{where}: "{show(raw)}" is not a known category — known: {show_list(cats, 20)}')
                    col += len(cats)
                else:
                    x[r, col] = parse_number(raw, where)
                    col += 1
        self.add_derived(x, lambda r, name: f"row {r + 1}" if len(rows) > 1 else "the input")
        return self.apply_standardize(x)

    def encode_file(self, path: str | os.PathLike) -> np.ndarray:
        """A CSV/Parquet/JSON-lines file of input columns (a target column is ignored) → (n, n_features)."""
        from tui_nn.data.tables import read_table

        table = read_table(path)
        return self.encode_table(table, np.arange(table.n_rows))

    def encode_predict_table(self, table: Any, strict: bool = False) -> tuple[np.ndarray, list[str]]:
        """Every row of a table to predict on → ((n, n_features), notes). Forgiving unless `strict`:
        missing cells take the stored fill values, unknown categories are all zeros (as
        scikit-learn's OneHotEncoder(handle_unknown="ignore")); each is said once per column."""
        notes: list[str] = list(getattr(table, "notes", ()))
        fills: dict[str, float | str] = {}
        for name in self.input_columns:
            column = table.column(name, "input column")
            count = int(column.missing.sum())
            if not count:
                continue
            fill = (self.fills or {}).get(name)
            first = table.where(int(np.argmax(column.missing)), name)
            if fill is None:
                raise TuiNNError(
                    f"{first}: the cell is empty ({plural(count, 'missing cell')} in the column) and the model stores no "
                    "fill value for it — fill the cells in, or retrain with --fill-missing mean|median|zero"
                )
            if strict:
                raise TuiNNError(
                    f"{first}: the cell is empty ({plural(count, 'missing cell')} in the column) — without --strict, "
                    f"missing cells take the value stored at training ({_show_value(fill)})"
                )
            fills[name] = fill
            notes.append(f'filled {plural(count, "missing cell")} in "{name}" with the value stored at training ({_show_value(fill)})')
        rows = np.arange(table.n_rows)
        x = self.encode_table(table, rows, fills, unknown="strict" if strict else "zeros", notes=notes)
        return x, notes

    # --- tables (training, validation, predict files) ---------------------------------------

    def encode_table(
        self,
        table: Any,
        rows: np.ndarray,
        fills: Mapping[str, float | str] | None = None,
        standardize: bool = True,
        unknown: str = "error",
        notes: list[str] | None = None,
    ) -> np.ndarray:
        """Rows `rows` of a `tables.Table` → (len(rows), n_features); `fills` replace empty cells.
        `unknown`: what a category the schema does not know does — "error"; "strict" (predict's
        --strict: the error names the lenient way); "zeros": all zeros, with a warning in `notes`."""
        rows = np.asarray(rows, dtype=np.int64)
        every_row = len(rows) == table.n_rows and np.array_equal(rows, np.arange(table.n_rows))
        x = np.empty((len(rows), self.n_features), dtype=np.float64)  # (n, n_features)
        whole: list[tuple[int, np.ndarray]] = []  # numeric columns copied in one blocked pass below
        col = 0
        for name in self.input_columns:
            column = table.column(name, "input column")
            fill = (fills or {}).get(name)
            missing = column.missing if every_row else column.missing[rows]
            if fill is None and missing.any():
                first = int(rows[np.argmax(missing)])
                raise TuiNNError(
                    f"{table.where(first, name)}: the cell is empty — every input needs a value "
                    f"(fill it in, or train with --fill-missing mean|median|zero so that the model fills it)"
                )
            if name in self.categories:
                cats = self.categories[name]
                x[:, col : col + len(cats)] = one_hot(column, rows, cats, fill, table.where, unknown, notes)
                col += len(cats)
            else:
                if every_row and column.kind != "text":
                    # A whole column needs no fancy-index copy: it goes straight across, below.
                    values = column.values if fill is None else np.where(missing, float(fill), column.values)
                    whole.append((col, values))
                else:
                    x[:, col] = numbers_of(column, rows, table.where)
                    if fill is not None:
                        x[missing, col] = float(fill)
                col += 1
        copy_columns(x, whole)
        self.add_derived(x, lambda r, name: table.where(int(rows[r]), name))
        return self.apply_standardize(x) if standardize else x

    def add_derived(self, x: np.ndarray, where: Callable[[int, str], str]) -> None:
        """Fill the derived features' columns (the last ones) of raw, unstandardised `x` from its
        numeric columns; a value that is not a finite number (log of 0, a division by zero) is an
        error naming the row, via `where(row, column)`."""
        if not self.derived:
            return
        base = self.n_features - len(self.derived)
        raw = self.feature_names[:base]
        for j, feature in enumerate(parse_names(self.derived)):
            used = feature.tree.columns()
            values = feature.tree.evaluate({name: x[:, raw.index(name)] for name in used})
            x[:, base + j] = values
            bad = ~np.isfinite(x[:, base + j])
            if bad.any():
                r = int(np.argmax(bad))
                inputs = ", ".join(f"{name} = {x[r, raw.index(name)]:g}" for name in used)
                raise TuiNNError(
                    f'{where(r, used[0])}: the derived feature "{feature.name}" is not a number there ({inputs}) '
                    "— change the expression (e.g. log(abs(x) + 1)) or fix the cell"
                )

    def with_derived_of(self, x: np.ndarray) -> np.ndarray:
        """(n, n_features) in network units whose derived columns are recomputed from its others:
        for points made up column by column (the decision map's grid), where x1² must follow x1.
        A derived value that is not a number there (a log below 0) is held at its mean."""
        if not self.derived:
            return x
        base = self.n_features - len(self.derived)
        mean = np.zeros(self.n_features) if self.standardize is None else np.asarray(self.standardize["mean"])
        std = np.ones(self.n_features) if self.standardize is None else np.asarray(self.standardize["std"])
        raw = x * std + mean
        raw_inputs = {name: raw[:, j] for j, name in enumerate(self.feature_names[:base])}
        out = np.array(x, dtype=np.float64)
        for j, feature in enumerate(parse_names(self.derived)):
            col = base + j
            values = (feature.tree.evaluate({name: raw_inputs[name] for name in feature.tree.columns()}) - mean[col]) / std[col]
            out[:, col] = np.where(np.isfinite(values), values, 0.0)
        return out

    def encode_targets(self, values: Sequence[Any], where: Callable[[int], str] | None = None) -> np.ndarray:
        """Target values (class names or numbers) → (n, n_outputs): 0/1, one-hot, or the values."""
        where = where or (lambda i: f"row {i + 1}")
        n = len(values)
        if self.task == "regression":
            y = np.empty((n, 1), dtype=np.float64)
            for i, v in enumerate(values):
                y[i, 0] = parse_number(v, f'{where(i)}, column "{self.target}"') if isinstance(v, str) else float(v)
            return y
        assert self.classes is not None
        index = {c: k for k, c in enumerate(self.classes)}
        codes = np.empty(n, dtype=np.int64)
        for i, v in enumerate(values):
            label = v if isinstance(v, str) else _number_label(v)
            if label not in index:
                raise TuiNNError(
                    f'{where(i)}, column "{self.target}": "{show(label)}" is not one of the classes '
                    f"({show_list(self.classes, 20)}) the model knows"
                )
            codes[i] = index[label]
        return codes_to_targets(codes, len(self.classes))

    def scale_targets(self, y: np.ndarray) -> np.ndarray:
        """Regression targets in the units the network learns (standardised when fitted so)."""
        if self.target_scale is None:
            return y
        return (y - self.target_scale["mean"]) / self.target_scale["std"]

    def unscale_outputs(self, outputs: np.ndarray) -> np.ndarray:
        """Network outputs back in the target's own units (the inverse of scale_targets)."""
        if self.target_scale is None:
            return outputs
        return outputs * self.target_scale["std"] + self.target_scale["mean"]

    def apply_standardize(self, x: np.ndarray) -> np.ndarray:
        """(n, n_features) encoded → standardised with the training mean and std (no-op when None)."""
        if self.standardize is None:
            return x
        mean = np.asarray(self.standardize["mean"], dtype=np.float64)
        std = np.asarray(self.standardize["std"], dtype=np.float64)
        x -= mean
        x /= std
        return x


def codes_to_targets(codes: np.ndarray, n_classes: int) -> np.ndarray:
    """Class indices (n,) → (n, 1) of 0/1 for two classes, one-hot (n, k) for more."""
    if n_classes == 2:
        return codes.astype(np.float64)[:, None]
    y = np.zeros((len(codes), n_classes), dtype=np.float64)
    y[np.arange(len(codes)), codes] = 1.0
    return y


def _number_label(value: Any) -> str:
    from tui_nn.data.tables import number_text

    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return number_text(value)


def feature_names_for(
    inputs: Sequence[str], categories: Mapping[str, Sequence[str]], derived: Sequence[str] = ()
) -> tuple[str, ...]:
    """Network input names: a column's own name, or one "column=category" per category, then
    the derived features' expressions."""
    names: list[str] = []
    for column in inputs:
        if column in categories:
            names.extend(f"{column}={c}" for c in categories[column])
        else:
            names.append(column)
    return (*names, *derived)


def _show_value(value: float | str) -> str:
    return show(value) if isinstance(value, str) else f"{float(value):.6g}"


def _malformed(what: str) -> TuiNNError:
    return TuiNNError(f"the saved schema is malformed: {what}")


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise _malformed(f"{what} must be a list of strings")
    return tuple(value)


def _numbers(value: Any, what: str, length: int) -> list[float]:
    if (
        not isinstance(value, (list, tuple))
        or len(value) != length
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    ):
        raise _malformed(f"{what} must be a list of {length} finite numbers")
    return [float(v) for v in value]
