"""What a wheel carries: every subpackage, and the bundled datasets inside the package."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui_nn.data.builtin import builtin_datasets, find_datasets_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_the_package_list_names_every_subpackage_of_the_source_tree(setuptools_config):
    # The list is written out (the datasets need a mapping that automatic discovery cannot
    # give), so a new subpackage must be added by hand: this is where forgetting shows.
    in_tree = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "tui_nn").rglob("__init__.py")
    }
    assert set(setuptools_config["packages"]) == in_tree | {"tui_nn.datasets"}


def test_the_bundled_datasets_travel_as_package_data(setuptools_config):
    assert setuptools_config["package-dir"]["tui_nn.datasets"] == "datasets"
    patterns = setuptools_config["package-data"]["tui_nn.datasets"]
    assert "*.csv" in patterns
    assert all(info.path.parent == ROOT / "datasets" and info.path.suffix == ".csv" for info in builtin_datasets())


def test_every_file_the_package_reads_besides_code_is_package_data(setuptools_config):
    # A stylesheet left out of the wheel crashes that screen in an installed copy only.
    patterns = setuptools_config["package-data"]["tui_nn"]
    files = [path for path in (ROOT / "tui_nn").rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")]
    assert files  # the stylesheets at least
    for path in files:
        relative = path.relative_to(ROOT / "tui_nn")
        assert any(relative.match(pattern) for pattern in patterns), f"{relative} is not in package-data"


def test_datasets_are_found_inside_an_installed_package_first(tmp_path):
    package = tmp_path / "site-packages" / "tui_nn"
    (package / "datasets").mkdir(parents=True)
    assert find_datasets_dir(package) == package / "datasets"  # installed from a wheel


def test_datasets_are_found_beside_the_package_in_a_checkout(tmp_path):
    package = tmp_path / "repo" / "tui_nn"
    package.mkdir(parents=True)
    assert find_datasets_dir(package) == tmp_path / "repo" / "datasets"
