"""The app's "see inside" tabs: which views they hold, how they are fed, weights by hand.

`TuiNNApp` mixes `InsideViews` in and calls `compose_view_panes()` inside its TabbedContent.
The views never touch the live network (it may be training on another thread, on a GPU):
they draw a NumPy copy, `HostModel`, refreshed from the trainer's weight snapshots. Only
the active tab is fed, at most `VIEW_INTERVAL_S` apart while training, so a hidden view
costs nothing and a visible one at most a few redraws a second.
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import TabbedContent, TabPane

from tui_nn.tui.view_math import HostModel, ParamRef, set_param
from tui_nn.tui.widgets.class_report import ClassReport
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.tui.widgets.fit_plot import FitPlot
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.neuron_pictures import NeuronPictures
from tui_nn.tui.widgets.predict_panel import PredictPanel
from tui_nn.tui.widgets.regression_report import RegressionReport
from tui_nn.tui.widgets.weights_view import WeightsView

VIEW_INTERVAL_S = 0.25
"""While training, the visible view redraws at most this often (the charts keep the 10 Hz)."""

VIEWS = (
    ("training", "Training", "1", "Loss, metric and weights"),
    ("network", "Network", "2", "Diagram (set weights by hand) and neuron pictures"),
    ("decision", "Decision", "3", "Decision map (two features) or fitted curve (one)"),
    ("math", "Math", "4", "The arithmetic for one input"),
    ("report", "Report", "5", "Confusion matrix, or predicted vs true"),
)
"""(id, tab title, key, what it shows) of every tab, in order."""

_VIEW = Binding.Group("View")
VIEW_BINDINGS = [
    *(Binding(key, f"view('{name}')", title, group=_VIEW, tooltip=what) for name, title, key, what in VIEWS),
    # The same keys unshown: they act when a narrow footer hides the group (app.FOOTER_ROOM).
    *(Binding(key, f"unshown('view', '{name}')", title, show=False) for name, title, key, _ in VIEWS),
]
"""Keys 1–5 switch tabs (shown in the footer as one group when it has room)."""


def compose_view_panes() -> ComposeResult:
    """The tabs after "Training" (the app composes that one: its charts and weights)."""
    with TabPane("Network", id="view-network"):
        yield NetworkView(id="network-view", classes="panel")
        with VerticalScroll(id="pictures-scroll", classes="panel"):
            yield NeuronPictures(id="neuron-pictures")
    with TabPane("Decision", id="view-decision"):
        yield DecisionMap(id="decision-map", classes="panel")
        yield FitPlot(id="fit-plot", classes="panel")
    with TabPane("Math", id="view-math"):
        yield PredictPanel(id="predict-panel", classes="panel")
    with TabPane("Report", id="view-report"):
        yield ClassReport(id="class-report", classes="panel")
        yield RegressionReport(id="regression-report", classes="panel")


class InsideViews:
    """Mixed into the app: feeds the view tabs from the session and applies weights set by hand."""

    session: Any
    _host: HostModel | None = None
    _host_network: Any = None
    _last_feed = 0.0
    _feed_timer: Any = None

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
            main = self.screen_stack[0]  # not self.screen: a dialog may be open on top
            main.query_one("#views", TabbedContent)
        except (IndexError, NoMatches):  # starting up or shutting down
            return
        s = self.session
        host = self._host if s.has_data and not s.spec_problem() else None
        if not s.has_data:
            note = "no data yet: press o to open a dataset"
        else:
            note = s.spec_problem() or "no network yet"
        dataset = s.dataset
        one_feature = dataset is not None and dataset.n_features == 1
        regression = dataset is not None and dataset.schema.task == "regression"
        for selector, shown in (("#decision-map", not one_feature), ("#fit-plot", one_feature),
                                ("#pictures-scroll", not one_feature), ("#class-report", not regression),
                                ("#regression-report", regression)):
            widget = main.query_one(selector)
            if widget.display != shown:  # setting it at all restyles the subtree: only on a change
                widget.display = shown
        decision = main.query_one(DecisionMap)
        pictures = main.query_one(NeuronPictures)
        pictures.x_feature, pictures.y_feature = decision.x_feature, decision.y_feature  # one slice for both
        decision.border_title = decision.caption if not one_feature else ""
        pane = main.query_one("#views", TabbedContent).active_pane
        if pane is None:
            return
        for view in pane.query("NetworkView, NeuronPictures, DecisionMap, FitPlot, PredictPanel, ClassReport, "
                               "RegressionReport"):
            if view.display:
                view.update_model(host, dataset, note)
        if main.query_one(FitPlot).display:
            main.query_one(FitPlot).border_title = "Fit · v validation points"
        else:
            decision.border_title = f"Decision map · {decision.caption}"

    def _feed_later(self) -> None:
        self._feed_timer = None
        self.feed_views()

    # -- tabs -----------------------------------------------------------------------------------

    def action_view(self, name: str) -> None:
        """1–5: show a tab (its main view takes the focus, so its keys work at once)."""
        main = self.screen_stack[0]
        views = main.query_one("#views", TabbedContent)
        if views.active != f"view-{name}" and main.focused is not None and views in main.focused.ancestors:
            # Focus left inside the old pane would pull it back (TabbedContent shows the focused pane).
            main.set_focus(None)
        views.active = f"view-{name}"

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "views" or not self.screen_stack or not self.is_mounted:
            return
        self.feed_views()
        main = self.screen_stack[0]
        focus = {
            "view-network": "#network-view",
            "view-decision": "#fit-plot" if main.query_one("#fit-plot").display else "#decision-map",
            "view-math": "#predict-input",
        }.get(event.pane.id or "")
        focused = main.focused
        if focus:
            main.query_one(focus).focus()
        elif focused is None or (event.tabbed_content in focused.ancestors and event.pane not in focused.ancestors):
            self.action_focus_editor()  # type: ignore[attr-defined]

    # -- weights by hand --------------------------------------------------------------------------

    def on_network_view_parameter_edited(self, message: NetworkView.ParameterEdited) -> None:
        """Write a weight or bias set in the diagram into the network; every view follows at once."""
        s = self.session
        if s.state == "training":
            self.notify("pause training (space) to set weights by hand", severity="warning")
            return
        network = s.ensure_network()
        set_param(network, message.ref, message.value)
        s.saved = False
        weights = network.get_weights()
        self.host_model().set_weights(weights)
        self.feed_views()
        self.weights_edited(weights)

    def on_weights_view_parameter_clicked(self, message: WeightsView.ParameterClicked) -> None:
        """A heatmap cell was clicked: open that parameter in the diagram, ready to nudge or type."""
        if self.host_model() is None:
            return
        self.action_view("network")
        self.feed_views()  # the diagram has the model now, not after the tab's message
        view = self.screen_stack[0].query_one(NetworkView)
        view.select(ParamRef(message.layer, message.unit, message.source))
        view.focus()

    def weights_edited(self, weights: Any) -> None:
        """Hook for the app: redraw what shows weights outside the tabs (the heatmap)."""
