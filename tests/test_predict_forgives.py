"""`tui-nn predict` forgives what real input files hold, and says so: empty cells take the fill
values stored at training, an unseen category is all zeros (scikit-learn's
handle_unknown="ignore") with one warning per column; `--strict` makes both an error; a file
with the target column gets its accuracy (or R²)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from tui_nn.cli import main
from tui_nn.data import Schema


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def penguin_rows(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        adelie = i % 2 == 0
        island = "Torgersen" if adelie and rng.random() < 0.5 else ("Biscoe" if rng.random() < 0.7 else "Dream")
        rows.append(f"{rng.normal(38.8 if adelie else 48.8, 2.0):.1f},{island},{'Adelie' if adelie else 'Gentoo'}")
    return rows


@pytest.fixture
def model(capsys, tmp_path):
    """A model trained with --fill-missing mean on data with NA cells (so fill values exist)."""
    rows = penguin_rows(120, 0)
    rows[4] = "NA," + rows[4].split(",", 1)[1]
    path = tmp_path / "train.csv"
    path.write_text("bill,island,species\n" + "\n".join(rows) + "\n")
    saved = tmp_path / "m.npz"
    code, _, err = run_cli(capsys, "train", path, "--fill-missing", "mean", "--epochs", "40", "--save", saved, "--quiet")
    assert code == 0, err
    return saved


def test_fill_values_are_stored_in_the_checkpoint(model):
    from tui_nn.model import load_model

    fills = load_model(model).schema.fills
    assert set(fills) == {"bill", "island"}
    assert 42 < fills["bill"] < 45 and fills["island"] in ("Biscoe", "Torgersen", "Dream")


def test_empty_cells_take_the_stored_fill_values(capsys, model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("bill,island\n38.1,Torgersen\n,Biscoe\nNA,Dream\n49.0,\n")
    code, out, err = run_cli(capsys, "predict", model, "--csv", path)
    assert code == 0, err
    assert len(out.splitlines()) == 4
    assert 'note: filled 2 missing cells in "bill" with the value stored at training (' in err
    assert 'note: filled 1 missing cell in "island" with the value stored at training (' in err
    code, _, err = run_cli(capsys, "predict", model, "--csv", path, "--strict")
    assert code == 2
    assert err.startswith('tui-nn: error: ') and 'column "bill": the cell is empty (2 missing cells in the column)' in err
    assert "without --strict, missing cells take the value stored at training" in err


def test_an_unseen_category_is_all_zeros_with_one_warning_per_column(capsys, model, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("bill,island\n38.1,Torgersen\n48.5,Anvers\n39.0,Anvers\n47.0,Biscoe\n")
    code, out, err = run_cli(capsys, "predict", model, "--csv", path, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [p["class"] for p in result["predictions"]] == ["Adelie", "Gentoo", "Adelie", "Gentoo"]
    warnings = [n for n in result["notes"] if n.startswith("warning:")]
    assert warnings == [
        'warning: column "island": 2 rows with a category the model never saw (Anvers) — encoded as all zeros '
        "(known: Biscoe, Dream, Torgersen); --strict makes it an error"
    ]
    code, _, err = run_cli(capsys, "predict", model, "--csv", path, "--strict")
    assert code == 2 and '"Anvers" is not a category the model knows' in err
    assert "or predict without --strict" in err


def test_a_present_target_column_is_scored(capsys, model, tmp_path):
    path = tmp_path / "test.csv"
    path.write_text("bill,island,species\n" + "\n".join(penguin_rows(40, 7)) + "\n")
    code, out, err = run_cli(capsys, "predict", model, "--csv", path)
    assert code == 0, err
    last = out.splitlines()[-1]
    assert last.startswith("accuracy ") and last.endswith(' on 40 rows with a "species" value')
    code, out, _ = run_cli(capsys, "predict", model, "--csv", path, "--json")
    result = json.loads(out)
    assert result["accuracy"] >= 0.95 and result["rows"] == 40


def test_regression_reports_r2(capsys, tmp_path):
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, 200)
    (tmp_path / "lin.csv").write_text("x,y\n" + "".join(f"{a:.3f},{3 * a + 1 + rng.normal(0, 0.1):.3f}\n" for a in x))
    saved = tmp_path / "lin.npz"
    code, _, err = run_cli(capsys, "train", tmp_path / "lin.csv", "--epochs", "60", "--save", saved, "--quiet")
    assert code == 0, err
    code, out, _ = run_cli(capsys, "predict", saved, "--csv", tmp_path / "lin.csv", "--json")
    assert json.loads(out)["r2"] > 0.95
    code, out, _ = run_cli(capsys, "predict", saved, "--csv", tmp_path / "lin.csv")
    assert out.splitlines()[-1].startswith("R² 0.9")


def test_input_text_forgives_too(capsys, model):
    for bill in ("", "NA", "?"):
        code, out, err = run_cli(capsys, "predict", model, "--input", f"bill={bill},island=Anvers", "--json")
        assert code == 0, err
        notes = json.loads(out)["notes"]
        assert re.fullmatch(r'input "bill" is empty: it takes the value stored at training \(4\d\.\d+\)', notes[0])
        assert notes[1].startswith('warning: input "island": "Anvers" is not a category the model knows')
    code, _, err = run_cli(capsys, "predict", model, "--input", "bill=40,island=Anvers", "--strict")
    assert code == 2 and '"Anvers" is not a known category' in err


def test_a_checkpoint_without_fill_values_says_how_to_get_them(capsys, tmp_path):
    (tmp_path / "t.csv").write_text("x,y\n" + "".join(f"{i},{i % 2}\n" for i in range(20)))
    saved = tmp_path / "t.npz"
    assert run_cli(capsys, "train", tmp_path / "t.csv", "--epochs", "2", "--save", saved, "--quiet")[0] == 0
    (tmp_path / "in.csv").write_text("x\n1\n\n")
    (tmp_path / "in.csv").write_text("x,z\n1,0\n,1\n")
    code, _, err = run_cli(capsys, "predict", saved, "--csv", tmp_path / "in.csv")
    assert code == 2
    assert "the model stores no fill value for it — fill the cells in, or retrain with --fill-missing" in err


def test_old_schemas_without_fills_still_load():
    from tui_nn.data import load_dataset

    schema = load_dataset("man_woman").schema
    saved = schema.to_dict()
    del saved["fills"]
    assert Schema.from_dict(saved) == schema
    with pytest.raises(Exception, match="fills"):
        Schema.from_dict({**saved, "fills": {"weight": "heavy"}})


def test_predict_files_lose_a_row_index_as_training_files_do(capsys, model, tmp_path):
    path = tmp_path / "pandas.csv"
    path.write_text(",bill,island\n0,38.1,Torgersen\n1,48.9,Biscoe\n")
    code, out, err = run_cli(capsys, "predict", model, "--csv", path)
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["Adelie", "Gentoo"]
    assert "dropped the first column (no header, 0…1)" in err
