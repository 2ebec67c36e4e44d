"""Setup files: a RunSpec as TOML, so a run can be written down, shared and replayed.

    [data]
    source = "iris"            # a bundled name, or a path relative to this file
    target = "species"
    val_split = 0.2

    [network]
    layers = ["6:tanh", "3:softmax"]
    loss = "auto"

    [training]
    optimizer = "adam"
    lr = 0.01
    epochs = 200
    seed = 0

Keys are the CLI flags with underscores (`--batch-size` → `batch_size`); a key left out
takes its default. `tui-nn train FILE.toml` runs one (flags given with it override its
values), `--save-setup FILE.toml` writes one, `tui-nn FILE.toml` opens the app on it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui_nn.errors import TuiNNError
from tui_nn.spec import RunSpec

SETUP_SUFFIX = ".toml"


def is_setup_path(text: str | os.PathLike | None) -> bool:
    """True for a name that means a setup file (`*.toml`), as the CLI's DATASET argument."""
    return text is not None and os.fspath(text).lower().endswith(SETUP_SUFFIX)


def _toml_loads(text: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # noqa: PLC0415
    return tomllib.loads(text)


def _is_builtin(name: str) -> bool:
    from tui_nn.data.builtin import find_builtin  # noqa: PLC0415

    return find_builtin(name) is not None


def read_setup(path: str | os.PathLike) -> RunSpec:
    """Read a setup file; every problem is one TuiNNError naming the file (and the key)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TuiNNError(f"{path}: no such setup file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TuiNNError(f"{path}: cannot read the setup file ({exc})") from None
    try:
        document = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise TuiNNError(f"{path}: not valid TOML ({exc})") from None
    folder = path.parent

    def resolve(value: str) -> str:
        # A bundled name stays a name; a path is relative to the setup file, not the working folder.
        if _is_builtin(value) or os.path.isabs(os.path.expanduser(value)):
            return os.path.expanduser(value)
        return os.path.normpath(os.fspath(folder / value))

    return RunSpec.from_dict(document, origin=str(path), resolve_path=resolve)


def setup_text(spec: RunSpec, path: str | os.PathLike | None = None) -> str:
    """The TOML of a spec; file paths are written relative to `path`'s folder when they can be."""
    import tomli_w  # noqa: PLC0415

    document = spec.to_dict()
    folder = Path(path).resolve().parent if path is not None else None
    for section, name in (("data", "source"), ("data", "val_file"), ("training", "init")):
        value = document[section].get(name)
        if value is None or _is_builtin(value) or folder is None:
            continue
        absolute = Path(value).expanduser().resolve()
        try:
            document[section][name] = os.path.relpath(absolute, folder)
        except ValueError:  # another drive on Windows
            document[section][name] = str(absolute)
    header = "# tui-nn setup: `tui-nn train THIS.toml` replays the run, `tui-nn THIS.toml` opens it in the app\n"
    return header + tomli_w.dumps(document)


def write_setup(spec: RunSpec, path: str | os.PathLike) -> Path:
    """Write `spec` as a setup file (atomically: a reader never sees half a file)."""
    path = Path(path).expanduser()
    if path.suffix.lower() != SETUP_SUFFIX:
        raise TuiNNError(f"{path}: a setup file ends in {SETUP_SUFFIX}, e.g. {path.with_suffix(SETUP_SUFFIX).name}")
    if not path.parent.is_dir():
        raise TuiNNError(f"cannot write {path}: the folder {path.parent} does not exist")
    text = setup_text(spec, path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TuiNNError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
