"""The headless CLI: the lecture's cases, the output contract, and bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tui_nn.cli import main

DATASETS = Path(__file__).resolve().parent.parent / "datasets"


def run_cli(capsys, *argv):
    """Run `tui-nn ARGV` in-process; return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def train_json(capsys, *argv):
    code, out, err = run_cli(capsys, "train", *argv, "--json", "--quiet")
    assert code == 0, err
    return json.loads(out)


def write_csv(path: Path, header: str, rows) -> Path:
    path.write_text(header + "\n" + "\n".join(",".join(str(v) for v in row) for row in rows) + "\n")
    return path


# -- the lecture's cases ---------------------------------------------------------------


def test_lecture_network_reaches_full_accuracy_on_man_woman(capsys, tmp_path):
    model = tmp_path / "mw.npz"
    result = train_json(capsys, DATASETS / "man_woman.csv", "--layers", "2:sigmoid,1:sigmoid", "--lr", "0.1",
                        "--batch-size", "0", "--epochs", "500", "--save", model)
    assert result["accuracy"] == 1.0
    assert result["parameters"] == 9
    assert result["stopped"] == "completed" and result["epochs"] == 500
    code, out, _ = run_cli(capsys, "predict", model, "--input", "weight=50,height=160")
    assert code == 0 and out.startswith("Woman")
    code, out, _ = run_cli(capsys, "predict", model, "--input", "weight=100,height=180", "--json")
    prediction = json.loads(out)["predictions"][0]
    assert prediction["class"] == "Man" and prediction["probabilities"]["Man"] > 0.5


def test_single_linear_neuron_predicts_nine_for_eight(capsys, tmp_path):
    model = tmp_path / "lin.npz"
    result = train_json(capsys, DATASETS / "linear.csv", "--layers", "1:linear", "--lr", "0.1", "--batch-size", "0",
                        "--epochs", "800", "--save", model)
    assert result["r2"] > 0.999
    code, out, _ = run_cli(capsys, "predict", model, "--input", "8", "--json")
    assert json.loads(out)["predictions"][0]["value"] == pytest.approx(9, abs=0.05)


def test_raw_inputs_learn_the_lectures_weight_and_bias(capsys, tmp_path):
    model = tmp_path / "lin.npz"
    train_json(capsys, DATASETS / "linear.csv", "--layers", "1:linear", "--no-standardize", "--optimizer", "sgd",
               "--lr", "0.02", "--batch-size", "0", "--epochs", "3000", "--save", model)
    with np.load(model, allow_pickle=False) as ckpt:
        assert float(ckpt["layer0.weight"][0, 0]) == pytest.approx(1.0, abs=0.01)
        assert float(ckpt["layer0.bias"][0]) == pytest.approx(1.0, abs=0.05)


def test_fields_table_is_fit(capsys):
    result = train_json(capsys, DATASETS / "fields.csv", "--layers", "4:tanh,1:sigmoid", "--lr", "0.05",
                        "--batch-size", "0", "--epochs", "300")
    assert result["accuracy"] == 1.0


def test_bundled_lecture_tables_train_on_their_suggested_networks_with_a_note(capsys):
    code, out, err = run_cli(capsys, "train", "man_woman", "--epochs", "2", "--json")
    assert code == 0 and json.loads(out)["parameters"] == 9
    assert "note: man_woman: the lecture's 2-2-1 network (9 learnable parameters), 2:sigmoid,1:sigmoid " \
           "(--layers to choose otherwise)" in err
    code, out, err = run_cli(capsys, "train", "linear", "--epochs", "2", "--json")
    assert code == 0 and json.loads(out)["parameters"] == 2
    assert "1:linear on raw values (--layers or --standardize to choose otherwise)" in err
    # Flags win, and then no note: the person chose.
    code, out, err = run_cli(capsys, "train", "linear", "--layers", "3:tanh,1:linear", "--standardize",
                             "--epochs", "2", "--json")
    assert code == 0 and json.loads(out)["parameters"] == 10 and "suggest" not in err and "lecture" not in err


def test_summary_shows_nine_learnable_parameters(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "summary", "--inputs", "2", "--layers", "2:sigmoid,1:sigmoid")
    assert code == 0
    assert "[2×2] + [2×1] = 6 weights" in out and "2 + 1 = 3 biases" in out and "9 learnable parameters" in out
    model = tmp_path / "m.npz"
    train_json(capsys, DATASETS / "man_woman.csv", "--layers", "2:sigmoid,1:sigmoid", "--epochs", "1", "--save", model)
    code, out, _ = run_cli(capsys, "summary", model)
    assert code == 0 and "9 learnable parameters" in out


def test_xor_reaches_full_accuracy_from_the_cli(capsys, tmp_path):
    data = write_csv(tmp_path / "xor.csv", "a,b,label", [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)] * 4)
    result = train_json(capsys, data, "--layers", "4:tanh,1:sigmoid", "--lr", "0.05", "--batch-size", "0",
                        "--epochs", "800")
    assert result["accuracy"] == 1.0


def test_noisy_linear_regression_reaches_high_r2(capsys, tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 300)
    rows = [(f"{a:.4f}", f"{2.5 * a - 4 + rng.normal(scale=1.0):.4f}") for a in x]
    data = write_csv(tmp_path / "noisy.csv", "x,y", rows)
    result = train_json(capsys, data, "--layers", "8:tanh,1:linear", "--lr", "0.02", "--epochs", "150",
                        "--val-split", "0.2")
    assert result["r2"] > 0.95 and result["val_r2"] > 0.95


# -- outputs ---------------------------------------------------------------------------


def test_metrics_file_has_one_json_object_per_epoch(capsys, tmp_path):
    metrics = tmp_path / "m.jsonl"
    train_json(capsys, DATASETS / "man_woman.csv", "--epochs", "7", "--metrics-out", metrics)
    lines = [json.loads(line) for line in metrics.read_text().splitlines()]
    assert [line["epoch"] for line in lines] == list(range(1, 8))
    assert set(lines[0]) == {"epoch", "loss", "val_loss", "accuracy", "val_accuracy", "samples_per_s", "seconds", "lr",
                             "precision", "recall", "f1", "f1_macro", "roc_auc"}
    assert set(lines[0]["f1"]) == {"Man", "Woman"}


def test_metrics_lines_and_json_have_the_validation_metrics(capsys, tmp_path):
    metrics = tmp_path / "m.jsonl"
    result = train_json(capsys, DATASETS / "iris.csv", "--epochs", "20", "--val-split", "0.3", "--metrics-out", metrics)
    line = json.loads(metrics.read_text().splitlines()[-1])
    for record in (line, result):
        assert set(record["val_precision"]) == {"setosa", "versicolor", "virginica"}
        assert record["val_f1_macro"] == pytest.approx(np.mean(list(record["val_f1"].values())))
        assert "roc_auc" not in record and "val_roc_auc" not in record  # three classes
    regression = train_json(capsys, DATASETS / "linear_200.csv", "--epochs", "30", "--val-split", "0.2")
    assert {"mae", "rmse", "val_mae", "val_rmse", "r2", "val_r2"} <= set(regression)
    assert regression["val_rmse"] >= regression["val_mae"] > 0


def test_final_json_has_the_documented_keys(capsys):
    result = train_json(capsys, DATASETS / "linear.csv", "--epochs", "3")
    assert {"epochs", "loss", "val_loss", "r2", "val_r2", "parameters", "seconds", "samples_per_s", "backend",
            "stopped"} <= set(result)
    assert result["backend"] == "numpy"


def test_divergence_exits_1_and_still_saves_finite_weights(capsys, tmp_path):
    model = tmp_path / "d.npz"
    rng = np.random.default_rng(0)
    rows = [(f"{a:.3f}", f"{1e4 * a:.3f}") for a in rng.uniform(0, 100, 50)]
    data = write_csv(tmp_path / "big.csv", "x,y", rows)
    code, out, err = run_cli(capsys, "train", data, "--layers", "8:relu,1:linear", "--optimizer", "sgd", "--lr",
                             "1000", "--no-standardize", "--epochs", "50", "--save", model, "--json")
    assert code == 1
    assert json.loads(out)["stopped"] == "diverged"
    assert "diverged at epoch" in err and "lower the learning rate" in err
    with np.load(model, allow_pickle=False) as ckpt:
        assert all(np.isfinite(ckpt[name]).all() for name in ckpt.files if name != "spec")


def test_early_stop_is_reported(capsys, tmp_path):
    rng = np.random.default_rng(0)
    rows = [(f"{rng.normal():.4f}", f"{rng.normal():.4f}", int(rng.random() > 0.5)) for _ in range(200)]
    data = write_csv(tmp_path / "noise.csv", "a,b,c", rows)
    result = train_json(capsys, data, "--epochs", "500", "--val-split", "0.3", "--early-stop", "3", "--lr", "0.05")
    assert result["stopped"] == "early_stop" and result["epochs"] < 500


def test_init_starts_from_a_checkpoint_and_checks_its_shape(capsys, tmp_path):
    model = tmp_path / "m.npz"
    first = train_json(capsys, DATASETS / "man_woman.csv", "--layers", "2:sigmoid,1:sigmoid", "--lr", "0.1",
                       "--batch-size", "0", "--epochs", "300", "--save", model)
    again = train_json(capsys, DATASETS / "man_woman.csv", "--layers", "2:sigmoid,1:sigmoid", "--lr", "0.1",
                       "--batch-size", "0", "--epochs", "1", "--init", model)
    assert again["loss"] < first["loss"] * 1.5  # continued from the trained weights, not from scratch
    code, _, err = run_cli(capsys, "train", DATASETS / "man_woman.csv", "--layers", "3:sigmoid,1:sigmoid",
                           "--init", model)
    assert code == 2 and "--layers 2:sigmoid,1:sigmoid" in err


def test_predict_from_a_csv_file(capsys, tmp_path):
    model = tmp_path / "mw.npz"
    train_json(capsys, DATASETS / "man_woman.csv", "--layers", "2:sigmoid,1:sigmoid", "--lr", "0.1",
               "--batch-size", "0", "--epochs", "500", "--save", model)
    inputs = write_csv(tmp_path / "in.csv", "weight,height", [(100, 180), (50, 160)])
    code, out, _ = run_cli(capsys, "predict", model, "--csv", inputs, "--json")
    assert code == 0
    assert [p["class"] for p in json.loads(out)["predictions"]] == ["Man", "Woman"]


# -- bad input: exit 2, one line, nothing written --------------------------------------


def assert_one_line_error(capsys, argv, *fragments):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tui-nn: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def test_missing_file_is_one_clear_line(capsys, tmp_path):
    assert_one_line_error(capsys, ["train", tmp_path / "nope.csv", "--save", tmp_path / "m.npz"], "nope.csv")
    assert not (tmp_path / "m.npz").exists()


def test_non_numeric_cell_names_row_and_column(capsys, tmp_path):
    data = write_csv(tmp_path / "bad.csv", "x,y", [(1, 2), (3, 4), ("abc", 6), (7, 8), (9, 10), (11, 12)])
    assert_one_line_error(capsys, ["train", data, "--save", tmp_path / "m.npz"], "bad.csv", '"x"', "abc")
    assert not (tmp_path / "m.npz").exists()


def test_unknown_target_lists_the_columns(capsys):
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--target", "age"], "age", "weight",
                          "height", "class")


def test_wrong_output_size_says_what_would_fit(capsys, tmp_path):
    data = write_csv(tmp_path / "three.csv", "a,b,kind", [(i, i % 3, "abc"[i % 3]) for i in range(30)])
    assert_one_line_error(capsys, ["train", data, "--layers", "4:relu,2:softmax"], "3 classes: end with 3:softmax")
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--layers", "2:tanh,3:softmax"],
                          "end with 1:sigmoid")


@pytest.mark.parametrize("layers", ["2:sigmod,1:sigmoid", "x:relu,1:sigmoid", "", "2:relu,,1:sigmoid"])
def test_bad_layers_is_one_clear_line(capsys, layers):
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--layers", layers], "--layers")


def test_bad_numbers_and_choices_are_usage_errors(capsys):
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--lr", "fast"], "fast")
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--lr", "-1"], "learning rate")
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--optimizer", "adagrad"], "adagrad")


def test_cupy_backend_without_a_gpu_fails_with_the_reason(capsys):
    from tui_nn.backend import select_backend

    if select_backend("auto").name == "cupy":
        pytest.skip("a GPU is usable here")
    assert_one_line_error(capsys, ["train", DATASETS / "man_woman.csv", "--backend", "cupy"], "cupy is not usable")


def test_predict_with_unknown_column_is_one_clear_line(capsys, tmp_path):
    model = tmp_path / "mw.npz"
    train_json(capsys, DATASETS / "man_woman.csv", "--epochs", "1", "--save", model)
    assert_one_line_error(capsys, ["predict", model, "--input", "weight=80,age=3"], "height")


# -- the real entry point --------------------------------------------------------------


def test_console_entry_point_runs_and_never_imports_textual(tmp_path):
    code = (
        "import sys; from tui_nn.cli import main; rc = main(sys.argv[1:]); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code, "train", str(DATASETS / "man_woman.csv"), "--epochs", "2",
                          "--quiet", "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["epochs"] == 2
    module = subprocess.run([sys.executable, "-m", "tui_nn", "--version"], capture_output=True, text=True)
    assert module.returncode == 0 and module.stdout.startswith("tui-nn ")


@pytest.mark.parametrize("sig, expected", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_saves_the_checkpoint_and_flushes_metrics(tmp_path, sig, expected):
    rng = np.random.default_rng(0)
    data = write_csv(tmp_path / "d.csv", "a,b,c", [(f"{v:.3f}", f"{w:.3f}", int(v > w))
                                                   for v, w in rng.normal(size=(2000, 2))])
    model, metrics = tmp_path / "m.npz", tmp_path / "m.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "tui_nn", "train", str(data), "--epochs", "100000",
                             "--batch-size", "1", "--save", str(model), "--metrics-out", str(metrics), "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while (not metrics.exists() or not metrics.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == expected, err
    assert model.exists()
    assert all(json.loads(line)["epoch"] >= 1 for line in metrics.read_text().splitlines())
    with np.load(model, allow_pickle=False) as ckpt:
        assert "interrupted" in str(ckpt["spec"])


def test_kill_9_mid_run_leaves_the_previous_checkpoint_intact(tmp_path):
    rng = np.random.default_rng(1)
    data = write_csv(tmp_path / "d.csv", "a,b,c", [(f"{v:.3f}", f"{w:.3f}", int(v > w))
                                                   for v, w in rng.normal(size=(2000, 2))])
    model, metrics = tmp_path / "m.npz", tmp_path / "m.jsonl"
    assert main(["train", str(data), "--epochs", "2", "--save", str(model), "--quiet"]) == 0
    before = model.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "tui_nn", "train", str(data), "--epochs", "100000",
                             "--batch-size", "1", "--save", str(model), "--metrics-out", str(metrics), "--quiet"])
    deadline = time.monotonic() + 30
    while (not metrics.exists() or not metrics.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait(timeout=30)
    assert model.read_bytes() == before  # untouched: nothing is written until a run ends
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "m.jsonl", "m.npz"]  # no temp files
    with np.load(model, allow_pickle=False) as ckpt:
        assert "spec" in ckpt.files
