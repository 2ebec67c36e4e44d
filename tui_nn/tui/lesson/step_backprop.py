"""Step 6: forward pass, compare with target output, backpropagate, update — one phase per key."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from tui_nn.lecture import PHASE_TITLES, PHASES, BackpropWalk, num
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView


class BackpropStepView(StepView):
    """The table with the current row marked, and every phase done so far with its numbers."""

    model: BackpropWalk

    def __init__(self) -> None:
        super().__init__(BackpropWalk(), id="step-6")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            with Vertical(classes="side"):
                yield KnobList(classes="knobs panel")
                yield Board(id="backprop-table", classes="panel")
            with VerticalScroll(classes="panel grow", can_focus=False):
                yield Board(id="backprop-math")

    def refresh_view(self) -> None:
        super().refresh_view()
        m = self.model
        names = m.names
        table: list[str | Text] = [Text("  " + " ".join(f"{n:>6}" for n in names) + "  class", style="bold")]
        for i, (x, y) in enumerate(zip(m.data.x_train, m.data.y_train[:, 0])):
            line = Text(f"{'▸' if i == m.row else ' '} " + " ".join(f"{num(v):>6}" for v in x) + f"  {num(y):>5}")
            if i == m.row:
                line.stylize("bold")
            table.append(line)
        table += ["", f"updates done: {m.steps_done}"]
        self.query_one("#backprop-table", Board).show(table)
        self.query_one("#backprop-math", Board).show(self._phase_lines())
        if m.phase >= 2:  # the newest phase is at the bottom: keep it in view
            self.query_one(VerticalScroll).scroll_end(animate=False)

    def _phase_lines(self) -> list[str | Text]:
        m = self.model
        if m.phase < 0:
            return [f"row {m.row + 1}: press space for {PHASE_TITLES['forward']}"]
        lines: list[str | Text] = []
        for name in PHASES[: m.phase + 1]:
            lines.append(Text(f"{PHASE_TITLES[name]} · row {m.row + 1}", style="bold"))
            if name == "forward":
                for layer in m.trace().layers:
                    for step in layer:
                        lines += [f"  {step.symbolic}", f"     = {step.numeric}"]
            elif name == "compare":
                lines += [f"  {line}" for line in m.compare_lines()]
            elif name == "backpropagate":
                lines += [f"  {g.line}" for g in m.gradients()]
                lines.append(f"  (the engine's backward pass gives the same numbers; loss {num(m.engine_loss or 0)})")
            elif name == "update":
                lines.append(f"  p ← p − η·∂L/∂p with η = {num(m.lr)}:")
                lines += [f"  {line}" for line in m.update_lines()]
                lines.append(f"  this row's loss: {num(m.engine_loss or 0)} → {num(m.loss_after or 0)}")
            lines.append("")
        following = "the next row's forward pass" if m.phase == len(PHASES) - 1 else PHASE_TITLES[PHASES[m.phase + 1]]
        lines.append(f"space: {following}")
        return lines

    def primary(self) -> None:
        self.model.advance()
        self.refresh_view()
