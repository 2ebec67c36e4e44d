"""Opening a saved model together with the data it needs: checkpoints, the autosave, resume.

No Textual here: the app calls these from its workers and applies the result on the UI
thread, and the tests call them directly. The rules:

- A checkpoint records its whole run (`run`, a RunSpec dict). A tui-nn/1 file written
  before the RunSpec (only `training`, `dataset` and, for the autosave, `source` and
  `load_options`) is read into a RunSpec all the same.
- Loading a checkpoint keeps the data that is open when it has the checkpoint's features;
  otherwise it reopens the checkpoint's own data, the way it was read for training
  (target, missing values, split, standardisation), so what the settings show is what
  training uses.
- The autosave names its data by absolute path, so `tui-nn --resume` works from any folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from tui_nn.errors import TuiNNError
from tui_nn.spec import KEYS, DataRequest, RunSpec

if TYPE_CHECKING:
    from tui_nn.backend import Backend
    from tui_nn.data import Dataset
    from tui_nn.model import Model


def checkpoint_meta(run: RunSpec, dataset_name: str | None, epochs_trained: int, stopped: str,
                    dtype: str | None = None) -> dict[str, Any]:
    """What a checkpoint carries beside weights and schema: the whole RunSpec (`run`), and the
    keys older readers look for (`training`, `dtype`, `dataset`)."""
    return {"run": run.to_dict(), "training": run.training.config().to_dict(),
            "dtype": dtype or run.training.dtype, "dataset": dataset_name,
            "epochs_trained": epochs_trained, "stopped": stopped}


def _known(table: Mapping[str, Any], section: str) -> dict[str, Any]:
    """The keys of `table` that belong to `section` (old files carry a few more or fewer)."""
    return {k: v for k, v in table.items() if k in KEYS and KEYS[k].section == section}


def run_of(meta: Mapping[str, Any], origin: str = "") -> RunSpec:
    """The RunSpec a checkpoint's meta records (rebuilt for files from before the RunSpec)."""
    recorded = meta.get("run")
    if isinstance(recorded, Mapping):
        return RunSpec.from_dict(recorded, origin=origin)
    # tui-nn/1 before the RunSpec: `training` (TrainConfig.to_dict), `dtype`, `dataset`,
    # and in an autosave `source` plus `load_options` (load_dataset's keywords).
    training = _known(meta.get("training") or {}, "training")
    if meta.get("dtype") in ("float32", "float64"):
        training["dtype"] = meta["dtype"]
    data: dict[str, Any] = {}
    options = meta.get("load_options")
    if isinstance(options, Mapping):
        data = _known({k: v for k, v in options.items() if v is not None}, "data")
        missing = options.get("missing")
        if missing == "drop":
            data["drop_missing"] = True
        elif missing in ("mean", "median", "zero"):
            data["fill_missing"] = missing
        if "seed" in options and "seed" not in training:
            training["seed"] = options["seed"]
    source = meta.get("source") or meta.get("dataset")
    if source:
        data["source"] = source
    try:
        return RunSpec.from_dict({"data": data, "training": training}, origin=origin)
    except TuiNNError:  # a foreign file's odd settings: keep what can be kept, the data at least
        return RunSpec(data=DataRequest(source=data.get("source")))


@dataclass(frozen=True)
class Opened:
    """A model opened with its data: what the app adopts in one step."""

    path: str
    model: "Model"
    run: RunSpec
    """The run as it now stands: the checkpoint's network and training, the data as opened."""
    dataset: "Dataset | None"
    """The data reopened for the model, or None when the open data already fits it."""


def _reopen(source: str, data: DataRequest, seed: int, what: str) -> "Dataset":
    from tui_nn.data import load_dataset  # noqa: PLC0415

    try:
        return load_dataset(source, **data.load_options(seed))
    except TuiNNError as exc:
        raise TuiNNError(f"{what} was trained on {source}, which could not be opened: {exc}") from None


def open_checkpoint(path: str | os.PathLike, current: "Dataset | None", run: RunSpec,
                    backend: "Backend | None" = None) -> Opened:
    """Load a checkpoint for the app (ctrl+o): with the open data if it fits, else with its own."""
    from tui_nn.backend import NUMPY  # noqa: PLC0415
    from tui_nn.model import check_schema_matches, load_model  # noqa: PLC0415

    path = os.path.expanduser(os.fspath(path))
    model = load_model(path, backend=backend or NUMPY)
    recorded = run_of(model.meta, origin=path)
    fits = current is not None and tuple(current.schema.feature_names) == tuple(model.schema.feature_names)
    if fits:
        # The open data stays as it is read (its split too); network and training come from the file.
        adopted = replace(recorded, data=run.data)
        return Opened(path, model, adopted, None)
    source = recorded.data.source or model.meta.get("dataset")
    if not source:
        if current is None:
            raise TuiNNError(f"{path} does not name its dataset: open the data with o first")
        check_schema_matches(model.schema, current.schema, path)
    # A checkpoint trained on raw numbers records no standardisation: reopen its data raw too.
    data = replace(recorded.data, source=source, target=model.schema.target,
                   standardize=model.schema.standardize is not None)
    dataset = _reopen(source, data, recorded.training.seed, path)
    check_schema_matches(model.schema, dataset.schema, path)
    return Opened(path, model, replace(recorded, data=data), dataset)


def autosave_run(run: RunSpec) -> RunSpec:
    """The run as the autosave records it: a file source by absolute path (resume from any folder)."""
    from tui_nn.data.builtin import find_builtin  # noqa: PLC0415

    source = run.data.source
    if source and not find_builtin(str(source)):
        return replace(run, data=replace(run.data, source=str(Path(source).expanduser().resolve())))
    return run


def resume() -> Opened:
    """`tui-nn --resume`: the autosaved model and its data, reopened the way it was read."""
    from tui_nn.autosave import autosave_path, read_autosave  # noqa: PLC0415
    from tui_nn.model import check_schema_matches  # noqa: PLC0415

    path = str(autosave_path())
    model = read_autosave()
    run = run_of(model.meta, origin=path)
    # The schema records whether the model saw standardised inputs: reopen its data the same way.
    run = replace(run, data=replace(run.data, standardize=model.schema.standardize is not None))
    if not run.data.source or not ("run" in model.meta or isinstance(model.meta.get("load_options"), Mapping)):
        raise TuiNNError(f"{path} does not record its dataset: open the data with o, then load it with ctrl+o")
    dataset = _reopen(run.data.source, run.data, run.training.seed, "the autosaved model")
    check_schema_matches(model.schema, dataset.schema, path)
    # On NumPy: the session that adopts it moves the weights to its own backend (adopt_model).
    return Opened(path, model, run, dataset)
