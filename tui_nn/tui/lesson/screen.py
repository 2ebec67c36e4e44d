"""LessonScreen: the lecture's seven steps, each a short text over a live, editable state."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer

from tui_nn.lecture import STEPS, AppState
from tui_nn.tui.lesson.board import Board
from tui_nn.tui.lesson.number_prompt import NumberPrompt
from tui_nn.tui.lesson.step import StepView
from tui_nn.tui.lesson.step_activations import ActivationsStepView
from tui_nn.tui.lesson.step_backprop import BackpropStepView
from tui_nn.tui.lesson.step_counting import CountingStepView
from tui_nn.tui.lesson.step_depth import DepthStepView
from tui_nn.tui.lesson.step_line import LineStepView
from tui_nn.tui.lesson.step_network import NetworkStepView
from tui_nn.tui.lesson.step_neuron import NeuronStepView

STEP_VIEWS: tuple[Callable[[], StepView], ...] = (
    NeuronStepView, ActivationsStepView, NetworkStepView, CountingStepView, LineStepView, BackpropStepView,
    DepthStepView,
)
"""One view per entry of `tui_nn.lecture.STEPS`, in order."""


class LessonScreen(ModalScreen[AppState | None]):
    """Step through the lecture. Dismissed with the step's `AppState` ("open in the app") or None.

    Modal, so the app's own keys (space trains, o opens data, ...) do not reach the app
    beneath while the lesson is shown. Steps are built on first visit and kept, so going
    back finds a step as it was left.
    """

    CSS_PATH = "lesson.tcss"
    BINDINGS = [
        Binding("right,pagedown", "go(1)", "Next step", key_display="→"),
        Binding("left,pageup", "go(-1)", "Previous", key_display="←"),
        Binding("up", "select(-1)", "Pick", show=False),
        Binding("down", "select(1)", "Pick", show=False),
        Binding("plus,equals_sign", "nudge(1)", "+", key_display="+"),
        Binding("minus,underscore", "nudge(-1)", "-", key_display="-"),
        Binding("enter", "type_value", "Type"),
        Binding("space", "primary", "Go", key_display="space"),
        Binding("p", "step_key('p')", "slide's w", show=False),
        Binding("r", "step_key('r')", "new weights", show=False),
        Binding("f", "open_in_app", "Open in app"),
        Binding("escape", "leave", "Leave"),
        Binding("q", "quit_app", "Quit"),
        *(Binding(str(n), f"jump({n})", f"step {n}", show=False) for n in range(1, len(STEPS) + 1)),
    ]

    def __init__(self, step: int = 1) -> None:
        super().__init__()
        self.index = max(0, min(len(STEPS) - 1, step - 1))
        """The step shown, from 0."""
        self.views: dict[int, StepView] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="lesson"):
            yield Board(id="lesson-title")
            yield Board(id="lesson-text")
            yield Vertical(id="lesson-body")
            yield Board(id="lesson-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_step(self.index)

    @property
    def view(self) -> StepView:
        """The current step's view."""
        return self.views[self.index]

    def show_step(self, index: int) -> None:
        """Show step `index` (from 0), building its view the first time."""
        self.index = index
        for i, view in self.views.items():
            view.display = i == index
        if index not in self.views:
            view = STEP_VIEWS[index]()
            self.views[index] = view
            self.query_one("#lesson-body").mount(view)
        info = STEPS[index]
        dots = "".join("●" if i == index else "○" for i in range(len(STEPS)))
        self.query_one("#lesson-title", Board).show([f"Lesson · step {index + 1} of {len(STEPS)} · {info.title}  {dots}"])
        self.query_one("#lesson-text", Board).show([info.text])
        self.query_one("#lesson-keys", Board).show(
            [f"{info.keys} · ←/→ steps · f open this in the full app · esc leave"]
        )

    # -- keys -------------------------------------------------------------------------------------

    def action_go(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(STEPS):
            self.show_step(target)

    def action_jump(self, step: int) -> None:
        self.show_step(step - 1)

    def action_select(self, delta: int) -> None:
        self.view.select(delta)

    def action_nudge(self, times: int) -> None:
        self.view.nudge(times)

    def action_type_value(self) -> None:
        view = self.view
        knob = view.knob
        if knob is None:
            return

        def typed(value: float | None) -> None:
            if value is not None:
                view.set_value(value)

        self.app.push_screen(NumberPrompt(f"{knob.label} =", knob.text), typed)

    def action_primary(self) -> None:
        self.view.primary()

    def action_step_key(self, key: str) -> None:
        """A letter only some steps use (p: the slide's next w, r: new weights)."""
        self.view.key(key)

    def action_open_in_app(self) -> None:
        """f: leave the lesson into the full app, holding this step's data, network and weights."""
        self.dismiss(self.view.app_state())

    def action_leave(self) -> None:
        self.dismiss(None)

    def action_quit_app(self) -> None:
        self.app.exit(0)
