"""`tui-nn compare`: real `--metrics-out` files drawn as one chart and one table, checked
against the numbers read from the files by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui_nn.cli import main
from tui_nn.compare import format_value

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
LRS = {"slow": "0.01", "medium": "0.05", "fast": "0.3"}


def run_cli(capsys, *argv):
    """Run `tui-nn ARGV` in-process; return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def train_metrics(path: Path, *extra: str) -> Path:
    code = main(["train", str(DATASETS / "xor.csv"), "--epochs", "5", "--metrics-out", str(path), "--quiet",
                 *extra])
    assert code == 0
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """Three real runs on xor that differ by their learning rate, one file each."""
    folder = tmp_path_factory.mktemp("runs")
    return {name: train_metrics(folder / f"{name}.jsonl", "--val-split", "0.2", "--lr", lr)
            for name, lr in LRS.items()}


@pytest.fixture(scope="module")
def folds_file(tmp_path_factory) -> Path:
    return train_metrics(tmp_path_factory.mktemp("folds") / "cv.jsonl", "--folds", "3")


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def by_hand(path: Path, metric: str, higher: bool) -> tuple[float, int, float]:
    """(best, its epoch, last) of a single run's file, read plainly."""
    values = [(record[metric], record["epoch"]) for record in lines(path)]
    best_value, best_epoch = (max if higher else min)(values, key=lambda pair: pair[0])
    return best_value, best_epoch, values[-1][0]


def compare_json(capsys, *argv) -> dict:
    code, out, err = run_cli(capsys, "compare", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def table_row(out: str, name: str) -> list[str]:
    """The plain table's row of run `name`, split into cells (names here have no spaces)."""
    rows = [line.split() for line in out.splitlines() if line.split()[:1] == [name]]
    assert len(rows) == 1, out
    return rows[0]


# -- the numbers -------------------------------------------------------------------------


def test_json_has_each_runs_best_and_last_val_loss_by_default(capsys, runs):
    result = compare_json(capsys, *runs.values())
    assert result["metric"] == "val_loss" and result["higher_is_better"] is False
    assert [run["name"] for run in result["runs"]] == list(LRS)
    for run in result["runs"]:
        best, epoch, last = by_hand(runs[run["name"]], "val_loss", higher=False)
        assert (run["best"], run["best_epoch"], run["last"], run["epochs"]) == (best, epoch, last, 5)
    lowest = min(result["runs"], key=lambda run: run["best"])
    assert result["best_run"] == lowest["name"]


def test_table_shows_the_best_values_and_marks_the_best_run(capsys, runs):
    code, out, err = run_cli(capsys, "compare", *runs.values(), "--no-chart")
    assert code == 0 and err == ""
    assert "best val_loss" in out
    bests = {}
    for name, path in runs.items():
        best, epoch, last = by_hand(path, "val_loss", higher=False)
        final = lines(path)[-1]
        row = table_row(out, name)
        assert row[1:5] == ["5", format_value("val_loss", best), str(epoch), format_value("val_loss", last)]
        assert row[5:8] == [format_value("loss", final["loss"]), format_value("val_loss", final["val_loss"]),
                            format_value("accuracy", final["accuracy"])]
        bests[name] = (best, row)
    winner = min(bests, key=lambda name: bests[name][0])
    assert [name for name, (_, row) in bests.items() if row[-1] == "*"] == [winner]


def test_metric_accuracy_picks_the_highest(capsys, runs):
    result = compare_json(capsys, *runs.values(), "--metric", "val_accuracy")
    assert result["higher_is_better"] is True
    for run in result["runs"]:
        best, epoch, _ = by_hand(runs[run["name"]], "val_accuracy", higher=True)
        assert (run["best"], run["best_epoch"]) == (best, epoch)
    result = compare_json(capsys, *runs.values(), "--metric", "accuracy")
    assert result["metric"] == "accuracy"
    for run in result["runs"]:
        assert run["best"] == max(record["accuracy"] for record in lines(runs[run["name"]]))
    assert result["best_run"] == max(result["runs"], key=lambda run: run["best"])["name"]


def test_loss_is_the_default_when_a_file_has_no_validation_loss(capsys, runs, tmp_path):
    no_val = train_metrics(tmp_path / "noval.jsonl")
    result = compare_json(capsys, runs["slow"], no_val)
    assert result["metric"] == "loss"
    assert [run["name"] for run in result["runs"]] == ["slow", "noval"]


def test_folds_are_averaged_per_epoch(capsys, folds_file, runs):
    records = lines(folds_file)
    assert sorted({record["fold"] for record in records}) == [1, 2, 3]
    means = {epoch: sum(r["val_loss"] for r in records if r["epoch"] == epoch) / 3 for epoch in range(1, 6)}
    result = compare_json(capsys, folds_file, runs["slow"])
    cv = result["runs"][0]
    assert cv["name"] == "cv" and cv["folds"] == 3 and cv["epochs"] == 5
    best_epoch = min(means, key=means.get)
    assert cv["best_epoch"] == best_epoch
    assert cv["best"] == pytest.approx(means[best_epoch]) and cv["last"] == pytest.approx(means[5])
    code, out, _ = run_cli(capsys, "compare", folds_file, runs["slow"])
    assert code == 0 and "mean over folds" in out


def test_same_stems_are_told_apart_by_their_folder(capsys, runs, tmp_path, monkeypatch):
    (tmp_path / "b").mkdir()
    twin = tmp_path / "b" / "slow.jsonl"
    twin.write_text(runs["medium"].read_text())
    result = compare_json(capsys, runs["slow"], twin)
    assert [run["name"] for run in result["runs"]] == [f"{runs['slow'].parent.name}/slow", "b/slow"]
    monkeypatch.chdir(tmp_path / "b")
    result = compare_json(capsys, "slow.jsonl", "slow.jsonl")  # no folder written, and the same file twice
    assert [run["name"] for run in result["runs"]] == ["b/slow (1)", "b/slow (2)"]


# -- the chart ---------------------------------------------------------------------------


def test_chart_has_a_legend_of_the_stems_then_the_table(capsys, runs):
    code, out, _ = run_cli(capsys, "compare", *runs.values())
    assert code == 0
    chart, _, table = out.partition("best val_loss")
    for name in LRS:
        assert name in chart and name in table
    assert "epoch" in chart and "\x1b[" not in out  # not a terminal: no colour codes


def test_log_axis_and_terminal_size(capsys, runs, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    monkeypatch.setenv("LINES", "24")
    code, out, _ = run_cli(capsys, "compare", *runs.values(), "--log")
    assert code == 0 and "log" in out
    chart = out.partition("best val_loss")[0]
    assert max(len(line) for line in chart.splitlines()) <= 70


def test_json_and_no_chart_draw_no_chart(capsys, runs):
    for flag in ("--json", "--no-chart"):
        code, out, _ = run_cli(capsys, "compare", *runs.values(), flag)
        assert code == 0 and "┌" not in out and "└" not in out


def test_compare_never_imports_textual_and_json_never_plotext(runs):
    """The headless promise (cli.py's docstring): a chart costs plotext, and nothing costs Textual."""
    code = ("import sys; from tui_nn.cli import main; rc = main(sys.argv[1:]); "
            "print(sorted({'textual', 'plotext'} & set(sys.modules)), file=sys.stderr); sys.exit(rc)")
    for flag, loaded in (("--json", "[]"), ("--log", "['plotext']")):
        out = subprocess.run([sys.executable, "-c", code, "compare", *map(str, runs.values()), flag],
                             capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
        assert out.returncode == 0 and out.stderr.strip() == loaded, out.stderr


# -- errors: one line, exit 2, naming the file -----------------------------------------------


def assert_one_line_error(capsys, *argv, naming: str) -> str:
    code, out, err = run_cli(capsys, "compare", *argv)
    assert code == 2 and out == ""
    assert err.startswith("tui-nn: error: ") and err.count("\n") == 1, err
    assert naming in err, err
    return err


def test_a_missing_file(capsys, runs, tmp_path):
    assert_one_line_error(capsys, runs["slow"], tmp_path / "nope.jsonl", naming="nope.jsonl")


def test_a_line_that_is_not_json(capsys, runs, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(runs["slow"].read_text() + "{oops\n")
    err = assert_one_line_error(capsys, bad, naming="bad.jsonl")
    assert "line 6" in err


def test_a_line_that_is_no_epoch(capsys, tmp_path):
    bad = tmp_path / "odd.jsonl"
    bad.write_text('{"epoch": 1, "loss": 0.5}\n[1, 2]\n')
    err = assert_one_line_error(capsys, bad, naming="odd.jsonl")
    assert "line 2" in err


def test_a_file_with_no_epochs(capsys, runs, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    err = assert_one_line_error(capsys, runs["slow"], empty, naming="empty.jsonl")
    assert "no epochs" in err


def test_a_metric_a_file_lacks_says_what_it_has(capsys, runs, tmp_path):
    err = assert_one_line_error(capsys, *runs.values(), "--metric", "val_r2", naming="slow.jsonl")
    assert "val_r2" in err and "val_accuracy" in err and "loss" in err
    no_val = train_metrics(tmp_path / "noval.jsonl")
    err = assert_one_line_error(capsys, runs["slow"], no_val, "--metric", "val_loss", naming="noval.jsonl")
    assert "f1_macro" in err


def test_a_per_class_metric_is_not_a_number(capsys, runs):
    err = assert_one_line_error(capsys, runs["slow"], "--metric", "precision", naming="slow.jsonl")
    assert "val_loss" in err


def test_log_needs_positive_values(capsys, tmp_path):
    zero = tmp_path / "zero.jsonl"
    zero.write_text('{"epoch": 1, "loss": 0.5}\n{"epoch": 2, "loss": 0.0}\n')
    assert_one_line_error(capsys, zero, "--log", naming="zero")
