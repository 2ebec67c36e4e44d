"""The bundled datasets: the registry matches the files, the generator reproduces them, names resolve."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import tui_nn
from tui_nn.data import builtin_datasets, load_dataset, resolve_source
from tui_nn.data.builtin import DATASETS_DIR
from tui_nn.data.generators import GENERATORS, generate

ROOT = Path(tui_nn.__file__).resolve().parent.parent
INFOS = builtin_datasets()


def load_script():
    spec = importlib.util.spec_from_file_location("make_datasets", ROOT / "scripts" / "make_datasets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_datasets_live_beside_the_package():
    assert DATASETS_DIR == ROOT / "datasets"
    assert {info.name for info in INFOS} >= {
        "man_woman", "linear", "fields", "man_woman_500", "linear_200", "xor", "circles", "spiral", "moons",
        "gaussians", "plane", "sine", "iris", "wine", "breast_cancer", "diabetes",
    }


@pytest.mark.parametrize("info", INFOS, ids=[i.name for i in INFOS])
def test_registry_matches_the_file(info):
    ds = load_dataset(info.name)
    assert ds.name == info.name
    assert resolve_source(info.name) == info.path
    assert ds.n_rows == info.rows
    assert ds.n_features == info.features
    assert ds.schema.task == info.task
    assert (len(ds.schema.classes) if ds.schema.classes else None) == info.classes
    assert info.description and "\n" not in info.description
    assert info.teaches and info.source and info.licence and info.kind in ("seed", "synthetic", "real")


def test_seed_tables_are_exactly_as_printed():
    assert (DATASETS_DIR / "man_woman.csv").read_text() == "weight,height,class\n100,180,Man\n70,190,Man\n50,160,Woman\n"
    assert (DATASETS_DIR / "linear.csv").read_text() == "x,y\n1,2\n3,4\n5,6\n7,8\n8,9\n"
    assert (DATASETS_DIR / "fields.csv").read_text() == (
        "field1,field2,field3,class\n1.4,2.7,1.9,0\n3.8,3.4,3.2,0\n6.4,2.8,1.7,1\n4.1,0.1,0.2,0\n"
    )


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generator_reproduces_the_bundled_file(name, tmp_path, capsys):
    script = load_script()
    script.write_csv(tmp_path / f"{name}.csv", generate(name))
    assert (tmp_path / f"{name}.csv").read_bytes() == (DATASETS_DIR / f"{name}.csv").read_bytes()


def test_readme_is_generated_from_the_registry():
    script = load_script()
    assert (DATASETS_DIR / "README.md").read_text(encoding="utf-8") == script.readme_text()
    for info in INFOS:
        assert f"| `{info.name}` | {info.rows} |" in script.readme_text()


def test_text_class_names_are_kept():
    assert load_dataset("iris").schema.classes == ("setosa", "versicolor", "virginica")
    assert load_dataset("breast_cancer").schema.classes == ("benign", "malignant")
    assert load_dataset("man_woman_500").schema.classes == ("Man", "Woman")
    assert load_dataset("xor").schema.classes == ("0", "1")


def test_bundled_name_wins_and_paths_still_work(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("a,b\n1,2\n2,3\n")
    assert resolve_source(path) == path
    assert resolve_source(str(path)) == path
    assert load_dataset(path).name == "mine"


def test_every_bundled_file_is_in_the_registry():
    assert {p.name for p in DATASETS_DIR.glob("*.csv")} == {info.path.name for info in INFOS}


# -- suggested networks and setups ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "layers", "standardize", "parameters"),
    [("man_woman", "2:sigmoid,1:sigmoid", True, 9), ("linear", "1:linear", False, 2),
     ("fields", "2:sigmoid,1:sigmoid", True, 11)],
)
def test_the_lectures_tables_suggest_the_lectures_networks(name, layers, standardize, parameters):
    from tui_nn.engine.network import NetworkSpec
    from tui_nn.spec import RunSpec

    run = RunSpec().with_values(source=name).with_suggestions()
    assert ",".join(str(layer) for layer in run.network.layers) == layers
    assert run.data.standardize is standardize
    info = next(i for i in builtin_datasets() if i.name == name)
    spec = NetworkSpec(inputs=info.features, layers=run.network.layers, loss="mse")
    assert spec.summary().parameters == parameters


def test_given_layers_and_standardize_win_over_the_suggestion():
    from tui_nn.spec import RunSpec

    run = RunSpec().with_values(source="linear", layers="3:tanh,1:linear", standardize=True)
    assert run.suggestion_note() is None
    suggested = run.with_suggestions()
    assert suggested.network.layers == run.network.layers and suggested.data.standardize is True
    # A file (even the bundled one, by path) and other bundled sets suggest nothing: their default network.
    for source in (str(DATASETS_DIR / "linear.csv"), "iris"):
        plain = RunSpec().with_values(source=source).with_suggestions()
        assert plain.network.layers is None and plain.data.standardize is True


def test_a_setup_file_without_standardize_takes_the_suggestion_and_with_it_keeps_its_own(tmp_path):
    from tui_nn.setup_file import read_setup

    path = tmp_path / "s.toml"
    path.write_text('[data]\nsource = "linear"\n')
    assert read_setup(path).data.load_options(0)["standardize"] is False
    path.write_text('[data]\nsource = "linear"\nstandardize = true\n[network]\nlayers = ["1:linear"]\n')
    run = read_setup(path)
    assert run.data.load_options(0)["standardize"] is True and run.suggestion_note() is None
