"""The bundled datasets: one registry that `tui-nn datasets`, the app's picker, the
datasets/README.md generator and `resolve_source` all read.

The files live in `datasets/` at the repository root, beside the package. Row, feature and
class counts are written here (checked against the files by a test) so that listing them
needs no file reads and no polars.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import tui_nn
from tui_nn.errors import TuiNNError

DATASETS_DIR = Path(tui_nn.__file__).resolve().parent.parent / "datasets"
"""Where the bundled files are: `datasets/` beside the `tui_nn` package."""


@dataclass(frozen=True)
class BuiltinInfo:
    """One bundled dataset, as `tui-nn datasets` lists it."""

    name: str
    description: str
    """One line: what the table is."""
    rows: int
    features: int
    task: str
    """"classification" or "regression"."""
    classes: int | None
    path: Path
    teaches: str = ""
    """One line: what training on it shows."""
    source: str = ""
    """Where the data comes from, with credit."""
    licence: str = ""
    kind: str = ""
    """"seed" (the lecture's tables), "synthetic" (scripts/make_datasets.py) or "real"."""


_SEED = "the lecture's seed table, as printed"
_SYNTH = "synthetic: scripts/make_datasets.py (fixed seed)"
_MIT = "MIT (part of tui-nn)"
_CC_BY = "CC BY 4.0 (UCI Machine Learning Repository)"

# name, file, rows, features, task, classes, description, teaches, source, licence, kind
_REGISTRY: tuple[tuple, ...] = (
    ("man_woman", "man_woman.csv", 3, 2, "classification", 2,
     "weight (kg) and height (cm) of three people, class Man/Woman",
     "the smallest classifier: two inputs, one sigmoid output", _SEED, _MIT, "seed"),
    ("linear", "linear.csv", 5, 1, "regression", None,
     "five points x → y, almost on a line",
     "regression with one linear neuron: fitting y = w·x + b", _SEED, _MIT, "seed"),
    ("fields", "fields.csv", 4, 3, "classification", 2,
     "three numeric fields and a 0/1 class, four rows",
     "integer labels become classes; too few rows for a validation split", _SEED, _MIT, "seed"),
)


def builtin_datasets() -> list[BuiltinInfo]:
    """Every bundled dataset, in display order (seed tables, synthetic sets, real tables)."""
    return [
        BuiltinInfo(
            name=name, description=description, rows=rows, features=features, task=task, classes=classes,
            path=DATASETS_DIR / file, teaches=teaches, source=source, licence=licence, kind=kind,
        )
        for name, file, rows, features, task, classes, description, teaches, source, licence, kind in _REGISTRY
    ]


def builtin_names() -> tuple[str, ...]:
    return tuple(entry[0] for entry in _REGISTRY)


def find_builtin(name: str) -> BuiltinInfo | None:
    """The bundled dataset called `name`, or None."""
    return next((info for info in builtin_datasets() if info.name == name), None)


def resolve_source(source: str | os.PathLike) -> Path:
    """A bundled dataset's name → its file; otherwise the path itself, which must exist."""
    text = os.fspath(source)
    info = find_builtin(text) if isinstance(text, str) else None
    if info is not None:
        if not info.path.is_file():
            raise TuiNNError(
                f'the bundled dataset "{text}" is missing its file {info.path} — reinstall tui-nn from a full checkout'
            )
        return info.path
    path = Path(text)
    if not path.exists():
        close = difflib.get_close_matches(path.name, builtin_names(), n=1)
        hint = f' (did you mean the bundled "{close[0]}"?)' if close and os.sep not in text else ""
        raise TuiNNError(
            f'no such file or bundled dataset: "{text}"{hint} — check the path, or run tui-nn datasets to list the bundled ones'
        )
    return path
