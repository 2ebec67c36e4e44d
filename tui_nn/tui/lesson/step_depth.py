"""Step 7: why depth — XOR through no hidden layer (fails) and one hidden layer (succeeds)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_nn.lecture import DepthDemo, DepthResult, num
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.step import StepView
from tui_nn.tui.view_math import HostModel
from tui_nn.tui.widgets.decision_map import DecisionMap
from tui_nn.words import plural


class DepthStepView(StepView):
    """Two decision maps side by side and how each network did."""

    model: DepthDemo

    def __init__(self) -> None:
        super().__init__(DepthDemo(), id="step-7")
        self.busy = False
        """True while both networks train (in a worker thread)."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="step-row"):
            for key, title in (("shallow", "no hidden layer: 2 → 1 sigmoid"),
                               ("deep", "one hidden layer: 2 → 8 tanh → 1 sigmoid")):
                with Vertical(classes="depth-side"):
                    map_ = DecisionMap(id=f"depth-map-{key}", classes="panel")
                    map_.border_title = title
                    yield map_
                    yield Board(id=f"depth-result-{key}", classes="panel depth-result")

    def refresh_view(self) -> None:
        m = self.model
        for key, network in m.networks():
            self.query_one(f"#depth-map-{key}", DecisionMap).update_model(HostModel(network), m.data)
            result = m.results.get(key)
            board = self.query_one(f"#depth-result-{key}", Board)
            board.show([self._result_text(result)])

    def _result_text(self, result: DepthResult | None) -> str:
        if self.busy:
            return "training…"
        if result is None:
            return "untrained · space trains both"
        return (f"after {plural(result.epochs, 'epoch')}: accuracy {num(100 * result.accuracy)}%, "
                f"loss {num(result.loss)}")

    def primary(self) -> None:
        if not self.busy:
            self.busy = True
            self.refresh_view()
            self._train()

    @work(thread=True, exclusive=True, exit_on_error=False, group="lesson-depth")
    def _train(self) -> None:
        """Both networks train off the UI thread; one call back when they are done."""
        try:
            self.model.train()
        finally:
            self.app.call_from_thread(self._trained)

    def _trained(self) -> None:
        self.busy = False
        self.refresh_view()
