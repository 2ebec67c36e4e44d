"""Step 1: one neuron, y = Σ wᵢ·xᵢ + b, with its inputs and weights editable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from tui_nn.lecture import Neuron, num
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView


class NeuronStepView(StepView):
    """The knobs on the left; the neuron drawn with its numbers and the sum written out on the right."""

    model: Neuron

    def __init__(self) -> None:
        super().__init__(Neuron(), id="step-1")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            yield KnobList(classes="knobs panel")
            yield Board(id="neuron-math", classes="panel grow")

    def refresh_view(self) -> None:
        super().refresh_view()
        m = self.model
        s = m.step
        x1, x2 = (num(v) for v in s.inputs)
        w1, w2 = (num(v) for v in s.weights)
        top = f"x₁ weight = {x1} ── w₁ = {w1} ─"
        bottom = f"x₂ height = {x2} ── w₂ = {w2} ─"
        width = max(len(top), len(bottom))
        picture = [
            top.ljust(width, "─") + "╮",
            " " * width + f"├─▶ Σ + b ─▶ y = {num(s.a)}",
            bottom.ljust(width, "─") + "╯    b = " + num(s.bias),
        ]
        self.query_one("#neuron-math", Board).show([*picture, "", *m.lines()])
