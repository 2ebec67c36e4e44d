"""`tui-nn export --to pytorch`: the folder's layout (always), and with torch installed, that
model.py predicts what `tui-nn predict` predicts, that train.py continues training as tui-nn
would, and that it runs under `torchrun --nproc_per_node 2` and saves a folder model.py loads."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from safetensors.numpy import load_file

from export_support import (BUNDLED, DATASETS, MIXED_HEADER, MIXED_PREDICT, MIXED_TRAIN, assert_matches,
                            predict_json, read_rows, train, write_csv)
from tui_nn.cli import main
from tui_nn.engine.activations import ACTIVATION_NAMES
from tui_nn.engine.losses import LOSS_NAMES
from tui_nn.engine.optimizers import OPTIMIZER_NAMES
from tui_nn.engine.schedules import LR_SCHEDULES
from tui_nn.model import load_model

TEMPLATES = ("model.py", "train.py")


def export_folder(capsys, model, out):
    code = main(["export", str(model), "--to", "pytorch", "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0, err
    return out


def load_module(path, name):
    """A generated .py file as a module of its own (each export gets a fresh one)."""
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))


# -- without torch -----------------------------------------------------------------------------


def test_the_folder_holds_a_sequential_state_dict_the_preprocessing_and_the_two_scripts(capsys, tmp_path):
    data = write_csv(tmp_path / "shop.csv", MIXED_HEADER, MIXED_TRAIN)
    model = train(capsys, tmp_path, data, "--fill-missing", "mean", "--layers", "5:relu,4:linear,1:sigmoid")
    folder = export_folder(capsys, model, tmp_path / "shop")
    assert sorted(p.name for p in folder.iterdir()) == ["model.py", "preprocess.json", "train.py",
                                                        "weights.safetensors"]
    tensors = load_file(str(folder / "weights.safetensors"))
    network = load_model(model).network
    assert sorted(tensors) == ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"]
    for i, (w, b) in enumerate(network.get_weights()):
        np.testing.assert_array_equal(tensors[f"{2 * i}.weight"], w.T)
        np.testing.assert_array_equal(tensors[f"{2 * i}.bias"], b)
    preprocess = json.loads((folder / "preprocess.json").read_text())
    schema = load_model(model).schema
    assert [c["name"] for c in preprocess["columns"]] == list(schema.input_columns)
    colour = next(c for c in preprocess["columns"] if c["name"] == "colour")
    assert colour["kind"] == "text" and colour["categories"] == list(schema.categories["colour"])
    assert colour["fill"] == schema.fills["colour"]
    assert preprocess["classes"] == list(schema.classes) and preprocess["loss"] == "bce"
    assert preprocess["training"]["optimizer"] == "adam" and preprocess["training"]["batch_size"] == 32
    assert preprocess["standardize"]["mean"] == schema.standardize["mean"]


def test_the_scripts_import_nothing_but_the_stdlib_torch_and_safetensors():
    allowed = {"torch", "safetensors", "model", "__future__"} | set(sys.stdlib_module_names)
    from tui_nn.export.pytorch import TEMPLATES as folder

    for name in TEMPLATES:
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module}
        assert imported <= allowed, (name, imported - allowed)


def test_the_scripts_know_every_activation_loss_optimizer_and_schedule():
    from tui_nn.export.pytorch import TEMPLATES as folder

    def keys(name, table):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == table for t in node.targets):
                return {k.value for k in node.value.keys}
        raise AssertionError(f"{name} has no {table}")

    assert keys("model.py", "ACTIVATIONS") == set(ACTIVATION_NAMES)
    assert keys("train.py", "LOSSES") == set(LOSS_NAMES)
    assert keys("train.py", "OPTIMIZERS") == set(OPTIMIZER_NAMES)
    assert keys("train.py", "SCHEDULES") == set(LR_SCHEDULES)


def test_a_file_where_the_folder_should_be_is_one_line(capsys, tmp_path):
    model = train(capsys, tmp_path, "xor")
    (tmp_path / "taken").write_text("x")
    assert main(["export", str(model), "--to", "pytorch", "-o", str(tmp_path / "taken")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "taken" in err and "folder" in err


def test_without_safetensors_it_says_which_extra_to_install(capsys, tmp_path, monkeypatch):
    model = train(capsys, tmp_path, "xor")
    monkeypatch.setitem(sys.modules, "safetensors", None)
    assert main(["export", str(model), "--to", "pytorch", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tui-nn[export]" in err and not (tmp_path / "out").exists()


# -- with torch --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_model_py_predicts_what_predict_predicts(capsys, tmp_path, name):
    pytest.importorskip("torch")
    model = train(capsys, tmp_path, name)
    folder = export_folder(capsys, model, tmp_path / "export")
    generated = load_module(folder / "model.py", f"exported_{name}")
    rows_csv = DATASETS / f"{name}.csv"
    predictions = predict_json(capsys, model, rows_csv)
    got = generated.predict(generated.load(folder), read_rows(rows_csv))
    assert_matches(predictions, _as_outputs(got, load_model(model).schema.classes), load_model(model).schema.classes)
    assert [p.keys() for p in got] == [p.keys() for p in predictions]


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_model_py_encodes_text_and_missing_cells_as_predict_does(capsys, tmp_path, task):
    pytest.importorskip("torch")
    data = write_csv(tmp_path / "shop.csv", MIXED_HEADER, MIXED_TRAIN)
    flags = ["--fill-missing", "median", "--layers", "6:elu,5:leaky_relu,4:softplus," +
             ("1:sigmoid" if task == "classification" else "1:linear")]
    if task == "regression":
        flags += ["--target", "size", "--features", "age,colour"]
    model = train(capsys, tmp_path, data, *flags)
    folder = export_folder(capsys, model, tmp_path / "export")
    generated = load_module(folder / "model.py", f"exported_mixed_{task}")
    rows_csv = write_csv(tmp_path / "new.csv", MIXED_HEADER, MIXED_PREDICT)
    predictions = predict_json(capsys, model, rows_csv)
    warnings: list[str] = []
    got = generated.predict(generated.load(folder), read_rows(rows_csv), warnings)
    classes = load_model(model).schema.classes
    assert_matches(predictions, _as_outputs(got, classes), classes)
    assert any("purple" in w for w in warnings)


def _as_outputs(predictions, classes):
    if classes is None:
        return {"value": np.array([[p["value"]] for p in predictions])}
    return {"probabilities": np.array([[p["probabilities"][c] for c in classes] for p in predictions]),
            "label": [p["class"] for p in predictions]}


def _run(args, cwd, timeout=120):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            timeout=timeout, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.parametrize("name, flags", [
    ("man_woman_500", ["--layers", "4:tanh,1:sigmoid", "--optimizer", "adam", "--lr", "0.05", "--l2", "0.01"]),
    ("iris", ["--layers", "5:relu,3:softmax", "--optimizer", "nesterov", "--lr", "0.1"]),
    ("diabetes", ["--layers", "6:elu,1:linear", "--optimizer", "rmsprop", "--lr", "0.01", "--loss", "huber",
                  "--huber-delta", "0.5", "--lr-schedule", "cosine", "--l2", "0.001"]),
    ("man_woman_500", ["--layers", "3:tanh,1:sigmoid", "--lr", "0.05", "--class-weight", "Man=1,Woman=3",
                       "--l1", "0.01"]),
    # wine's classes are 59, 71 and 48 rows: balanced weighs them 1.01, 0.84, 1.24
    ("wine", ["--layers", "4:tanh,3:softmax", "--optimizer", "sgd", "--lr", "0.5", "--class-weight", "balanced"]),
])
def test_train_py_continues_as_tui_nn_would_continue(capsys, tmp_path, name, flags):
    """Full batch, so the order of rows cannot differ: two more epochs in PyTorch land on the
    weights two more epochs of `tui-nn train --init` reach (same optimizer, lr, L2, loss)."""
    pytest.importorskip("torch")
    common = [*flags, "--batch-size", "0", "--dtype", "float64"]
    start = train(capsys, tmp_path, name, *common, name="start")
    folder = export_folder(capsys, start, tmp_path / "export")
    _run([folder / "train.py", "--data", DATASETS / f"{name}.csv", "--epochs", "2", "--out", tmp_path / "torch"],
         cwd=tmp_path)
    # tui-nn's own two more epochs: --init starts a run of 2 from these weights (cosine anneals over the run).
    reference = tmp_path / "tui.npz"
    assert main(["train", name, *common, "--init", str(start), "--epochs", "2", "--backend", "numpy", "--quiet",
                 "--save", str(reference)]) == 0, capsys.readouterr().err
    tensors = load_file(str(tmp_path / "torch" / "weights.safetensors"))
    for i, (w, b) in enumerate(load_model(reference).network.get_weights()):
        np.testing.assert_allclose(tensors[f"{2 * i}.weight"], w.T, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(tensors[f"{2 * i}.bias"], b, rtol=1e-6, atol=1e-9)


def test_train_py_runs_under_torchrun_on_two_processes_and_saves_a_folder_model_py_loads(capsys, tmp_path):
    pytest.importorskip("torch")
    data = write_csv(tmp_path / "shop.csv", MIXED_HEADER, MIXED_TRAIN * 5)
    model = train(capsys, tmp_path, data, "--fill-missing", "median", "--batch-size", "8")
    folder = export_folder(capsys, model, tmp_path / "export")
    started = time.perf_counter()
    result = _run(["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", folder / "train.py",
                   "--data", data, "--epochs", "1", "--out", tmp_path / "more"], cwd=tmp_path, timeout=90)
    assert time.perf_counter() - started < 60
    assert "epoch 4" in result.stdout and "saved to" in result.stdout
    more = tmp_path / "more"
    assert sorted(p.name for p in more.iterdir()) == ["model.py", "preprocess.json", "train.py", "weights.safetensors"]
    generated = load_module(more / "model.py", "exported_torchrun")
    loaded = generated.load(more)
    assert loaded.preprocess["epochs_trained"] == 4
    predictions = generated.predict(loaded, read_rows(write_csv(tmp_path / "new.csv", MIXED_HEADER, MIXED_PREDICT)))
    assert len(predictions) == len(MIXED_PREDICT) and all(p["class"] in ("no", "yes") for p in predictions)
    before = load_file(str(folder / "weights.safetensors"))["0.weight"]
    assert not np.array_equal(load_file(str(more / "weights.safetensors"))["0.weight"], before)


def test_train_py_refuses_a_file_without_the_target_in_one_line(capsys, tmp_path):
    pytest.importorskip("torch")
    model = train(capsys, tmp_path, "xor")
    folder = export_folder(capsys, model, tmp_path / "export")
    bad = write_csv(tmp_path / "bad.csv", "x1,x2", [(1, 2)])
    result = subprocess.run([sys.executable, str(folder / "train.py"), "--data", str(bad), "--epochs", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and result.stderr.strip().count("\n") == 0 and "target" in result.stderr


def test_model_py_computes_derived_features_as_predict_does(capsys, tmp_path):
    pytest.importorskip("torch")
    from test_export_onnx import EVERY_DERIVED_OP

    model = train(capsys, tmp_path, "circles", "--derive", EVERY_DERIVED_OP)
    folder = export_folder(capsys, model, tmp_path / "export")
    generated = load_module(folder / "model.py", "exported_derived")
    rows_csv = DATASETS / "circles.csv"
    predictions = predict_json(capsys, model, rows_csv)
    got = generated.predict(generated.load(folder), read_rows(rows_csv))
    classes = load_model(model).schema.classes
    assert_matches(predictions, _as_outputs(got, classes), classes)
    with pytest.raises(generated.InputError, match='the derived feature "log'):
        one = {"x1": "0", "x2": "1"}
        preprocess = generated.load(folder).preprocess
        preprocess["derived"] = [{"name": "log(x1)", "tree": {"call": "log", "args": [{"column": "x1"}]}}]
        generated.encode_row(preprocess, one)


def test_model_py_has_the_dropout_in_train_mode_only(capsys, tmp_path):
    torch = pytest.importorskip("torch")
    model = train(capsys, tmp_path, "moons", "--layers", "8:tanh:0.5,1:sigmoid", "--epochs", "5")
    folder = export_folder(capsys, model, tmp_path / "export")
    generated = load_module(folder / "model.py", "exported_dropout")
    loaded = generated.load(folder)
    assert any(isinstance(m, torch.nn.Dropout) and m.p == 0.5 for m in loaded.module.modules())
    rows_csv = DATASETS / "moons.csv"
    predictions = predict_json(capsys, model, rows_csv)
    got = generated.predict(loaded, read_rows(rows_csv))  # eval mode: as predict
    classes = load_model(model).schema.classes
    assert_matches(predictions, _as_outputs(got, classes), classes)
    x = torch.ones((200, 2), dtype=next(loaded.module.parameters()).dtype)
    loaded.module.train()
    assert not torch.equal(loaded.module(x), loaded.module(x))  # training draws masks
