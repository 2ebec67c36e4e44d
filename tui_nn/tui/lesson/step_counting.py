"""Step 4: a bigger network and its parameter count (the lecture's 32 learnable parameters)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal

from tui_nn.lecture import Counting
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView


class CountingStepView(StepView):
    """Layer sizes as knobs; the per-layer table and the three lecture lines."""

    model: Counting

    def __init__(self) -> None:
        super().__init__(Counting(), id="step-4")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            yield KnobList(classes="knobs panel")
            yield Board(id="counting-table", classes="panel grow")

    def refresh_view(self) -> None:
        super().refresh_view()
        s = self.model.summary
        neurons = sum(row.units for row in s.rows)
        self.query_one("#counting-table", Board).show(
            [*s.text().splitlines(), "", f"{neurons} neurons (not counting inputs)"]
        )
