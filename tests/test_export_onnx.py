"""`tui-nn export --to onnx`: the graph predicts what `tui-nn predict` predicts, for every
bundled dataset, every activation and a table with text, numbers and missing cells."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from export_support import (BUNDLED, DATASETS, MIXED_HEADER, MIXED_PREDICT, MIXED_TRAIN, assert_matches,
                            onnx_feeds, predict_json, read_rows, train, write_csv)
from tui_nn.cli import main
from tui_nn.engine.activations import ACTIVATION_NAMES
from tui_nn.model import load_model


def export_onnx(capsys, model, out):
    code = main(["export", str(model), "--to", "onnx", "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    return out


def check_against_predict(capsys, tmp_path, model, rows_csv):
    """Export, check the file, and compare onnxruntime with predict at batch N and batch 1."""
    onnx_path = export_onnx(capsys, model, tmp_path / "model.onnx")
    proto = onnx.load(str(onnx_path))
    onnx.checker.check_model(proto, full_check=True)
    assert proto.opset_import[0].version == 17 and proto.ir_version <= 9
    schema = load_model(model).schema
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == list(schema.input_columns)
    names = ["probabilities", "label"] if schema.task == "classification" else ["value"]
    assert [o.name for o in session.get_outputs()] == names
    predictions = predict_json(capsys, model, rows_csv)
    rows = read_rows(rows_csv)
    feeds = onnx_feeds(rows, schema.input_columns, schema.categories)
    whole = dict(zip(names, session.run(names, feeds)))
    assert_matches(predictions, whole, schema.classes)
    for i in range(min(len(rows), 12)):
        one = dict(zip(names, session.run(names, {k: v[i : i + 1] for k, v in feeds.items()})))
        assert_matches(predictions[i : i + 1], one, schema.classes)
    return proto, whole


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_dataset_exports_to_onnx_that_predicts_what_predict_does(capsys, tmp_path, name):
    model = train(capsys, tmp_path, name)
    proto, _ = check_against_predict(capsys, tmp_path, model, DATASETS / f"{name}.csv")
    meta = {p.key: p.value for p in proto.metadata_props}
    schema = load_model(model).schema
    assert json.loads(meta["feature_names"]) == list(schema.feature_names)
    assert meta["target"] == schema.target
    assert json.loads(meta["classes"]) == (list(schema.classes) if schema.classes else None)
    import hashlib

    assert meta["checkpoint_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert meta["tui_nn_version"]


@pytest.mark.parametrize("activation", [a for a in ACTIVATION_NAMES if a != "softmax"])
def test_every_hidden_activation_matches_the_engine(capsys, tmp_path, activation):
    model = train(capsys, tmp_path, "iris", "--layers", f"6:{activation},5:{activation},3:softmax", "--lr", "0.05")
    check_against_predict(capsys, tmp_path, model, DATASETS / "iris.csv")


@pytest.mark.parametrize("output", ["linear", "tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus"])
def test_every_regression_output_activation_is_unscaled_to_the_targets_units(capsys, tmp_path, output):
    model = train(capsys, tmp_path, "diabetes", "--layers", f"8:tanh,1:{output}")
    check_against_predict(capsys, tmp_path, model, DATASETS / "diabetes.csv")


def test_two_classes_on_a_two_unit_softmax_keep_the_class_order(capsys, tmp_path):
    model = train(capsys, tmp_path, "moons", "--layers", "6:relu,2:softmax")
    check_against_predict(capsys, tmp_path, model, DATASETS / "moons.csv")


@pytest.mark.parametrize("name", ["wine", "plane"])
def test_a_float64_model_computes_in_double(capsys, tmp_path, name):
    model = train(capsys, tmp_path, name, "--dtype", "float64")
    proto, outputs = check_against_predict(capsys, tmp_path, model, DATASETS / f"{name}.csv")
    assert next(iter(outputs.values())).dtype == np.float64


def test_raw_inputs_without_standardisation(capsys, tmp_path):
    model = train(capsys, tmp_path, "man_woman_500", "--no-standardize")
    check_against_predict(capsys, tmp_path, model, DATASETS / "man_woman_500.csv")


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_text_numbers_and_missing_cells_are_encoded_inside_the_graph(capsys, tmp_path, task):
    data = write_csv(tmp_path / "shop.csv", MIXED_HEADER, MIXED_TRAIN)
    flags = ["--fill-missing", "median"]
    if task == "regression":
        flags += ["--target", "size", "--features", "age,colour"]
    model = train(capsys, tmp_path, data, *flags)
    rows = write_csv(tmp_path / "new.csv", MIXED_HEADER, MIXED_PREDICT)
    proto, outputs = check_against_predict(capsys, tmp_path, model, rows)
    schema = load_model(model).schema
    assert "colour" in schema.categories
    colour = next(i for i in proto.graph.input if i.name == "colour")
    assert colour.type.tensor_type.elem_type == onnx.TensorProto.STRING
    ops = {node.op_type for node in proto.graph.node}
    assert {"OneHotEncoder", "IsNaN", "Where", "Sub", "Div", "Gemm"} <= ops
    produced = outputs["probabilities"] if task == "classification" else outputs["value"]
    assert produced.shape[0] == len(MIXED_PREDICT) and np.isfinite(produced).all()


def test_a_column_named_like_an_output_is_one_line_naming_it(capsys, tmp_path):
    data = write_csv(tmp_path / "odd.csv", "label,x,y", [(i % 3, i, i % 2) for i in range(20)])
    model = train(capsys, tmp_path, data)
    assert main(["export", str(model), "--to", "onnx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and '"label"' in err and "rename" in err


def test_every_engine_activation_has_its_onnx_nodes():
    from tui_nn.export.onnx_graph import ACTIVATIONS

    assert set(ACTIVATIONS) == set(ACTIVATION_NAMES)


def test_a_missing_cell_without_a_stored_fill_gives_nan_where_predict_refuses(capsys, tmp_path):
    model = train(capsys, tmp_path, "iris")
    onnx_path = export_onnx(capsys, model, tmp_path / "iris.onnx")
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    schema = load_model(model).schema
    feeds = {name: np.array([[1.0], [np.nan]], dtype=np.float32) for name in schema.input_columns}
    probabilities, _ = session.run(None, feeds)
    assert np.isfinite(probabilities[0]).all() and np.isnan(probabilities[1]).all()


def test_a_name_without_a_suffix_gets_dot_onnx_and_the_default_sits_beside_the_model(capsys, tmp_path):
    model = train(capsys, tmp_path, "xor", name="xor")
    assert main(["export", str(model), "--to", "onnx", "-o", str(tmp_path / "served")]) == 0
    assert (tmp_path / "served.onnx").is_file()
    assert main(["export", str(model), "--to", "onnx"]) == 0
    assert (tmp_path / "xor.onnx").is_file()
    assert "xor.onnx" in capsys.readouterr().out


def test_without_the_export_extra_it_says_which_to_install(capsys, tmp_path, monkeypatch):
    model = train(capsys, tmp_path, "xor")
    monkeypatch.setitem(sys.modules, "onnx", None)  # `import onnx` now raises ImportError
    code = main(["export", str(model), "--to", "onnx", "-o", str(tmp_path / "m.onnx")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "pip install" in err and "tui-nn[export]" in err
    assert not (tmp_path / "m.onnx").exists()


def test_bad_exports_are_one_line_naming_what_to_fix(capsys, tmp_path):
    model = train(capsys, tmp_path, "xor")
    code = main(["export", str(tmp_path / "nothing.npz"), "--to", "onnx"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "nothing.npz" in err
    code = main(["export", str(model), "--to", "onnx", "-o", str(tmp_path / "no" / "such" / "m.onnx")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "does not exist" in err
    code = main(["export", str(model), "--to", "keras"])
    err = capsys.readouterr().err
    assert code == 2 and "onnx" in err and "pytorch" in err


def test_exporting_imports_neither_torch_nor_onnxruntime(capsys, tmp_path):
    model = train(capsys, tmp_path, "xor")
    code = (
        "import sys; from tui_nn.cli import main\n"
        f"assert main(['export', {str(model)!r}, '--to', 'onnx', '-o', {str(tmp_path / 'a.onnx')!r}]) == 0\n"
        f"assert main(['export', {str(model)!r}, '--to', 'pytorch', '-o', {str(tmp_path / 'a')!r}]) == 0\n"
        "assert 'torch' not in sys.modules and 'onnxruntime' not in sys.modules, 'imported'\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


EVERY_DERIVED_OP = "x1^2, x1*x2, x1 - x2 / 2, sin(x2), cos(x1), exp(-x1 / 3), sqrt(abs(x2)), log(abs(x1) + 1), (x1 + 1)^3"
"""Every operator and function a derived feature may use (`tui_nn.data.derive`)."""


def test_derived_features_are_computed_inside_the_graph(capsys, tmp_path):
    model = train(capsys, tmp_path, "circles", "--derive", EVERY_DERIVED_OP)
    assert len(load_model(model).schema.derived) == 9
    proto, _ = check_against_predict(capsys, tmp_path, model, DATASETS / "circles.csv")
    ops = {node.op_type for node in proto.graph.node}
    assert {"Pow", "Mul", "Sub", "Div", "Sin", "Cos", "Exp", "Sqrt", "Abs", "Log", "Neg", "Add"} <= ops
    assert [i.name for i in proto.graph.input] == ["x1", "x2"]  # derived features are not inputs


def test_derived_features_of_filled_cells_use_the_fill(capsys, tmp_path):
    data = write_csv(tmp_path / "shop.csv", MIXED_HEADER, MIXED_TRAIN)
    model = train(capsys, tmp_path, data, "--fill-missing", "mean", "--derive", "age*size, size^2")
    rows = write_csv(tmp_path / "rows.csv", MIXED_HEADER, MIXED_PREDICT)
    check_against_predict(capsys, tmp_path, model, rows)


def test_dropout_stays_out_of_the_graph(capsys, tmp_path):
    """Dropout acts while training only: the graph of a model trained with it predicts what
    `tui-nn predict` does."""
    model = train(capsys, tmp_path, "moons", "--layers", "8:tanh:0.3,4:relu:0.2,1:sigmoid", "--epochs", "5")
    check_against_predict(capsys, tmp_path, model, DATASETS / "moons.csv")
