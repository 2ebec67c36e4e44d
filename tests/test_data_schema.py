"""The schema at predict time: parsing --input text, encoding rows and files, saving and checking."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_nn.data import Schema, load_dataset
from tui_nn.errors import TuiNNError


@pytest.fixture
def people() -> Schema:
    return load_dataset("man_woman").schema


@pytest.fixture
def coloured(tmp_path) -> Schema:
    path = tmp_path / "c.csv"
    path.write_text("colour,size,y\nred,1,0.5\nblue,2,1.5\ngreen,3,2.5\nred,4,3.5\n")
    return load_dataset(path).schema


def message(call, *args) -> str:
    with pytest.raises(TuiNNError) as caught:
        call(*args)
    return str(caught.value)


def test_parse_input_reads_name_value_pairs(people):
    assert people.parse_input("weight=80,height=185") == {"weight": "80", "height": "185"}
    assert people.parse_input(" height = 185 , weight=80 ") == {"weight": "80", "height": "185"}


def test_parse_input_takes_bare_values_in_column_order(people):
    assert people.parse_input("80,185") == {"weight": "80", "height": "185"}
    assert load_dataset("linear").schema.parse_input("8") == {"x": "8"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the input is empty — the inputs are weight, height (e.g. weight=…,height=…)"),
        ("weight=80", "missing input height — the inputs are weight, height (e.g. weight=…,height=…)"),
        ("weight=80,height=1,age=3", 'unknown input "age" — the inputs are weight, height (e.g. weight=…,height=…)'),
        ("weight=80,weight=1", 'the input "weight" is given twice — the inputs are weight, height (e.g. weight=…,height=…)'),
        ("weight=80,185", '"185" is not a name=value pair — the inputs are weight, height (e.g. weight=…,height=…)'),
        ("80", "expected 2 values but got 1 — the inputs are weight, height (e.g. weight=…,height=…)"),
    ],
)
def test_parse_input_errors_list_the_expected_inputs(people, text, expected):
    assert message(people.parse_input, text) == expected


def test_encode_rows_matches_training_encoding(people):
    ds = load_dataset("man_woman")
    rows = [{"weight": "100", "height": "180"}, {"weight": "70", "height": "190"}, {"weight": "50", "height": "160"}]
    np.testing.assert_allclose(people.encode_rows(rows), ds.x_train)


def test_encode_rows_one_hot(coloured):
    x = coloured.encode_rows([{"colour": "green", "size": "2.5"}])
    assert x[0, :3].tolist() == [0.0, 1.0, 0.0]
    assert x[0, 3] == pytest.approx(0.0)  # 2.5 is the training mean of size


def test_encode_rows_unseen_category_lists_known_ones(coloured):
    assert message(coloured.encode_rows, [{"colour": "purple", "size": "1"}]) == (
        'input "colour": "purple" is not a known category — known: blue, green, red'
    )


def test_encode_rows_not_a_number(people):
    assert message(people.encode_rows, [{"weight": "heavy", "height": "1"}]) == (
        'input "weight": "heavy" is not a number — give a number like 1.5'
    )
    assert message(people.encode_rows, [{"weight": "1", "height": "1"}, {"weight": "inf", "height": "1"}]) == (
        'row 2, input "weight": "inf" is not a finite number — give a number like 1.5'
    )


def test_encode_file_ignores_the_target_and_names_bad_cells(people, tmp_path):
    good = tmp_path / "in.csv"
    good.write_text("height,class,weight\n180,Man,100\n")
    np.testing.assert_allclose(people.encode_file(good), people.encode_rows([{"weight": "100", "height": "180"}]))
    bad = tmp_path / "bad.csv"
    bad.write_text("weight,height\n80,180\n70,\n")
    assert message(people.encode_file, bad) == (
        f'{bad}, row 3, column "height": the cell is empty — every input needs a value '
        "(fill it in, or train with --fill-missing mean|median|zero so that the model fills it)"
    )
    short = tmp_path / "short.csv"
    short.write_text("weight\n80\n")
    assert message(people.encode_file, short) == f'{short} has no input column "height" — its columns are: weight'


def test_encode_file_unseen_category_names_row(coloured, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("colour,size\nred,1\nmauve,2\n")
    assert message(coloured.encode_file, path) == (
        f'{path}, row 3, column "colour": "mauve" is not a category the model knows (known: blue, green, red) — '
        "fix the cell, or retrain with data that has it"
    )


def test_encode_targets(people):
    assert people.encode_targets(["Woman", "Man"]).tolist() == [[1.0], [0.0]]
    assert message(people.encode_targets, ["Dog"]) == (
        'row 1, column "class": "Dog" is not one of the classes (Man, Woman) the model knows'
    )
    fields = load_dataset("fields").schema
    assert fields.encode_targets([1, 0, "1"]).tolist() == [[1.0], [0.0], [1.0]]


def test_to_dict_is_json_and_round_trips(coloured):
    d = json.loads(json.dumps(coloured.to_dict()))
    assert Schema.from_dict(d) == coloured
    assert d["categories"] == {"colour": ["blue", "green", "red"]}


def test_without_standardize_round_trips():
    schema = load_dataset("man_woman", standardize=False).schema
    assert schema.to_dict()["standardize"] is None
    assert Schema.from_dict(schema.to_dict()) == schema


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("target"), 'the saved schema is malformed: the key "target" is missing'),
        (lambda d: d.update(task="ranking"), "the saved schema is malformed: task must be one of classification, regression, not 'ranking'"),
        (lambda d: d.update(classes=["Man"]), "the saved schema is malformed: a classification schema needs two or more distinct classes"),
        (lambda d: d.update(feature_names=["a", "b"]), "the saved schema is malformed: feature_names do not match input_columns, categories and derived"),
        (lambda d: d.update(input_columns="weight"), "the saved schema is malformed: input_columns must be a list of strings"),
        (lambda d: d["standardize"].update(std=[1.0, 0.0]), "the saved schema is malformed: standardize.std must be positive"),
        (lambda d: d["standardize"].update(mean=[1.0]), "the saved schema is malformed: standardize.mean must be a list of 2 finite numbers"),
        (lambda d: d.update(categories={"age": ["a"]}), "the saved schema is malformed: categories must name input columns, each with at least one category"),
    ],
)
def test_from_dict_refuses_malformed_schemas(people, change, expected):
    d = people.to_dict()
    change(d)
    assert message(Schema.from_dict, d) == expected


def test_from_dict_refuses_non_objects():
    assert message(Schema.from_dict, ["x"]) == "the saved schema is malformed: it is not a JSON object"
