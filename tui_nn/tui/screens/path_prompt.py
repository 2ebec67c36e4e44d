"""PathPrompt: ask for a file path (save or load a checkpoint), with completion."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui_nn.tui.screens.path_suggester import CHECKPOINT_SUFFIXES, PathSuggester


class PathPrompt(ModalScreen[str | None]):
    """One input line; Enter returns the path, Escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str, value: str = "",
                 suffixes: tuple[str, ...] = CHECKPOINT_SUFFIXES) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value
        self.suffixes = suffixes

    def compose(self) -> ComposeResult:
        with Vertical(id="path-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.hint, classes="dialog-hint")
            yield Input(value=self.value, id="path-input", suggester=PathSuggester(self.suffixes),
                        placeholder="path/to/model.npz")
            yield Static("enter confirm · → complete · esc cancel", classes="dialog-keys")

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
