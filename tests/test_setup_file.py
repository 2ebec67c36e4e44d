"""RunSpec and setup files: defaults once, checks that name the key, TOML that replays a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_nn.cli import build_parser, main, run_spec_from_args
from tui_nn.engine import LayerSpec, TrainConfig
from tui_nn.errors import TuiNNError
from tui_nn.setup_file import read_setup, setup_text, write_setup
from tui_nn.spec import KEYS, RunSpec


def test_training_defaults_are_the_engines():
    engine, spec = TrainConfig(), RunSpec().training
    for name in ("optimizer", "lr", "batch_size", "epochs", "l2", "early_stop", "shuffle", "seed"):
        assert getattr(spec, name) == getattr(engine, name)


def test_every_train_flag_default_comes_from_the_spec():
    """`train --help` shows the spec's defaults, and a flag that is not given leaves the spec's value."""
    args = build_parser().parse_args(["train", "man_woman"])
    spec = run_spec_from_args(args)
    assert spec == RunSpec().with_values(source="man_woman")
    text = build_parser()._subparsers._group_actions[0].choices["train"].format_help()
    assert "(default: 0.01)" in text and "(default: 200)" in text and "(default: adam)" in text


def test_flat_values_find_their_table_and_layers_are_layer_specs():
    spec = RunSpec().with_values(lr=0.5, layers="2:sigmoid,1:sigmoid", val_split=0.2)
    assert spec.training.lr == 0.5
    assert spec.data.val_split == 0.2
    assert spec.network.layers == (LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid"))


@pytest.mark.parametrize(("values", "needle"), [
    ({"lr": "fast"}, "lr = 'fast': expected a number"),
    ({"epochs": 0}, "epochs = 0 must be at least 1"),
    ({"val_split": 1.0}, "val_split = 1 must be below 1"),
    ({"optimizer": "adamw"}, 'optimizer = "adamw": use one of'),
    ({"learning_rate": 0.1}, 'unknown key "learning_rate"'),
    ({"drop_missing": True, "fill_missing": "mean"}, "drop_missing and fill_missing exclude each other"),
])
def test_bad_values_name_the_key(values, needle):
    with pytest.raises(TuiNNError, match=None) as caught:
        RunSpec().with_values(**values)
    assert needle in str(caught.value)


def test_dict_round_trip_keeps_every_key():
    spec = RunSpec().with_values(source="iris", target="species", features="a,b", drop="c", val_split=0.25,
                                 layers="6:tanh,3:softmax", loss="cce", optimizer="sgd", lr=0.3, epochs=7,
                                 early_stop=3, seed=11, shuffle=False, dtype="float64", standardize=False)
    assert RunSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    assert set(KEYS) >= {"source", "layers", "lr", "val_split", "batch_size", "early_stop"}


def test_setup_file_paths_are_relative_to_the_file(tmp_path):
    data = tmp_path / "data" / "table.csv"
    data.parent.mkdir()
    data.write_text("a,b,y\n1,2,0\n2,1,1\n3,3,0\n4,1,1\n", encoding="utf-8")
    setup = tmp_path / "runs" / "one.toml"
    setup.parent.mkdir()
    write_setup(RunSpec().with_values(source=str(data)), setup)
    assert 'source = "../data/table.csv"' in setup.read_text(encoding="utf-8")
    assert Path(read_setup(setup).data.source).resolve() == data.resolve()
    # a bundled name stays a name
    assert 'source = "man_woman"' in setup_text(RunSpec().with_values(source="man_woman"), setup)


@pytest.mark.parametrize(("text", "needle"), [
    ("[training]\nlearnin_rate = 0.1\n", 'unknown key "learnin_rate" in [training]'),
    ("[trainig]\nlr = 0.1\n", "unknown table [trainig]: did you mean [training]?"),
    ("[training]\nlr = \"x\"\n", "[training] lr = 'x': expected a number"),
    ("[network]\nlayers = [\"2:sigmoid\", \"1:sigmod\"]\n", 'unknown activation "sigmod"'),
    ("[data\nsource = 1\n", "not valid TOML"),
])
def test_a_bad_setup_file_is_exit_2_with_one_line_naming_file_and_key(tmp_path, capsys, text, needle):
    setup = tmp_path / "bad.toml"
    setup.write_text(text, encoding="utf-8")
    assert main(["train", str(setup)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(setup) in err and needle in err


def test_save_setup_then_train_it_replays_the_run_exactly(tmp_path, capsys):
    setup = tmp_path / "run.toml"
    flags = ["man_woman", "--layers", "2:sigmoid,1:sigmoid", "--epochs", "25", "--lr", "0.05", "--seed", "3",
             "--val-split", "0.2", "--backend", "numpy", "--json", "--quiet"]
    assert main(["train", *flags, "--save-setup", str(setup)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["train", str(setup), "--json", "--quiet"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["loss"] == first["loss"] and again["val_loss"] == first["val_loss"]
    assert again["epochs"] == 25


def test_flags_given_with_a_setup_file_override_its_values(tmp_path, capsys):
    setup = tmp_path / "run.toml"
    setup.write_text('[data]\nsource = "man_woman"\n[network]\nlayers = ["2:sigmoid", "1:sigmoid"]\n'
                     '[training]\nepochs = 4\nbackend = "numpy"\n', encoding="utf-8")
    assert main(["train", str(setup), "--epochs", "6", "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["epochs"] == 6
    args = build_parser().parse_args(["train", str(setup), "--lr", "0.2"])
    spec = run_spec_from_args(args)
    assert (spec.training.lr, spec.training.epochs) == (0.2, 4)


def test_a_checkpoint_carries_its_run_spec(tmp_path, capsys):
    from tui_nn.model import load_model

    model = tmp_path / "m.npz"
    assert main(["train", "man_woman", "--layers", "2:sigmoid,1:sigmoid", "--epochs", "3", "--lr", "0.2",
                 "--backend", "numpy", "--quiet", "--save", str(model)]) == 0
    spec = RunSpec.from_dict(load_model(model).meta["run"])
    assert spec.training.lr == 0.2 and spec.network.layers == (LayerSpec(2, "sigmoid"), LayerSpec(1, "sigmoid"))


async def test_the_app_opens_on_a_setup_file_and_saves_the_current_setup(tmp_path):
    from textual.widgets import Input

    from tui_nn.tui.app import make_app
    from tui_nn.tui.screens.path_prompt import PathPrompt

    setup = tmp_path / "lecture.toml"
    setup.write_text('[data]\nsource = "man_woman"\n[network]\nlayers = ["2:sigmoid", "1:sigmoid"]\n'
                     '[training]\nlr = 0.1\nepochs = 5\nbackend = "numpy"\n', encoding="utf-8")
    app = make_app(run=read_setup(setup))
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        s = app.session
        assert s.dataset.name == "man_woman" and s.summary.parameters == 9
        assert app.main.settings_form.field("lr").value == "0.1"
        await pilot.press("plus")  # 3 hidden units: the setup saved is the one on screen
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(tmp_path / "mine")
        await pilot.press("enter")
        await pilot.pause()
    saved = read_setup(tmp_path / "mine.toml")
    assert saved.network.layers == (LayerSpec(3, "sigmoid"), LayerSpec(1, "sigmoid"))
    assert saved.training.lr == 0.1 and saved.data.source == "man_woman"


@pytest.mark.parametrize("module", ["tui_nn.spec", "tui_nn.setup_file", "tui_nn.workspace", "tui_nn.headless"])
def test_the_headless_modules_never_import_textual(module):
    import subprocess
    import sys

    code = f"import sys, {module}; assert 'textual' not in sys.modules, 'textual imported'"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_an_old_checkpoint_without_a_run_is_read_into_a_run_spec():
    from tui_nn.workspace import run_of

    meta = {"training": {"optimizer": "sgd", "lr": 0.2, "batch_size": 0, "epochs": 9, "l2": 0.0,
                         "early_stop": None, "shuffle": True, "seed": 4}, "dtype": "float64", "dataset": "xor",
            "source": "/data/xor.csv", "load_options": {"target": "y", "missing": "mean", "val_split": 0.25,
                                                        "standardize": False, "seed": 4}}
    run = run_of(meta)
    assert (run.training.optimizer, run.training.lr, run.training.epochs, run.training.dtype) == ("sgd", 0.2, 9, "float64")
    assert (run.data.source, run.data.target, run.data.fill_missing, run.data.val_split) == ("/data/xor.csv", "y", "mean", 0.25)
    assert run.data.standardize is False


def test_help_builds_no_spec_flags_so_start_up_stays_light():
    """`tui-nn --help` must not import the engine (NumPy) to build `train`'s flags."""
    import subprocess
    import sys

    code = ("import sys; from tui_nn.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "assert 'numpy' not in sys.modules, 'numpy imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "train" in result.stdout


def test_save_setup_to_a_name_that_is_not_toml_is_one_line_and_writes_nothing(tmp_path, capsys):
    target, model = tmp_path / "run.txt", tmp_path / "m.npz"
    assert main(["train", "man_woman", "--epochs", "1", "--backend", "numpy", "--quiet",
                 "--save-setup", str(target), "--save", str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a setup file ends in .toml" in err and "run.toml" in err
    assert not target.exists() and not model.exists()
