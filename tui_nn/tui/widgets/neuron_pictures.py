"""NeuronPictures: every neuron's output over the input plane, as a small heatmap.

TensorFlow Playground's best trick: for two-feature data each hidden neuron is a little
picture of what it responds to, and the output's picture is the decision map. Pixels are
half-blocks (two per cell), blue where the neuron's output is high, orange where it is low
or negative, dark in between. With more than two features the pictures are a slice along
`x_feature` and `y_feature` (the app keeps them the decision map's), the others at their means.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tui_nn.explain import neuron_name
from tui_nn.tui.view_math import HostModel, data_range, diverging_array
from tui_nn.tui.widgets.canvas import Canvas, CanvasWidget

PICTURE_WIDTH = 14
"""Cells across one picture (its pixel rows are the same in number: square-ish in a terminal)."""
PICTURE_ROWS = 7
MAX_UNITS = 32
"""Pictures per layer at most; the rest are counted."""


def normalise(activation: str, a: np.ndarray) -> np.ndarray:
    """Activations → [-1, 1] for colouring: sigmoid and softmax around ½, tanh as is, others by their own range."""
    if activation in ("sigmoid", "softmax"):
        return 2 * a - 1
    if activation == "tanh":
        return a
    peak = float(np.nanmax(np.abs(a))) if a.size else 0.0
    return a / peak if peak > 1e-12 else np.zeros_like(a)


class NeuronPictures(CanvasWidget):
    """A row of activation pictures per layer: h₁, h₂, … then the outputs."""

    DEFAULT_CSS = """
    NeuronPictures {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.note = "no network yet"
        self.x_feature = 0
        """The network input across each picture."""
        self.y_feature = 1
        """The network input up each picture."""
        self.activations: list[np.ndarray] = []
        """Per layer (pixel rows, columns, units): the last pictures' activations (tests read them)."""
        self._cache: tuple | None = None

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model = model
        self.dataset = dataset
        self.note = note or "no network yet"
        self.refresh()

    def _compute(self, model: HostModel, data: Any) -> list[np.ndarray]:
        xi, yi = self.x_feature, self.y_feature
        if max(xi, yi) >= data.schema.n_plane or xi == yi:
            xi, yi = self.x_feature, self.y_feature = 0, 1
        key = (id(model), model.version, id(data), xi, yi)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        x = data.x_train
        x_range, y_range = data_range(x[:, xi]), data_range(x[:, yi])
        pixel_rows = PICTURE_ROWS * 2
        xs = np.linspace(*x_range, PICTURE_WIDTH)
        ys = np.linspace(y_range[1], y_range[0], pixel_rows)  # row 0 at the top, as drawn
        grid = np.tile(x.mean(axis=0), (pixel_rows * PICTURE_WIDTH, 1))
        grid[:, xi] = np.tile(xs, pixel_rows)
        grid[:, yi] = np.repeat(ys, PICTURE_WIDTH)
        grid = data.schema.with_derived_of(grid)  # x1² follows x1 over the plane
        layers = [a.reshape(pixel_rows, PICTURE_WIDTH, -1) for a in model.layer_outputs(grid)]
        self._cache = (key, layers)
        return layers

    def paint(self, width: int, height: int) -> Canvas:
        data, model = self.dataset, self.model
        if model is None or data is None:
            return self.message(width, height, self.note)
        if data.schema.n_plane < 2:
            return self.message(width, height, "neuron pictures need two or more features (a plane to draw on)")
        layers = self._compute(model, data)
        self.activations = layers
        per_row = max(1, (width + 1) // (PICTURE_WIDTH + 2))
        lines = []  # (layer index, units in this line)
        for index, a in enumerate(layers):
            units = list(range(min(a.shape[-1], MAX_UNITS)))
            for start in range(0, len(units), per_row):
                lines.append((index, units[start:start + per_row]))
        height = sum(PICTURE_ROWS + 1 for _ in lines) + 1
        canvas = Canvas(width, height)
        names = data.schema.feature_names
        others = " · others at their means" if data.schema.n_plane > 2 else ""
        canvas.put(0, 0, f"each neuron over {names[self.y_feature]} (up) × {names[self.x_feature]} (across)"
                         f" · blue high · orange low{others}", "dim")
        y = 1
        activations = model.activations
        for index, units in lines:
            a = layers[index]
            for slot, unit in enumerate(units):
                x0 = slot * (PICTURE_WIDTH + 2)
                label = neuron_name(index, unit, len(layers))
                extra = ""
                if slot == len(units) - 1 and unit == units[-1] and a.shape[-1] > MAX_UNITS and unit == MAX_UNITS - 1:
                    extra = f" +{a.shape[-1] - MAX_UNITS} more"
                canvas.put(x0, y, (label + extra)[: PICTURE_WIDTH + 1], "bold")
                colors = diverging_array(normalise(activations[index], a[..., unit]))
                canvas.pixels(x0, y + 1, colors)
            y += PICTURE_ROWS + 1
        return canvas

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """As tall as the pictures (the view scrolls when they do not fit)."""
        if self.model is None or self.dataset is None or self.dataset.schema.n_plane < 2:
            return 1
        per_row = max(1, (width + 1) // (PICTURE_WIDTH + 2))
        rows = sum(-(-min(units, MAX_UNITS) // per_row) for _, units in self.model.shapes)
        return rows * (PICTURE_ROWS + 1) + 1
