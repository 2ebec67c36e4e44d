"""FeaturesScreen: TensorFlow Playground's feature crosses as toggles, and any expression typed.

For a table of up to `TOGGLE_COLUMNS` numeric inputs the toggles are every square, every
product of two, and every sine (X1², X1·X2, sin(X1) in Playground); with more numeric
columns, the list would be too long to read and the expression line alone is offered. The
screen returns the derived features chosen (tidy expressions, `tui_nn.data.derive`), or None.
"""

from __future__ import annotations

from itertools import combinations
from typing import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, SelectionList, Static

from tui_nn.data.derive import HELP, check_columns, names_of, parse_derived
from tui_nn.errors import TuiNNError

TOGGLE_COLUMNS = 6
"""Up to this many numeric inputs get Playground's toggles (6 give 6 + 15 + 6 = 27 of them)."""


def playground_crosses(numeric: Sequence[str]) -> tuple[str, ...]:
    """Squares, pairwise products and sines of `numeric`, as tidy expressions, in Playground's order."""
    if not 0 < len(numeric) <= TOGGLE_COLUMNS:
        return ()
    quoted = [f"`{name}`" if not name.isidentifier() else name for name in numeric]
    texts = [f"{q}^2" for q in quoted] + [f"{a}*{b}" for a, b in combinations(quoted, 2)]
    texts += [f"sin({q})" for q in quoted]
    return names_of(parse_derived(texts))


def _parses(text: str) -> bool:
    try:
        parse_derived(text)
    except TuiNNError:
        return False
    return True


class FeaturesScreen(ModalScreen[tuple[str, ...] | None]):
    """Toggles for the crosses (space or enter), a line for other expressions (enter there
    applies), esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, numeric: Sequence[str], current: Sequence[str], others: Sequence[str] = ()) -> None:
        super().__init__()
        self.numeric = tuple(numeric)
        self.others = tuple(others)
        """The table's other columns (text, the target): named as such when an expression uses one."""
        self.crosses = playground_crosses(self.numeric)
        self.current = tuple(current)

    def compose(self) -> ComposeResult:
        others = [name for name in self.current if name not in self.crosses]
        with Vertical(id="features-dialog", classes="dialog"):
            yield Label("Derived features", classes="dialog-title")
            yield Static(f"extra inputs computed from the numeric columns ({', '.join(self.numeric) or 'none'})",
                         classes="dialog-hint")
            if self.crosses:
                yield SelectionList[str](*((name, name, name in self.current) for name in self.crosses),
                                         id="features-toggles")
            elif self.numeric:
                yield Static(f"more than {TOGGLE_COLUMNS} numeric columns: type the expressions you want",
                             classes="dialog-hint")
            yield Input(", ".join(others), id="features-input", placeholder='e.g. x1*x2, log(abs(x1) + 1)',
                        validators=[Function(_parses, "not an expression derived features take")])
            yield Static(HELP, id="features-error", classes="dialog-hint")
            keys = "space toggle · tab to the line below · " if self.crosses else ""
            yield Static(f"{keys}enter there applies · esc cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        first = "#features-toggles" if self.crosses else "#features-input"
        self.query_one(first).focus()

    def chosen(self) -> tuple[str, ...]:
        """The toggles that are on, then the typed expressions (TuiNNError for a bad one)."""
        toggled: list[str] = []
        if self.crosses:
            toggled = list(self.query_one("#features-toggles", SelectionList).selected)
        derived = parse_derived([*toggled, self.query_one("#features-input", Input).value])
        check_columns(derived, self.numeric, self.others)
        return names_of(derived)

    @on(Input.Submitted, "#features-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        try:
            derive = self.chosen()
        except TuiNNError as exc:  # the input keeps what was typed, to be fixed
            self.query_one("#features-error", Static).update(str(exc))
            self.app.bell()
            return
        self.dismiss(derive)

    def action_cancel(self) -> None:
        self.dismiss(None)
