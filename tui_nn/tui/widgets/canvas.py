"""Canvas: a grid of character cells the views paint on, turned into one Rich `Text`.

Not a widget: the network diagram, the decision map and the neuron pictures paint on it
in `render()`. Runs of equally styled cells become one span, so a 100×40 picture costs a
few hundred spans rather than four thousand. Braille links and half-block pixels are
helpers here because more than one view draws them.
"""

from __future__ import annotations

from typing import Sequence

from rich.style import Style
from rich.text import Text

BRAILLE_BASE = 0x2800
# Dot bit of braille pixel (x, y) inside a cell, x in 0..1, y in 0..3 (Unicode's dot numbering).
BRAILLE_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
UPPER_HALF = "▀"


def rgb(color: Sequence[int]) -> str:
    return f"rgb({int(color[0])},{int(color[1])},{int(color[2])})"


def pixel_style(top: Sequence[int], bottom: Sequence[int]) -> Style:
    """The style of a half-block cell: its upper pixel is the foreground, its lower the background."""
    return Style(color=rgb(top), bgcolor=rgb(bottom))


class Canvas:
    """width × height cells, each a character and a style (None = the widget's own)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = max(0, width), max(0, height)
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.styles: list[list[Style | str | None]] = [[None] * self.width for _ in range(self.height)]
        self._braille: dict[tuple[int, int], int] = {}

    def put(self, x: int, y: int, text: str, style: Style | str | None = None) -> None:
        """Write `text` from (x, y) rightwards, clipped to the canvas."""
        if not 0 <= y < self.height:
            return
        for k, char in enumerate(text):
            if 0 <= x + k < self.width:
                self.chars[y][x + k] = char
                self.styles[y][x + k] = style

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
