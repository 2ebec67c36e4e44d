"""Checkpoints: one `.npz` holding the weights and a JSON spec (format "tui-nn/1").

Layout, loadable with `np.load(path, allow_pickle=False)`:
    layer{i}.weight   (in, out)   i from 0
    layer{i}.bias     (out,)
    spec              0-d string array of JSON: format, inputs, layers, loss, task,
                      feature_names, target, classes, standardize, ..., training settings
Files are written to a temporary file beside the target and renamed over it, so a crash
mid-save never leaves a broken checkpoint.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tui_nn.engine.network import NetworkSpec
from tui_nn.errors import TuiNNError

FORMAT = "tui-nn/1"

# The process umask can only be read by setting it; do it once, at import, before any
# thread exists that could create a file during the moment it is 0.
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint holds: the network's shape, its weights and everything else in the spec."""

    spec: NetworkSpec
    weights: list[tuple[np.ndarray, np.ndarray]]
    meta: dict[str, Any]
    """The whole spec JSON (task, feature_names, target, classes, standardize, training, ...)."""


def save_checkpoint(path: str | os.PathLike, spec: NetworkSpec, weights: list[tuple[Any, Any]], meta: dict[str, Any]) -> Path:
    """Write weights and spec atomically; `meta` adds keys (schema, training settings) to the spec JSON."""
    path = Path(path)
    document = {"format": FORMAT, **spec.to_dict(), **{k: v for k, v in meta.items() if k not in ("format", "inputs", "layers", "loss")}}
    arrays: dict[str, np.ndarray] = {"spec": np.array(json.dumps(document))}
    for i, (w, b) in enumerate(weights):
        arrays[f"layer{i}.weight"] = np.asarray(w)
        arrays[f"layer{i}.bias"] = np.asarray(b)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise TuiNNError(f"cannot save to {path}: the folder {directory} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **arrays)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the permissions a plain open() would.
        os.chmod(tmp_name, 0o666 & ~_UMASK)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def load_checkpoint(path: str | os.PathLike) -> Checkpoint:
    """Read and check a checkpoint; anything malformed is a TuiNNError naming the file."""
    path = Path(path)
    if not path.exists():
        raise TuiNNError(f"{path}: no such checkpoint file")
    if path.is_dir():
        raise TuiNNError(f"{path} is a folder, not a checkpoint file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise TuiNNError(f"{path} is not a tui-nn checkpoint (.npz)")
            arrays = {name: archive[name] for name in archive.files}
    except TuiNNError:
        raise
    except Exception as exc:  # noqa: BLE001 — an untrusted zip can fail in many ways (encrypted,
        # unknown compression, bad CRC, truncated): each is "not a readable checkpoint".
        raise TuiNNError(f"{path} is not a readable tui-nn checkpoint ({type(exc).__name__}: {exc})") from None
    if "spec" not in arrays or arrays["spec"].shape != () or arrays["spec"].dtype.kind != "U":
        raise TuiNNError(f"{path} is not a tui-nn checkpoint: it has no spec entry")
    try:
        document = json.loads(str(arrays["spec"]))
    except json.JSONDecodeError as exc:
        raise TuiNNError(f"{path}: the spec is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise TuiNNError(f'{path}: checkpoint format "{found}" is not supported (expected "{FORMAT}")')
    try:
        spec = NetworkSpec.from_dict(document)
    except TuiNNError as exc:
        raise TuiNNError(f"{path}: {exc}") from None
    weights = []
    fan_in = spec.inputs
    for i, layer in enumerate(spec.layers):
        w, b = arrays.get(f"layer{i}.weight"), arrays.get(f"layer{i}.bias")
        if w is None or b is None:
            raise TuiNNError(f"{path}: layer{i}.weight or layer{i}.bias is missing")
        if w.shape != (fan_in, layer.units) or b.shape != (layer.units,):
            raise TuiNNError(
                f"{path}: layer{i} has weight {w.shape} and bias {b.shape}, "
                f"expected ({fan_in}, {layer.units}) and ({layer.units},)"
            )
        if w.dtype.kind != "f" or b.dtype.kind != "f":
            raise TuiNNError(f"{path}: layer{i} holds {w.dtype}/{b.dtype} values, not floating point numbers")
        if not (np.isfinite(w).all() and np.isfinite(b).all()):
            raise TuiNNError(f"{path}: layer{i} holds non-finite weights (NaN or inf)")
        weights.append((w, b))
        fan_in = layer.units
    extra = sorted(set(arrays) - {"spec"} - {f"layer{i}.{p}" for i in range(len(spec.layers)) for p in ("weight", "bias")})
    if extra:
        raise TuiNNError(f"{path}: unexpected arrays {', '.join(extra)}; this is not a tui-nn/1 checkpoint")
    return Checkpoint(spec=spec, weights=weights, meta=document)
