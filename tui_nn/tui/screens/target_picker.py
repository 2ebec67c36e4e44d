"""TargetPicker: after choosing a table, choose the column to predict (and what to do with gaps)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option

MISSING_CHOICES = ("error", "drop", "mean", "median", "zero")


@dataclass(frozen=True)
class TargetChoice:
    """The picked target column and the missing-value policy."""

    target: str
    missing: str = "error"


class TargetPicker(ModalScreen[TargetChoice | None]):
    """Lists the table's columns with their kinds; the last column is highlighted (the default)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, source: str, columns: tuple[tuple[str, str], ...], current: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.columns = columns
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for name, kind in self.columns:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{name:<24}", style="bold")
            label.append(kind, style="dim")
            options.append(Option(label, id=name))
        with Vertical(id="target-dialog", classes="dialog"):
            yield Label(f"Target column of {self.source}", classes="dialog-title")
            yield Static("the column to predict: text or 0/1 labels → classification, numbers → regression; "
                         "every other column is an input", classes="dialog-hint")
            yield OptionList(*options, id="target-list")
            with Horizontal(id="target-missing-row"):
                yield Label("missing values", classes="setting-label")
                yield Select([(m, m) for m in MISSING_CHOICES], value="error", allow_blank=False, compact=True,
                             id="target-missing")
            yield Static("↑↓ choose · enter load · tab missing values · esc cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        names = [name for name, _ in self.columns]
        options = self.query_one("#target-list", OptionList)
        options.highlighted = names.index(self.current) if self.current in names else len(names) - 1
        options.focus()

    @on(OptionList.OptionSelected, "#target-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        missing = self.query_one("#target-missing", Select).value
        self.dismiss(TargetChoice(event.option.id, str(missing)))

    def action_cancel(self) -> None:
        self.dismiss(None)
