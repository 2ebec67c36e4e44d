"""MainScreen: the panels of the app, drawn from the session, and the tabs fed with the model.

It composes the sidebar (data, network editor, settings), the board of tabs (`VIEWS`), the
status bar and the footer, plus the two controllers that own the app's workers
(`TrainingControl`, `FilesControl`). Everything here draws or routes: the rules live in
`Session`, the decisions about destructive actions in the app.

The views never touch the live network (it may be training on another thread, on a GPU):
they draw a NumPy copy, `HostModel`, refreshed from the trainer's weight snapshots. Only
the active tab is fed, at most `VIEW_INTERVAL_S` apart while training, so a hidden view
costs nothing and a visible one at most a few redraws a second.
"""

from __future__ import annotations

import time
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TabbedContent, TabPane

from tui_nn.engine import Progress
from tui_nn.errors import TuiNNError
from tui_nn.spec import KEYS
from tui_nn.tui.crossval import CrossValControl
from tui_nn.tui.files import FilesControl
from tui_nn.tui.guard import guard
from tui_nn.tui.session import LIVE_KEYS, Session, layer_name
from tui_nn.tui.training import TrainingControl
from tui_nn.tui.widgets.fold_table import FoldTable
from tui_nn.tui.view_math import HostModel, ParamRef, set_param
from tui_nn.tui.views import VIEWS, view_named
from tui_nn.tui.widgets.status_bar import smoothed_speed
from tui_nn.tui.widgets import DataPanel, LayerEditor, LossChart, MetricChart, SettingsForm, StatusBar, StatusInfo, WeightsView
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.tui.widgets.footer import WidthAwareFooter
from tui_nn.tui.widgets.loss_chart import TRAIN_COLOR, VAL_COLOR
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.neuron_pictures import NeuronPictures
from tui_nn.tui.widgets.runs_table import RunsTable
from tui_nn.words import plural

FRESH_WEIGHT_KEYS = ("loss", "seed", "val_split", "standardize", "rows", "noise")
"""Settings whose change starts from fresh weights (the others apply from the next run)."""
VIEW_INTERVAL_S = 0.25
"""While training, the visible view redraws at most this often (the charts keep the 10 Hz)."""
NARROW_WIDTH = 120
"""Below this many columns the layout tightens (the sidebar narrows)."""
TITLES = {
    "#data": "Data · o open",
    "#editor": "Network",
    "#settings": "Training",
    "#loss-chart": "Loss · l log",
    "#metric-chart": "Metric",
    "#network-view": "Network · ←→ pick a weight · ↑↓ nudge · enter type",
    "#pictures-scroll": "Neurons · each one's output over the input plane",
    "#predict-panel": "The math for one input · enter type · ↑↓ rows of the data",
    "#class-report": "Per class",
    "#regression-report": "Predicted vs true",
    "#runs-chart": "Loss of every run",
}
"""Each panel's border title."""


class MainScreen(Screen):
    """The app's one screen: composes the panels, draws the session, feeds the tabs."""

    class Ready(Message):
        """The panels and controllers are mounted: the app may start loading."""

    def __init__(self, session: Session, chart_marker: str = "braille", autosave: bool = True) -> None:
        super().__init__()
        self.session = session
        self.chart_marker = chart_marker
        """plotext's marker for the charts ("hd" for SVG pictures, where braille overflows)."""
        self.training = TrainingControl(session)
        """Owns the training worker (kept here: the app stops it even after the screen is gone)."""
        self.files = FilesControl(session, autosave)
        self.crossval = CrossValControl(session)
        """k: cross-validation of the network on screen, in its own worker."""
        """Every read and write: data, checkpoints, setups, the autosave."""
        self._host: HostModel | None = None
        self._host_network: Any = None
        self._last_feed = 0.0
        self._feed_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            # Not focusable itself: tab goes editor → settings → editor; it still scrolls to what has focus.
            with VerticalScroll(id="sidebar", can_focus=False):
                yield DataPanel(id="data", classes="panel")
                yield LayerEditor(id="editor", classes="panel")
                yield SettingsForm(self.session.run, id="settings", classes="panel")
            with Vertical(id="board"):
                with TabbedContent(id="views"):
                    for view in VIEWS:
                        with TabPane(view.title, id=view.pane_id):
                            yield from view.compose()
        yield StatusBar(id="status")
        yield WidthAwareFooter(compact=True)
        yield self.training
        yield self.files
        yield self.crossval

    def on_mount(self) -> None:
        for selector, title in TITLES.items():
            self.query_one(selector).border_title = title
        for selector in ("#fit-plot", "#loss-chart", "#metric-chart", "#runs-chart"):
            self.query_one(selector).marker = self.chart_marker
        self.editor.focus()
        self.set_legends()
        self.refresh_all()
        self.refresh_runs()
        self.post_message(self.Ready())

    def on_resize(self) -> None:
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        # The palette's footer entry does not fit beside every key in a narrow terminal (ctrl+p still works).
        self.query_one(Footer).show_command_palette = not narrow
        self.app.refresh_bindings()  # which keys the footer shows depends on the width (Action.min_width)

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

    def toggle_presentation(self) -> None:
        """z: hide or show the sidebar; the keys go on acting (the editor keeps the focus)."""
        shown = self.has_class("-board-only")
        self.set_class(not shown, "-board-only")
        self.app.say("presentation mode: z brings the sidebar back" if not shown else "the sidebar is back")

    def edit_dropout(self, amount: int) -> None:
        """p: the selected hidden layer's next dropout rate; same shapes, so the weights stay."""
        s = self.session
        if s.busy:
            self.app.say("dropout changes between runs: pause training (space) first", severity="warning")
            return
        problem = s.edit_layers("dropout", amount)
        self.app.say(problem or f"layer {s.selected + 1}: dropout {s.layers[s.selected].dropout:g} from the next run; "
                     "the weights are kept", severity="warning" if problem else "information")
        self.refresh_all()

    @property
    def fold_table(self) -> FoldTable:
        return self.query_one(FoldTable)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    # -- drawing the session ------------------------------------------------------------------

    def refresh_all(self) -> None:
        """Redraw every panel from the session."""
        self.refresh_data()
        self.refresh_network()
        self.refresh_status()

    def refresh_data(self) -> None:
        self.query_one(DataPanel).show(self.session.dataset, loading=self.files.loading)

    def _show_editor(self) -> None:
        s = self.session
        self.editor.show(s.layers, s.selected, s.input_names, s.summary, s.spec_problem(), s.resolved_loss)

    def refresh_network(self) -> None:
        """The editor, the breakdown and (unless a run is sending snapshots) the weights."""
        s = self.session
        self._show_editor()
        self.editor.border_title = f"Network · {plural(len(s.layers), 'layer')}" if s.layers else "Network"
        if not s.busy:
            self.show_weights(s.weights() if s.has_data else None)
        regression = s.has_data and s.dataset.schema.task == "regression"
        self.metric_chart.border_title = "R²" if regression else "Accuracy"
        self.views_changed()

    def show_weights(self, weights: Any) -> None:
        """The heatmap of the selected layer (`weights`: host (W, b) per layer, or None)."""
        s = self.session
        titles = [f"Layer {i + 1} · {layer_name(layer)}" for i, layer in enumerate(s.layers)]
        note = (s.spec_problem() or "no weights") if s.has_data else "no data yet: press o to open a dataset"
        self.weights_view.show(weights, s.selected, titles, s.input_names, note)
        self.weights_view.border_title = (f"Weights · layer {s.selected + 1} of {len(s.layers)} · ↑↓ select · "
                                          "click to set") if s.layers else "Weights"

    def refresh_status(self, progress: Progress | None = None) -> None:
        s = self.session
        last = s.history[-1] if s.history else None
        # A long epoch shows how far it has got; the numbers stay those of the last whole epoch
        # (a running mean of part of an epoch next to the previous epoch's number would mislead).
        batch = ""
        if progress is not None and s.busy and progress.epoch > s.epochs_done:
            batch = f"{progress.batch}/{progress.batches}"
        classification = not s.has_data or s.dataset.schema.task == "classification"
        info = StatusInfo(
            batch=batch,
            state=s.state,
            epoch=s.epochs_done,
            target=s.run_target if s.run_target > s.epochs_done or s.busy else 0,
            loss=last.loss if last else None,
            metric_name=last.metric_name if last else ("accuracy" if classification else "r2"),
            metric=last.metric if last else None,
            val_loss=last.val_loss if last else None,
            val_metric=last.val_metric if last else None,
            samples_per_s=smoothed_speed(s.history) if last else None,
            elapsed=s.elapsed if s.history else None,
            backend=s.backend.label if self.files.backend_ready else "…",
            # The lr the last epoch trained with (a schedule moves it); before any, the one set.
            lr=last.lr if last else s.run.training.lr,
        )
        self.status_bar.show(info)

    def clear_charts(self) -> None:
        """Empty the loss and metric charts (fresh weights or new data start a new history)."""
        self.loss_chart.clear()
        self.metric_chart.clear()
        self.set_legends()

    def set_legends(self) -> None:
        """The charts' key, in their bottom border (a plotext legend would cover the curves)."""
        has_val = self.session.has_data and self.session.dataset.x_val is not None
        train, val = (f"rgb({r},{g},{b})" for r, g, b in (TRAIN_COLOR, VAL_COLOR))
        legend = f"[{train}]━━ train[/]" + (f"  [{val}]━━ validation[/]" if has_val else "")
        self.loss_chart.border_subtitle = legend
        self.metric_chart.border_subtitle = legend

    def set_form_enabled(self, enabled: bool) -> None:
        """The settings form is read-only while a run trains (a change would race the worker),
        but for the lr, which the running trainer takes from its next epoch."""
        self.settings_form.lock_for_run(not enabled)

    def toggle_log(self) -> None:
        chart = self.loss_chart
        chart.log_scale = not chart.log_scale
        chart.border_title = "Loss · log scale · l linear" if chart.log_scale else "Loss · l log"

    def refresh_runs(self) -> None:
        """The Runs tab, from the session's run log (drawn when a run ends, hidden or not: it is cheap)."""
        view = view_named("runs")
        view.show_runs(self.query_one(f"#{view.pane_id}"), self.session.runs)

    # -- the model the views draw ------------------------------------------------------------

    def host_model(self) -> HostModel | None:
        """The NumPy copy of the session's network (made when the network changes), or None."""
        s = self.session
        if not s.has_data or s.spec_problem() or s.network is None:
            self._host = self._host_network = None
            return None
        if self._host is None or self._host_network is not s.network:
            self._host = HostModel(s.network)
            self._host_network = s.network
        return self._host

    def views_snapshot(self, weights: Any) -> None:
        """New weights from the training worker (≤ 10 a second): the visible view redraws, rate-bounded."""
        host = self.host_model()
        if host is None:
            return
        host.set_weights(weights)
        self.feed_views(throttle=True)

    def views_changed(self) -> None:
        """The data, the layers or the weights changed outside a run: redraw the visible view now."""
        s = self.session
        host = self.host_model()
        if host is not None and not s.busy:
            host.set_weights(s.network.get_weights())
        self.feed_views()

    def feed_views(self, throttle: bool = False) -> None:
        """Hand the model to the views of the active tab (hidden ones catch up when shown)."""
        if throttle:
            wait = VIEW_INTERVAL_S - (time.monotonic() - self._last_feed)
            if wait > 0:
                if self._feed_timer is None:
                    self._feed_timer = self.set_timer(wait, self._feed_later)
                return
        if self._feed_timer is not None:  # this feed serves what the timer was waiting to draw
            self._feed_timer.stop()
            self._feed_timer = None
        self._last_feed = time.monotonic()
        try:
            tabs = self.query_one("#views", TabbedContent)
        except NoMatches:  # starting up or shutting down
            return
        s = self.session
        host = self._host if s.has_data and not s.spec_problem() else None
        note = (s.spec_problem() or "no network yet") if s.has_data else "no data yet: press o to open a dataset"
        decision = self.query_one(DecisionMap)
        pictures = self.query_one(NeuronPictures)
        pictures.x_feature, pictures.y_feature = decision.x_feature, decision.y_feature  # one slice for both
        for view in VIEWS:
            view.arrange(self.query_one(f"#{view.pane_id}"), s.dataset)
        pane = tabs.active_pane
        if pane is not None:
            view_named(pane.id.removeprefix("view-")).feed(pane, host, s.dataset, note)

    def _feed_later(self) -> None:
        self._feed_timer = None
        self.feed_views()

    # -- tabs -----------------------------------------------------------------------------------

    def show_view(self, name: str) -> None:
        """Show a tab (its main view takes the focus, so its keys work at once)."""
        views = self.query_one("#views", TabbedContent)
        if views.active != f"view-{name}" and self.focused is not None and views in self.focused.ancestors:
            # Focus left inside the old pane would pull it back (TabbedContent shows the focused pane).
            self.set_focus(None)
        views.active = f"view-{name}"

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "views" or not self.is_mounted:
            return
        self.feed_views()
        focus = view_named((event.pane.id or "").removeprefix("view-")).focus_target(event.pane)
        focused = self.focused
        if focus:
            self.query_one(focus).focus()
        elif focused is None or (event.tabbed_content in focused.ancestors and event.pane not in focused.ancestors):
            self.editor.focus()

    # -- weights by hand --------------------------------------------------------------------------

    def on_network_view_parameter_edited(self, message: NetworkView.ParameterEdited) -> None:
        """Write a weight or bias set in the diagram into the network; every view follows at once."""
        s = self.session
        if s.state == "training":
            self.app.notify("pause training (space) to set weights by hand", severity="warning")
            return
        network = s.ensure_network()
        set_param(network, message.ref, message.value)
        s.saved = False
        weights = network.get_weights()
        self.host_model().set_weights(weights)
        self.feed_views()
        self.show_weights(weights)

    def on_weights_view_parameter_clicked(self, message: WeightsView.ParameterClicked) -> None:
        """A heatmap cell was clicked: open that parameter in the diagram, ready to nudge or type."""
        if self.host_model() is None:
            return
        self.show_view("network")
        self.feed_views()  # the diagram has the model now, not after the tab's message
        view = self.query_one(NetworkView)
        view.select(ParamRef(message.layer, message.unit, message.source))
        view.focus()

    # -- the editor ------------------------------------------------------------------------------

    def show_selection(self) -> None:
        """The selected layer moved: the editor's highlight and the heatmap follow."""
        s = self.session
        self._show_editor()
        self.show_weights(self.weights_view.weights if s.busy else (s.weights() if s.has_data else None))

    @on(LayerEditor.LayerClicked)
    def _layer_clicked(self, event: LayerEditor.LayerClicked) -> None:
        self.session.select(event.index - self.session.selected)
        self.show_selection()

    @on(SettingsForm.Changed)
    def _settings_changed(self, event: SettingsForm.Changed) -> None:
        """A setting was changed in the form: apply it (through the guard when it drops the weights)."""
        s, main = self.session, self
        if event.field in LIVE_KEYS and s.busy and s.trainer is not None and not main.training.stopping:
            # Training or paused, the run goes on: the trainer takes the new lr from its next epoch.
            notice = s.change_during_run(event.run)
            main.settings_form.show_run(s.run)
            main.refresh_status()
            if notice:
                self.app.say(notice, title="Settings")
            return
        if s.state == "training":  # the form is disabled while training; a late event is refused
            main.settings_form.show_run(s.run)
            return

        def apply() -> None:
            # Only the edited key, onto the session's run as it is now: the form's copy may be
            # older (the layers a dataset brought, another change queued until a run stopped).
            try:
                run = s.run.with_values(**{event.field: event.run.get(event.field)})
            except TuiNNError as exc:
                main.settings_form.show_run(s.run)
                self.app.say(str(exc), title="Setting refused", severity="error")
                return
            notice = s.change_run(run)
            main.settings_form.show_run(s.run)
            if event.field == "backend":
                main.files.probe_backend(run.training.backend)
            elif event.field == "val_split" and s.has_data:
                # The data comes back as it was read (raw stays raw: a lesson's hand-over, say), newly split.
                main.files.load_data(s.run.data, reason="split")
            elif event.field == "standardize" and s.has_data:
                main.files.load_data(s.run.data, reason="standardize")  # the same rows, scaled or raw
            elif event.field in ("rows", "noise") and s.has_data:
                main.files.load_data(s.run.data, reason="drawn")  # a synthetic set drawn again
            if event.field in ("loss", "seed"):
                main.clear_charts()
            main.refresh_all()
            if notice:
                self.app.say(notice, title="Settings")

        if event.field in FRESH_WEIGHT_KEYS:
            guard(self.app, "Change the run?", f"a new {KEYS[event.field].label} starts from fresh weights", apply,
                       "Change", on_keep=lambda: main.settings_form.show_run(s.run))
        else:
            main.training.when_stopped(apply)

    # -- the Runs tab ------------------------------------------------------------------------------

    @on(RunsTable.Restore)
    def _restore_asked(self, event: RunsTable.Restore) -> None:
        self.restore_run(event.number)

    def restore_run(self, number: int | None = None) -> None:
        """Adopt run `number`'s setup (None: the one highlighted in the Runs table), through the
        guard when it would drop trained weights, as a settings change or a layer edit does."""
        s, app = self.session, self.app
        number = self.query_one(RunsTable).highlighted if number is None else number
        record = s.runs.get(number) if number is not None else None
        if record is None:
            app.say("no runs yet: press space to train, then 6 shows every run", title="Runs")
            return
        if not record.spec.changed_keys(s.run):
            app.say(f"the setup is already run {number}'s", title="Runs")
            return

        def apply() -> None:
            restored = s.restore(record.spec)
            self.settings_form.show_run(s.run)
            if restored.backend:
                self.files.probe_backend(s.run.training.backend)
            if restored.reload:
                self.files.load_data(s.run.data, reason="restore")
            if restored.fresh:
                self.clear_charts()
            self.refresh_all()
            then = ("fresh weights from seed " f"{s.run.training.seed}" if restored.fresh
                    else "applies from the next run; the weights are kept")
            app.say(f"run {number}'s setup: {restored.changed} ({then})", title="Runs")

        if s.restore_drops_weights(record.spec):
            guard(app, f"Restore run {number}'s setup?", "its setup starts from fresh weights", apply, "Restore")
        else:
            self.training.when_stopped(apply)
