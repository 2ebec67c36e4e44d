"""Write the bundled datasets in datasets/ and their README.

    python scripts/make_datasets.py            synthetic CSVs (fixed seeds) + datasets/README.md
    python scripts/make_datasets.py --readme   only datasets/README.md (from the registry)
    python scripts/make_datasets.py --sklearn  one-off: convert iris, wine, breast_cancer and
                                               diabetes from the copies inside scikit-learn
                                               (pip install scikit-learn first; it is not a
                                               dependency of tui-nn)

The seed tables (man_woman, linear, fields) are the lecture's, as printed, and are never
written here. Descriptions, sources and licences live in tui_nn/data/builtin.py.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_nn.data.builtin import DATASETS_DIR, builtin_datasets  # noqa: E402
from tui_nn.data.generators import GENERATORS, generate  # noqa: E402


def write_csv(path: Path, columns: dict[str, np.ndarray]) -> None:
    """Columns → CSV with plain numbers (whole numbers without ".0", others shortest round-trip)."""
    names = list(columns)
    n = len(next(iter(columns.values())))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for i in range(n):
            writer.writerow([_cell(columns[name][i]) for name in names])
    print(f"wrote {path.name} ({n} rows)")


def _cell(value: object) -> str:
    if isinstance(value, (str, np.str_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def make_synthetic() -> None:
    for name in GENERATORS:
        write_csv(DATASETS_DIR / f"{name}.csv", generate(name))


def _snake(name: str) -> str:
    """ "sepal length (cm)" → "sepal_length_cm", "od280/od315_of_diluted_wines" → "od280_od315_of_diluted_wines"."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def convert_sklearn() -> None:
    try:
        from sklearn import datasets
    except ImportError:
        sys.exit("scikit-learn is needed for --sklearn: pip install scikit-learn (it is not a tui-nn dependency)")
    tables = {
        "iris": (datasets.load_iris(), "species"),
        "wine": (datasets.load_wine(), "cultivar"),
        "breast_cancer": (datasets.load_breast_cancer(), "diagnosis"),
    }
    for name, (bunch, target) in tables.items():
        columns = {_snake(f): bunch.data[:, j] for j, f in enumerate(bunch.feature_names)}
        columns[target] = np.asarray(bunch.target_names)[bunch.target]  # class names, not codes
        write_csv(DATASETS_DIR / f"{name}.csv", columns)
    # Unscaled values, so the table reads as measured (age in years, BMI, ...).
    diabetes = datasets.load_diabetes(scaled=False)
    columns = {_snake(f): diabetes.data[:, j] for j, f in enumerate(diabetes.feature_names)}
    columns["progression"] = diabetes.target
    write_csv(DATASETS_DIR / "diabetes.csv", columns)


README_HEAD = """# Bundled datasets

Train on any of these by name: `tui-nn train xor`, `tui-nn train iris --val-split 0.2`.
`tui-nn datasets` lists them. The target is the last column of each file.

This file is generated from the registry in `tui_nn/data/builtin.py` by
`python scripts/make_datasets.py --readme`; edit the registry, not this table.

- **Seed tables** are the lecture's tables exactly as printed: tiny, for following along by hand.
- **Synthetic tables** are made by `scripts/make_datasets.py` from the generators in
  `tui_nn/data/generators.py` with fixed seeds (TensorFlow-Playground-style 2-D sets and larger
  versions of the seed tables). Re-running the script reproduces them byte for byte.
- **Real tables** were converted once from the copies that ship inside scikit-learn
  (`python scripts/make_datasets.py --sklearn`); scikit-learn is not a dependency of tui-nn.
  Column names are the scikit-learn feature names in snake_case; class names are kept as text.

"""

README_CREDITS = """
## Sources and credit

- **iris** — R. A. Fisher (1936), "The use of multiple measurements in taxonomic problems",
  *Annals of Eugenics* 7(2), 179–188; measurements by Edgar Anderson. UCI Machine Learning
  Repository, "Iris", https://doi.org/10.24432/C56C76 (CC BY 4.0). scikit-learn's copy follows
  Fisher's paper (as R's does); the UCI file differs from it in two data points.
- **wine** — M. Forina et al., PARVUS (1988); S. Aeberhard and M. Forina (1991), UCI Machine
  Learning Repository, "Wine", https://doi.org/10.24432/C5PC7J (CC BY 4.0).
- **breast_cancer** — W. Wolberg, O. Mangasarian, N. Street and W. Street (1995), UCI Machine
  Learning Repository, "Breast Cancer Wisconsin (Diagnostic)", https://doi.org/10.24432/C5DW2B
  (CC BY 4.0).
- **diabetes** — B. Efron, T. Hastie, I. Johnstone and R. Tibshirani (2004), "Least Angle
  Regression", *Annals of Statistics* 32(2), 407–499; data page
  https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html. The unscaled data as distributed
  with scikit-learn (BSD-3-Clause); the original authors state no licence. Columns s1–s6 are
  serum measurements (tc, ldl, hdl, tch, ltg, glu); `progression` is a measure of disease
  progression one year after baseline.
- Seed and synthetic tables are part of tui-nn (MIT).
"""


def readme_text() -> str:
    """datasets/README.md, from the registry."""
    lines = [README_HEAD]
    for kind, title in (("seed", "Seed tables"), ("synthetic", "Synthetic tables"), ("real", "Real tables")):
        lines.append(f"## {title}\n\n")
        lines.append("| name | rows | features | task | what it is | what it teaches | source | licence |\n")
        lines.append("|---|---:|---:|---|---|---|---|---|\n")
        for info in builtin_datasets():
            if info.kind != kind:
                continue
            task = f"classification ({info.classes} classes)" if info.classes else info.task
            lines.append(
                f"| `{info.name}` | {info.rows} | {info.features} | {task} | {info.description} | "
                f"{info.teaches} | {info.source} | {info.licence} |\n"
            )
        lines.append("\n")
    lines.append(README_CREDITS)
    return "".join(lines)


def write_readme() -> None:
    path = DATASETS_DIR / "README.md"
    path.write_text(readme_text(), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readme", action="store_true", help="only rewrite datasets/README.md")
    parser.add_argument("--sklearn", action="store_true", help="convert the scikit-learn tables (one-off)")
    args = parser.parse_args()
    if args.sklearn:
        convert_sklearn()
    elif not args.readme:
        make_synthetic()
    write_readme()


if __name__ == "__main__":
    main()
