"""A blueprint as a PyTorch folder: the weights as an nn.Sequential state dict in
safetensors, the preprocessing as JSON, and model.py / train.py (templates/, copied as
they are: they read everything model-specific from preprocess.json).

    weights.safetensors   "0.weight" [out, in], "0.bias", "2.weight", ...: layer i is module
                          2·i of Linear, activation, Linear, activation, ...
    preprocess.json       Blueprint.preprocess()
    model.py, train.py    load/predict, and continued training (torchrun-ready)

Written with safetensors' NumPy API: exporting never imports torch.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from tui_nn.export.blueprint import Blueprint

TEMPLATES = Path(__file__).resolve().parent / "templates"
FILES = ("model.py", "train.py")


def state_dict(blueprint: Blueprint) -> dict[str, np.ndarray]:
    """The weights named as torch names an nn.Sequential's: tui-nn keeps W as (in, out), torch as (out, in)."""
    tensors: dict[str, np.ndarray] = {}
    for i, (w, b) in enumerate(blueprint.weights):
        tensors[f"{2 * i}.weight"] = np.ascontiguousarray(w.T)
        tensors[f"{2 * i}.bias"] = np.ascontiguousarray(b)
    return tensors


def write_folder(blueprint: Blueprint, folder: Path) -> Path:
    """Write (or overwrite) the export's four files in `folder`; the folder."""
    folder.mkdir(exist_ok=True)
    metadata = {"format": "pt", **blueprint.metadata()}
    save_file(state_dict(blueprint), str(folder / "weights.safetensors"), metadata=metadata)
    (folder / "preprocess.json").write_text(json.dumps(blueprint.preprocess(), indent=1) + "\n", encoding="utf-8")
    for name in FILES:
        shutil.copyfile(TEMPLATES / name, folder / name)
    return folder
