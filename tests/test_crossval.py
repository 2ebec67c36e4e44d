"""k-fold cross-validation (`--folds K`): the splits, the per-fold scaling, the summary and
`--json`, the model --save keeps; and the class-weight and monitor flags end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.data import load_dataset
from tui_nn.data.folds import fold_indices, restandardize, split_folds
from tui_nn.model import load_model
from tui_nn.spec import RunSpec

DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def _json(capsys, *argv) -> dict:
    assert main(["train", *map(str, argv), "--json", "--quiet"]) == 0
    return json.loads(capsys.readouterr().out)


def test_folds_cover_every_row_once_and_keep_the_class_proportions():
    labels = np.array([0] * 90 + [1] * 10)
    folds = fold_indices(100, 5, seed=3, labels=labels)
    every = np.sort(np.concatenate(folds))
    np.testing.assert_array_equal(every, np.arange(100))
    assert [len(f) for f in folds] == [20] * 5
    assert [int(labels[f].sum()) for f in folds] == [2] * 5  # each fold: 2 of the 10 rare rows
    assert all(np.array_equal(a, b) for a, b in zip(folds, fold_indices(100, 5, seed=3, labels=labels)))
    assert not all(np.array_equal(a, b) for a, b in zip(folds, fold_indices(100, 5, seed=4, labels=labels)))
    for train, val in split_folds(100, 5, 3, labels):
        assert len(np.intersect1d(train, val)) == 0 and len(train) + len(val) == 100


def test_too_many_folds_is_one_line(capsys):
    assert main(["train", str(DATASETS / "man_woman.csv"), "--folds", "9"]) == 2
    err = capsys.readouterr().err
    assert "--folds 9 needs at least 9 rows; the table has" in err and "use fewer folds" in err


def test_restandardize_is_standardising_the_raw_values_on_the_folds_rows():
    raw = load_dataset(str(DATASETS / "wine.csv"), standardize=False)
    scaled = load_dataset(str(DATASETS / "wine.csv"))
    train, val = next(split_folds(len(raw.x_train), 4, 0))
    x_train, x_val = restandardize(scaled.x_train[train], scaled.x_train[val], scaled.schema)
    mean, std = raw.x_train[train].mean(axis=0), raw.x_train[train].std(axis=0)
    np.testing.assert_allclose(x_train, (raw.x_train[train] - mean) / std, atol=1e-9)
    np.testing.assert_allclose(x_val, (raw.x_train[val] - mean) / std, atol=1e-9)


def test_five_folds_on_breast_cancer(capsys, tmp_path):
    saved = tmp_path / "cv.npz"
    assert main(["train", str(DATASETS / "breast_cancer.csv"), "--folds", "5", "--epochs", "60", "--json",
                 "--save", str(saved)]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    folds = result["folds"]
    assert [f["fold"] for f in folds] == [1, 2, 3, 4, 5] and sum(f["rows"] for f in folds) == 569
    accuracies = [f["val_accuracy"] for f in folds]
    assert result["cv_val_accuracy_mean"] == pytest.approx(np.mean(accuracies))
    assert result["cv_val_accuracy_std"] == pytest.approx(np.std(accuracies))
    assert result["cv_val_loss_mean"] == pytest.approx(np.mean([f["val_loss"] for f in folds]))
    assert result["cv_val_accuracy_mean"] >= 0.95  # scikit-learn's MLPClassifier: about 0.97
    assert {"val_f1_macro", "val_roc_auc", "val_precision"} <= set(folds[0])
    assert "fold 3/5: validation loss" in captured.err and "5 folds: validation accuracy" in captured.err
    # the model kept saw every row
    assert "trained on all 569 rows" in captured.err and result["saved"] == str(saved)
    model = load_model(str(saved))
    full = load_dataset(str(DATASETS / "breast_cancer.csv"))
    np.testing.assert_allclose(model.schema.standardize["mean"], full.schema.standardize["mean"])


def test_regression_folds_report_r2(capsys):
    result = _json(capsys, DATASETS / "linear_200.csv", "--folds", "3", "--epochs", "40")
    assert len(result["folds"]) == 3 and {"cv_val_r2_mean", "cv_val_r2_std", "cv_val_mae_mean"} <= set(result)
    assert result["cv_val_r2_mean"] > 0.8


def test_folds_metrics_lines_name_the_fold(capsys, tmp_path):
    metrics = tmp_path / "m.jsonl"
    _json(capsys, DATASETS / "iris.csv", "--folds", "3", "--epochs", "4", "--metrics-out", metrics)
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert [(line["fold"], line["epoch"]) for line in lines] == [(f, e) for f in (1, 2, 3) for e in (1, 2, 3, 4)]


def test_a_setup_files_split_gives_way_to_folds(capsys, tmp_path):
    setup = tmp_path / "run.toml"
    setup.write_text(f'[data]\nsource = "{DATASETS / "iris.csv"}"\nval_split = 0.2\n[training]\nepochs = 3\n')
    assert len(_json(capsys, setup, "--folds", "3")["folds"]) == 3
    spec = RunSpec().with_values(folds=4, class_weight="balanced", monitor="val_f1_macro")
    assert RunSpec.from_dict(spec.to_dict()) == spec


def test_class_weight_and_monitor_end_to_end(capsys):
    assert main(["train", str(DATASETS / "man_woman.csv"), "--class-weight", "Man=1,Woman=3", "--epochs", "2"]) == 0
    assert "class weights: Man 1, Woman 3" in capsys.readouterr().err
    assert main(["train", str(DATASETS / "iris.csv"), "--val-split", "0.3", "--epochs", "500", "--early-stop", "3",
                 "--monitor", "val_f1_macro", "--lr", "0.05"]) == 0
    assert "no better val_f1_macro for 3 epochs" in capsys.readouterr().err
    assert main(["train", str(DATASETS / "iris.csv"), "--class-weight", "daisy=2"]) == 2
    assert 'class weight "daisy": no such class; the classes are setosa, versicolor, virginica' in capsys.readouterr().err
