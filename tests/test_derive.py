"""Derived features (`--derive`): a safe parser, the schema and the checkpoint carry them,
`predict` recomputes them, and they let one neuron separate the circles."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.data import load_dataset
from tui_nn.data.derive import parse_derived
from tui_nn.data.schema import Schema
from tui_nn.errors import TuiNNError
from tui_nn.model import load_model
from tui_nn.spec import RunSpec, parse_text


def _value(expression: str, **columns: float) -> float:
    (feature,) = parse_derived(expression)
    return float(feature.tree.evaluate({k: np.asarray([v]) for k, v in columns.items()})[0])


@pytest.mark.parametrize(("expression", "expected"), [
    ("x1*x2", 0.3 * -1.2),
    ("x1 × x2", 0.3 * -1.2),
    ("x1^2", 0.09),
    ("x1**2", 0.09),
    ("-x2^2", -(1.2**2)),  # −(x²), as in mathematics
    ("2^3^x1", 2 ** (3**0.3)),  # ^ binds to the right
    ("x1 - x2 - x1", 0.3 + 1.2 - 0.3),  # − binds to the left
    ("x1 / x2 / 2", 0.3 / -1.2 / 2),
    ("(x1 + x2) * 3", (0.3 - 1.2) * 3),
    ("sin(x1) + cos(x2)", np.sin(0.3) + np.cos(-1.2)),
    ("exp(-x1) * log(abs(x2)) + sqrt(x1)", np.exp(-0.3) * np.log(1.2) + np.sqrt(0.3)),
    ("1.5e1 * x1", 4.5),
])
def test_expressions_compute_what_they_say(expression, expected):
    assert _value(expression, x1=0.3, x2=-1.2) == pytest.approx(expected, rel=1e-12)


def test_a_tidy_name_reads_back_as_the_same_expression():
    for feature in parse_derived("x1*x2, x1^2, -(x1+x2)*3, x1-(x2-x1), `bill length`/2, 2^3^x1, (2^3)^x1"):
        (again,) = parse_derived([feature.name])
        assert again.name == feature.name and again.tree == feature.tree


def test_the_math_tab_line_shows_the_expression_the_values_and_the_result():
    (feature,) = parse_derived("x1*x2")
    assert feature.worked({"x1": 0.3, "x2": -1.2}) == "x1·x2 = 0.3·−1.2 = −0.36"
    (square,) = parse_derived("x2^2")
    assert square.worked({"x2": -1.2}) == "x2^2 = (−1.2)^2 = 1.44"


def test_the_same_expression_twice_is_one_feature_and_commas_inside_brackets_do_not_split():
    assert [f.name for f in parse_derived("x1*x2, x1 * x2,  , x1^2")] == ["x1·x2", "x1^2"]
    with pytest.raises(TuiNNError, match="one argument"):
        parse_derived("sin(x1, x2)")


@pytest.mark.parametrize("bad", [
    "__import__('os')", "open('f')", "eval(x1)", "x1; x2", "x1 x2", "(x1", "x1)", "x1 +",
    "foo(x1)", "3 + 4", "x1 == 2", "[x1]", "lambda: x1",
])
def test_anything_but_arithmetic_is_refused_in_one_line(bad):
    with pytest.raises(TuiNNError) as caught:
        RunSpec().with_values(derive=parse_text("derive", bad))
    message = str(caught.value)
    assert "\n" not in message and "--derive" in message and "sin cos exp log abs sqrt" in message


def test_the_cli_refuses_code_and_unknown_columns_with_exit_2(capsys):
    assert main(["train", "circles", "--derive", "__import__('os')", "--epochs", "1"]) == 2
    assert main(["train", "circles", "--derive", "x3*x1", "--epochs", "1"]) == 2
    assert main(["train", "circles", "--derive", "x1.__class__", "--epochs", "1"]) == 2  # a name, never Python
    err = capsys.readouterr().err
    assert '"x3" is not a column (numeric inputs: x1, x2)' in err
    assert main(["train", "iris", "--derive", "species*2", "--epochs", "1"]) == 2
    assert "not a numeric input column" in capsys.readouterr().err


def test_a_derived_value_that_is_not_a_number_names_the_row(tmp_path):
    path = tmp_path / "logs.csv"
    path.write_text("x,y\n1,a\n2,b\n0,a\n3,b\n")
    with pytest.raises(TuiNNError, match=r'row 4, column "x".*"log\(x\)" is not a number there \(x = 0\)'):
        load_dataset(path, derive="log(x)")


def test_derived_features_are_inputs_after_the_columns_computed_from_raw_values():
    raw = load_dataset("circles", standardize=False)
    data = load_dataset("circles", standardize=False, derive="x1^2, x1*x2")
    assert data.schema.feature_names == ("x1", "x2", "x1^2", "x1·x2")
    x1, x2 = raw.x_train[:, 0], raw.x_train[:, 1]
    assert np.allclose(data.x_train[:, 2], x1**2) and np.allclose(data.x_train[:, 3], x1 * x2)
    standardised = load_dataset("circles", derive="x1^2")
    assert np.allclose(standardised.x_train.mean(0), 0, atol=1e-9) and np.allclose(standardised.x_train.std(0), 1)


def test_the_schema_round_trips_and_refuses_a_derived_feature_of_an_unknown_column():
    schema = load_dataset("circles", derive="x1^2, sin(x2)").schema
    again = Schema.from_dict(json.loads(json.dumps(schema.to_dict())))
    assert again == schema
    broken = schema.to_dict() | {"derived": ["x9^2", "sin(x2)"],
                                 "feature_names": ["x1", "x2", "x9^2", "sin(x2)"]}
    with pytest.raises(TuiNNError, match="x9"):
        Schema.from_dict(broken)
    old = {k: v for k, v in load_dataset("circles").schema.to_dict().items() if k != "derived"}
    assert Schema.from_dict(old).derived == ()  # checkpoints saved before derived features


def test_one_sigmoid_unit_separates_the_circles_only_with_squares(capsys):
    def val_accuracy(*extra: str) -> float:
        args = ["train", "circles", "--layers", "1:sigmoid", "--epochs", "300", "--val-split", "0.25",
                "--quiet", "--json", *extra]
        assert main(args) == 0
        return json.loads(capsys.readouterr().out)["val_accuracy"]

    assert val_accuracy() < 0.8
    assert val_accuracy("--derive", "x1^2,x2^2") >= 0.95


def test_predict_recomputes_derived_features_from_the_raw_columns(tmp_path, capsys):
    model_path = tmp_path / "m.npz"
    assert main(["train", "circles", "--derive", "x1^2, x1*x2", "--epochs", "20", "--quiet",
                 "--save", str(model_path)]) == 0
    capsys.readouterr()
    assert main(["predict", str(model_path), "--input", "x1=0.5,x2=-2", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["predictions"][0]["probabilities"]["1"]

    model = load_model(model_path)
    schema = model.schema
    raw = np.array([[0.5, -2.0, 0.25, -1.0]])
    by_hand = (raw - np.array(schema.standardize["mean"])) / np.array(schema.standardize["std"])
    assert np.allclose(schema.encode_rows([{"x1": "0.5", "x2": "-2"}]), by_hand)
    assert printed == pytest.approx(float(model.network.predict(by_hand)[0, 0]), abs=1e-6)


def test_a_setup_file_carries_derived_features(tmp_path):
    from tui_nn.setup_file import read_setup, write_setup

    run = RunSpec().with_values(source="circles", derive=parse_text("derive", "x1*x2, x2^2"))
    path = write_setup(run, tmp_path / "run.toml")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    assert tomllib.loads(path.read_text(encoding="utf-8"))["data"]["derive"] == ["x1·x2", "x2^2"]
    assert read_setup(path).data.derive == ("x1·x2", "x2^2")
