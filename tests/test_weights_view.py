"""The weights heatmap on its own: small layers show numbers, tall ones pair inputs in half blocks."""

from __future__ import annotations

import numpy as np
from textual.app import App, ComposeResult

from tui_nn.tui.widgets.weights_view import WeightsView, cell_color, cell_colors


class HeatmapApp(App):
    def __init__(self, weights, names=()) -> None:
        super().__init__()
        self.weights, self.names = weights, names

    def compose(self) -> ComposeResult:
        yield WeightsView()

    def on_mount(self) -> None:
        self.query_one(WeightsView).show(self.weights, 0, ["Layer 1 · Dense"], self.names)


def test_matrix_colours_match_the_single_cell_colours():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(5, 7))
    scale = float(np.abs(values).max())
    values[0, :3] = [np.nan, np.inf, -np.inf]  # a diverging layer: the same colours in every part of the map
    many = cell_colors(values, scale)
    for (i, j), value in np.ndenumerate(values):
        assert tuple(int(c) for c in many[i, j]) == cell_color(float(value), scale)


async def test_small_layer_shows_each_value_in_its_cell():
    w = np.array([[0.5, -1.25], [2.0, 0.0]])
    app = HeatmapApp([(w, np.array([0.1, -0.2]))], names=("weight", "height"))
    async with app.run_test(size=(60, 12)):
        lines = app.query_one(WeightsView).plain().splitlines()
    assert lines[0].startswith("Layer 1 · Dense  W [2×2] · b [2]")
    assert "u1" in lines[1] and "u2" in lines[1]
    assert lines[2].split() == ["weight", "+0.50", "-1.25"]
    assert lines[3].split() == ["height", "+2.00", "+0.00"]
    assert lines[4].split() == ["bias", "+0.10", "-0.20"]
    assert lines[5].split()[0] == "scale" and "+2" in lines[5]


async def test_tall_layer_pairs_inputs_and_keeps_every_line_inside_the_panel():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(54, 128))
    app = HeatmapApp([(w, np.zeros(128))], names=tuple(f"f{i}" for i in range(54)))
    async with app.run_test(size=(80, 20)):
        view = app.query_one(WeightsView)
        lines = view.plain().splitlines()
        label_width, cell, shown_units, matrix_lines, paired = view._hit
    assert paired and matrix_lines == 15  # 20 lines: title, header, 15 pairs, bias, note, scale
    assert label_width == len("53–54")  # the widest pair label decides, so "11–12" fits
    for k in range(matrix_lines):
        line = lines[2 + k]
        assert line[:label_width] == f"{2 * k + 1}–{2 * k + 2}".rjust(label_width)
        assert line[label_width + 1 : label_width + 1 + shown_units * cell] == "▀" * (shown_units * cell)
    assert lines[2 + matrix_lines].lstrip().startswith("bias")
    assert "24 more input rows" in lines[3 + matrix_lines]
    assert all(len(line) <= 80 for line in lines)


async def test_wide_character_names_keep_the_columns_aligned():
    # A CJK character is two terminal cells: rows must still line up and fill the panel exactly.
    w = np.array([[0.5, -1.25], [2.0, 0.0]])
    app = HeatmapApp([(w, np.array([0.1, -0.2]))], names=("温度", "height"))
    async with app.run_test(size=(60, 12)):
        view = app.query_one(WeightsView)
        strips = view.lines()
        lines = view.plain().splitlines()
    assert all(strip.cell_length == 60 for strip in strips)
    assert lines[2].split() == ["温度", "+0.50", "-1.25"]
    # The numbers start in the same terminal column on both rows: the label column is 6 cells.
    from rich.cells import cell_len

    first_number = [cell_len(line[: line.index("+")]) for line in lines[2:4]]
    assert first_number[0] == first_number[1]


def test_canvas_puts_a_wide_character_in_two_cells():
    from tui_nn.tui.widgets.canvas import Canvas

    canvas = Canvas(6, 1)
    assert canvas.put(0, 0, "a温b") == 4
    canvas.put(5, 0, "度")  # no room for its second cell: a blank instead of a half
    assert "".join(canvas.chars[0]) == "a温b  "
    assert all(strip.cell_length == 6 for strip in canvas.strips())
