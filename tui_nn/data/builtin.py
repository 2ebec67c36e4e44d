"""The bundled datasets: one registry that `tui-nn datasets`, the app's picker, the
datasets/README.md generator and `resolve_source` all read.

The files live in `datasets/` at the repository root, beside the package; a wheel carries
them inside the package as `tui_nn/datasets/` (pyproject.toml maps one onto the other).
Row, feature and class counts are written here (checked against the files by a test) so
that listing them needs no file reads and no polars.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import tui_nn
from tui_nn.errors import TuiNNError


def find_datasets_dir(package_dir: Path) -> Path:
    """`tui_nn/datasets/` when installed from a wheel, else `datasets/` beside the package
    (a checkout, or an editable install of one)."""
    installed = package_dir / "datasets"
    return installed if installed.is_dir() else package_dir.parent / "datasets"


DATASETS_DIR = find_datasets_dir(Path(tui_nn.__file__).resolve().parent)
"""Where the bundled files are."""


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
     "five points x → y, exactly on the line y = x + 1",
     "regression with one linear neuron: fitting y = w·x + b", _SEED, _MIT, "seed"),
    ("fields", "fields.csv", 4, 3, "classification", 2,
     "three numeric fields and a 0/1 class, four rows",
     "integer labels become classes; too few rows for a validation split", _SEED, _MIT, "seed"),
    ("man_woman_500", "man_woman_500.csv", 500, 2, "classification", 2,
     "500 synthetic adults: weight (kg), height (cm), class Man/Woman",
     "a learnable boundary that overlaps: accuracy tops out below 100%", _SYNTH, _MIT, "synthetic"),
    ("linear_200", "linear_200.csv", 200, 1, "regression", None,
     "200 noisy points on y = x + 1",
     "one neuron recovers slope and intercept; noise sets the floor of the loss", _SYNTH, _MIT, "synthetic"),
    ("xor", "xor.csv", 400, 2, "classification", 2,
     "Playground XOR: label 1 where x1 and x2 have the same sign",
     "a single layer cannot separate it; one hidden layer can", _SYNTH, _MIT, "synthetic"),
    ("circles", "circles.csv", 400, 2, "classification", 2,
     "Playground circles: a disc (1) inside a ring (0)",
     "hidden units combine into a closed boundary", _SYNTH, _MIT, "synthetic"),
    ("spiral", "spiral.csv", 500, 2, "classification", 2,
     "Playground spiral: two interleaved arms",
     "needs depth and patience: the hardest 2-D set here", _SYNTH, _MIT, "synthetic"),
    ("moons", "moons.csv", 400, 2, "classification", 2,
     "two interlocking half moons",
     "a curved boundary from a few tanh units", _SYNTH, _MIT, "synthetic"),
    ("gaussians", "gaussians.csv", 400, 2, "classification", 2,
     "Playground Gaussians: two overlapping blobs",
     "the easy case: one straight line separates nearly all of it", _SYNTH, _MIT, "synthetic"),
    ("plane", "plane.csv", 400, 2, "regression", None,
     "noisy plane y = 2·x1 − x2 + 3",
     "linear regression with two inputs", _SYNTH, _MIT, "synthetic"),
    ("sine", "sine.csv", 400, 1, "regression", None,
     "noisy y = sin(x) for x in [−2π, 2π]",
     "a non-linear curve needs hidden units; watch the fit bend", _SYNTH, _MIT, "synthetic"),
    ("iris", "iris.csv", 150, 4, "classification", 3,
     "Fisher's iris flowers: sepal and petal sizes (cm) of three species",
     "three-class softmax on the most famous table in statistics",
     "Fisher (1936), Anderson's measurements; UCI ML Repository; via scikit-learn", _CC_BY, "real"),
    ("wine", "wine.csv", 178, 13, "classification", 3,
     "chemical analysis of wines from three Italian cultivars",
     "features on very different scales: why standardisation matters",
     "Forina et al., PARVUS (1988); Aeberhard & Forina, UCI ML Repository (1991); via scikit-learn",
     _CC_BY, "real"),
    ("breast_cancer", "breast_cancer.csv", 569, 30, "classification", 2,
     "Wisconsin diagnostic breast cancer: 30 cell-nucleus measurements, malignant/benign",
     "many correlated inputs; watch validation loss for overfitting",
     "Wolberg, Street & Mangasarian (1995), UCI ML Repository; via scikit-learn", _CC_BY, "real"),
    ("diabetes", "diabetes.csv", 442, 10, "regression", None,
     "442 diabetes patients: age, sex, BMI, blood pressure, six serum measures → progression after a year",
     "real regression: noisy, and a network barely beats a straight line",
     "Efron, Hastie, Johnstone & Tibshirani, Least Angle Regression (2004); via scikit-learn",
     "BSD-3-Clause (as distributed with scikit-learn); no licence stated by the original authors", "real"),
)


@dataclass(frozen=True)
class Suggestion:
    """The network and setup a bundled dataset opens with when the run does not say its own
    (no --layers, no standardize given): the lecture's, for the lecture's tables."""

    layers: str
    """In `--layers` form, e.g. "2:sigmoid,1:sigmoid"."""
    standardize: bool = True
    """False: the network sees the raw numbers (the lecture's ŷ = w·x + b on x itself)."""
    why: str = ""
    """One line for a note: where the suggestion comes from."""


_SUGGESTED: dict[str, Suggestion] = {
    "man_woman": Suggestion("2:sigmoid,1:sigmoid", True, "the lecture's 2-2-1 network (9 learnable parameters)"),
    "linear": Suggestion("1:linear", False, "the lecture's line ŷ = w·x + b, one linear neuron"),
    "fields": Suggestion("2:sigmoid,1:sigmoid", True, "the lesson's 3 → 2 sigmoid → 1 sigmoid network"),
}
"""Bundled datasets that suggest their own network and setup (the others get `default_layers`)."""


def suggestion_for(source: str | os.PathLike | None) -> Suggestion | None:
    """The suggested network and setup of the bundled dataset named `source`, or None
    (a file path, even to a bundled file, suggests nothing: only the name does)."""
    return _SUGGESTED.get(source) if isinstance(source, str) else None


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
    """The bundled datasets' names, in display order."""
    return tuple(entry[0] for entry in _REGISTRY)


def find_builtin(name: str) -> BuiltinInfo | None:
    """The bundled dataset called `name`, or None."""
    return next((info for info in builtin_datasets() if info.name == name), None)


def cannot_draw(source: str | None, flag: str) -> str | None:
    """Why `source` cannot be drawn again with --rows/--noise (only the synthetic sets can), or None."""
    info = find_builtin(source) if isinstance(source, str) else None
    if info is not None and info.kind == "synthetic":
        return None
    what = f"the {info.kind} table {info.name}" if info is not None else f"the file {source}"
    synthetic = ", ".join(i.name for i in builtin_datasets() if i.kind == "synthetic")
    return (f"{flag}: {what} cannot be drawn again — --rows and --noise draw a synthetic set anew "
            f"({synthetic}); leave {flag} out to use the rows as they are")


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
    path = Path(text).expanduser()
    if not path.exists():
        close = difflib.get_close_matches(path.name, builtin_names(), n=1)
        hint = f' (did you mean the bundled "{close[0]}"?)' if close and os.sep not in text else ""
        raise TuiNNError(
            f'no such file or bundled dataset: "{text}"{hint} — check the path, or run tui-nn datasets to list the bundled ones'
        )
    return path
