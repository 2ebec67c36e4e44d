"""Step 5: x → y. b = 1, try w = 0.5, 0.7, 1 by hand, then let training find w (and b)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer

from tui_nn.lecture import LINE_LR, SLIDE_TRIES, LineFit, num
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.knob_list import KnobList
from tui_nn.tui.lesson.step import StepView

TRAIN_EPOCHS = 600
"""Epochs space trains: plain SGD gets w and b to 1 within about 0.001."""
EPOCHS_PER_TICK = 30
TICK_S = 0.05
"""Training is shown as it happens: 30 epochs every 50 ms (each takes microseconds)."""


class LineStepView(StepView):
    """The table with ŷ for the current w and b, the slide's three tries, and training."""

    model: LineFit

    def __init__(self) -> None:
        super().__init__(LineFit(), id="step-5")
        self._timer: Timer | None = None
        self._left = 0
        self._try = 0

    @property
    def training(self) -> bool:
        """True while space's training run is being shown."""
        return self._timer is not None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            with Vertical(classes="side"):
                yield KnobList(classes="knobs panel")
                yield Board(id="line-table", classes="panel")
            yield Board(id="line-math", classes="panel grow")

    def knobs_changed(self) -> None:
        self._stop()
        self.model.changed()

    def refresh_view(self) -> None:
        super().refresh_view()
        m = self.model
        w, b = m.current
        table: list[str | Text] = [Text(f"{'X':>4} {'Y':>4} {'ŷ':>7}", style="bold")]
        for x, y in zip(m.data.x_train[:, 0], m.data.y_train[:, 0]):
            table.append(f"{num(x):>4} {num(y):>4} {num(m.predict(float(x))):>7}")
        table.append(f"{'?':>4} {'?':>4}")
        self.query_one("#line-table", Board).show(table)

        lines: list[str | Text] = [Text("ŷ = x·w + b, b = 1: the slide's tries at x = 8", style="bold")]
        for text, right, note in m.slide_lines():
            lines.append(Text(f"  {text}  {'✓ the table says 9' if right else '✗'}",
                              style="green" if right else ""))
            if note:
                lines.append(Text(f"     {note}", style="italic"))
        lines += ["", Text("yours:", style="bold"), f"  {m.prediction_line()}",
                  f"  mean squared error over the table: {num(m.loss())}"]
        if m.fit is not None:
            lines += ["", Text(f"training (gradient descent, η = {num(LINE_LR)}): epoch {m.fit.epoch}", style="bold"),
                      f"  w = {num(w)}, b = {num(b)}, error {num(m.fit.loss)}"]
            if not self.training:
                lines.append(f"  training found w ≈ {num(round(w, 2))}, b ≈ {num(round(b, 2))}: y = x + 1")
        else:
            lines += ["", "space: let training find w and b from the table"]
        self.query_one("#line-math", Board).show(lines)

    def primary(self) -> None:
        """space: train (shown as it goes); space again while training stops it."""
        if self.training:
            self._stop()
            return
        self._left = TRAIN_EPOCHS
        self._timer = self.set_interval(TICK_S, self._tick)

    def _tick(self) -> None:
        epochs = min(EPOCHS_PER_TICK, self._left)
        self.model.train(epochs)
        self._left -= epochs
        if self._left <= 0:
            self._stop()
        self.refresh_view()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def key(self, key: str) -> bool:
        if key == "p":  # the slide's tries in turn: w = 0.5, 0.7, 1 (b = 1)
            self._stop()
            self._try = (self._try + 1) % len(SLIDE_TRIES) if self.model.w == SLIDE_TRIES[self._try][0] else 0
            self.model.set(w=SLIDE_TRIES[self._try][0], b=1.0)
            self.refresh_view()
            return True
        return False
