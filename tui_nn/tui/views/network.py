"""The Network tab: the diagram (set weights by hand) and each neuron's output over the input plane."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget

from tui_nn.tui.views.base import View, show_only
from tui_nn.tui.widgets.network_view import NetworkView
from tui_nn.tui.widgets.neuron_pictures import NeuronPictures


class NetworkTab(View):
    name, title, key, what = "network", "Network", "2", "Diagram (set weights by hand) and neuron pictures"
    focus = "#network-view"
    fed = "NetworkView, NeuronPictures"

    def compose(self) -> ComposeResult:
        yield NetworkView(id="network-view", classes="panel")
        with VerticalScroll(id="pictures-scroll", classes="panel"):
            yield NeuronPictures(id="neuron-pictures")

    def arrange(self, pane: Widget, dataset: Any) -> None:
        # A picture over the input plane needs two inputs.
        show_only(pane, {"#pictures-scroll": dataset is None or dataset.schema.n_plane != 1})
