"""Canvas: a grid of character cells the views paint on, shown line by line.

The network diagram, the decision map and the neuron pictures paint a `Canvas` in
`paint()`; `CanvasWidget` (their base) turns it into one `Strip` per line and serves those
through Textual's line API, so a redraw skips Rich `Text` and its re-wrapping (a 140×45
decision map: ~30 ms as Text, a few ms as strips). Runs of equally styled cells become one
segment. Braille links and half-block pixels live here because more than one view draws them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

BRAILLE_BASE = 0x2800
# Dot bit of braille pixel (x, y) inside a cell, x in 0..1, y in 0..3 (Unicode's dot numbering).
BRAILLE_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
UPPER_HALF = "▀"


def rgb(color: Sequence[int]) -> str:
    return f"rgb({int(color[0])},{int(color[1])},{int(color[2])})"


def pixel_style(top: Sequence[int], bottom: Sequence[int]) -> Style:
    """The style of a half-block cell: its upper pixel is the foreground, its lower the background."""
    return _pixel_style(int(top[0]), int(top[1]), int(top[2]), int(bottom[0]), int(bottom[1]), int(bottom[2]))


@lru_cache(maxsize=1 << 16)
def _pixel_style(r1: int, g1: int, b1: int, r2: int, g2: int, b2: int) -> Style:
    # Cached: a map of a few thousand cells uses far fewer distinct colour pairs (see `pixels`).
    return Style(color=f"rgb({r1},{g1},{b1})", bgcolor=f"rgb({r2},{g2},{b2})")


PIXEL_LEVELS = 4
"""Colour channels are rounded to multiples of this before styling: invisible, and styles repeat."""


class Canvas:
    """width × height cells, each a character and a style (None = the widget's own)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = max(0, width), max(0, height)
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.styles: list[list[Style | str | None]] = [[None] * self.width for _ in range(self.height)]
        self._braille: dict[tuple[int, int], int] = {}

    def put(self, x: int, y: int, text: str, style: Style | str | None = None) -> int:
        """Write `text` from (x, y) rightwards, clipped to the canvas; return the cells it takes.

        A wide character (CJK, most emoji) takes two cells: it goes in the first and an empty
        string in the second, so every row still joins to exactly `width` cells.
        """
        if not 0 <= y < self.height:
            return cell_len(text)
        column = x
        for char in text:
            cells = cell_len(char) if char > "~" else 1  # ASCII is one cell: skip the lookup
            if cells == 0:  # a combining mark joins the character before it
                if 0 < column <= self.width:
                    self.chars[y][column - 1] += char
                continue
            if 0 <= column < self.width:
                fits = cells == 1 or column + 1 < self.width
                self.chars[y][column] = char if fits else " "
                self.styles[y][column] = style
                if cells == 2 and fits:
                    self.chars[y][column + 1] = ""
                    self.styles[y][column + 1] = style
            column += cells
        return column - x

    def pixels(self, x0: int, y0: int, colors: np.ndarray) -> None:
        """Paint (2·rows, columns, 3) RGB pixels from cell (x0, y0) as half-blocks, two pixels a cell."""
        rows, columns = colors.shape[0] // 2, colors.shape[1]
        q = (np.clip(np.nan_to_num(colors), 0, 255).astype(np.int64) // PIXEL_LEVELS) * PIXEL_LEVELS
        pairs = np.concatenate([q[0:2 * rows:2], q[1:2 * rows:2]], axis=2).tolist()  # (rows, columns, 6)
        for r in range(rows):
            y = y0 + r
            if not 0 <= y < self.height:
                continue
            chars, styles, row = self.chars[y], self.styles[y], pairs[r]
            for c in range(columns):
                x = x0 + c
                if 0 <= x < self.width:
                    chars[x] = UPPER_HALF
                    styles[x] = _pixel_style(*row[c])

    def style_at(self, x: int, y: int) -> Style | str | None:
        return self.styles[y][x]

    def dot(self, px: int, py: int, style: Style | str | None) -> None:
        """Set braille pixel (px, py) (2 per cell across, 4 down); the cell takes `style`."""
        x, y = px // 2, py // 4
        if not (0 <= x < self.width and 0 <= y < self.height):
            return
        bits = self._braille.get((x, y), 0) | BRAILLE_BITS[px % 2][py % 4]
        self._braille[(x, y)] = bits
        self.chars[y][x] = chr(BRAILLE_BASE + bits)
        self.styles[y][x] = style

    def line(self, x0: float, y0: float, x1: float, y1: float, style: Style | str | None) -> None:
        """A braille line between pixel positions (a DDA: one dot per step of the longer axis)."""
        steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for k in range(steps + 1):
            t = k / steps
            self.dot(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t), style)

    def strips(self, base: Style | None = None) -> list[Strip]:
        """One strip per row, runs of one style merged into one segment, over the `base` style."""
        base = base or Style()
        cache: dict[int, Style] = {}
        lines = []
        for y in range(self.height):
            row, styles = self.chars[y], self.styles[y]
            segments = []
            start = 0
            for x in range(1, self.width + 1):
                if x == self.width or (styles[x] is not styles[start] and styles[x] != styles[start]):
                    style = styles[start]
                    key = id(style)
                    if key not in cache:
                        cache[key] = base + (Style.parse(style) if isinstance(style, str) else style or Style())
                    segments.append(Segment("".join(row[start:x]), cache[key]))
                    start = x
            lines.append(Strip(segments, self.width))
        return lines

    def text(self) -> Text:
        out = Text(no_wrap=True, overflow="crop", end="")
        for y in range(self.height):
            row, styles = self.chars[y], self.styles[y]
            start = 0
            for x in range(1, self.width + 1):
                if x == self.width or styles[x] is not styles[start] and styles[x] != styles[start]:
                    out.append("".join(row[start:x]), style=styles[start] or "")
                    start = x
            if y < self.height - 1:
                out.append("\n")
        return out


class CanvasWidget(Widget):
    """Base of the views that paint a Canvas: subclasses implement `paint(width, height)`.

    The picture is painted once per `refresh()` (or size change) and its lines are served
    from that cache, however often Textual asks for them.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._strips: list[Strip] | None = None
        self._strips_size: tuple[int, int] = (0, 0)

    def paint(self, width: int, height: int) -> Canvas:
        raise NotImplementedError

    def message(self, width: int, height: int, text: str, style: str = "dim") -> Canvas:
        """A canvas that only says `text` (no data, no network, not this kind of data)."""
        canvas = Canvas(width, height)
        for k, start in enumerate(range(0, len(text), max(1, width))):
            canvas.put(0, k, text[start:start + width], style)
        return canvas

    def refresh(self, *regions, **kwargs):  # type: ignore[override]
        self._strips = None
        return super().refresh(*regions, **kwargs)

    def lines(self) -> list[Strip]:
        """The picture's strips for the current size (painted now if stale)."""
        size = (self.size.width, self.size.height)
        if self._strips is None or self._strips_size != size:
            self._strips = self.paint(*size).strips(self.rich_style)
            self._strips_size = size
        return self._strips

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width, self.rich_style)

    def plain(self) -> str:
        """The picture's characters, line by line (tests and debugging)."""
        return "\n".join(strip.text for strip in self.lines())
