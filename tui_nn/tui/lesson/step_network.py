"""Step 3: the lecture's weight, height → man/woman network, its formulas and its 9 parameters."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_nn.lecture import ManWoman, num
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView


class NetworkStepView(StepView):
    """The table, the three neurons' formulas with numbers for one row, and the parameter count."""

    model: ManWoman

    def __init__(self) -> None:
        super().__init__(ManWoman(), id="step-3")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            with Vertical(classes="side"):
                yield KnobList(classes="knobs panel")
                yield Board(id="network-table", classes="panel")
                yield Board(id="network-count", classes="panel")
            yield Board(id="network-math", classes="panel grow")

    def refresh_view(self) -> None:
        super().refresh_view()
        m = self.model
        raw, data = m.raw, m.data
        names = data.schema.feature_names
        lines = [Text(f"  {names[0]:>7} {names[1]:>7}  class   → standardised", style="bold")]
        for i in range(raw.n_rows):
            label = data.schema.classes[int(raw.y_train[i, 0])]
            line = Text(f"{'▸' if i == m.row else ' '} {num(raw.x_train[i, 0]):>7} {num(raw.x_train[i, 1]):>7}"
                        f"  {label:<6}  ({num(data.x_train[i, 0])}, {num(data.x_train[i, 1])})")
            if i == m.row:
                line.stylize("bold")
            lines.append(line)
        self.query_one("#network-table", Board).show(lines)
        s = m.summary
        self.query_one("#network-count", Board).show(["3 neurons (not counting inputs)", s.weights_line,
                                                      s.biases_line, s.parameters_line])
        trace = m.trace
        math_lines: list[str | Text] = [Text(f"row {m.row + 1}, seed {m.network.seed}:", style="bold")]
        for layer in trace.layers:
            for step in layer:
                math_lines += [step.symbolic, f"   = {step.numeric}", ""]
        out = trace.outputs[0]
        classes = data.schema.classes
        guess = classes[1] if out > 0.5 else classes[0]
        math_lines.append(f"O₁ = {num(out)}: the probability of {classes[1]}, so the network says {guess} "
                          "(untrained weights — the full app trains them)")
        self.query_one("#network-math", Board).show(math_lines)

    def key(self, key: str) -> bool:
        if key == "r":
            self.model.reseed(self.model.network.seed + 1)
            self.refresh_view()
            return True
        return False
