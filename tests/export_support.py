"""Helpers shared by the export tests: train a model headless, predict with `tui-nn predict
--json`, and read a CSV's raw cells the way an ONNX caller would feed them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from tui_nn.cli import main
from tui_nn.data.tables import DEFAULT_NA_VALUES

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
BUNDLED = sorted(path.stem for path in DATASETS.glob("*.csv"))

MIXED_HEADER = "age,colour,member,size,bought"
MIXED_TRAIN = [
    (23, "red", "true", 1.5, "yes"), (35, "green", "false", 2.0, "no"), ("", "blue", "true", 0.5, "yes"),
    (51, "red", "false", "", "no"), (44, "", "true", 3.5, "yes"), (29, "green", "", 1.0, "no"),
    (62, "blue", "true", 2.5, "yes"), (38, "red", "false", 0.75, "no"), (47, "green", "true", 1.25, "yes"),
    (33, "blue", "false", 2.25, "no"), (58, "red", "true", 3.0, "yes"), (26, "green", "false", 0.25, "no"),
]
"""Text (colour), numbers (age, size), true/false (member), and an empty cell in each."""
MIXED_PREDICT = [
    (30, "red", "true", 1.0, ""), ("", "green", "false", 2.0, ""), (40, "", "true", 1.5, ""),
    (45, "purple", "", "", ""), ("NA", "NA", "false", 2.0, ""), (61, "blue", "true", 0.5, ""),
]
"""Rows to predict: empty cells and NA markers (filled), an unknown category (all zeros)."""
_TRUE_FALSE = {"true": 1.0, "false": 0.0}


def write_csv(path: Path, header: str, rows) -> Path:
    path.write_text(header + "\n" + "\n".join(",".join(str(v) for v in row) for row in rows) + "\n", encoding="utf-8")
    return path


def train(capsys, tmp_path: Path, source, *flags: str, name: str = "model") -> Path:
    """`tui-nn train SOURCE FLAGS --save` in-process, a few epochs; the checkpoint's path."""
    model = tmp_path / f"{name}.npz"
    code = main(["train", str(source), "--epochs", "3", "--backend", "numpy", "--quiet", *flags, "--save", str(model)])
    _, err = capsys.readouterr()
    assert code == 0, err
    return model


def predict_json(capsys, model: Path, csv_path: Path) -> list[dict]:
    """What `tui-nn predict MODEL --csv FILE --json` prints in "predictions"."""
    code = main(["predict", str(model), "--csv", str(csv_path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)["predictions"]


def read_rows(csv_path: Path) -> list[dict[str, str]]:
    with open(csv_path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def onnx_feeds(rows: list[dict[str, str]], input_columns, categories) -> dict[str, np.ndarray]:
    """Raw cells → one [N, 1] array per input: float32 (NaN where missing) or strings as read."""
    feeds = {}
    for name in input_columns:
        cells = [row[name].strip() for row in rows]
        if name in categories:
            feeds[name] = np.array(cells, dtype=object).reshape(-1, 1)
        else:
            feeds[name] = np.array([_number(cell) for cell in cells], dtype=np.float32).reshape(-1, 1)
    return feeds


def _number(cell: str) -> float:
    """What a caller feeds for a numeric cell: NaN when missing, 1/0 for true/false."""
    if cell in DEFAULT_NA_VALUES:
        return np.nan
    return _TRUE_FALSE[cell.lower()] if cell.lower() in _TRUE_FALSE else float(cell)


def assert_matches(predictions: list[dict], outputs: dict[str, np.ndarray], classes) -> None:
    """ONNX (or model.py) outputs equal predict's within 1e-5: probabilities, labels, values."""
    if classes is None:
        values = np.asarray(outputs["value"], dtype=np.float64).reshape(-1)
        expected = np.array([p["value"] for p in predictions])
        np.testing.assert_allclose(values, expected, rtol=1e-5, atol=1e-5)
        return
    probabilities = np.asarray(outputs["probabilities"], dtype=np.float64)
    expected = np.array([[p["probabilities"][c] for c in classes] for p in predictions])
    np.testing.assert_allclose(probabilities, expected, rtol=0, atol=1e-5)
    for row, (label, prediction) in enumerate(zip(outputs["label"], predictions)):
        top = np.sort(expected[row])[-2:]
        # Two classes within float noise of each other may be argmax'd either way.
        assert label == prediction["class"] or top[1] - top[0] < 1e-5, (row, label, prediction)
