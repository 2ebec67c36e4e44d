"""HelpScreen: every key, what the panels show, and where the numbers come from."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui_nn.tui.actions import help_rows

ABOUT = (
    "Edit the network on the left: each row is a Dense layer (units and activation); the last "
    "is the output and must fit the target (1:sigmoid or 2:softmax for two classes, K:softmax "
    "for K classes, linear for numbers). Under it, the parameter count as the lecture writes it: "
    "weights [in×out] per layer plus one bias per unit.\n\n"
    "Settings are checked like `tui-nn train` checks its options: a value that cannot work is "
    "refused and the old one stays. Learning rate, optimizer, batch size, epochs and L2 keep "
    "the trained weights and apply from the next run; the learning rate can also be changed "
    "during a run, from its next epoch (the status bar shows each epoch's lr). The loss, the "
    "seed and the layers start from fresh weights; the validation split reloads the data.\n\n"
    "The heatmap shows the selected layer: one row per input, one column per unit, blue "
    "negative, red positive, and the scale underneath."
)


class HelpScreen(ModalScreen[None]):
    """The key table and a few paragraphs; any of escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in help_rows():
            table.add_row(key, what)
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Label("tui-nn · keys", classes="dialog-title")
            yield Static(table, id="help-keys")
            yield Static(Text(ABOUT), id="help-about")
            yield Static("esc closes", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
