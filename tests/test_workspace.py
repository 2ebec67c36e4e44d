"""Opening a checkpoint with the data it needs, and the autosave, without Textual."""

from __future__ import annotations

import pytest

from tui_nn.autosave import write_autosave
from tui_nn.cli import main
from tui_nn.data import load_dataset
from tui_nn.errors import TuiNNError
from tui_nn.model import load_model
from tui_nn.spec import RunSpec
from tui_nn.workspace import autosave_run, checkpoint_meta, open_checkpoint, resume


@pytest.fixture
def xor_model(tmp_path):
    path = tmp_path / "xor.npz"
    assert main(["train", "xor", "--epochs", "2", "--lr", "0.05", "--val-split", "0.25", "--backend", "numpy",
                 "--quiet", "--save", str(path)]) == 0
    return path


def test_a_checkpoint_opened_on_other_data_brings_its_own_read_as_it_was_trained(xor_model):
    current = load_dataset("man_woman")
    opened = open_checkpoint(xor_model, current, RunSpec().with_values(source="man_woman", lr=0.9))
    assert opened.dataset is not None and opened.dataset.name == "xor"
    assert opened.run.data.source == "xor" and opened.run.data.val_split == 0.25
    assert opened.dataset.x_val is not None  # the split the settings show is the one training uses
    assert opened.run.training.lr == 0.05  # the file's training, not the app's


def test_a_checkpoint_that_fits_the_open_data_keeps_it_and_its_split(xor_model):
    current = load_dataset("xor")
    run = RunSpec().with_values(source="xor", val_split=0.0)
    opened = open_checkpoint(xor_model, current, run)
    assert opened.dataset is None and opened.run.data == run.data
    assert opened.run.training.lr == 0.05


def test_a_checkpoint_that_does_not_name_its_data_needs_open_data(tmp_path, xor_model):
    model = load_model(xor_model)
    meta = {k: v for k, v in model.meta.items() if k not in ("run", "dataset")}
    bare = tmp_path / "bare.npz"
    from tui_nn.engine.checkpoint import save_checkpoint

    save_checkpoint(bare, model.network.spec, model.network.get_weights(), meta)
    with pytest.raises(TuiNNError, match="does not name its dataset"):
        open_checkpoint(bare, None, RunSpec())


def test_resume_reopens_the_autosave_with_its_data_by_absolute_path(tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(40)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = RunSpec().with_values(source="t.csv", val_split=0.25, standardize=False, seed=3)
    dataset = load_dataset("t.csv", **run.data.load_options(3))
    from tui_nn.engine import Network
    from tui_nn.model import network_spec_for

    network = Network(network_spec_for(dataset.schema, dataset.n_features, 1, None), seed=3)
    saved = autosave_run(run)
    assert saved.data.source == str(table.resolve())
    write_autosave(network, dataset.schema, {**checkpoint_meta(run, dataset.name, 4, "done"), "run": saved.to_dict()})
    monkeypatch.chdir("/")
    opened = resume()
    assert opened.dataset.source == str(table.resolve()) or opened.dataset.name
    assert opened.run.data.val_split == 0.25 and opened.run.data.standardize is False
    assert opened.dataset.schema.standardize is None and opened.model.meta["epochs_trained"] == 4
