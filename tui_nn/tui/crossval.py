"""CrossValControl: `k` cross-validates the network and settings on screen, in a worker.

The folds are `tui_nn.crossval.run_folds`, exactly what `tui-nn train --folds K` runs: the
table read again without a split, one fresh network a fold, each standardised on its own
training rows. The models on screen are not touched (nothing to lose, nothing to ask); a
run and cross-validation never go at once. Each fold's result goes to the Report tab's fold
table as it comes; the end says the mean ± std in a notification.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widget import Widget

from tui_nn.errors import TuiNNError
from tui_nn.tui.messages import CrossValidationFinished, FoldFinished
from tui_nn.tui.session import Session
from tui_nn.words import plural

if TYPE_CHECKING:
    from tui_nn.tui.main_screen import MainScreen

DEFAULT_FOLDS = 5
"""Folds when the settings leave `folds` unset (scikit-learn's cross_val_score default)."""


class CrossValControl(Widget):
    """Start and stop cross-validation; hand each fold to the fold table. Shows nothing."""

    DEFAULT_CSS = "CrossValControl { display: none; }"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._request_id = 0
        self._stop = threading.Event()
        self._trainer: Any = None
        """The fold being trained (the worker's), so `k` or quitting can stop it mid-fold."""
        self.running = False

    @property
    def main(self) -> "MainScreen":
        return self.screen  # type: ignore[return-value]

    def toggle(self) -> None:
        """k: start cross-validation, or stop the one running."""
        if self.running:
            self.stop()
            self.app.say("cross-validation stops after this batch")
            return
        s = self.session
        if s.busy:
            self.app.say("a run is in progress: pause it and let it end (or wait) before cross-validating",
                         severity="warning")
            return
        if s.dataset is None or not s.layers:
            self.app.say("cross-validation needs data and a network: press o to open a dataset", severity="warning")
            return
        try:
            spec = s.run.with_values(layers=tuple(s.layers))
        except TuiNNError as exc:
            self.app.say(str(exc), title="Cannot cross-validate", severity="error")
            return
        folds = spec.training.folds or DEFAULT_FOLDS
        self._request_id += 1
        self._stop = threading.Event()
        self.running = True
        self.main.fold_table.begin(folds)
        self.main.refresh_status()
        self.app.say(f"cross-validation: {plural(folds, 'fold')} of {spec.training.epochs} epochs each, seed "
                     f"{spec.training.seed}; the Report tab (5) shows each fold; k stops it")
        self._worker(spec, folds, self._request_id, self._stop)

    def stop(self) -> None:
        self._stop.set()
        if self._trainer is not None:
            self._trainer.stop()

    def on_unmount(self) -> None:
        self.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="crossval")
    def _worker(self, spec: Any, folds: int, request_id: int, stop: threading.Event) -> None:
        from tui_nn.crossval import FoldEnd, FoldStart, prepare_folds, run_folds  # noqa: PLC0415

        spec = spec.with_values(folds=folds, val_split=0.0, val_file=None)
        records: list[dict[str, Any]] = []
        metric_name = "accuracy"
        try:
            prepared, splits = prepare_folds(spec, folds)
            metric_name = "accuracy" if prepared.dataset.schema.task == "classification" else "r2"
            for event in run_folds(spec, prepared, splits):
                if isinstance(event, FoldStart):
                    self._trainer = event.trainer
                    if stop.is_set():
                        break
                elif isinstance(event, FoldEnd):
                    if stop.is_set() and event.result.stopped.reason == "interrupted":
                        break  # a fold cut short is no fold result
                    records.append(event.record)
                    self.post_message(FoldFinished(request_id, event.record, folds, event.metric_name))
        except TuiNNError as exc:
            self.post_message(CrossValidationFinished(request_id, tuple(records), folds, metric_name, error=str(exc)))
            return
        except Exception as exc:  # an engine error must not kill the app: say it, keep the state
            self.post_message(CrossValidationFinished(request_id, tuple(records), folds, metric_name,
                                                      error=f"{type(exc).__name__}: {exc}"))
            return
        finally:
            self._trainer = None
        self.post_message(CrossValidationFinished(request_id, tuple(records), folds, metric_name,
                                                  stopped=len(records) < folds))

    def _current(self, message: FoldFinished | CrossValidationFinished) -> bool:
        return message.request_id == self._request_id and self.is_attached and bool(self.screen.children)

    def on_fold_finished(self, message: FoldFinished) -> None:
        if self._current(message):
            self.main.fold_table.add(message.record, message.metric_name)

    def on_cross_validation_finished(self, message: CrossValidationFinished) -> None:
        if not self._current(message):
            return
        from tui_nn.crossval import describe_summary, fold_summary  # noqa: PLC0415

        self.running = False
        self.main.refresh_status()
        if message.error:
            self.app.say(message.error, title="Cross-validation failed", severity="error")
        elif message.stopped:
            self.app.say(f"cross-validation stopped after {plural(len(message.records), 'fold')} of {message.folds}: "
                         "no mean over the folds")
        else:
            summary = fold_summary(list(message.records))
            self.main.fold_table.finish(summary)
            self.app.say(describe_summary(summary, message.metric_name, message.folds))
