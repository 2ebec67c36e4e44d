"""load_dataset on the seed tables and small files: roles, task inference, encoding, splits."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tui_nn.data import Dataset, Schema, load_dataset


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_does_not_pull_in_polars_textual_or_rich():
    code = "import sys, tui_nn.data; print(sorted(m for m in ('polars', 'textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_man_woman_is_binary_classification_with_text_classes():
    ds = load_dataset("man_woman")
    assert isinstance(ds, Dataset)
    assert ds.name == "man_woman"
    assert ds.schema.task == "classification"
    assert ds.schema.classes == ("Man", "Woman")
    assert ds.schema.input_columns == ("weight", "height")
    assert ds.schema.feature_names == ("weight", "height")
    assert ds.schema.target == "class"
    assert ds.y_train.tolist() == [[0.0], [0.0], [1.0]]
    assert ds.x_train.shape == (3, 2) and ds.x_train.dtype == np.float64
    assert (ds.n_features, ds.n_outputs, ds.n_rows) == (2, 1, 3)
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1.0, atol=1e-12)


def test_linear_with_every_integer_distinct_is_regression():
    ds = load_dataset("linear")
    assert ds.schema.task == "regression"
    assert ds.schema.classes is None
    np.testing.assert_allclose(ds.schema.unscale_outputs(ds.y_train)[:, 0], [2.0, 4.0, 6.0, 8.0, 9.0])
    assert ds.y_train.mean() == pytest.approx(0) and ds.y_train.std() == pytest.approx(1)
    raw = load_dataset("linear", standardize=False)
    assert raw.y_train[:, 0].tolist() == [2.0, 4.0, 6.0, 8.0, 9.0] and raw.schema.target_scale is None


def test_fields_with_repeated_integer_class_is_classification():
    ds = load_dataset("fields")
    assert ds.schema.task == "classification"
    assert ds.schema.classes == ("0", "1")
    assert ds.y_train[:, 0].tolist() == [0.0, 0.0, 1.0, 0.0]


def test_seed_tables_are_too_small_to_split_and_say_so():
    ds = load_dataset("fields", val_split=0.25)
    assert ds.x_val is None and ds.y_val is None
    assert any("too few to hold some out" in note for note in ds.notes)


def test_standardize_false_gives_raw_values_and_no_stats():
    ds = load_dataset("man_woman", standardize=False)
    assert ds.schema.standardize is None
    assert ds.x_train.tolist() == [[100, 180], [70, 190], [50, 160]]


def test_target_features_and_drop_choose_columns(tmp_path):
    path = write(tmp_path, "t.csv", "a,b,c,d\n1,2,3,4\n2,3,4,5\n3,4,5,7\n")
    ds = load_dataset(path, target="a", drop=["c"])
    assert ds.schema.input_columns == ("b", "d") and ds.schema.target == "a"
    ds = load_dataset(path, features=["c", "b"])
    assert ds.schema.input_columns == ("c", "b") and ds.schema.target == "d"


def test_text_feature_is_one_hot_with_sorted_categories(tmp_path):
    path = write(tmp_path, "c.csv", "colour,size,y\nred,1,0.5\nblue,2,1.5\ngreen,3,2.5\nred,4,3.5\n")
    ds = load_dataset(path)
    assert ds.schema.categories == {"colour": ("blue", "green", "red")}
    assert ds.schema.feature_names == ("colour=blue", "colour=green", "colour=red", "size")
    assert ds.x_train[:, :3].tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert ds.schema.standardize["mean"][:3] == [0.0, 0.0, 0.0]
    assert ds.schema.standardize["std"][:3] == [1.0, 1.0, 1.0]


def test_boolean_column_is_zero_one(tmp_path):
    path = write(tmp_path, "b.csv", "flag,y\ntrue,1.5\nFalse,2.5\nTRUE,0.5\n")
    ds = load_dataset(path, standardize=False)
    assert ds.x_train[:, 0].tolist() == [1.0, 0.0, 1.0]


def test_three_classes_are_one_hot_targets(tmp_path):
    rows = "".join(f"{i},{c}\n" for i, c in enumerate(["b", "a", "c", "a", "b", "c"]))
    ds = load_dataset(write(tmp_path, "k.csv", "x,label\n" + rows))
    assert ds.schema.classes == ("a", "b", "c")
    assert ds.n_outputs == 3
    assert ds.y_train.argmax(axis=1).tolist() == [1, 0, 2, 0, 1, 2]


def test_integer_classes_sort_numerically(tmp_path):
    rows = "".join(f"{i},{c}\n" for i, c in enumerate([10, 2, 2, 10, 1, 1]))
    ds = load_dataset(write(tmp_path, "n.csv", "x,label\n" + rows))
    assert ds.schema.classes == ("1", "2", "10")


def test_float_target_is_regression_and_task_overrides(tmp_path):
    path = write(tmp_path, "f.csv", "x,y\n1,0.5\n2,0.5\n3,1.5\n")
    assert load_dataset(path).schema.task == "regression"
    ds = load_dataset(path, task="classification")
    assert ds.schema.classes == ("0.5", "1.5")
    assert load_dataset("fields", task="regression").schema.task == "regression"


def test_val_split_is_stratified_and_seeded(tmp_path):
    rows = "".join(f"{i},{i % 2}\n" for i in range(40))
    path = write(tmp_path, "s.csv", "x,y\n" + rows)
    a = load_dataset(path, val_split=0.25, seed=1, standardize=False)
    b = load_dataset(path, val_split=0.25, seed=1, standardize=False)
    c = load_dataset(path, val_split=0.25, seed=2, standardize=False)
    assert a.x_val.shape == (10, 1) and a.x_train.shape == (30, 1)
    assert a.y_val.sum() == 5  # five of each class
    assert a.x_val.tolist() == b.x_val.tolist() != c.x_val.tolist()
    assert sorted(a.x_train[:, 0].tolist() + a.x_val[:, 0].tolist()) == list(range(40))


def test_standardisation_is_fitted_on_the_training_rows_only(tmp_path):
    rows = "".join(f"{i},{i * 1.5}\n" for i in range(20))
    ds = load_dataset(write(tmp_path, "r.csv", "x,y\n" + rows), val_split=0.3)
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-12)
    raw = load_dataset(write(tmp_path, "r.csv", "x,y\n" + rows), val_split=0.3, standardize=False)
    assert ds.schema.standardize["mean"][0] == pytest.approx(raw.x_train[:, 0].mean())


def test_schema_round_trips_through_a_dict():
    schema = load_dataset("man_woman").schema
    again = Schema.from_dict({**schema.to_dict(), "format": "tui-nn/1", "layers": []})
    assert again == schema
    assert set(schema.to_dict()) == {
        "input_columns", "feature_names", "target", "task", "classes", "categories", "standardize", "target_scale",
        "fills", "derived",
    }
    regression = load_dataset("linear").schema
    assert regression.target_scale == pytest.approx({"mean": 5.8, "std": np.std([2, 4, 6, 8, 9])})
    assert Schema.from_dict(regression.to_dict()) == regression


def test_notes_say_why_the_task_was_chosen():
    assert load_dataset("linear").notes == (
        'target "y": regression (5 distinct whole numbers in 5 rows look like amounts; '
        "--task classification if they are labels)",
        'target "y" standardised for training (mean 5.8, std 2.561); losses are in those units, '
        "predictions in the target's own (--no-standardize to train on raw values)",
    )
    assert load_dataset("fields").notes == (
        'target "class": classification, 2 classes: 0, 1 (2 distinct whole numbers in 4 rows look like labels; '
        "--task regression if they are amounts)",
    )
    assert load_dataset("man_woman", task="classification").notes == (
        'target "class": classification, 2 classes: Man, Woman (as asked)',
    )


def test_a_class_too_small_to_split_means_no_split(tmp_path):
    rows = "".join(f"{i},{'rare' if i == 0 else 'common'}\n" for i in range(20))
    ds = load_dataset(write(tmp_path, "r.csv", "x,y\n" + rows), val_split=0.6)
    assert ds.x_val is None
    assert 'class "rare" has only 1 row — too few to split; training on all rows without a validation split' in ds.notes


def test_regression_split_is_seeded(tmp_path):
    rows = "".join(f"{i},{i * 0.5}\n" for i in range(30))
    ds = load_dataset(write(tmp_path, "r.csv", "x,y\n" + rows), val_split=0.2, seed=3)
    assert ds.x_val.shape == (6, 1) and ds.x_train.shape == (24, 1)
    assert "validation: 6 of 30 rows held out (seed 3)" in ds.notes


def test_too_small_a_split_fraction_says_so(tmp_path):
    rows = "".join(f"{i},{i * 0.5}\n" for i in range(12))
    ds = load_dataset(write(tmp_path, "r.csv", "x,y\n" + rows), val_split=0.01)
    assert ds.x_val is None
    assert "a 0.01 split of 12 rows leaves nothing to hold out; training on all of them" in ds.notes


def test_bundled_split_is_stratified():
    ds = load_dataset("iris", val_split=0.2)
    assert ds.x_val.shape == (30, 4)
    assert ds.y_val.sum(axis=0).tolist() == [10.0, 10.0, 10.0]
