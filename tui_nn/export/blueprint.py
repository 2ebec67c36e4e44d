"""What an exported model needs from a checkpoint, as plain numbers and names: the raw
columns and how each becomes network inputs, the standardisation, the layers and their
weights, what the outputs mean, and the training settings. Both exporters read it; the
PyTorch one writes it out as `preprocess.json`. No onnx, safetensors or torch here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tui_nn import __version__
from tui_nn.data.derive import parse_names
from tui_nn.data.tables import DEFAULT_NA_VALUES
from tui_nn.engine.activations import ELU_ALPHA, LEAKY_SLOPE
from tui_nn.engine.network import LayerSpec
from tui_nn.model import load_model

FORMAT = "tui-nn-export/1"


@dataclass(frozen=True)
class ColumnPlan:
    """One raw input column: a number (one network input) or text (one-hot, one input a category)."""

    name: str
    kind: str
    """"number" or "text"."""
    first: int
    """Index of its first network input."""
    categories: tuple[str, ...]
    """Text only: the stored categories, in the order of their inputs."""
    fill: float | str | None
    """What a missing cell takes (stored by --fill-missing), or None: predict refuses it."""

    @property
    def width(self) -> int:
        return len(self.categories) if self.kind == "text" else 1


@dataclass(frozen=True)
class Blueprint:
    """A trained model, ready to be written in another engine's terms."""

    columns: tuple[ColumnPlan, ...]
    derived: tuple[tuple[str, dict], ...]
    """Derived features (`--derive`), the last inputs: (name, expression tree as JSON,
    `tui_nn.data.derive.Node.to_dict`), computed from the filled raw numbers before standardising."""
    feature_names: tuple[str, ...]
    mean: np.ndarray
    """(n_features,) float64 subtracted before the first layer (zeros without standardisation)."""
    std: np.ndarray
    """(n_features,) float64 divided by (ones without standardisation; never 0)."""
    task: str
    target: str
    classes: tuple[str, ...] | None
    target_mean: float
    target_std: float
    """Regression outputs × target_std + target_mean are in the target's own units."""
    layers: tuple[LayerSpec, ...]
    weights: tuple[tuple[np.ndarray, np.ndarray], ...]
    """(weight (in, out), bias (out,)) per layer, in the network's dtype."""
    dtype: str
    loss: str
    huber_delta: float
    training: dict[str, Any]
    """optimizer, lr, batch_size, l2, momentum, lr schedule, shuffle, seed: what train.py continues with."""
    epochs_trained: int
    checkpoint_name: str
    checkpoint_sha256: str

    @property
    def input_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @classmethod
    def from_checkpoint(cls, path: str | os.PathLike) -> "Blueprint":
        """Read a tui-nn/1 checkpoint (errors name the file) into a blueprint."""
        from tui_nn.workspace import run_of  # noqa: PLC0415 — the RunSpec tables only when exporting

        path = Path(path)
        model = load_model(path)
        schema, network = model.schema, model.network
        columns, first = [], 0
        for name in schema.input_columns:
            categories = tuple(schema.categories.get(name, ()))
            fill = (schema.fills or {}).get(name)
            column = ColumnPlan(name, "text" if categories else "number", first, categories, fill)
            columns.append(column)
            first += column.width
        n = schema.n_features
        scale = schema.standardize
        mean = np.asarray(scale["mean"], dtype=np.float64) if scale else np.zeros(n)
        # A stored std is positive (fit_standardize makes a constant feature's 1); guard anyway.
        std = np.asarray(scale["std"], dtype=np.float64) if scale else np.ones(n)
        std = np.where(std > 0, std, 1.0)
        target_scale = schema.target_scale or {"mean": 0.0, "std": 1.0}
        config = run_of(model.meta).training.config()
        training = {
            "optimizer": config.optimizer, "lr": config.lr, "batch_size": config.batch_size, "l2": config.l2, "l1": config.l1,
            "momentum": config.momentum, "lr_schedule": config.lr_schedule, "lr_factor": config.lr_factor,
            "lr_patience": config.lr_patience, "lr_step": config.lr_step, "shuffle": config.shuffle,
            "seed": config.seed, "class_weight": run_of(model.meta).training.class_weight,
        }
        weights = tuple((np.asarray(w, dtype=network.dtype), np.asarray(b, dtype=network.dtype))
                        for w, b in network.get_weights())
        derived = tuple((feature.name, feature.tree.to_dict()) for feature in parse_names(schema.derived))
        return cls(
            columns=tuple(columns), derived=derived, feature_names=tuple(schema.feature_names), mean=mean, std=std,
            task=schema.task, target=schema.target, classes=tuple(schema.classes) if schema.classes else None,
            target_mean=float(target_scale["mean"]), target_std=float(target_scale["std"]),
            layers=tuple(network.spec.layers), weights=weights, dtype=str(network.dtype), loss=network.spec.loss,
            huber_delta=float(network.spec.huber_delta), training=training,
            epochs_trained=int(model.meta.get("epochs_trained") or 0), checkpoint_name=path.name,
            checkpoint_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        )

    def metadata(self) -> dict[str, str]:
        """Names and provenance as strings (ONNX metadata_props, safetensors metadata)."""
        return {
            "input_columns": json.dumps(list(self.input_columns)),
            "feature_names": json.dumps(list(self.feature_names)),
            "classes": json.dumps(list(self.classes) if self.classes else None),
            "target": self.target,
            "task": self.task,
            "tui_nn_version": __version__,
            "checkpoint": self.checkpoint_name,
            "checkpoint_sha256": self.checkpoint_sha256,
        }

    def preprocess(self) -> dict[str, Any]:
        """Everything but the weights, as JSON: what model.py and train.py read."""
        return {
            "format": FORMAT,
            "tui_nn_version": __version__,
            "checkpoint": self.checkpoint_name,
            "checkpoint_sha256": self.checkpoint_sha256,
            "columns": [
                {"name": c.name, "kind": c.kind, "categories": list(c.categories), "fill": c.fill}
                for c in self.columns
            ],
            "derived": [{"name": name, "tree": tree} for name, tree in self.derived],
            "feature_names": list(self.feature_names),
            # The cells `tui-nn predict` reads as missing (a marker that is a category stays that category).
            "missing_markers": list(DEFAULT_NA_VALUES),
            "standardize": {"mean": self.mean.tolist(), "std": self.std.tolist()},
            "task": self.task,
            "target": self.target,
            "classes": list(self.classes) if self.classes else None,
            "target_scale": {"mean": self.target_mean, "std": self.target_std},
            "layers": [{"units": layer.units, "activation": layer.activation, "dropout": layer.dropout}
                       for layer in self.layers],
            "activation_constants": {"leaky_relu_slope": LEAKY_SLOPE, "elu_alpha": ELU_ALPHA},
            "dtype": self.dtype,
            "loss": self.loss,
            "huber_delta": self.huber_delta,
            "training": dict(self.training),
            "epochs_trained": self.epochs_trained,
        }
