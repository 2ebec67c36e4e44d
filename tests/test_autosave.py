"""The autosave a crashed or closed app session is resumed from."""

from __future__ import annotations

import numpy as np
import platformdirs
import platformdirs.unix
import pytest

from tui_nn.autosave import autosave_path, data_dir, read_autosave, write_autosave
from tui_nn.data import load_dataset
from tui_nn.engine import Network, parse_layers
from tui_nn.errors import TuiNNError
from tui_nn.model import network_spec_for


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """The data folder as on Linux (platformdirs' rules for it, on any platform)."""
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.unix.Unix)
    monkeypatch.delenv("TUI_NN_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "tui-nn"


def test_data_dir_follows_xdg_and_the_override(data_home, monkeypatch, tmp_path):
    assert data_dir() == data_home
    monkeypatch.setenv("TUI_NN_DATA_DIR", str(tmp_path / "mine"))
    assert autosave_path() == tmp_path / "mine" / "autosave.npz"


def test_autosave_round_trip(data_home):
    dataset = load_dataset("man_woman")
    spec = network_spec_for(dataset.schema, dataset.n_features, 1, parse_layers("2:sigmoid,1:sigmoid"))
    network = Network(spec, seed=3)
    write_autosave(network, dataset.schema, {"dataset": "man_woman", "epochs_trained": 12})
    model = read_autosave()
    assert model.meta["epochs_trained"] == 12 and model.schema.classes == ("Man", "Woman")
    for (w, b), (w2, b2) in zip(network.get_weights(), model.network.get_weights()):
        np.testing.assert_array_equal(w, w2)
        np.testing.assert_array_equal(b, b2)
    assert [p.name for p in data_home.iterdir()] == ["autosave.npz"]


def test_nothing_to_resume_is_a_clear_error(data_home):
    with pytest.raises(TuiNNError, match="nothing to resume"):
        read_autosave()


def test_a_damaged_autosave_is_a_clear_error(data_home):
    data_home.mkdir(parents=True)
    (data_home / "autosave.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TuiNNError, match="autosave.npz"):
        read_autosave()
