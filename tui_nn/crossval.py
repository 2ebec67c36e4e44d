"""`tui-nn train --folds K`: k-fold cross-validation, headless.

The table is read once without a split; each fold trains a fresh network (same seed, same
settings) on the other folds' rows, re-standardised on them, and validates on its own.
Each fold's final validation metrics print as they come, then their mean and standard
deviation (population, as scikit-learn's cross_val_score users compute it with NumPy).
With --save, one more model trains on every row and is saved: cross-validation estimates
how well the recipe does; the model to keep is the one that saw all the data.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import IO, Any, Callable, Iterator

import numpy as np

from tui_nn.data.folds import restandardize, split_folds
from tui_nn.engine.trainer import Trainer
from tui_nn.headless import (
    RunResult,
    TrainOutputs,
    TrainingProgress,
    _introduce,
    _number,
    _numbers,
    _prepare,
    DETAIL_LABELS,
    describe_details,
    format_metric,
    run_training,
    stream_is_terminal,
)
from tui_nn.errors import TuiNNError
from tui_nn.spec import RunSpec
from tui_nn.words import plural

CV_KEYS = ("val_loss", "val_accuracy", "val_r2", "val_f1_macro", "val_roc_auc", "val_mae", "val_rmse")
"""The fold metrics whose mean and std the summary and `--json` give (those a fold has)."""


def _bar(total_epochs: int, description: str, quiet: bool) -> TrainingProgress | None:
    if quiet or not stream_is_terminal(sys.stderr):
        return None
    from rich.console import Console  # noqa: PLC0415

    return TrainingProgress(Console(file=sys.stderr), total_epochs, description=description)


def fold_summary(folds: list[dict[str, Any]]) -> dict[str, float | None]:
    """cv_KEY_mean and cv_KEY_std over the folds, for every CV_KEYS metric the folds have."""
    out: dict[str, float | None] = {}
    for key in CV_KEYS:
        values = [fold[key] for fold in folds if fold.get(key) is not None]
        if values:
            out[f"cv_{key}_mean"] = float(np.mean(values))
            out[f"cv_{key}_std"] = float(np.std(values))
    return out


def describe_fold(number: int, folds: int, record: dict[str, Any], metric_name: str) -> str:
    """`fold 2/5: validation loss 0.091, accuracy 97.4%, F1 (macro) 0.972, ROC AUC 0.995 (30 epochs)`."""
    line = (f"fold {number}/{folds}: validation loss {record['val_loss']:.4g}, "
            f"{metric_name} {format_metric(metric_name, record.get('val_' + metric_name))}")
    more = describe_details(record)
    return line + (f", {more}" if more else "") + f" ({plural(record['epochs'], 'epoch')})"


def describe_summary(summary: dict[str, float | None], metric_name: str, folds: int) -> str:
    """`5 folds: validation accuracy 96.8% ± 1.2%, loss 0.094 ± 0.021`."""
    parts = []
    for key in (f"val_{metric_name}", "val_loss", "val_f1_macro", "val_roc_auc", "val_mae", "val_rmse"):
        mean, std = summary.get(f"cv_{key}_mean"), summary.get(f"cv_{key}_std")
        if mean is None or std is None:
            continue
        base = key.removeprefix("val_")
        label = DETAIL_LABELS.get(base, base)  # the summary line's names: F1 (macro), ROC AUC, MAE, RMSE
        if key == "val_accuracy":
            parts.append(f"{label} {mean:.1%} ± {std:.1%}")
        else:
            parts.append(f"{label} {mean:.4g} ± {std:.2g}")
    return f"{plural(folds, 'fold')}: validation " + ", ".join(parts)


@dataclass(frozen=True)
class FoldStart:
    """A fold's training begins: `trainer` can be stopped from another thread."""

    number: int
    folds: int
    trainer: Trainer


@dataclass(frozen=True)
class FoldEnd:
    """A fold ended: its final validation metrics (`record`) and how its run went."""

    record: dict[str, Any]
    result: RunResult
    metric_name: str


def fold_labels(dataset: Any) -> np.ndarray | None:
    """Class index per row for stratified folds; None for regression."""
    if dataset.schema.task != "classification":
        return None
    y = dataset.y_train
    return (y[:, 0] > 0.5).astype(int) if y.shape[1] == 1 else y.argmax(axis=1)


def run_folds(spec: RunSpec, prepared: Any, splits: list[tuple[np.ndarray, np.ndarray]],
              metrics_file: IO[str] | None = None,
              bar_for: Callable[[int], TrainingProgress | None] = lambda number: None) -> Iterator[FoldStart | FoldEnd]:
    """Train one fresh network a fold (`prepared` read without a split), yielding as each
    starts and ends; the CLI prints the ends, the app's worker posts them."""
    dataset, schema = prepared.dataset, prepared.dataset.schema
    for number, (train_rows, val_rows) in enumerate(splits, start=1):
        x_train, x_val = restandardize(dataset.x_train[train_rows], dataset.x_train[val_rows], schema)
        trainer = prepared.trainer(spec, prepared.network(spec), x_train, dataset.y_train[train_rows],
                                   x_val, dataset.y_train[val_rows], details=metrics_file is not None)
        yield FoldStart(number, len(splits), trainer)
        result = run_training(trainer, len(x_train), metrics_file, bar_for(number), fold=number)
        # The model as the fold ends (an early stop restored its best epoch's weights).
        val_loss, val_metric = trainer.validation_metrics()
        record: dict[str, Any] = {
            "fold": number,
            "rows": int(len(val_rows)),
            "epochs": result.epochs,
            "stopped": result.stopped.reason,
            "val_loss": _number(val_loss),
            f"val_{trainer.metric_name}": _number(val_metric),
            **{key: _numbers(value) for key, value in trainer.evaluate_details().items() if key.startswith("val_")},
        }
        yield FoldEnd(record, result, trainer.metric_name)


def prepare_folds(spec: RunSpec, k: int) -> tuple[Any, list[tuple[np.ndarray, np.ndarray]]]:
    """The table read without a split, and its k (training rows, validation rows) folds, seeded
    and stratified by class: what `--folds` and the app's k both train on."""
    prepared = _prepare(spec, val_split=0.0, val_file=None)
    dataset = prepared.dataset
    return prepared, list(split_folds(len(dataset.x_train), k, spec.training.seed, fold_labels(dataset)))


def cross_validate(spec: RunSpec, outputs: TrainOutputs, suggested: str | None, say: Callable[[str], None]) -> int:
    """Train and validate spec.training.folds models; print and return as `train` does."""
    k = spec.training.folds
    assert k is not None
    if spec.data.val_split or spec.data.val_file:
        # (the app holds both: its runs use the split, its k the folds)
        raise TuiNNError("folds and a validation split exclude each other: each fold holds out its own rows "
                         "(drop --val-split / --val-file)")
    prepared, splits = prepare_folds(spec, k)
    dataset = prepared.dataset
    schema = dataset.schema
    labels = fold_labels(dataset)
    if labels is not None:
        smallest = int(np.bincount(labels).min())
        if smallest < k:
            say(f"note: the rarest class has {plural(smallest, 'row')}, fewer than the {k} folds: "
                "some folds validate without it")
    if outputs.save_setup is not None:
        from tui_nn.setup_file import write_setup  # noqa: PLC0415

        write_setup(spec, outputs.save_setup)
        say(f"wrote the setup to {outputs.save_setup}")
    _introduce(spec, prepared, suggested, say)
    say(f"cross-validation: {plural(k, 'fold')} of about {len(splits[0][1])} validation rows each, seed {spec.training.seed}")

    metrics_file = open(outputs.metrics_out, "w", encoding="utf-8", buffering=1) if outputs.metrics_out else None  # noqa: SIM115
    records: list[dict[str, Any]] = []
    exit_code = 0
    seconds = 0.0
    try:
        bars = lambda number: _bar(spec.training.epochs, f"fold {number}/{k}", outputs.quiet)  # noqa: E731
        for event in run_folds(spec, prepared, splits, metrics_file, bars):
            if not isinstance(event, FoldEnd):
                continue
            seconds += event.result.seconds
            records.append(event.record)
            say(describe_fold(event.record["fold"], k, event.record, event.metric_name))
            if event.result.exit_code != 0:
                exit_code = event.result.exit_code
                if event.result.signal_received is not None:
                    say(f"stopped during fold {event.record['fold']}: no mean over the folds")
                    break
    finally:
        if metrics_file is not None:
            metrics_file.close()

    summary = fold_summary(records)
    metric_name = "accuracy" if schema.task == "classification" else "r2"
    if len(records) == k:
        say(describe_summary(summary, metric_name, k))
    saved = None
    if outputs.save and exit_code == 0:
        saved = _train_on_every_row(spec, prepared, outputs, say)
    if outputs.json:
        print(json.dumps({
            "folds": records,
            **({key: _number(value) for key, value in summary.items()} if len(records) == k else {}),
            "parameters": prepared.spec_net.summary().parameters,
            "seconds": round(seconds, 6),
            "backend": prepared.backend.label,
            "saved": saved,
        }))
    return exit_code


def _train_on_every_row(spec: RunSpec, prepared: Any, outputs: TrainOutputs, say: Callable[[str], None]) -> str:
    """The model --save keeps: the same recipe trained on every row (no validation)."""
    from tui_nn.model import save_model  # noqa: PLC0415
    from tui_nn.workspace import checkpoint_meta  # noqa: PLC0415

    dataset = prepared.dataset
    network = prepared.network(spec)
    trainer = prepared.trainer(spec, network, dataset.x_train, dataset.y_train)
    bar = _bar(spec.training.epochs, "all rows", outputs.quiet)
    result = run_training(trainer, len(dataset.x_train), None, bar)
    meta = checkpoint_meta(spec, dataset.name, trainer.epoch, result.stopped.reason)
    save_model(outputs.save, network, dataset.schema, meta)
    say(f"trained on all {len(dataset.x_train)} rows ({plural(result.epochs, 'epoch')}) and saved the model to {outputs.save}")
    return str(outputs.save)
