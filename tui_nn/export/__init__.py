"""Taking a model elsewhere: a tui-nn checkpoint as an ONNX file or a PyTorch folder.

    export_checkpoint(CKPT, "onnx" | "pytorch", out=None) -> the path written

Each format is one `Exporter` in `EXPORTERS`: the packages it needs (the optional extra
`tui-nn[export]`: onnx, safetensors), where it writes by default, and the function that
writes it from a `Blueprint` (`blueprint.py`, the checkpoint as plain numbers). Exporting
never imports torch or onnxruntime: they are for whoever runs the result.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tui_nn.errors import TuiNNError

EXTRA = 'pip install "tui-nn[export]"'


def _write_onnx(blueprint, path: Path) -> Path:
    from tui_nn.export.onnx_graph import write_onnx  # noqa: PLC0415 — onnx only when it is asked for

    return write_onnx(blueprint, path)


def _write_pytorch(blueprint, path: Path) -> Path:
    from tui_nn.export.pytorch import write_folder  # noqa: PLC0415 — safetensors only when asked for

    return write_folder(blueprint, path)


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    name: str
    what: str
    """For help and messages: what the result is."""
    modules: tuple[str, ...]
    """Packages it imports (all in the `export` extra)."""
    suffix: str
    """The written file's suffix; "" for a folder."""
    place: Callable[[Path, Path | None], Path]
    """(checkpoint, -o as given or None) → where to write."""
    write: Callable[..., Path]


def _onnx_place(checkpoint: Path, out: Path | None) -> Path:
    if out is None:
        return checkpoint.with_suffix(".onnx")
    # A name without a suffix gets one, as the app's save does; another suffix is the user's.
    return out if out.suffix else out.with_name(out.name + ".onnx")


def _folder_place(checkpoint: Path, out: Path | None) -> Path:
    return out if out is not None else checkpoint.with_name(f"{checkpoint.stem}-pytorch")


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("onnx", "one .onnx file for ONNX Runtime: raw columns in, probabilities and label (or value) out",
                 ("onnx",), ".onnx", _onnx_place, _write_onnx),
        Exporter("pytorch", "a folder: weights.safetensors, preprocess.json, model.py (predict) and train.py "
                 "(continue training, torchrun-ready)", ("safetensors",), "", _folder_place, _write_pytorch),
    )
}
"""Every export format by name: adding one is a writer module and one entry here."""


def require(exporter: Exporter) -> None:
    """A TuiNNError naming the extra to install when a package the format needs is missing."""
    for module in exporter.modules:
        try:
            importlib.import_module(module)
        except ImportError:
            raise TuiNNError(f"exporting to {exporter.name} needs the {module} package: {EXTRA}") from None


def check_target(exporter: Exporter, target: Path) -> None:
    """Refuse a place that cannot be written before anything is built."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise TuiNNError(f"cannot export to {target}: the folder {folder} does not exist")
    folder_wanted = not exporter.suffix
    if target.exists() and target.is_dir() != folder_wanted:
        want = "a folder name" if folder_wanted else f"a file name such as model{exporter.suffix}"
        raise TuiNNError(f"cannot export to {target}: it is a {'file' if folder_wanted else 'folder'} — give {want}")


def exporter_for(path: Path) -> Exporter:
    """The format a path asks for by its suffix (the app's prompt): model.onnx → onnx, a name
    without a suffix → a PyTorch folder."""
    for exporter in EXPORTERS.values():
        if path.suffix.lower() == exporter.suffix:
            return exporter
    kinds = ", ".join(f"NAME{e.suffix} ({e.name})" if e.suffix else f"a folder name ({e.name})"
                      for e in EXPORTERS.values())
    raise TuiNNError(f"{path}: export to {kinds}")


def export_checkpoint(checkpoint: str | os.PathLike, to: str, out: str | os.PathLike | None = None) -> Path:
    """Export a checkpoint to format `to` (a key of EXPORTERS); returns the path written."""
    try:
        exporter = EXPORTERS[to]
    except KeyError:
        raise TuiNNError(f'unknown export format "{to}": use --to {" or ".join(EXPORTERS)}') from None
    require(exporter)
    from tui_nn.export.blueprint import Blueprint  # noqa: PLC0415

    checkpoint = Path(checkpoint)
    target = exporter.place(checkpoint, Path(os.path.expanduser(str(out))) if out is not None else None)
    check_target(exporter, target)
    blueprint = Blueprint.from_checkpoint(checkpoint)
    return exporter.write(blueprint, target)
