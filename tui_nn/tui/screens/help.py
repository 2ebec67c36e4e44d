"""HelpScreen: every key, what the panels show, and where the numbers come from."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEYS: tuple[tuple[str, str], ...] = (
    ("space", "train / pause (a run trains the settings' epochs more)"),
    ("n", "train one epoch"),
    ("r", "reset the weights (a new seed) and clear the charts"),
    ("a", "add a layer after the selected one"),
    ("delete  x", "remove the selected layer"),
    ("+  -", "one unit more / fewer in the selected layer"),
    ("[  ]", "previous / next activation of the selected layer"),
    ("↑  ↓", "select a layer (or click it)"),
    ("o", "open a dataset: bundled, or a CSV/TSV/Parquet/JSON file"),
    ("ctrl+s", "save a checkpoint (.npz, the same format as tui-nn train --save)"),
    ("ctrl+o", "load a checkpoint"),
    ("l", "loss chart: linear / log scale"),
    ("e", "the lesson: the lecture's worked examples, step by step (f in a step brings its state here)"),
    ("1 … 5", "tabs: training, network diagram, decision map, the math for one input, report"),
    ("←  →  ↑  ↓", "in the diagram: pick a weight or bias, nudge it ±0.1 (shift ±0.01); enter types a value"),
    ("click", "a cell of the weights heatmap: set that weight or bias by hand in the diagram"),
    ("v  f  g", "in the decision map: validation points, the features along x and y"),
    ("tab", "move between the network and the settings; esc goes back"),
    ("ctrl+p", "command palette: every action by name"),
    ("?", "this help"),
    ("q", "quit (offers to save a trained model)"),
)

ABOUT = (
    "Edit the network on the left: each row is a Dense layer (units and activation); the last "
    "is the output and must fit the target (1:sigmoid or 2:softmax for two classes, K:softmax "
    "for K classes, linear for numbers). Under it, the parameter count as the lecture writes it: "
    "weights [in×out] per layer plus one bias per unit.\n\n"
    "Settings are checked like `tui-nn train` checks its options: a value that cannot work is "
    "refused and the old one stays. Learning rate, optimizer, batch size, epochs and L2 keep "
    "the trained weights and apply from the next run; the loss, the seed and the layers start "
    "from fresh weights; the validation split reloads the data.\n\n"
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
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Label("tui-nn · keys", classes="dialog-title")
            yield Static(table, id="help-keys")
            yield Static(Text(ABOUT), id="help-about")
            yield Static("esc closes", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
