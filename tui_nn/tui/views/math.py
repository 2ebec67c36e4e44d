"""The Math tab: the network's arithmetic for one input, typed or taken from the data."""

from __future__ import annotations

from textual.app import ComposeResult

from tui_nn.tui.views.base import View
from tui_nn.tui.widgets.predict_panel import PredictPanel


class MathTab(View):
    name, title, key, what = "math", "Math", "4", "The arithmetic for one input"
    # The panel, not its input: the view keys work when the tab opens; enter goes into the input.
    focus = "#predict-panel"
    fed = "PredictPanel"

    def compose(self) -> ComposeResult:
        yield PredictPanel(id="predict-panel", classes="panel")
