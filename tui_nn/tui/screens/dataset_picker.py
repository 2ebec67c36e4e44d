"""DatasetPicker: choose a bundled dataset (with its description) or type a file path."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_nn.data import BuiltinInfo, builtin_datasets
from tui_nn.tui.screens.path_suggester import DATA_SUFFIXES, PathSuggester


def describe(info: BuiltinInfo) -> Text:
    """`xor   400 × 2 · 2 classes   Playground XOR: ...` for the list."""
    shape = f"{info.rows} × {info.features}"
    kind = f"{info.classes} classes" if info.task == "classification" else "regression"
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{info.name:<14}", style="bold")
    text.append(f"{shape:>9} · {kind:<10}  ", style="dim")
    text.append(info.description)
    return text


class DatasetPicker(ModalScreen[str | None]):
    """Dismisses with a bundled dataset's name or a path; None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.infos = builtin_datasets()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Label("Open a dataset", classes="dialog-title")
            yield Static("bundled datasets — enter opens, then choose the target column", classes="dialog-hint")
            yield OptionList(*[Option(describe(info), id=info.name) for info in self.infos], id="picker-list")
            yield Static("", id="picker-teaches")
            yield Static("or a file (CSV, TSV, Parquet, JSON) — → completes the path", classes="dialog-hint")
            yield Input(id="picker-path", placeholder="path/to/data.csv", suggester=PathSuggester(DATA_SUFFIXES))
            yield Static("↑↓ choose · enter open · tab switch list/path · esc cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        names = [info.name for info in self.infos]
        options.highlighted = names.index(self.current) if self.current in names else 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Under the list: what training on the highlighted dataset shows, and where it is from."""
        info = next((i for i in self.infos if i.name == event.option.id), None)
        if info is None:
            return
        text = Text()
        text.append("teaches ", style="dim")
        text.append(info.teaches or "–")
        if info.source:
            text.append("\nsource  ", style="dim")
            text.append(f"{info.source}" + (f" · {info.licence}" if info.licence else ""), style="dim")
        self.query_one("#picker-teaches", Static).update(text)

    @on(OptionList.OptionSelected, "#picker-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if path:
            self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
