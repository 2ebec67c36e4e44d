"""Glue between a dataset's schema and the engine: choosing and checking the network's
output, adapting targets, turning outputs into predictions, saving and loading models.

Both the headless CLI and the app use these, so a model trained in one opens in the other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from tui_nn.backend import NUMPY, Backend
from tui_nn.engine.checkpoint import load_checkpoint, save_checkpoint
from tui_nn.engine.network import LayerSpec, Network, NetworkSpec, default_loss, with_dropout
from tui_nn.errors import TuiNNError
from tui_nn.words import plural

if TYPE_CHECKING:  # the data layer imports polars lazily; only its types are needed here
    from tui_nn.data import Schema


def output_hint(task: str, n_classes: int | None, n_targets: int = 1) -> str:
    """What the last layer should be, in `--layers` terms, e.g. "3 classes: end with 3:softmax"."""
    if task == "classification":
        if n_classes == 2:
            return "2 classes: end with 1:sigmoid (or 2:softmax)"
        return f"{n_classes} classes: end with {n_classes}:softmax"
    return f"regression: end with {n_targets}:linear"


def default_layers(task: str, n_features: int, n_classes: int | None, n_targets: int = 1) -> tuple[LayerSpec, ...]:
    """A sensible first network for the data: one hidden layer sized to the inputs, the right output."""
    hidden = min(64, max(8, 2 * n_features))
    if task == "classification":
        if n_classes == 2:
            return (LayerSpec(hidden, "tanh"), LayerSpec(1, "sigmoid"))
        return (LayerSpec(hidden, "relu"), LayerSpec(int(n_classes or 2), "softmax"))
    return (LayerSpec(hidden, "tanh"), LayerSpec(n_targets, "linear"))


def check_output_fits(layers: Sequence[LayerSpec], task: str, n_classes: int | None, n_targets: int = 1) -> None:
    """Raise TuiNNError when the last layer cannot produce the targets; the message says what fits."""
    last = layers[-1]
    hint = output_hint(task, n_classes, n_targets)
    if task == "classification" and n_classes == 2:
        fits = (last.units, last.activation) in ((1, "sigmoid"), (2, "softmax"))
    elif task == "classification":
        fits = last.units == n_classes and last.activation == "softmax"
    else:
        fits = last.units == n_targets and last.activation != "softmax"
    if not fits:
        raise TuiNNError(f"the output layer {last} does not fit the target — {hint}")


def resolve_loss(loss: str, layers: Sequence[LayerSpec], task: str) -> str:
    """`auto` → the loss that matches the output layer and task; other names pass through."""
    return default_loss(layers[-1].activation, task) if loss == "auto" else loss


def adapt_targets(y: np.ndarray, spec: NetworkSpec) -> np.ndarray:
    """Binary 0/1 targets (n, 1) become one-hot (n, 2) when the network ends with 2:softmax."""
    if y is not None and y.shape[1] == 1 and spec.outputs == 2 and spec.layers[-1].activation == "softmax":
        return np.concatenate([1.0 - y, y], axis=1)
    return y


@dataclass(frozen=True)
class Prediction:
    """One prediction: a class with its probabilities, or a value."""

    label: str | None
    probabilities: dict[str, float] | None
    value: float | None

    def to_dict(self) -> dict[str, Any]:
        if self.label is not None:
            return {"class": self.label, "probabilities": self.probabilities}
        return {"value": self.value}

    def __str__(self) -> str:
        if self.label is None:
            return f"{self.value:.6g}"
        probs = ", ".join(f"{name} {p:.3f}" for name, p in self.probabilities.items())
        return f"{self.label}  ({probs})"


def decode_outputs(outputs: np.ndarray, task: str, classes: Sequence[str] | None,
                   unscale: Callable[[np.ndarray], np.ndarray] | None = None) -> list[Prediction]:
    """Network outputs (n, k) → predictions: class names and probabilities, or values
    (mapped back to the target's units by `unscale`, e.g. `Schema.unscale_outputs`)."""
    outputs = np.asarray(outputs, dtype=np.float64)
    if task != "classification":
        values = unscale(outputs) if unscale is not None else outputs
        return [Prediction(None, None, float(row[0])) for row in values]
    names = list(classes or [str(i) for i in range(max(2, outputs.shape[1]))])
    if outputs.shape[1] == 1:
        probs = np.concatenate([1.0 - outputs, outputs], axis=1)
    else:
        probs = outputs
    return [
        Prediction(names[int(row.argmax())], {name: float(p) for name, p in zip(names, row)}, None)
        for row in probs
    ]


@dataclass
class Model:
    """A network together with the schema that feeds it and the settings it was trained with."""

    network: Network
    schema: "Schema"
    meta: dict[str, Any]

    def predict_encoded(self, x: np.ndarray) -> list[Prediction]:
        schema = self.schema
        return decode_outputs(self.network.predict(x), schema.task, schema.classes, schema.unscale_outputs)

    def predict_text(self, text: str, strict: bool = True, notes: list[str] | None = None) -> list[Prediction]:
        """Predict from `--input` text such as "weight=80,height=185" (or "8" for one input).
        Not `strict`: an empty value takes the stored fill value, an unknown category is all
        zeros, each said in `notes`."""
        rows = [self.schema.parse_input(text)]
        return self.predict_encoded(self.schema.encode_rows(rows, forgive=not strict, notes=notes))

    def predict_file(self, path: str | os.PathLike) -> list[Prediction]:
        """Predictions for every row of a file, strictly (any empty cell or unknown category is an error)."""
        return self.predict_encoded(self.schema.encode_file(path))

    def report_file(self, path: str | os.PathLike, strict: bool = False) -> "PredictReport":
        """`tui-nn predict --csv`: predictions for every row of a file, forgiving unless `strict`
        (stored fill values for empty cells, all zeros for unknown categories, said in the notes),
        and when the file has the target column, the score on the rows that have a target."""
        from tui_nn.data.tables import INDEX_NAMES, read_table  # noqa: PLC0415 — polars only when a file is read

        # A model trained with --keep-index has the index among its inputs: keep it here too.
        keep_index = bool(self.schema.input_columns) and self.schema.input_columns[0] in (*INDEX_NAMES, "column1")
        table = read_table(path, str(path), keep_index=keep_index)
        x, notes = self.schema.encode_predict_table(table, strict=strict)
        predictions = self.predict_encoded(x)
        score = None
        if self.schema.target in table.columns and table.columns[self.schema.target].problem is None:
            score = score_predictions(self.schema, table.columns[self.schema.target], predictions, notes)
        return PredictReport(predictions, tuple(notes), score)


@dataclass(frozen=True)
class PredictReport:
    """What `predict` says about a file: the predictions, notes a person should read, the score."""

    predictions: list[Prediction]
    notes: tuple[str, ...]
    """Filled cells, unknown categories, how the file was read."""
    score: dict[str, Any] | None
    """{"accuracy": a, "rows": n} (classification) or {"r2": r, "rows": n} (regression) on the rows
    with a target value, when the file has the target column; else None."""

    def score_line(self, target: str) -> str | None:
        """`accuracy 93.3% on 30 rows with a "species" value`, or None without a score."""
        if not self.score:
            return None
        rows = self.score["rows"]
        where = f'on {plural(rows, "row")} with a "{target}" value'
        if "accuracy" in self.score:
            return f"accuracy {self.score['accuracy']:.1%} {where}"
        r2 = self.score["r2"]
        return f"R² {r2:.4f} {where}" if r2 is not None else f"R² undefined {where} (the target is constant)"


def score_predictions(schema: "Schema", target: Any, predictions: Sequence[Prediction],
                      notes: list[str]) -> dict[str, Any] | None:
    """Accuracy (classification) or R² (regression) of `predictions` against a target column of
    the same rows; rows with no target value are left out. None when no row has one."""
    present = ~target.missing
    rows = int(present.sum())
    if not rows:
        notes.append(f'the "{schema.target}" column is empty in every row: no score')
        return None
    if schema.task == "classification":
        truth = target.texts()
        known = set(schema.classes or ())
        right = sum(1 for i in np.flatnonzero(present) if predictions[i].label == truth[i])
        strange = sorted({str(truth[i]) for i in np.flatnonzero(present) if truth[i] not in known})
        if strange:
            from tui_nn.data.text import show_list  # noqa: PLC0415

            notes.append(f'"{schema.target}" holds classes the model does not know ({show_list(strange, 6)}): '
                         "those rows count as wrong")
        return {"accuracy": right / rows, "rows": rows}
    if target.kind == "text":
        notes.append(f'the "{schema.target}" column holds text, not numbers: no R²')
        return None
    y = np.asarray(target.values, dtype=np.float64)[present]
    p = np.array([predictions[i].value for i in np.flatnonzero(present)], dtype=np.float64)
    total = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum((y - p) ** 2)) / total if total > 0 else None
    return {"r2": r2, "rows": rows}


def save_model(path: str | os.PathLike, network: Network, schema: "Schema", extra: dict[str, Any],
               weights: Sequence[tuple[Any, Any]] | None = None) -> Path:
    """Save weights, spec and schema (and `extra`, e.g. training settings) as a tui-nn/1 checkpoint.

    `weights` (host (W, b) pairs) replaces the network's own: while another thread trains,
    a snapshot the trainer took is consistent where reading the live parameters is not.
    """
    chosen = list(weights) if weights is not None else network.get_weights()
    return save_checkpoint(path, network.spec, chosen, {**schema.to_dict(), **extra})


def load_model(path: str | os.PathLike, backend: Backend = NUMPY, dtype: str | None = None) -> Model:
    """Load a checkpoint into a network on `backend`, with its schema."""
    from tui_nn.data import Schema  # noqa: PLC0415 — keep polars-free start-up for callers that never load

    checkpoint = load_checkpoint(path)
    try:
        schema = Schema.from_dict(checkpoint.meta)
    except TuiNNError as exc:
        raise TuiNNError(f"{path}: {exc}") from None
    if len(schema.feature_names) != checkpoint.spec.inputs:
        raise TuiNNError(
            f"{path}: the spec has {checkpoint.spec.inputs} inputs but {len(schema.feature_names)} feature names"
        )
    dtype = dtype or str(checkpoint.meta.get("dtype", "float32"))
    network = Network(checkpoint.spec, backend=backend, dtype=dtype if dtype in ("float32", "float64") else "float32")
    network.set_weights(checkpoint.weights)
    return Model(network=network, schema=schema, meta=checkpoint.meta)


def network_spec_for(
    schema: "Schema", n_features: int, n_targets: int, layers: Sequence[LayerSpec] | None, loss: str = "auto",
    huber_delta: float = 1.0, dropout: float = 0.0,
) -> NetworkSpec:
    """The spec for this data: the given layers (checked) or the default ones, and the loss
    (with huber's δ, which only that loss reads); `dropout` (`--dropout F`) goes on every hidden
    layer that has no rate of its own.

    n_targets is the width of the encoded targets (1 for binary classification).
    """
    n_classes = len(schema.classes) if schema.classes else None
    layers = tuple(layers) if layers else default_layers(schema.task, n_features, n_classes, n_targets)
    layers = with_dropout(layers, dropout)
    check_output_fits(layers, schema.task, n_classes, n_targets)
    spec = NetworkSpec(inputs=n_features, layers=layers, loss=resolve_loss(loss, layers, schema.task),
                       huber_delta=huber_delta)
    return spec.validate()


def check_schema_matches(model_schema: "Schema", data_schema: "Schema", source: str) -> None:
    """A checkpoint used with a dataset (--init, the app's load) must read the same features."""
    if tuple(model_schema.feature_names) != tuple(data_schema.feature_names):
        raise TuiNNError(
            f"{source} was trained on features {', '.join(model_schema.feature_names)} "
            f"but the data has {', '.join(data_schema.feature_names)}"
        )


def class_weights_of(class_weight: str | None, dataset: Any) -> np.ndarray | None:
    """One weight a class for `--class-weight` text (None: unweighted), from the training rows."""
    if class_weight is None:
        return None
    from tui_nn.engine.class_weights import class_counts, class_weights_for  # noqa: PLC0415

    schema = dataset.schema
    if schema.task != "classification":
        raise TuiNNError(f'--class-weight weighs classes, but the target "{schema.target}" is '
                         "regression: drop --class-weight (or pass --task classification)")
    return class_weights_for(class_weight, schema.classes, class_counts(dataset.y_train))


def trainer_for(training: Any, dataset: Any, network: Network, x: np.ndarray | None = None, y: np.ndarray | None = None,
                x_val: np.ndarray | None = None, y_val: np.ndarray | None = None, *, details: bool = False,
                class_weight: np.ndarray | None = None) -> Any:
    """The engine's Trainer for a run's `training` settings (a RunSpec's TrainingRequest) on
    `dataset`: its own rows unless x, y (a fold's) are given; the schema names the classes
    and the target's scale for the metrics. The app and the CLI both build theirs here."""
    from tui_nn.engine.trainer import Trainer  # noqa: PLC0415

    if x is None:
        x, y, x_val, y_val = dataset.x_train, dataset.y_train, dataset.x_val, dataset.y_val
    spec, schema = network.spec, dataset.schema
    if class_weight is None:
        class_weight = class_weights_of(training.class_weight, dataset)
    return Trainer(network, x, adapt_targets(y, spec), training.config(), schema.task,
                   x_val=x_val, y_val=adapt_targets(y_val, spec) if y_val is not None else None,
                   classes=schema.classes, target_scale=schema.target_scale,
                   class_weight=class_weight, details=details)
