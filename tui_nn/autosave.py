"""The app's safety net: the current model, saved where `tui-nn --resume` finds it.

The app writes it whenever training stops and when it quits; a crash or a kill therefore
loses at most the run in progress. The file is an ordinary tui-nn/1 checkpoint (written
atomically), kept in the user's data folder: $TUI_NN_DATA_DIR if set, else the platform's
(platformdirs' `user_data_dir`): $XDG_DATA_HOME/tui-nn or ~/.local/share/tui-nn on Linux,
~/Library/Application Support/tui-nn on macOS, %LOCALAPPDATA%\\tui-nn on Windows.

Earlier versions used the Linux folder on every platform; an autosave left there is still
read (`autosave_path`) until the app writes one in the new folder.
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

APP_NAME = "tui-nn"
AUTOSAVE_NAME = "autosave.npz"


def data_dir() -> Path:
    """Where tui-nn keeps per-user files (see the module docstring for the order)."""
    explicit = os.environ.get("TUI_NN_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs  # noqa: PLC0415 — only when a file is read or written

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def old_data_dir() -> Path:
    """The folder earlier versions used on every platform: XDG's rules, as they wrote them."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / APP_NAME


def autosave_path() -> Path:
    """The autosave to resume from: the data folder's, else one an earlier version left at
    the old path (none under $TUI_NN_DATA_DIR); where `write_autosave` writes when neither exists."""
    path = data_dir() / AUTOSAVE_NAME
    if path.exists() or os.environ.get("TUI_NN_DATA_DIR"):
        return path
    old = old_data_dir() / AUTOSAVE_NAME
    return old if old.exists() else path


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
