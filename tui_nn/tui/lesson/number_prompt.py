"""NumberPrompt: type one number for a lesson knob (enter confirms, escape cancels)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class NumberPrompt(ModalScreen[float | None]):
    """One number field; Enter returns the number, Escape None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, label: str, value: str) -> None:
        super().__init__()
        self.label = label
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="number-dialog", classes="dialog"):
            yield Label(self.label, classes="dialog-title")
            yield Input(value=self.value, type="number", id="number-input")
            yield Static("enter confirm · esc cancel", classes="dialog-keys")

    @on(Input.Submitted, "#number-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.dismiss(float(event.value))
        except ValueError:
            self.notify(f'"{event.value}" is not a number', severity="warning", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
