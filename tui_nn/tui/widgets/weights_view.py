"""WeightsView: the selected layer's weight matrix and biases as a diverging-colour heatmap.

It paints a Canvas served through the line API (see canvas.py): redrawn a few times a
second during training, the 54×128 first layer of a tabular network cost ~25 ms as a
Rich Text, all of it holding the GIL the training thread needs.
"""

from __future__ import annotations

import functools
import math
from typing import Sequence

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.style import Style
from dataclasses import dataclass

from textual.events import Click
from textual.message import Message
from textual.reactive import reactive

from tui_nn.tui.widgets.canvas import UPPER_HALF, Canvas, CanvasWidget

NEGATIVE = np.array([66, 120, 255], dtype=float)
POSITIVE = np.array([255, 82, 64], dtype=float)
ZERO = np.array([52, 52, 58], dtype=float)
"""A dark neutral centre: on a dark screen, weights near zero fade and strong ones stand out."""
NUMBER_CELLS = (7, 6)
"""Widths of a cell that shows its value (`+0.12`), widest first, used while the matrix fits."""
SCALE_CELLS = 21


def cell_color(value: float, scale: float) -> tuple[int, int, int]:
    """Blend from the neutral centre towards blue (negative) or red (positive) by |value|/scale."""
    t = 0.0 if scale <= 0 or math.isnan(value) else max(-1.0, min(1.0, value / scale))  # nan: neutral, ±inf: full
    end = POSITIVE if t > 0 else NEGATIVE
    rgb = ZERO + (end - ZERO) * abs(t)
    return int(rgb[0]), int(rgb[1]), int(rgb[2])


def cell_colors(values: np.ndarray, scale: float) -> np.ndarray:
    """`cell_color` over a whole matrix at once: (rows, columns) → (rows, columns, 3) RGB."""
    t = np.clip(np.nan_to_num(values / scale if scale > 0 else np.zeros_like(values)), -1.0, 1.0)[..., None]
    ends = np.where(t > 0, POSITIVE, NEGATIVE)
    return ZERO + (ends - ZERO) * np.abs(t)


def _cell_style(value: float, scale: float) -> Style:
    return _style_for(cell_color(value, scale))


@functools.lru_cache(maxsize=4096)
def _style_for(rgb: tuple[int, int, int]) -> Style:
    # Parsing a colour into a Style is the costly part of a big heatmap; colours repeat a lot.
    r, g, b = rgb
    light = 0.299 * r + 0.587 * g + 0.114 * b > 150
    return Style(bgcolor=f"rgb({r},{g},{b})", color="black" if light else "white")


@functools.lru_cache(maxsize=4096)
def _half_block_style(top: tuple[int, int, int], bottom: tuple[int, int, int] | None) -> Style:
    return Style(color=f"rgb{top}", bgcolor=f"rgb{bottom}" if bottom else None)


def _right_aligned(label: str, width: int) -> str:
    """`label` cut to `width` terminal cells and padded on the left to fill them (a CJK
    character is two cells, so str.rjust would misalign the rows)."""
    cut = set_cell_size(label, width).rstrip() if cell_len(label) > width else label
    return " " * (width - cell_len(cut)) + cut


def _number(value: float) -> str:
    return f"{value:+.2f}" if abs(value) < 100 else f"{value:+.0e}"


class WeightsView(CanvasWidget):
    """Heatmap of one layer: a row per input, a column per unit, biases below, and the colour scale.

    Small layers show each value in its cell; larger ones fall back to colour-only cells and
    say how much did not fit.
    """

    @dataclass
    class ParameterClicked(Message):
        """A weight (source = its input row) or a bias (source None) was clicked, to set it by hand."""

        layer: int
        unit: int
        source: int | None

    layer_index: reactive[int] = reactive(0)
    """Which layer (0-based) is shown; follows the editor's selection."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.weights: Sequence[tuple[np.ndarray, np.ndarray]] | None = None
        self.layer_titles: list[str] = []
        self.input_names: Sequence[str] = ()
        self.note = "no network yet: open a dataset with o"
        self._hit: tuple[int, int, int, int, bool] | None = None
        """(label width, cell width, units shown, matrix lines, two inputs a line) of the last drawing, for clicks."""

    def show(self, weights: Sequence[tuple[np.ndarray, np.ndarray]] | None, layer_index: int,
             layer_titles: Sequence[str], input_names: Sequence[str], note: str = "") -> None:
        """Draw these weights (host arrays) with the layer's title; `note` replaces the map when there are none."""
        self.weights = weights
        self.layer_titles = list(layer_titles)
        self.input_names = tuple(input_names)
        self.note = note
        self.layer_index = layer_index
        self.refresh()

    def _row_names(self, index: int, fan_in: int) -> list[str]:
        if index == 0 and len(self.input_names) == fan_in:
            return list(self.input_names)
        return [f"L{index} u{j + 1}" for j in range(fan_in)]

    def on_click(self, event: Click) -> None:
        """A click on a cell picks that weight or bias (the app opens it in the network diagram)."""
        offset = event.get_content_offset(self)
        if offset is None or self._hit is None or not self.weights:
            return
        label_width, cell, shown_units, lines, paired = self._hit
        x, line = offset.x - label_width - 1, offset.y - 2  # below the title and the unit header
        if x < 0 or not 0 <= x // cell < shown_units or not 0 <= line <= lines:
            return
        source = None if line == lines else (2 * line if paired else line)
        self.post_message(self.ParameterClicked(self.layer_index, x // cell, source))

    def paint(self, width: int, height: int) -> Canvas:
        if not self.weights or not (0 <= self.layer_index < len(self.weights)):
            self._hit = None
            return self.message(width, height, self.note or "no weights")
        w, b = self.weights[self.layer_index]
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        fan_in, units = w.shape
        finite = np.concatenate([w.ravel(), b.ravel()])
        finite = finite[np.isfinite(finite)]
        scale = float(np.abs(finite).max()) if finite.size else 0.0
        width, height = max(20, width), max(6, height)
        # Rows left for matrix rows: title, header, bias row, blank, scale.
        room_rows = max(1, height - 5)
        names = self._row_names(self.layer_index, fan_in)
        if fan_in > room_rows:  # labelled by input numbers, two a line: "53–54"
            names = [f"{fan_in - 1}–{fan_in}"]
        label_width = min(12, max(4, *(cell_len(n) for n in names)))
        title = self.layer_titles[self.layer_index] if self.layer_index < len(self.layer_titles) else ""
        canvas = Canvas(width, height)
        y = _Cursor(canvas)

        y.write(f"{title}  ", "bold")
        y.write(f"W [{fan_in}×{units}] · b [{units}]", "dim")
        y.newline()
        fits = [c for c in NUMBER_CELLS if label_width + 1 + units * c <= width]
        numbers = bool(fits) and fan_in <= room_rows
        cell = fits[0] if numbers else (2 if label_width + 1 + units * 2 <= width else 1)
        shown_units = min(units, max(1, (width - label_width - 1) // cell))

        y.write(" " * (label_width + 1))
        for j in range(shown_units):
            if cell >= 3:
                header = f"u{j + 1}".center(cell)
            elif cell == 2 and (j == 0 or (j + 1) % 5 == 0):
                header = f"{(j + 1) % 100:>2}"  # every fifth unit numbered, so wide maps stay readable
            else:
                header = " " * cell
            y.write(header, "dim")
        y.newline()

        def row(label: str, values: np.ndarray, label_style: str = "dim") -> None:
            y.write(_right_aligned(label, label_width) + " ", label_style)
            for value in values[:shown_units]:
                y.write(_number(value).center(cell) if numbers else " " * cell, _cell_style(float(value), scale))
            y.newline()

        if fan_in <= room_rows:
            shown_rows = fan_in
            for i in range(shown_rows):
                row(names[i], w[i])
        else:
            # Too tall for a line per input: two inputs per line with half blocks (▀: the top
            # colour is one input, the bottom colour the next), labelled by input number.
            shown_rows = min(fan_in, 2 * room_rows)
            colors = np.repeat(cell_colors(w[:shown_rows, :shown_units], scale), cell, axis=1)
            paired_rows = shown_rows // 2
            canvas.pixels(label_width + 1, y.line, colors[: 2 * paired_rows])
            for i in range(0, shown_rows, 2):
                label = f"{i + 1}–{i + 2}" if i + 1 < shown_rows else f"{i + 1}"
                y.write(_right_aligned(label, label_width) + " ", "dim")
                if i + 1 == shown_rows:  # an odd last input: top halves only
                    for j in range(shown_units):
                        top = cell_color(float(w[i, j]), scale)
                        y.write(UPPER_HALF * cell, _half_block_style(top, None))
                y.newline()
        row("bias", b, "italic")
        paired = fan_in > room_rows
        self._hit = (label_width, cell, shown_units, (shown_rows + 1) // 2 if paired else shown_rows, paired)

        hidden = []
        if shown_rows < fan_in:
            hidden.append(f"{fan_in - shown_rows} more input rows")
        if shown_units < units:
            hidden.append(f"{units - shown_units} more units")
        if hidden:
            y.write("… " + ", ".join(hidden) + " not shown", "dim italic")
            y.newline()
        self._scale_bar(y, scale, label_width)
        return canvas

    def _scale_bar(self, y: "_Cursor", scale: float, label_width: int) -> None:
        """A colour ramp from -scale to +scale, so colours read as numbers."""
        y.write("scale".rjust(label_width) + " ", "dim")
        y.write(f"{-scale:+.3g} ")
        for k in range(SCALE_CELLS):
            value = (2 * k / (SCALE_CELLS - 1) - 1) * scale
            y.write(" ", _cell_style(value, scale))
        y.write(f" {scale:+.3g}")


class _Cursor:
    """Writes runs of text left to right, line after line, onto a Canvas (like appending to a Text)."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas, self.line, self.column = canvas, 0, 0

    def write(self, text: str, style: Style | str | None = None) -> None:
        self.column += self.canvas.put(self.column, self.line, text, style)

    def newline(self) -> None:
        self.line, self.column = self.line + 1, 0
