"""The user data folder: $TUI_NN_DATA_DIR, else platformdirs' folder for each platform; an
autosave at the old (Linux-style, every platform) path is still resumed from."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import platformdirs.macos
import platformdirs.unix
import platformdirs.windows
import pytest

from tui_nn.autosave import autosave_path, data_dir, old_data_dir, read_autosave, write_autosave
from tui_nn.data import load_dataset
from tui_nn.engine import Network, parse_layers
from tui_nn.errors import TuiNNError
from tui_nn.model import network_spec_for


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh home folder and no data-folder variables: each test sets what it needs."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("TUI_NN_DATA_DIR", "XDG_DATA_HOME", "LOCALAPPDATA", "APPDATA"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "home"


def as_platform(monkeypatch, name: str) -> None:
    """Make platformdirs answer as it does on `name` (its own rules, run on this machine)."""
    cls = {"linux": platformdirs.unix.Unix, "macos": platformdirs.macos.MacOS,
           "windows": platformdirs.windows.Windows}[name]
    if name == "windows":  # no Windows API here: read the folders from the environment
        monkeypatch.setattr(platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(platformdirs, "PlatformDirs", cls)


def save_an_autosave(epochs: int) -> None:
    dataset = load_dataset("man_woman")
    spec = network_spec_for(dataset.schema, dataset.n_features, 1, parse_layers("2:sigmoid,1:sigmoid"))
    write_autosave(Network(spec, seed=1), dataset.schema, {"dataset": "man_woman", "epochs_trained": epochs})


def save_at_the_old_path(monkeypatch, epochs: int) -> Path:
    """An autosave where an earlier tui-nn wrote it."""
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(old_data_dir()))
    save_an_autosave(epochs)
    monkeypatch.delenv("TUI_NN_DATA_DIR")
    return old_data_dir() / "autosave.npz"


def test_data_dir_on_linux_follows_xdg(home, monkeypatch, tmp_path):
    as_platform(monkeypatch, "linux")
    assert data_dir() == home / ".local" / "share" / "tui-nn"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "tui-nn"


def test_data_dir_on_macos_is_application_support(home, monkeypatch):
    as_platform(monkeypatch, "macos")
    assert data_dir() == home / "Library" / "Application Support" / "tui-nn"


def test_data_dir_on_windows_is_local_appdata_without_an_author_folder(home, monkeypatch, tmp_path):
    as_platform(monkeypatch, "windows")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert data_dir() == tmp_path / "Local" / "tui-nn"


def test_data_dir_asks_platformdirs_for_tui_nn_and_no_author(home, monkeypatch, tmp_path):
    asked = []

    def user_data_dir(*args, **kwargs):
        asked.append((args, kwargs))
        return str(tmp_path / "there")

    monkeypatch.setattr(platformdirs, "user_data_dir", user_data_dir)
    assert data_dir() == tmp_path / "there"
    assert asked == [(("tui-nn",), {"appauthor": False})]


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_tui_nn_data_dir_comes_first(home, monkeypatch, tmp_path, platform):
    as_platform(monkeypatch, platform)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: pytest.fail("platformdirs was asked"))
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    assert autosave_path() == tmp_path / "mine" / "autosave.npz"


@pytest.mark.parametrize("platform", ["macos", "windows"])
def test_an_autosave_at_the_old_path_is_still_resumed(home, monkeypatch, tmp_path, platform):
    as_platform(monkeypatch, platform)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    old = save_at_the_old_path(monkeypatch, epochs=7)
    assert old == home / ".local" / "share" / "tui-nn" / "autosave.npz" and old.exists()
    assert not (data_dir() / "autosave.npz").exists()
    assert autosave_path() == old
    assert read_autosave().meta["epochs_trained"] == 7
    save_an_autosave(epochs=9)  # the next autosave goes to the new folder, and is the one resumed
    assert autosave_path() == data_dir() / "autosave.npz" != old
    assert read_autosave().meta["epochs_trained"] == 9


def test_the_old_path_follows_xdg_data_home_too(home, monkeypatch, tmp_path):
    as_platform(monkeypatch, "macos")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    old = save_at_the_old_path(monkeypatch, epochs=4)
    assert old == tmp_path / "xdg" / "tui-nn" / "autosave.npz"
    assert read_autosave().meta["epochs_trained"] == 4


def test_tui_nn_data_dir_never_falls_back_to_the_old_path(home, monkeypatch, tmp_path):
    as_platform(monkeypatch, "macos")
    save_at_the_old_path(monkeypatch, epochs=3)
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(tmp_path / "mine"))
    with pytest.raises(TuiNNError, match="nothing to resume"):
        read_autosave()


def test_with_no_autosave_anywhere_the_error_names_the_new_folder(home, monkeypatch):
    as_platform(monkeypatch, "macos")
    with pytest.raises(TuiNNError, match="Application Support"):
        read_autosave()
