"""TrainingControl: owns the training worker and the rate at which a run redraws the app.

A run is `Trainer.run()` iterated in a thread worker. The worker talks to the UI only by
posting the messages of `tui_nn.tui.messages` to this widget, batched by time (at most
`POST_INTERVAL_S` apart); this widget applies them to the session and asks the screen to
draw, the heatmap at most every `HEATMAP_EVERY_S`, the autosave every `AUTOSAVE_EVERY_S`.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from textual import work
from textual.widget import Widget
from textual.worker import get_current_worker

from tui_nn.engine import EpochEnd, Progress, TrainingStopped, WeightsSnapshot
from tui_nn.errors import TuiNNError
from tui_nn.tui.messages import EpochsDone, ProgressUpdated, TrainingFinished, WeightsUpdated
from tui_nn.tui.session import Session

if TYPE_CHECKING:
    from tui_nn.tui.main_screen import MainScreen

POST_INTERVAL_S = 0.1
"""The training worker posts to the UI at most this often (≤ 10 Hz), by time."""
HEATMAP_EVERY_S = 0.5
"""While training, the weights heatmap redraws at most this often."""
AUTOSAVE_EVERY_S = 5.0
"""While training, the autosave is refreshed this often from the trainer's weight snapshots."""


class TrainingControl(Widget):
    """Start, pause, resume and stop runs; apply what the worker reports. Shows nothing."""

    DEFAULT_CSS = "TrainingControl { display: none; }"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._run_id = 0
        self._run_stop = threading.Event()
        """Set to end the current run (see `_train_worker`)."""
        self._after_stop: list[Callable[[], None]] = []
        self._last_heatmap = 0.0
        self._last_autosave = time.monotonic()

    @property
    def main(self) -> "MainScreen":
        return self.screen  # type: ignore[return-value]

    # -- what the keys ask for ------------------------------------------------------------------

    def toggle(self) -> None:
        """space: start a run, pause it, or resume it."""
        s = self.session
        if s.state == "training":
            s.trainer.pause()
            s.state = "paused"
            self.main.set_form_enabled(True)  # a change while paused ends the run, then applies (the lr: see MainScreen)
            self.main.refresh_status()
        elif s.state == "paused":
            s.trainer.resume()
            s.state = "training"
            self.main.set_form_enabled(False)
            self.main.refresh_status()
        else:
            self.start()

    def one_epoch(self) -> None:
        """n: train exactly one more epoch."""
        if self.session.state == "training":
            self.app.say("training is running: space pauses it, then n trains one epoch at a time")
            return
        self.when_stopped(lambda: self.start(1))

    def start(self, epochs: int | None = None) -> bool:
        """Start a run of `epochs` (default: the settings' epochs) in the worker; False if refused."""
        s = self.session
        if s.busy:
            return False
        if self.main.crossval.running:
            self.app.say("cross-validation is running: k stops it, then train", severity="warning")
            return False
        if not self.main.files.backend_ready:
            self.app.say("still choosing the backend (looking for a GPU) — try again in a moment")
            return False
        try:
            trainer = s.start_run(epochs)
        except TuiNNError as exc:
            self.app.say(str(exc), title="Cannot train", severity="error")
            return False
        self._run_id += 1
        self._run_stop = threading.Event()
        self.main.set_form_enabled(False)
        self.main.refresh_status()
        self._train_worker(trainer, epochs, self._run_id, self._run_stop)
        return True

    @property
    def stopping(self) -> bool:
        """True once the current run was asked to end (its changes wait for `when_stopped`)."""
        return self._run_stop.is_set()

    def when_stopped(self, callback: Callable[[], None]) -> None:
        """Run `callback` now if no run is in progress, else stop the run and run it after.

        Anything that replaces the network or the data goes through here (the lesson's
        hand-over too): the worker never trains a network the UI has swapped out.
        """
        s = self.session
        if s.busy and s.trainer is not None:
            self._after_stop.append(callback)
            self.stop()
        else:
            callback()

    def stop(self) -> None:
        """Ask a running (or paused) run to end after its current batch."""
        self._run_stop.set()
        if self.session.trainer is not None:
            self.session.trainer.stop()

    # -- the worker ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="training")
    def _train_worker(self, trainer: Any, epochs: int | None, run_id: int, stop: threading.Event) -> None:
        """Iterate the trainer and post what happened, batched by time (≤ 10 posts a second).

        Epoch results are all sent (the charts need every one); of weight snapshots and
        mid-epoch progress only the newest. The trainer checks its stop flag every batch;
        cancelling the worker (quit) sets it. `stop` repeats a stop request here because
        `Trainer.run()` clears the trainer's flag when it starts: a stop asked for before
        this thread got there would otherwise be lost.
        """
        worker = get_current_worker()
        pending: list[EpochEnd] = []
        snapshot: WeightsSnapshot | None = None
        progress: Progress | None = None
        stopped: TrainingStopped | None = None

        def flush() -> None:
            nonlocal pending, snapshot, progress
            if pending:
                self.post_message(EpochsDone(run_id, tuple(pending)))
                pending = []
            if progress is not None:
                self.post_message(ProgressUpdated(run_id, progress))
                progress = None
            if snapshot is not None:
                self.post_message(WeightsUpdated(run_id, snapshot))
                snapshot = None

        last_post = time.monotonic()
        try:
            for event in trainer.run(epochs):
                if worker.is_cancelled or stop.is_set():
                    trainer.stop()
                if isinstance(event, EpochEnd):
                    pending.append(event)
                elif isinstance(event, WeightsSnapshot):
                    snapshot = event
                elif isinstance(event, Progress):
                    progress = event
                elif isinstance(event, TrainingStopped):
                    stopped = event
                now = time.monotonic()
                if now - last_post >= POST_INTERVAL_S:
                    flush()
                    last_post = now
        except Exception as exc:  # an engine error must not kill the app: report it, keep the state
            flush()
            self.post_message(TrainingFinished(run_id, None, f"{type(exc).__name__}: {exc}"))
            return
        flush()
        self.post_message(TrainingFinished(run_id, stopped))

    # -- what the worker reports ----------------------------------------------------------------

    def _from_this_run(self, message: EpochsDone | ProgressUpdated | WeightsUpdated | TrainingFinished) -> bool:
        """A worker message to act on: from the current run, and the screen still there (a run's
        last messages can arrive while the app shuts down and its widgets are already gone)."""
        return message.run_id == self._run_id and self.is_attached and bool(self.screen.children)

    def on_epochs_done(self, message: EpochsDone) -> None:
        if not self._from_this_run(message):
            return
        self.session.record_epochs(message.events)
        self.main.loss_chart.extend(message.events)
        self.main.metric_chart.extend(message.events)
        self.main.refresh_status()

    def on_progress_updated(self, message: ProgressUpdated) -> None:
        if self._from_this_run(message):
            self.main.refresh_status(message.progress)

    def on_weights_updated(self, message: WeightsUpdated) -> None:
        if not self._from_this_run(message):
            return
        now = time.monotonic()
        # A big layer's heatmap costs tens of ms of the GIL the training thread needs;
        # twice a second looks live. The run's end redraws it (refresh_network).
        if now - self._last_heatmap >= HEATMAP_EVERY_S:
            self._last_heatmap = now
            self.main.show_weights(list(message.snapshot.weights))
        self.main.views_snapshot(message.snapshot.weights)
        # A crash or a kill mid-run loses at most the last few seconds of training.
        if now - self._last_autosave >= AUTOSAVE_EVERY_S:
            self._last_autosave = now
            self.main.files.autosave(message.snapshot.weights)

    def on_training_finished(self, message: TrainingFinished) -> None:
        if not self._from_this_run(message):
            return
        s = self.session
        if message.stopped is None:
            s.finish_run("interrupted", s.epochs_done)
            self.app.say(message.error or "training failed", title="Training failed", severity="error", timeout=10)
        else:
            stopped = message.stopped
            s.finish_run(stopped.reason, stopped.epoch)
            if stopped.reason == "diverged":
                self.app.say(stopped.message, title="Diverged", severity="error", timeout=10)
            elif stopped.reason == "early_stop":
                self.app.say(stopped.message, title="Early stop")
        main = self.main
        main.set_form_enabled(True)
        main.loss_chart.flush()  # the charts redraw at ~2 Hz while training: show the end now
        main.metric_chart.flush()
        main.refresh_network()
        main.refresh_status()
        main.refresh_runs()  # the run just ended joins the Runs tab
        main.files.autosave()
        callbacks, self._after_stop = self._after_stop, []
        for callback in callbacks:
            callback()
