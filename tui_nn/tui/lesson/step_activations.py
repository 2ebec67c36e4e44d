"""Step 2: activation functions and their derivatives, the chosen one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_nn.lecture import Activations, num
from tui_nn.tui.lesson.activation_plot import ActivationPlot
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView


class ActivationsStepView(StepView):
    """A table of f(z) and f′(z) for six functions at z, and the plot of the chosen one."""

    model: Activations

    def __init__(self) -> None:
        super().__init__(Activations(), id="step-2")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            with Vertical(classes="side"):
                yield KnobList(classes="knobs panel")
                yield Board(id="activation-table", classes="panel")
            yield ActivationPlot(id="activation-plot", classes="panel grow")

    def refresh_view(self) -> None:
        super().refresh_view()
        m = self.model
        z = num(m.z)
        lines = [Text(f"  {'function':<11} {'f(' + z + ')':>9} {'f′(' + z + ')':>9}", style="bold")]
        for name, _symbol, f, d in m.rows():
            line = Text(f"{'▸' if name == m.name else ' '} {name:<11} {f:>9} {d:>9}")
            if name == m.name:
                line.stylize("bold reverse")
            lines.append(line)
        self.query_one("#activation-table", Board).show(lines)
        self.query_one(ActivationPlot).show(m.name, m.z)

    def primary(self) -> None:
        self.model.cycle(1)
        self.refresh_view()
