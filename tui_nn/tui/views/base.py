"""View: one tab of the board. Each tab is a subclass in its own file, listed in `VIEWS`."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widget import Widget

from tui_nn.tui.view_math import HostModel


class View:
    """A tab: its key, its title, the widgets it composes and how it is fed.

    The app composes `compose()` inside the tab's pane, gives the focus to `focus` when the
    tab opens, and while it is visible calls `arrange` (which of its widgets fit the data)
    and `feed` (the model to draw) at a bounded rate.
    """

    name: ClassVar[str]
    """Its id: the pane is `view-{name}`, the action `view('{name}')`."""
    title: ClassVar[str]
    key: ClassVar[str]
    """The key that shows it (1–6)."""
    what: ClassVar[str]
    """One line for the footer's tooltip, the help screen and the palette."""
    focus: ClassVar[str | None] = None
    """The selector of the widget that takes the focus when the tab opens (None: the editor keeps it)."""
    fed: ClassVar[str] = ""
    """Selector of the widgets `feed` hands the model to (each has `update_model(model, dataset, note)`)."""

    @property
    def pane_id(self) -> str:
        return f"view-{self.name}"

    def compose(self) -> ComposeResult:
        """The widgets inside the tab's pane."""
        yield from ()

    def focus_target(self, pane: Widget) -> str | None:
        """Which widget takes the focus when the tab opens (the data may decide)."""
        return self.focus

    def arrange(self, pane: Widget, dataset: Any) -> None:
        """Show the widgets that fit this data (one feature or two, classes or values), and titles."""

    def feed(self, pane: Widget, model: HostModel | None, dataset: Any, note: str) -> None:
        """Hand the model to the tab's visible views."""
        if not self.fed:
            return
        for widget in pane.query(self.fed):
            if widget.display:
                widget.update_model(model, dataset, note)


def show_only(pane: Widget, shown: dict[str, bool]) -> None:
    """Set widgets' display by selector, touching only those that change (a restyle costs)."""
    for selector, visible in shown.items():
        widget = pane.query_one(selector)
        if widget.display != visible:
            widget.display = visible
