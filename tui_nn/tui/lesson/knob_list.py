"""KnobList: the numbers a lesson step lets you change, one a line, the picked one highlighted."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text

from tui_nn.lecture import Knob
from tui_nn.tui.lesson.board import Board


class KnobList(Board):
    """`▸ w₁ = 0.5` lines; the screen's ↑↓, +/- and enter act on the picked one."""

    def show_knobs(self, knobs: Sequence[Knob], selected: int) -> None:
        lines = []
        for index, knob in enumerate(knobs):
            mark = "▸ " if index == selected else "  "
            line = Text(f"{mark}{knob.label} = {knob.text}")
            if index == selected:
                line.stylize("bold reverse", 2)
            lines.append(line)
        self.show(lines)
