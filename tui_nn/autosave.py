"""The app's safety net: the current model, saved where `tui-nn --resume` finds it.

The app writes it whenever training stops and when it quits; a crash or a kill therefore
loses at most the run in progress. The file is an ordinary tui-nn/1 checkpoint (written
atomically), kept in the user's data folder: $TUI_NN_DATA_DIR if set, else
$XDG_DATA_HOME/tui-nn, else ~/.local/share/tui-nn.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from tui_nn.errors import TuiNNError

if TYPE_CHECKING:
    from tui_nn.data import Schema
    from tui_nn.engine import Network
    from tui_nn.model import Model

AUTOSAVE_NAME = "autosave.npz"


def data_dir() -> Path:
    """Where tui-nn keeps per-user files (see the module docstring for the order)."""
    explicit = os.environ.get("TUI_NN_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "tui-nn"


def autosave_path() -> Path:
    return data_dir() / AUTOSAVE_NAME


def write_autosave(network: "Network", schema: "Schema", meta: dict[str, Any],
                   weights: Sequence[tuple[Any, Any]] | None = None) -> Path:
    """Save the session's model atomically; the previous autosave stays intact until the rename.

    `weights`: a trainer snapshot to save instead of the live parameters (during a run)."""
    from tui_nn.model import save_model  # noqa: PLC0415 — keeps `import tui_nn.autosave` light

    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TuiNNError(f"cannot create {folder} for the autosave ({exc.strerror}); set TUI_NN_DATA_DIR") from None
    return save_model(folder / AUTOSAVE_NAME, network, schema, meta, weights)


def read_autosave() -> "Model":
    """The last autosaved model; TuiNNError when there is none or it cannot be read."""
    from tui_nn.model import load_model  # noqa: PLC0415

    path = autosave_path()
    if not path.exists():
        raise TuiNNError(f"nothing to resume: {path} does not exist yet — train a model in the app first")
    return load_model(path)
