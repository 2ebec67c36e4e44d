"""Board: lines of lesson text and numbers; it remembers its plain text for tests and the driver."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.widgets import Static


class Board(Static):
    """A block of lines (plain strings or Rich `Text`) shown as they are — no markup is parsed."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id, classes=classes, markup=False)
        self.text = ""
        """What the board shows, as plain text (tests read it)."""

    def show(self, lines: Iterable[str | Text]) -> None:
        joined = Text("\n").join(_keep_indent(line if isinstance(line, Text) else Text(line)) for line in lines)
        self.text = joined.plain
        self.update(joined)


def _keep_indent(line: Text) -> Text:
    """Give leading spaces a style of their own: SVG screenshots (rsvg-convert) otherwise drop
    the indent of a text run that starts with spaces; on a terminal nothing changes."""
    indent = len(line.plain) - len(line.plain.lstrip(" "))
    if 0 < indent < len(line.plain):
        line = line.copy()
        line.stylize("not italic", 0, indent)
    return line
