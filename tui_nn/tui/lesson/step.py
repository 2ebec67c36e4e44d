"""StepView: the live part of one lesson step (the screen around it shows the title and text)."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical

from tui_nn.lecture import AppState, Knob
from tui_nn.tui.lesson.knob_list import KnobList


class StepView(Vertical):
    """A step's model (from `tui_nn.lecture`), the numbers it lets you change and what it shows.

    The lesson screen owns the keys and calls in: ↑↓ `select`, +/- `nudge`, enter `set_value`,
    space `primary`, a letter `key`. Subclasses compose their boards and draw in `refresh_view`.
    """

    def __init__(self, model: Any, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="step")
        self.model = model
        self.selected = 0
        """Index of the picked knob."""

    @property
    def knobs(self) -> list[Knob]:
        return getattr(self.model, "knobs", [])

    @property
    def knob(self) -> Knob | None:
        return self.knobs[self.selected] if self.knobs else None

    def on_mount(self) -> None:
        self.refresh_view()

    def select(self, delta: int) -> None:
        if self.knobs:
            self.selected = max(0, min(len(self.knobs) - 1, self.selected + delta))
            self.refresh_knobs()

    def nudge(self, times: int) -> None:
        if self.knob is not None:
            self.set_knob(self.knob.nudged(times))

    def set_value(self, value: float) -> None:
        if self.knob is not None:
            self.set_knob(self.knob.with_value(value))

    def set_knob(self, knob: Knob) -> None:
        self.model.knobs[self.selected] = knob
        self.knobs_changed()
        self.refresh_view()

    def knobs_changed(self) -> None:
        """A knob changed: let the model follow (most models read their knobs when asked)."""

    def refresh_knobs(self) -> None:
        for knob_list in self.query(KnobList):
            knob_list.show_knobs(self.knobs, self.selected)

    def refresh_view(self) -> None:
        """Redraw everything from the model."""
        self.refresh_knobs()

    def primary(self) -> None:
        """space: the step's main action (next function, train, next phase, ...)."""

    def key(self, key: str) -> bool:
        """A step's own letter key; True when it was used."""
        return False

    def app_state(self) -> AppState:
        """What "open in the app" hands over."""
        return self.model.app_state()
