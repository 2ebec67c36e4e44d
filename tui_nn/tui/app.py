"""TuiNNApp: load data, build the network with the keyboard, train it and watch it learn.

The app is a thin driver of the engine. Its state lives in `Session` (no Textual there);
this module wires keys to session changes, runs training in a thread worker that talks to
the UI only through the messages in `tui_nn.tui.messages`, and draws.

    make_app(dataset, **options) -> TuiNNApp      for the CLI and the tests
    run_app(args) -> int                          `tui-nn [DATASET]`
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import get_current_worker

from tui_nn.engine import EpochEnd, Progress, TrainingStopped, WeightsSnapshot, parse_layers
from tui_nn.errors import TuiNNError
from tui_nn.tui.messages import (
    BackendReady,
    ColumnsRead,
    DatasetLoaded,
    EpochsDone,
    ModelLoaded,
    ProgressUpdated,
    TrainingFinished,
    WeightsUpdated,
)
from tui_nn.tui.screens.choice import Choice, ChoiceScreen
from tui_nn.tui.screens.dataset_picker import DatasetPicker
from tui_nn.tui.screens.help import HelpScreen
from tui_nn.tui.screens.path_prompt import PathPrompt
from tui_nn.tui.screens.target_picker import TargetChoice, TargetPicker
from tui_nn.tui.inside import VIEW_BINDINGS, VIEWS, InsideViews, compose_view_panes
from tui_nn.tui.session import Session, Settings, layer_name
from tui_nn.tui.widgets.loss_chart import TRAIN_COLOR, VAL_COLOR
from tui_nn.tui.widgets import (
    DataPanel,
    LayerEditor,
    LossChart,
    MetricChart,
    SettingsForm,
    StatusBar,
    StatusInfo,
    WeightsView,
)

POST_INTERVAL_S = 0.1
"""The training worker posts to the UI at most this often (≤ 10 Hz), by time."""
NARROW_WIDTH = 120
"""Below this many columns the layout tightens (the sidebar narrows)."""
FOOTER_ROOM = {"view": 135, "lesson": 135, "save_checkpoint": 100, "load_checkpoint": 100, "toggle_log": 100}
"""Footer entries shown only from this many columns: narrower, the footer keeps training,
editing, open, help and quit in view (77 columns at the least; 99 with save, load and log;
134 with everything and the palette's entry), and each hidden key still acts through its
unshown twin (`unshown`). tests/test_app_bindings.py checks the fit."""
HEATMAP_EVERY_S = 0.5
"""While training, the weights heatmap redraws at most this often."""
AUTOSAVE_EVERY_S = 5.0
"""While training, the autosave is refreshed this often from the trainer's weight snapshots."""

# Short footer labels so every key fits in 100 columns; the help screen says more.
_LAYER = Binding.Group("Layer")
_UNITS = Binding.Group("Units")
_ACTIVATION = Binding.Group("Act.")


class TuiNNApp(InsideViews, App[int]):
    """The tui-nn app: data panel, network editor, settings, charts, weights, status bar, and
    the tabs that look inside the network (diagram, decision map, the math, reports)."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-nn"
    BINDINGS = [
        Binding("space", "toggle_training", "Train", tooltip="Start, pause or resume training"),
        Binding("n", "one_epoch", "Epoch", tooltip="Train one epoch"),
        Binding("r", "reset_weights", "Reset", tooltip="Fresh weights from a new seed"),
        Binding("a", "add_layer", "add layer", group=_LAYER, tooltip="Add a layer after the selected one"),
        Binding("x", "remove_layer", "remove layer", group=_LAYER, tooltip="Remove the selected layer"),
        Binding("delete", "remove_layer", "Remove layer", show=False),
        Binding("plus", "units(1)", "+1 unit", key_display="+", group=_UNITS),
        Binding("minus", "units(-1)", "-1 unit", key_display="-", group=_UNITS),
        Binding("left_square_bracket", "activation(-1)", "previous activation", key_display="[", group=_ACTIVATION),
        Binding("right_square_bracket", "activation(1)", "next activation", key_display="]", group=_ACTIVATION),
        Binding("up", "select_layer(-1)", "Layer up", show=False),
        Binding("down", "select_layer(1)", "Layer down", show=False),
        Binding("o", "open_dataset", "Open", tooltip="Open a dataset"),
        Binding("ctrl+s", "save_checkpoint", "Save", tooltip="Save a checkpoint"),
        Binding("ctrl+o", "load_checkpoint", "Load", tooltip="Load a checkpoint"),
        Binding("l", "toggle_log", "Log", tooltip="Loss chart: linear or log scale"),
        Binding("e", "lesson", "Lesson", tooltip="The lecture, step by step (f in a step brings it here)"),
        # Twins of the keys FOOTER_ROOM hides in a narrow footer: they keep working there.
        Binding("e", "unshown('lesson')", "Lesson", show=False),
        Binding("ctrl+s", "unshown('save_checkpoint')", "Save", show=False),
        Binding("ctrl+o", "unshown('load_checkpoint')", "Load", show=False),
        Binding("l", "unshown('toggle_log')", "Log", show=False),
        *VIEW_BINDINGS,
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("escape", "focus_editor", "Network", show=False),
        Binding("q", "quit_app", "Quit"),
    ]

    def __init__(self, dataset: str | None = None, *, settings: Settings | None = None, layers: str | None = None,
                 target: str | None = None, chart_marker: str = "braille", standardize: bool = True,
                 resume: bool = False, lesson: int | None = None) -> None:
        super().__init__()
        self.session = Session(settings, parse_layers(layers) if layers else None)
        self.initial_dataset = dataset
        self.initial_target = target
        self.chart_marker = chart_marker
        self.standardize = standardize
        """Standardise inputs (and regression targets) when loading; off replays the lecture's raw numbers."""
        self.resume = resume
        """Reopen the autosaved model (and its dataset) at start-up: `tui-nn --resume`."""
        self.lesson_step = lesson
        """Open the lesson at this step once the app is up (`tui-nn lesson`); None: the app alone."""
        self._quit_saved = False
        self._run_id = 0
        self._run_stop = threading.Event()
        """Set to end the current run (see `_train_worker`)."""
        self._last_autosave = time.monotonic()
        self._last_heatmap = 0.0
        self._load_id = 0
        self._after_stop: list[Callable[[], None]] = []
        self._backend_ready = False
        self._loading: str | None = None
        self.last_notice = ""
        """The last notification's text (tests and the status line read it)."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            # Not focusable itself: tab goes editor → settings → editor; it still scrolls to what has focus.
            with VerticalScroll(id="sidebar", can_focus=False):
                yield DataPanel(id="data", classes="panel")
                yield LayerEditor(id="editor", classes="panel")
                yield SettingsForm(self.session.settings, id="settings", classes="panel")
            with Vertical(id="board"):
                with TabbedContent(id="views"):
                    with TabPane("Training", id="view-training"):
                        with Horizontal(id="charts"):
                            yield LossChart(id="loss-chart", classes="panel")
                            yield MetricChart(id="metric-chart", classes="panel")
                        yield WeightsView(id="weights", classes="panel")
                    yield from compose_view_panes()
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#data").border_title = "Data · o open"
        self.query_one("#editor").border_title = "Network"
        self.query_one("#settings").border_title = "Training"
        self.query_one("#loss-chart").border_title = "Loss · l log"
        self.query_one("#metric-chart").border_title = "Metric"
        self.query_one("#network-view").border_title = "Network · ←→ pick a weight · ↑↓ nudge · enter type"
        self.query_one("#pictures-scroll").border_title = "Neurons · each one's output over the input plane"
        self.query_one("#predict-panel").border_title = "The math for one input · ↑↓ rows of the data"
        self.query_one("#class-report").border_title = "Per class"
        self.query_one("#regression-report").border_title = "Predicted vs true"
        self.query_one("#fit-plot").marker = self.chart_marker
        for chart in (self.loss_chart, self.metric_chart):
            chart.marker = self.chart_marker
        self.editor.focus()
        self._probe_backend(self.session.settings.backend)
        if self.initial_dataset:
            self.load_data(self.initial_dataset, target=self.initial_target)
        elif self.resume:
            self._resume_worker()
        self._set_legends()
        self.refresh_all()
        if self.lesson_step is not None:
            self.call_after_refresh(self.open_lesson, self.lesson_step)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        # The palette's footer entry does not fit beside every key in a narrow terminal (ctrl+p still works).
        self.query_one(Footer).show_command_palette = not narrow
        self.refresh_bindings()  # which keys the footer shows depends on the width (FOOTER_ROOM)

    # -- widgets ----------------------------------------------------------------------------

    @property
    def editor(self) -> LayerEditor:
        return self.query_one(LayerEditor)

    @property
    def settings_form(self) -> SettingsForm:
        return self.query_one(SettingsForm)

    @property
    def loss_chart(self) -> LossChart:
        return self.query_one(LossChart)

    @property
    def metric_chart(self) -> MetricChart:
        return self.query_one(MetricChart)

    @property
    def weights_view(self) -> WeightsView:
        return self.query_one(WeightsView)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def say(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None) -> None:
        """Notify with plain text: messages quote file names and `[2×2]` shapes, never markup."""
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def notify(self, message: str, **options: Any) -> None:
        """Every notification (the app's and its widgets') is remembered, for tests and help."""
        self.last_notice = message
        super().notify(message, **options)

    def refresh_all(self) -> None:
        """Redraw every panel from the session."""
        self.refresh_data()
        self.refresh_network()
        self.refresh_status()

    def refresh_data(self) -> None:
        self.query_one(DataPanel).show(self.session.dataset, loading=self._loading)

    def refresh_network(self) -> None:
        """The editor, the breakdown and (unless a run is sending snapshots) the weights."""
        s = self.session
        self.editor.show(s.layers, s.selected, s.input_names, s.summary, s.spec_problem(), s.resolved_loss)
        self.editor.border_title = f"Network · {len(s.layers)} layers" if s.layers else "Network"
        if not s.busy:
            self.show_weights(s.weights() if s.has_data else None)
        self.metric_chart.border_title = "Accuracy" if not s.has_data or s.dataset.schema.task == "classification" else "R²"
        self.views_changed()

    def show_weights(self, weights: Any) -> None:
        s = self.session
        titles = [f"Layer {i + 1} · {layer_name(layer)}" for i, layer in enumerate(s.layers)]
        if not s.has_data:
            note = "no data yet: press o to open a dataset"
        else:
            note = s.spec_problem() or "no weights"
        self.weights_view.show(weights, s.selected, titles, s.input_names, note)
        self.weights_view.border_title = f"Weights · layer {s.selected + 1} of {len(s.layers)} · ↑↓ select · click to set" if s.layers else "Weights"

    def weights_edited(self, weights: Any) -> None:
        """A weight was set by hand in the diagram: the heatmap shows it too."""
        self.show_weights(weights)

    def refresh_status(self, progress: Progress | None = None) -> None:
        s = self.session
        last = s.history[-1] if s.history else None
        loss = last.loss if last else None
        # A long epoch shows how far it has got; the numbers stay those of the last whole epoch
        # (a running mean of part of an epoch next to the previous epoch's number would mislead).
        batch = ""
        if progress is not None and s.busy and progress.epoch > s.epochs_done:
            batch = f"{progress.batch}/{progress.batches}"
        info = StatusInfo(
            batch=batch,
            state=s.state,
            epoch=s.epochs_done,
            target=s.run_target if s.run_target > s.epochs_done or s.busy else 0,
            loss=loss,
            metric_name=last.metric_name if last else ("accuracy" if not s.has_data or s.dataset.schema.task == "classification" else "r2"),
            metric=last.metric if last else None,
            val_loss=last.val_loss if last else None,
            val_metric=last.val_metric if last else None,
            samples_per_s=last.samples_per_s if last else None,
            elapsed=s.elapsed if s.history else None,
            backend=s.backend.label if self._backend_ready else "…",
        )
        self.status_bar.show(info)

    def clear_charts(self) -> None:
        """Empty the loss and metric charts (fresh weights or new data start a new history)."""
        self.loss_chart.clear()
        self.metric_chart.clear()
        self._set_legends()

    def _set_legends(self) -> None:
        """The charts' key, in their bottom border (a plotext legend would cover the curves)."""
        has_val = self.session.has_data and self.session.dataset.x_val is not None
        train, val = (f"rgb({r},{g},{b})" for r, g, b in (TRAIN_COLOR, VAL_COLOR))
        legend = f"[{train}]━━ train[/]" + (f"  [{val}]━━ validation[/]" if has_val else "")
        self.loss_chart.border_subtitle = legend
        self.metric_chart.border_subtitle = legend

    def _set_form_enabled(self, enabled: bool) -> None:
        self.settings_form.disabled = not enabled

    # -- start-up work off the UI thread ---------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="backend")
    def _probe_backend(self, choice: str) -> None:
        """Resolve auto/numpy/cupy: probing CuPy can take seconds, so never on the UI thread."""
        from tui_nn.backend import select_backend  # noqa: PLC0415

        try:
            self.post_message(BackendReady(select_backend(choice)))
        except TuiNNError as exc:
            self.post_message(BackendReady(None, str(exc)))

    def on_backend_ready(self, message: BackendReady) -> None:
        s = self.session
        if message.backend is None:
            self.say(message.error or "backend not usable", title="Backend", severity="error")
            if s.settings.backend != "numpy":
                s.settings = replace(s.settings, backend="numpy")
                self.settings_form.set_settings(s.settings)
                self._probe_backend("numpy")
            return
        self._backend_ready = True
        if message.backend != s.backend:
            self.when_stopped(lambda: self._adopt_backend(message.backend))
        self.refresh_status()

    def _adopt_backend(self, backend: Any) -> None:
        self.session.swap_backend(backend)
        self.refresh_all()

    def load_data(self, source: str, *, target: str | None = None, missing: str = "error", reason: str = "open",
                  standardize: bool | None = None) -> None:
        """Load a dataset in a worker; `DatasetLoaded` brings it back.

        standardize: None uses the app's option (`--no-standardize` turns it off).
        """
        self._load_id += 1
        settings = self.session.settings
        standardize = self.standardize if standardize is None else standardize
        options = {"source": source, "target": target, "missing": missing, "standardize": standardize,
                   "val_split": settings.val_split, "seed": settings.seed}
        self._loading = source if reason == "open" else None
        self.refresh_data()
        self._load_worker(self._load_id, options, reason)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load_worker(self, request_id: int, options: dict[str, Any], reason: str) -> None:
        from tui_nn.data import load_dataset  # noqa: PLC0415

        kwargs = {k: v for k, v in options.items() if k != "source"}
        try:
            dataset = load_dataset(options["source"], **kwargs)
        except TuiNNError as exc:
            self.post_message(DatasetLoaded(request_id, None, options, str(exc), reason))
        except OSError as exc:
            self.post_message(DatasetLoaded(request_id, None, options, f"{options['source']}: {exc.strerror or exc}", reason))
        else:
            self.post_message(DatasetLoaded(request_id, dataset, options, None, reason))

    def on_dataset_loaded(self, message: DatasetLoaded) -> None:
        if message.request_id != self._load_id:
            return
        self._loading = None
        if message.dataset is None:
            self.say(message.error or "could not load the data", title="Data", severity="error", timeout=8)
            self.refresh_data()
            return
        self.when_stopped(lambda: self._adopt_dataset(message))

    def _adopt_dataset(self, message: DatasetLoaded) -> None:
        s = self.session
        notes = s.set_dataset(message.dataset, message.options)
        self.clear_charts()
        self.refresh_all()
        if message.reason == "open":
            lines = [f"{message.dataset.name}: {message.dataset.n_rows} rows, {message.dataset.n_features} features"]
            lines += list(message.dataset.notes) + notes
            self.say("\n".join(lines), title="Data loaded")
        else:
            split = [n for n in message.dataset.notes if "validation" in n or "split" in n]
            self.say("\n".join(split) or "no validation split", title="Validation split")

    # -- training ---------------------------------------------------------------------------

    def action_toggle_training(self) -> None:
        """space: start a run, pause it, or resume it."""
        s = self.session
        if s.state == "training":
            s.trainer.pause()
            s.state = "paused"
            self._set_form_enabled(True)  # a change while paused ends the run, then applies
            self.refresh_status()
        elif s.state == "paused":
            s.trainer.resume()
            s.state = "training"
            self._set_form_enabled(False)
            self.refresh_status()
        else:
            self.start_training()

    def action_one_epoch(self) -> None:
        """n: train exactly one more epoch."""
        s = self.session
        if s.state == "training":
            self.say("training is running: space pauses it, then n trains one epoch at a time")
            return
        self.when_stopped(lambda: self.start_training(1))

    def start_training(self, epochs: int | None = None) -> bool:
        """Start a run of `epochs` (default: the settings' epochs) in the worker; False if refused."""
        s = self.session
        if s.busy:
            return False
        if not self._backend_ready:
            self.say("still choosing the backend (looking for a GPU) — try again in a moment")
            return False
        try:
            trainer = s.start_run(epochs)
        except TuiNNError as exc:
            self.say(str(exc), title="Cannot train", severity="error")
            return False
        self._run_id += 1
        self._run_stop = threading.Event()
        self._set_form_enabled(False)
        self.refresh_status()
        self._train_worker(trainer, epochs, self._run_id, self._run_stop)
        return True

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

    def _from_this_run(self, message: EpochsDone | ProgressUpdated | WeightsUpdated | TrainingFinished) -> bool:
        """A worker message to act on: from the current run, and the board still there (a run's
        last messages can arrive while the app shuts down and its widgets are already gone)."""
        return message.run_id == self._run_id and bool(self.default_screen.children)

    def on_epochs_done(self, message: EpochsDone) -> None:
        if not self._from_this_run(message):
            return
        self.session.record_epochs(message.events)
        self.loss_chart.extend(message.events)
        self.metric_chart.extend(message.events)
        self.refresh_status()

    def on_progress_updated(self, message: ProgressUpdated) -> None:
        if self._from_this_run(message):
            self.refresh_status(message.progress)

    def on_weights_updated(self, message: WeightsUpdated) -> None:
        if self._from_this_run(message):
            now = time.monotonic()
            # A big layer's heatmap costs tens of ms of the GIL the training thread needs;
            # twice a second looks live. The run's end redraws it (refresh_network).
            if now - self._last_heatmap >= HEATMAP_EVERY_S:
                self._last_heatmap = now
                self.show_weights(list(message.snapshot.weights))
            self.views_snapshot(message.snapshot.weights)
            # A crash or a kill mid-run loses at most the last few seconds of training.
            if now - self._last_autosave >= AUTOSAVE_EVERY_S:
                self.autosave(message.snapshot.weights)

    def on_training_finished(self, message: TrainingFinished) -> None:
        if not self._from_this_run(message):
            return
        s = self.session
        if message.stopped is None:
            s.finish_run("interrupted", s.epochs_done, message.error or "training failed")
            self.say(message.error or "training failed", title="Training failed", severity="error", timeout=10)
        else:
            stopped = message.stopped
            s.finish_run(stopped.reason, stopped.epoch, stopped.message)
            if stopped.reason == "diverged":
                self.say(stopped.message, title="Diverged", severity="error", timeout=10)
            elif stopped.reason == "early_stop":
                self.say(stopped.message, title="Early stop")
        self._set_form_enabled(True)
        self.loss_chart.flush()  # the charts redraw at ~2 Hz while training: show the end now
        self.metric_chart.flush()
        self.refresh_network()
        self.refresh_status()
        self.autosave()
        callbacks, self._after_stop = self._after_stop, []
        for callback in callbacks:
            callback()

    def when_stopped(self, callback: Callable[[], None]) -> None:
        """Run `callback` now if no run is in progress, else stop the run and run it after.

        Anything that replaces the network or the data goes through here (the lesson's
        hand-over too): the worker never trains a network the UI has swapped out.
        """
        s = self.session
        if s.busy and s.trainer is not None:
            self._after_stop.append(callback)
            self.stop_training()
        else:
            callback()

    def stop_training(self) -> None:
        """Ask a running (or paused) run to end after its current batch."""
        self._run_stop.set()
        if self.session.trainer is not None:
            self.session.trainer.stop()

    def action_reset_weights(self) -> None:
        """r: fresh weights from the next seed; the charts start again."""
        def reset() -> None:
            s = self.session
            if not s.has_data:
                self.say("no data yet: press o to open a dataset")
                return
            s.reset_weights(s.settings.seed + 1)
            self.settings_form.set_settings(s.settings)
            self.clear_charts()
            self.refresh_all()
            self.say(f"weights drawn again from seed {s.settings.seed}", title="Reset")

        self.when_stopped(reset)

    # -- editing the network ----------------------------------------------------------------

    def _edit(self, change: str, amount: int = 1) -> None:
        """Apply an editor change; with trained weights, ask first (the run restarts)."""
        s = self.session

        def apply() -> None:
            problem = s.edit_layers(change, amount)
            if problem:
                self.say(problem, severity="warning")
                return
            self.clear_charts()
            self.refresh_all()

        if not (s.trained or s.busy):
            apply()
            return

        def answered(value: str | None) -> None:
            if value == "edit":
                self.when_stopped(apply)

        what = "a run is in progress" if s.busy else f"the weights are trained ({s.epochs_done} epochs"
        what += "" if s.busy else (", saved)" if s.saved else ", not saved)")
        self.push_screen(
            ChoiceScreen(
                "Edit the network?",
                f"Changing the layers restarts training from fresh weights: {what}.",
                [Choice("y", "Edit", "edit", "warning"), Choice("n", "Keep", "keep")],
            ),
            answered,
        )

    def action_add_layer(self) -> None:
        self._edit("add")

    def action_remove_layer(self) -> None:
        self._edit("remove")

    def action_units(self, delta: int) -> None:
        self._edit("units", delta)

    def action_activation(self, delta: int) -> None:
        self._edit("activation", delta)

    def action_select_layer(self, delta: int) -> None:
        self.session.select(delta)
        s = self.session
        self.editor.show(s.layers, s.selected, s.input_names, s.summary, s.spec_problem(), s.resolved_loss)
        weights = self.weights_view.weights if s.busy else (s.weights() if s.has_data else None)
        self.show_weights(weights)

    @on(LayerEditor.LayerClicked)
    def _layer_clicked(self, event: LayerEditor.LayerClicked) -> None:
        self.action_select_layer(event.index - self.session.selected)

    def action_focus_editor(self) -> None:
        self.editor.focus()

    # -- settings ---------------------------------------------------------------------------

    @on(SettingsForm.Changed)
    def _settings_changed(self, event: SettingsForm.Changed) -> None:
        s = self.session
        if s.state == "training":  # the form is disabled while training; a late event is refused
            self.settings_form.set_settings(s.settings)
            return

        def apply() -> None:
            notice = s.change_settings(event.settings)
            if event.field == "backend":
                self._backend_ready = False
                self.refresh_status()
                self._probe_backend(event.settings.backend)
            elif event.field == "val_split" and s.has_data:
                opts = s.load_options
                # The data comes back as it was loaded: raw stays raw (a lesson's hand-over, say).
                self.load_data(opts["source"], target=opts.get("target"), missing=opts.get("missing", "error"),
                               reason="split", standardize=opts.get("standardize", self.standardize))
            if event.field in ("loss", "seed"):
                self.clear_charts()
            self.refresh_all()
            if notice:
                self.say(notice, title="Settings")

        self.when_stopped(apply)

    # -- data -------------------------------------------------------------------------------

    def action_open_dataset(self) -> None:
        """o: pick a bundled dataset or a file, then its target column."""
        current = self.session.dataset.name if self.session.has_data else None

        def picked(source: str | None) -> None:
            if source:
                self._read_columns(source)

        self.push_screen(DatasetPicker(current), picked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="columns")
    def _read_columns(self, source: str) -> None:
        from tui_nn.data import resolve_source  # noqa: PLC0415
        from tui_nn.data.tables import read_table  # noqa: PLC0415

        try:
            table = read_table(resolve_source(source), source)
            columns = tuple((name, column.kind) for name, column in table.columns.items())
        except TuiNNError as exc:
            self.post_message(ColumnsRead(source, (), str(exc)))
        except OSError as exc:
            self.post_message(ColumnsRead(source, (), f"{source}: {exc.strerror or exc}"))
        else:
            self.post_message(ColumnsRead(source, columns))

    def on_columns_read(self, message: ColumnsRead) -> None:
        if message.error:
            self.say(message.error, title="Data", severity="error", timeout=8)
            return
        if len(message.columns) < 2:
            self.say(f"{message.source} has {len(message.columns)} column: a table needs inputs and a target",
                     title="Data", severity="error")
            return

        def chosen(choice: TargetChoice | None) -> None:
            if choice is not None:
                self.load_data(message.source, target=choice.target, missing=choice.missing)

        self.push_screen(TargetPicker(message.source, message.columns), chosen)

    # -- checkpoints ------------------------------------------------------------------------

    def action_save_checkpoint(self) -> None:
        """ctrl+s: save weights, spec, schema and settings (the `tui-nn train --save` format)."""
        s = self.session
        if not s.has_data or s.spec_problem():
            self.say(s.spec_problem() or "no model yet: open a dataset with o first", title="Nothing to save",
                     severity="warning")
            return
        if s.state == "training":
            self.action_toggle_training()  # pause: the weights must not change while they are written

        def chosen(path: str | None) -> None:
            if path:
                self.save_checkpoint(path)

        default = str(s.last_save) if s.last_save else s.default_checkpoint_name()
        self.push_screen(PathPrompt("Save checkpoint", "weights, layers, data schema and settings (.npz)", default),
                         chosen)

    def save_checkpoint(self, path: str) -> bool:
        """Write the checkpoint now (the run is paused or stopped); True when saved."""
        from tui_nn.model import save_model  # noqa: PLC0415

        s = self.session
        try:
            network = s.ensure_network()
            written = save_model(os.path.expanduser(path), network, s.dataset.schema, s.checkpoint_meta())
        except TuiNNError as exc:
            self.say(str(exc), title="Save failed", severity="error")
            return False
        except OSError as exc:
            self.say(f"{path}: {exc.strerror or exc}", title="Save failed", severity="error")
            return False
        s.saved = True
        s.last_save = Path(written)
        self.say(f"saved to {written} (epoch {s.epochs_done})", title="Saved")
        return True

    def action_load_checkpoint(self) -> None:
        """ctrl+o: load a checkpoint; its data is opened too if the current data does not fit it."""
        def chosen(path: str | None) -> None:
            if path:
                self.load_checkpoint(path)

        default = str(self.session.last_save) if self.session.last_save else ""
        self.push_screen(PathPrompt("Load checkpoint", "a .npz saved by the app or `tui-nn train --save`", default),
                         chosen)

    def load_checkpoint(self, path: str) -> None:
        """Read the checkpoint (and, if needed, its dataset) in a worker; `ModelLoaded` applies it."""
        s = self.session
        self._checkpoint_worker(os.path.expanduser(path), s.dataset, s.backend, s.settings)

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkpoint")
    def _checkpoint_worker(self, path: str, dataset: Any, backend: Any, settings: Settings) -> None:
        from tui_nn.data import load_dataset  # noqa: PLC0415
        from tui_nn.model import check_schema_matches, load_model  # noqa: PLC0415

        try:
            model = load_model(path, backend=backend)
            options = None
            if dataset is None or tuple(dataset.schema.feature_names) != tuple(model.schema.feature_names):
                name = model.meta.get("dataset")
                if not name:
                    if dataset is None:
                        raise TuiNNError(f"{path} does not name its dataset: open the data with o first")
                    check_schema_matches(model.schema, dataset.schema, path)
                # A checkpoint trained on raw numbers records no standardisation: reopen its data raw too.
                options = {"source": name, "target": model.schema.target, "missing": "error",
                           "val_split": settings.val_split, "seed": settings.seed,
                           "standardize": model.schema.standardize is not None}
                try:
                    dataset = load_dataset(name, **{k: v for k, v in options.items() if k != "source"})
                except TuiNNError as exc:
                    raise TuiNNError(f"{path} was trained on {name}, which could not be opened: {exc}") from None
                check_schema_matches(model.schema, dataset.schema, path)
            else:
                dataset = None
        except TuiNNError as exc:
            self.post_message(ModelLoaded(path, None, error=str(exc)))
        except OSError as exc:
            self.post_message(ModelLoaded(path, None, error=f"{path}: {exc.strerror or exc}"))
        else:
            self.post_message(ModelLoaded(path, model, dataset, options))

    def on_model_loaded(self, message: ModelLoaded) -> None:
        if message.model is None:
            title = "Nothing to resume" if message.resumed else "Load failed"
            self.say(message.error or "could not load", title=title, severity="error", timeout=8)
            return

        def apply() -> None:
            s = self.session
            if message.dataset is not None:
                s.set_dataset(message.dataset, message.options or {})
            s.adopt_model(message.model)
            split = (message.options or {}).get("val_split") if message.dataset is not None else None
            if split is not None and split != s.settings.val_split:
                s.settings = replace(s.settings, val_split=split)  # the form shows the split the data has
            if not message.resumed:  # ctrl+s offers the file the user chose, never the autosave
                s.last_save = Path(message.path)
            self.settings_form.set_settings(s.settings)
            self.clear_charts()
            self.refresh_all()
            if message.resumed:
                self.say(f"resumed {s.summary.stack_line} on {s.dataset.name} (epoch {s.epochs_done})", title="Resumed")
            else:
                self.say(f"loaded {message.path}: {s.summary.stack_line} (epoch {s.epochs_done})", title="Loaded")

        self.when_stopped(apply)

    # -- views, help, quit ------------------------------------------------------------------

    def action_toggle_log(self) -> None:
        """l: loss chart between linear and log10 scale."""
        chart = self.loss_chart
        chart.log_scale = not chart.log_scale
        chart.border_title = "Loss · log scale · l linear" if chart.log_scale else "Loss · l log"

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_lesson(self) -> None:
        """e: open the guided lesson over the app (leaving a step with f hands its state back)."""
        self.open_lesson(1)

    def action_unshown(self, action: str, *parameters: object) -> None:
        """The unshown twin of a key that a narrow footer hides (see FOOTER_ROOM): the action
        itself, past check_action."""
        getattr(self, f"action_{action}")(*parameters)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides the footer entry (and the key): its unshown twin acts instead.
        if self.size.width < FOOTER_ROOM.get(action, 0):
            return False
        return super().check_action(action, parameters)

    def open_lesson(self, step: int = 1) -> None:
        """Push the lesson at `step`; see `tui_nn.tui.lesson.handoff`."""
        from tui_nn.tui.lesson.handoff import open_lesson  # noqa: PLC0415 — the lesson loads only when asked for

        open_lesson(self, step)

    def action_quit_app(self) -> None:
        """q: quit; a trained model that is not saved is offered a save first."""
        s = self.session
        if not (s.trained and not s.saved):
            self.shutdown()
            return
        if s.state == "training":
            self.action_toggle_training()

        def answered(value: str | None) -> None:
            if value == "quit":
                self.shutdown()
            elif value == "save":
                def saved_to(path: str | None) -> None:
                    if path and self.save_checkpoint(path):
                        self.shutdown()

                default = str(s.last_save) if s.last_save else s.default_checkpoint_name()
                self.push_screen(PathPrompt("Save before quitting", "where to save the trained model", default),
                                 saved_to)

        self.push_screen(
            ChoiceScreen(
                "Quit tui-nn?",
                f"The model trained for {s.epochs_done} epochs is not saved.",
                [Choice("s", "Save…", "save", "primary"), Choice("q", "Quit without saving", "quit", "error"),
                 Choice("c", "Cancel", "cancel")],
            ),
            answered,
        )

    def shutdown(self, code: int = 0) -> None:
        """Stop any run (the worker ends after its current batch), autosave, and exit."""
        self.stop_training()
        self._autosave_on_quit()
        self.exit(code)

    def on_unmount(self) -> None:
        # ctrl+q or an error exit skip action_quit_app: make sure the training thread ends.
        self.stop_training()
        self._autosave_on_quit()

    def _autosave_on_quit(self) -> None:
        if not self._quit_saved:
            self._quit_saved = True
            self.autosave()

    # -- autosave and resume ------------------------------------------------------------------

    def autosave_meta(self) -> dict[str, Any]:
        """The checkpoint's meta plus what `--resume` needs to reopen the data the same way."""
        from tui_nn.data.builtin import find_builtin  # noqa: PLC0415

        s = self.session
        opts = s.load_options
        source = opts.get("source") or s.dataset.source
        if not find_builtin(str(source)):  # a file: its absolute path, so any working folder finds it
            source = str(Path(s.dataset.source).resolve())
        return {
            **s.checkpoint_meta(),
            "source": source,
            "load_options": {
                "target": opts.get("target"),
                "features": opts.get("features"),
                "drop": list(opts.get("drop") or ()),
                "missing": opts.get("missing", "error"),
                "val_split": opts.get("val_split", s.settings.val_split),
                "seed": opts.get("seed", s.settings.seed),
                "standardize": opts.get("standardize", self.standardize),
            },
        }

    def autosave(self, weights: Sequence[Any] | None = None) -> bool:
        """Write the autosave (`tui-nn --resume` reopens it) when there is a trained model; True if written.

        `weights`: a trainer snapshot, used while a run is in progress. A failure is a
        notification: the app and its model carry on.
        """
        from tui_nn.autosave import write_autosave  # noqa: PLC0415

        s = self.session
        if not (s.has_data and s.trained and s.network is not None):
            return False
        try:
            write_autosave(s.network, s.dataset.schema, self.autosave_meta(), weights)
            self._last_autosave = time.monotonic()
        except TuiNNError as exc:
            self.say(str(exc), title="Autosave failed", severity="warning")
            return False
        except (OSError, ValueError, TypeError) as exc:
            self.say(f"could not autosave: {exc}", title="Autosave failed", severity="warning")
            return False
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkpoint")
    def _resume_worker(self) -> None:
        """`--resume`: read the autosave and reopen its dataset with the options it records."""
        from tui_nn.autosave import autosave_path, read_autosave  # noqa: PLC0415
        from tui_nn.data import load_dataset  # noqa: PLC0415
        from tui_nn.model import check_schema_matches  # noqa: PLC0415

        path = str(autosave_path())
        try:
            model = read_autosave()
            source = model.meta.get("source")
            recorded = model.meta.get("load_options")
            if not source or not isinstance(recorded, dict):
                raise TuiNNError(f"{path} does not record its dataset: open the data with o, then load it with ctrl+o")
            keys = ("target", "features", "drop", "missing", "val_split", "seed", "standardize")
            options = {k: recorded[k] for k in keys if recorded.get(k) is not None}
            try:
                dataset = load_dataset(source, **options)
            except TuiNNError as exc:
                raise TuiNNError(f"the autosaved model was trained on {source}, which could not be opened: {exc}") from None
            check_schema_matches(model.schema, dataset.schema, path)
        except TuiNNError as exc:
            self.post_message(ModelLoaded(path, None, error=str(exc), resumed=True))
        except (OSError, TypeError, ValueError) as exc:
            self.post_message(ModelLoaded(path, None, error=f"{path}: cannot resume ({exc})", resumed=True))
        else:
            self.post_message(ModelLoaded(path, model, dataset, {"source": source, **options}, resumed=True))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists every action of the keyboard, by name."""
        yield from super().get_system_commands(screen)
        commands = (
            ("Train / pause", "space: start, pause or resume training", self.action_toggle_training),
            ("Train one epoch", "n", self.action_one_epoch),
            ("Reset weights", "r: fresh weights from a new seed", self.action_reset_weights),
            ("Add layer", "a: after the selected layer", self.action_add_layer),
            ("Remove layer", "x / delete: the selected layer", self.action_remove_layer),
            ("More units", "+: one unit more in the selected layer", lambda: self.action_units(1)),
            ("Fewer units", "-: one unit fewer in the selected layer", lambda: self.action_units(-1)),
            ("Next activation", "]: of the selected layer", lambda: self.action_activation(1)),
            ("Previous activation", "[: of the selected layer", lambda: self.action_activation(-1)),
            ("Open dataset", "o: bundled or a file", self.action_open_dataset),
            ("Save checkpoint", "ctrl+s", self.action_save_checkpoint),
            ("Load checkpoint", "ctrl+o", self.action_load_checkpoint),
            ("Toggle log scale", "l: loss chart linear / log", self.action_toggle_log),
            ("Lesson", "e: the lecture's worked examples, step by step", self.action_lesson),
            ("Keys and help", "?", self.action_help),
            *((f"View: {title}", f"{key}: {what}", (lambda name=name: self.action_view(name)))
              for name, title, key, what in VIEWS),
        )
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)


def make_app(dataset: str | None = None, **options: Any) -> TuiNNApp:
    """Build the app, for the CLI and for tests.

    options: `layers` ("2:sigmoid,1:sigmoid"), `target`, `chart_marker`, `standardize`, `resume`
    (reopen the autosave), `lesson` (open the lesson at that step), and any
    `Settings` field (optimizer, lr, batch_size, epochs, loss, l2, seed, val_split, backend).
    Raises TuiNNError for a bad option value.
    """
    setting_names = set(Settings.__dataclass_fields__)
    settings = Settings(**{k: v for k, v in options.items() if k in setting_names}).validate()
    extra = {k: v for k, v in options.items() if k not in setting_names}
    unknown = set(extra) - {"layers", "target", "chart_marker", "standardize", "resume", "lesson"}
    if unknown:
        raise TypeError(f"make_app got unknown options: {', '.join(sorted(unknown))}")
    return TuiNNApp(dataset, settings=settings, **extra)


def run_app(args: Any) -> int:
    """`tui-nn [DATASET]`: run the app; returns the exit code."""
    # `--no-standardize` (when the CLI's app parser offers it) keeps the lecture's raw numbers.
    app = make_app(getattr(args, "dataset", None), standardize=not getattr(args, "no_standardize", False),
                   resume=bool(getattr(args, "resume", False)))
    result = app.run()
    return int(result or app.return_code or 0)
