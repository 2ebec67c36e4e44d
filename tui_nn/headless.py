"""Train without a UI: the engine's events become a progress bar, a metrics file, a
final summary (or JSON) and an exit code.

Exit codes: 0 done (completed or early stop), 1 diverged (the last finite weights are
still saved), 130 on Ctrl-C and 143 on SIGTERM (after saving and flushing).
"""

from __future__ import annotations

import json
import math
import signal
import sys
import time
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from tui_nn.engine import EpochEnd, Progress, TrainingStopped
from tui_nn.engine.trainer import Trainer
from tui_nn.errors import TuiNNError
from tui_nn.spec import RunSpec

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_DIVERGED = 0, 1
EXIT_FOR_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}
BAR_WIDTH = 20
REDRAW_PER_S = 10


def _number(value: float | None) -> float | None:
    """JSON has no NaN/inf: write them as null."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _numbers(value: Any) -> Any:
    """A metric for JSON: numbers through `_number`, dicts (per-class metrics) key by key."""
    if isinstance(value, dict):
        return {key: _numbers(v) for key, v in value.items()}
    return _number(value)


def epoch_record(event: EpochEnd, fold: int | None = None) -> dict[str, Any]:
    """One line of `--metrics-out` (with `fold`, from 1, under --folds)."""
    name = event.metric_name
    return {
        **({"fold": fold} if fold is not None else {}),
        "epoch": event.epoch,
        "loss": _number(event.loss),
        "val_loss": _number(event.val_loss),
        name: _number(event.metric),
        f"val_{name}": _number(event.val_metric),
        **{key: _numbers(value) for key, value in event.details.items() if key not in ("r2", "val_r2")},
        "samples_per_s": _number(event.samples_per_s),
        "seconds": _number(event.seconds),
        "lr": _number(event.lr),
    }


def format_metric(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1%}" if name == "accuracy" else f"{value:.4f}"


class TrainingProgress:
    """rich's progress display on a terminal: epoch, bar, loss, the metric, samples/s, time
    elapsed and remaining, redrawn by rich at most 10 times a second (`REDRAW_PER_S`).

    rich's progress is imported here, when a bar is made (`progress_bar`), not with this
    module: a run without a bar (not a terminal, `--quiet`) and `tui-nn --help` never pay
    for it. Colours follow the console, so `NO_COLOR` (read by rich) turns them off.
    `description`, if given, leads the line (e.g. "fold 2/5").
    """

    def __init__(self, console: "Console", total_epochs: int, description: str = "") -> None:
        import rich.progress as rp  # noqa: PLC0415 — lazily: see the class docstring

        lead = [rp.TextColumn("{task.description}")] if description else []
        self._progress = rp.Progress(
            *lead,
            rp.TextColumn("epoch {task.fields[epoch]}/{task.fields[epochs]}"),
            rp.BarColumn(bar_width=BAR_WIDTH),
            rp.TextColumn("loss {task.fields[loss]}"),
            rp.TextColumn("{task.fields[metric]}"),
            rp.TextColumn("{task.fields[speed]}"),
            rp.TimeElapsedColumn(),
            rp.TextColumn("eta"),
            rp.TimeRemainingColumn(compact=True),
            # stdout stays the caller's (--json is read from it); stray stderr lines print above the bar
            console=console, refresh_per_second=REDRAW_PER_S, redirect_stdout=False,
        )
        self._task = self._progress.add_task(description, total=max(total_epochs, 1), epoch=0,
                                             epochs=total_epochs, loss="–", metric="", speed="")
        self._fields: dict[str, Any] = {}
        self._passed = 0.0
        self._progress.start()

    def update(self, epoch: float, loss: float, metric_name: str | None = None, metric: float | None = None,
               samples_per_s: float | None = None) -> None:
        """Show the run at (fractional) `epoch`; the metric and speed change at an epoch's end.

        Values are handed to rich at most `REDRAW_PER_S` times a second (the rest wait for
        the next hand-over or `close`): a tiny table trains thousands of epochs a second."""
        self._fields.update(completed=epoch, epoch=int(epoch), loss=f"{loss:.4g}")
        if metric_name:
            self._fields["metric"] = f"{metric_name} {format_metric(metric_name, metric)}"
        if samples_per_s:
            self._fields["speed"] = f"{samples_per_s:,.0f} samples/s"
        now = time.monotonic()
        if now - self._passed >= 1 / REDRAW_PER_S:
            self._passed = now
            self._progress.update(self._task, **self._fields)

    def close(self) -> None:
        """Draw the last values and leave them on the terminal, the cursor below them."""
        if self._fields:
            self._progress.update(self._task, **self._fields)
        self._progress.stop()


def progress_bar(stream: IO[str], total_epochs: int, *, quiet: bool = False) -> TrainingProgress | None:
    """The bar for a run on `stream`, or None with `--quiet` or when `stream` is not a terminal
    (a pipe or a log file gets the closing summary only, no redraws)."""
    if quiet or not stream_is_terminal(stream):
        return None
    from rich.console import Console  # noqa: PLC0415

    return TrainingProgress(Console(file=stream), total_epochs)


@dataclass
class RunResult:
    """What a headless run ended with."""

    stopped: TrainingStopped
    last: EpochEnd | None
    epochs: int
    seconds: float
    samples: int
    signal_received: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if self.signal_received is not None:
            return EXIT_FOR_SIGNAL.get(self.signal_received, 130)
        return EXIT_DIVERGED if self.stopped.reason == "diverged" else EXIT_OK


class _StopOnSignal:
    """While active, SIGINT/SIGTERM ask the trainer to stop after the current batch,
    so the checkpoint and metrics can still be written (instead of dying mid-update)."""

    def __init__(self, trainer: Trainer) -> None:
        self.trainer = trainer
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        self.received = signum
        self.trainer.stop()

    def __enter__(self) -> "_StopOnSignal":
        for sig in EXIT_FOR_SIGNAL:
            try:
                self._previous[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread: leave signals alone
                pass
        return self

    def __exit__(self, *exc: Any) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def run_training(trainer: Trainer, samples_per_epoch: int, metrics_out: IO[str] | None,
                 progress: TrainingProgress | None, fold: int | None = None) -> RunResult:
    """Drive the trainer to its end, writing metrics lines and the progress bar (closed at the end)."""
    last: EpochEnd | None = None
    stopped: TrainingStopped | None = None
    started = time.perf_counter()
    first_epoch = trainer.epoch
    try:
        with _StopOnSignal(trainer) as guard:
            for event in trainer.run():
                if isinstance(event, EpochEnd):
                    last = event
                    if metrics_out is not None:
                        metrics_out.write(json.dumps(epoch_record(event, fold)) + "\n")
                    if progress is not None:
                        progress.update(event.epoch, event.loss, event.metric_name, event.metric, event.samples_per_s)
                elif isinstance(event, Progress) and progress is not None:
                    progress.update(event.epoch - 1 + event.batch / event.batches, event.loss)
                elif isinstance(event, TrainingStopped):
                    stopped = event
    finally:
        if progress is not None:  # also on an error: rich's thread stops and the cursor comes back
            progress.close()
    seconds = time.perf_counter() - started
    if metrics_out is not None:
        metrics_out.flush()
    epochs = trainer.epoch - first_epoch
    assert stopped is not None  # run() always ends with TrainingStopped
    return RunResult(stopped=stopped, last=last, epochs=epochs, seconds=seconds,
                     samples=epochs * samples_per_epoch, signal_received=guard.received)


def result_json(result: RunResult, parameters: int, backend: str, details: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """The final `--json` object; `details`: the final model's metrics (`Trainer.evaluate_details`)."""
    last = result.last
    name = last.metric_name if last else "accuracy"
    reason = "interrupted" if result.signal_received is not None else result.stopped.reason
    return {
        "epochs": result.epochs,
        "loss": _number(last.loss) if last else None,
        "val_loss": _number(last.val_loss) if last else None,
        name: _number(last.metric) if last else None,
        f"val_{name}": _number(last.val_metric) if last else None,
        **{key: _numbers(value) for key, value in (details or {}).items() if key not in ("r2", "val_r2")},
        "parameters": parameters,
        "seconds": round(result.seconds, 6),
        "samples_per_s": _number(result.samples / result.seconds) if result.seconds > 0 else None,
        "backend": backend,
        "stopped": reason,
        "message": result.stopped.message,
        **result.extra,
    }


DETAIL_LABELS = {"f1_macro": "F1 (macro)", "roc_auc": "ROC AUC", "mae": "MAE", "rmse": "RMSE"}
"""The metrics beyond loss and accuracy/R² a summary line shows, and how it names them."""


def describe_details(details: dict[str, Any], prefix: str = "val_") -> str:
    """`F1 (macro) 0.93, ROC AUC 0.981` (or `MAE 2.1, RMSE 3.05`), or "" without them."""
    shown = [f"{label} {details[prefix + key]:.4g}" for key, label in DETAIL_LABELS.items()
             if details.get(prefix + key) is not None]
    return ", ".join(shown)


def describe_result(result: RunResult, details: dict[str, Any] | None = None) -> str:
    """The closing lines a person reads after `tui-nn train`."""
    last = result.last
    lines = [result.stopped.message]
    if last is not None:
        line = f"epoch {last.epoch}: loss {last.loss:.4g}, {last.metric_name} {format_metric(last.metric_name, last.metric)}"
        if details and describe_details(details, ""):
            line += f", {describe_details(details, '')}"
        if last.val_loss is not None:
            line += f"; validation loss {last.val_loss:.4g}, {last.metric_name} {format_metric(last.metric_name, last.val_metric)}"
            if details and describe_details(details):
                line += f", {describe_details(details)}"
        lines.append(line)
    if result.seconds > 0 and result.samples:
        lines.append(f"{result.seconds:.2f} s, {result.samples / result.seconds:,.0f} samples/s")
    return "\n".join(lines)


def stream_is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True)
class TrainOutputs:
    """Where a headless run writes (not part of the run itself, so not in the RunSpec)."""

    save: str | None = None
    """Save the trained model here (.npz)."""
    save_setup: str | None = None
    """Write the run's setup here (.toml)."""
    metrics_out: str | None = None
    """One JSON object per epoch."""
    json: bool = False
    """Print one final JSON object on stdout."""
    quiet: bool = False
    """Print nothing but errors (and --json)."""


@dataclass
class _Prepared:
    """A run's data, network shape, backend and engine settings, everything checked."""

    dataset: Any
    spec_net: Any
    backend: Any
    class_weight: Any
    """One weight per class (NumPy), or None."""

    def network(self, spec: RunSpec):
        from tui_nn.engine import Network  # noqa: PLC0415

        return Network(self.spec_net, backend=self.backend, dtype=spec.training.dtype, seed=spec.training.seed)

    def trainer(self, spec: RunSpec, network, x, y, x_val=None, y_val=None, details: bool = False) -> Trainer:
        from tui_nn.model import trainer_for  # noqa: PLC0415

        return trainer_for(spec.training, self.dataset, network, x, y, x_val, y_val, details=details,
                           class_weight=self.class_weight)


def _prepare(spec: RunSpec, **load_overrides: Any) -> _Prepared:
    """Read the data and check the network, backend and class weights against it."""
    from tui_nn.backend import select_backend  # noqa: PLC0415
    from tui_nn.data import load_dataset  # noqa: PLC0415
    from tui_nn.model import class_weights_of, network_spec_for  # noqa: PLC0415

    data, training = spec.data, spec.training
    if data.source is None:
        raise TuiNNError("no dataset: give DATASET (a file or a bundled name), or source in the setup's [data]")
    dataset = load_dataset(data.source, **{**data.load_options(training.seed), **load_overrides})
    spec_net = network_spec_for(dataset.schema, dataset.n_features, dataset.y_train.shape[1], spec.network.layers,
                                spec.network.loss, spec.network.huber_delta, spec.network.dropout)
    class_weight = class_weights_of(training.class_weight, dataset)
    return _Prepared(dataset, spec_net, select_backend(training.backend), class_weight)


def _introduce(spec: RunSpec, prepared: _Prepared, suggested: str | None, say) -> None:
    """Tell the person about the run, once everything is checked (an error is one line)."""
    from tui_nn.engine.class_weights import describe_class_weights  # noqa: PLC0415

    for note in prepared.dataset.notes:
        say(f"note: {note}")
    if suggested:
        say(f"note: {suggested}")
    if spec.training.backend == "auto":
        say(f"backend: {prepared.backend.label} ({prepared.backend.reason})")
    summary = prepared.spec_net.summary()
    say(summary.stack_line + f"  ({summary.parameters_line})")
    if prepared.class_weight is not None:
        say(describe_class_weights(prepared.dataset.schema.classes, prepared.class_weight))


def train(spec: RunSpec, outputs: TrainOutputs = TrainOutputs()) -> int:
    """`tui-nn train`: load, build, train, save; returns the exit code.

    Everything that can be wrong with the input is checked before anything is written.
    """
    from tui_nn.model import check_schema_matches, load_model, save_model  # noqa: PLC0415

    say = (lambda text: None) if outputs.quiet else (lambda text: print(text, file=sys.stderr))
    # What the run leaves unset (layers, standardize) a bundled dataset may suggest: one note says so.
    suggested, spec = spec.suggestion_note(flags=True), spec.with_suggestions()
    if spec.training.folds is not None:
        from tui_nn.crossval import cross_validate  # noqa: PLC0415

        return cross_validate(spec, outputs, suggested, say)
    training = spec.training
    prepared = _prepare(spec)
    dataset, spec_net = prepared.dataset, prepared.spec_net
    network = prepared.network(spec)
    if training.init:
        initial = load_model(training.init)
        check_schema_matches(initial.schema, dataset.schema, training.init)
        if initial.network.spec.layers != spec_net.layers:
            raise TuiNNError(
                f"{training.init} has layers {initial.network.spec.layers_text} but this run uses "
                f"{spec_net.layers_text}: pass --layers {initial.network.spec.layers_text}"
            )
        network.set_weights(initial.network.get_weights())
    trainer = prepared.trainer(spec, network, dataset.x_train, dataset.y_train, dataset.x_val, dataset.y_val,
                               details=outputs.metrics_out is not None)
    if outputs.save_setup is not None:
        from tui_nn.setup_file import write_setup  # noqa: PLC0415

        write_setup(spec, outputs.save_setup)
        say(f"wrote the setup to {outputs.save_setup}")
    _introduce(spec, prepared, suggested, say)

    progress = progress_bar(sys.stderr, training.epochs, quiet=outputs.quiet)
    # Line-buffered: every finished epoch reaches the disk, even if the process is killed.
    metrics_file = open(outputs.metrics_out, "w", encoding="utf-8", buffering=1) if outputs.metrics_out else None  # noqa: SIM115
    try:
        result = run_training(trainer, len(dataset.x_train), metrics_file, progress)
    finally:
        if metrics_file is not None:
            metrics_file.close()
    if outputs.save:
        from tui_nn.workspace import checkpoint_meta  # noqa: PLC0415

        meta = checkpoint_meta(spec, dataset.name, trainer.epoch, result.stopped.reason)
        save_model(outputs.save, network, dataset.schema, meta)
        say(f"saved the model to {outputs.save}")
    details = trainer.evaluate_details() if result.last is not None else {}
    if outputs.json:
        print(json.dumps(result_json(result, network.n_parameters, prepared.backend.label, details)))
    say(describe_result(result, details))
    return result.exit_code
