"""DecisionMap: what the model answers over a plane of two features, with the data on it.

Each cell holds two pixels (`▀`, upper pixel in the foreground colour, lower in the
background): orange for the first class, blue for the second (more classes get more
colours), brighter the surer the model; dark where it is torn. Training points are `●`,
validation points `○` (v toggles them). For regression the colour is the predicted value.
With more than two features the map is a slice: f and g pick the features along x and y,
the others are held at their training means.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.style import Style
from textual.binding import Binding
from textual.reactive import reactive

from tui_nn.explain import decision_grid
from tui_nn.tui.view_math import (
    DARK,
    HostModel,
    class_color,
    class_indices,
    data_range,
    diverging,
    diverging_array,
    to_raw,
)
from tui_nn.tui.widgets.canvas import Canvas, CanvasWidget, rgb

Y_AXIS = 8
"""Columns for the y axis labels on the left."""
MAX_POINTS = 2000
"""Points drawn at most (evenly chosen): more only paints the map over."""
MIN_SHADE, MAX_SHADE = 0.15, 0.55
"""How bright a region gets, from torn to certain: the points (full colour) must stand out."""


class DecisionMap(CanvasWidget, can_focus=True):
    """The model's output over two features (a slice when there are more), with the data points."""

    DEFAULT_CSS = """
    DecisionMap {
        height: 1fr;
        min-height: 8;
    }
    """

    # Unshown in the footer (it has no room beside the app's keys): the map's legend and
    # caption name them.
    BINDINGS = [
        Binding("v", "toggle_validation", "Val. points", show=False),
        Binding("f", "feature('x')", "x feature", show=False),
        Binding("g", "feature('y')", "y feature", show=False),
        Binding("b", "toggle_discrete", "Discretize", show=False),
    ]

    show_validation: reactive[bool] = reactive(False)
    """Draw the validation points (hollow) as well as the training points."""
    discrete: reactive[bool] = reactive(False)
    """Playground's "discretize output": each region in its class's full shade (regression: above
    or below the middle of the target's range), not shaded by how certain the model is."""
    x_feature: reactive[int] = reactive(0)
    """The network input along the horizontal axis."""
    y_feature: reactive[int] = reactive(1)
    """The network input along the vertical axis."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.note = "no network yet"
        self.pixel_classes: np.ndarray | None = None
        """(pixel rows, columns) class index of every drawn pixel, row 0 at the top (tests read it)."""
        self.pixel_values: np.ndarray | None = None
        """(pixel rows, columns) the model's output behind each pixel (probability of class 1, or the value)."""
        self.extent: tuple[float, float, float, float] = (0.0, 1.0, 0.0, 1.0)
        """(x low, x high, y low, y high) in network units."""
        self._cache: tuple | None = None
        self._frame_cache: tuple | None = None

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        """Draw this model over `dataset`'s feature plane (cheap: the grid is computed when drawn)."""
        self.model = model
        self.dataset = dataset
        self.note = note or "no network yet"
        if dataset is not None and self._plane_features() >= 2:
            if max(self.x_feature, self.y_feature) >= self._plane_features() or self.x_feature == self.y_feature:
                self.x_feature, self.y_feature = 0, 1
        self.refresh()

    def _plane_features(self) -> int:
        """Features the plane can be spanned by: the encoded columns, not the derived features
        (x1² is drawn as it follows x1 over the plane, never as an axis of its own)."""
        return 0 if self.dataset is None else self.dataset.schema.n_plane

    # -- keys -----------------------------------------------------------------------------------

    def action_toggle_validation(self) -> None:
        self.show_validation = not self.show_validation

    def action_toggle_discrete(self) -> None:
        self.discrete = not self.discrete

    def watch_discrete(self) -> None:
        self.refresh()

    def action_feature(self, axis: str) -> None:
        """Next feature along `axis` ("x" or "y"), skipping the other axis's."""
        n = self._plane_features()
        if n < 3:
            return
        current, other = (self.x_feature, self.y_feature) if axis == "x" else (self.y_feature, self.x_feature)
        nxt = (current + 1) % n
        if nxt == other:
            nxt = (nxt + 1) % n
        if axis == "x":
            self.x_feature = nxt
        else:
            self.y_feature = nxt

    def watch_show_validation(self) -> None:
        self.refresh()

    def watch_x_feature(self) -> None:
        self.refresh()

    def watch_y_feature(self) -> None:
        self.refresh()

    # -- drawing --------------------------------------------------------------------------------

    @property
    def caption(self) -> str:
        """What the map shows, for the panel's title."""
        if self.dataset is None or self._plane_features() < 2:
            return "Decision map"
        schema = self.dataset.schema
        names = schema.feature_names
        text = f"{names[self.y_feature]} over {names[self.x_feature]}"
        if self._plane_features() > 2:
            text += " · others at their means · f/g pick features"
        if schema.derived:
            text += f" · {', '.join(schema.derived)} from them"
        return text

    def paint(self, width: int, height: int) -> Canvas:
        data, model = self.dataset, self.model
        if model is None or data is None:
            return self.message(width, height, self.note)
        if self._plane_features() < 2:
            return self.message(width, height, "the decision map needs two features: this data has one (see the fit plot)")
        columns, rows = max(4, width - Y_AXIS), max(2, height - 2)
        canvas = Canvas(width, height)
        xi, yi = self.x_feature, self.y_feature
        x_range, y_range, base = self._frame(data, xi, yi)
        self.extent = (*x_range, *y_range)
        outputs = self._grid(model, xi, yi, x_range, y_range, columns, rows * 2, base)
        classification = data.schema.task == "classification"
        colors = self._colors(outputs, classification, data)
        canvas.pixels(Y_AXIS, 0, colors)

        self._points(canvas, data.x_train, data.y_train, colors, columns, rows, x_range, y_range, "●", classification)
        if self.show_validation and data.x_val is not None:
            self._points(canvas, data.x_val, data.y_val, colors, columns, rows, x_range, y_range, "○", classification)
        self._axes(canvas, data.schema, columns, rows, x_range, y_range)
        return canvas

    def _frame(self, data: Any, xi: int, yi: int) -> tuple[tuple, tuple, np.ndarray]:
        """The plane's ranges (all points, validation too) and the point the other features are held at.

        Once per dataset and pair of features: a big table is not scanned at every redraw.
        """
        key = (id(data), xi, yi)
        if self._frame_cache is None or self._frame_cache[0] != key:
            parts = [data.x_train] if data.x_val is None else [data.x_train, data.x_val]
            lo = np.min([p[:, [xi, yi]].min(axis=0) for p in parts], axis=0)
            hi = np.max([p[:, [xi, yi]].max(axis=0) for p in parts], axis=0)
            x_range = data_range(np.array([lo[0], hi[0]]))
            y_range = data_range(np.array([lo[1], hi[1]]))
            # Other features at their training means (one-hot columns at their shares).
            self._frame_cache = (key, (x_range, y_range, data.x_train.mean(axis=0)))
        return self._frame_cache[1]

    def _grid(self, model: HostModel, xi: int, yi: int, x_range: tuple, y_range: tuple, columns: int,
              pixel_rows: int, base: np.ndarray) -> np.ndarray:
        """Outputs over the grid, cached while neither the weights nor the framing changed."""
        key = (model.version, id(model), xi, yi, x_range, y_range, columns, pixel_rows)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        schema = self.dataset.schema if self.dataset is not None else None
        complete = schema.with_derived_of if schema is not None and schema.derived else None
        outputs = decision_grid(model.network, xi, yi, x_range, y_range, columns, pixel_rows, base, complete)
        self._cache = (key, outputs)
        return outputs

    def _colors(self, outputs: np.ndarray, classification: bool, data: Any) -> np.ndarray:
        """(pixel rows, columns, 3) colours; also records the class or value of every pixel."""
        if classification:
            classes = class_indices(outputs)
            if outputs.shape[-1] == 1:
                p = outputs[..., 0]
                certainty = np.abs(2 * p - 1)
                self.pixel_values = p
            else:
                k = outputs.shape[-1]
                top = outputs.max(axis=-1)
                certainty = np.clip((top - 1 / k) / (1 - 1 / k), 0, 1)
                self.pixel_values = top
            self.pixel_classes = classes
            palette = np.array([class_color(i) for i in range(max(2, outputs.shape[-1]))], dtype=float)
            if self.discrete:
                certainty = np.ones_like(certainty)
            shade = MIN_SHADE + (MAX_SHADE - MIN_SHADE) * np.nan_to_num(certainty)
            return DARK + (palette[classes] - DARK) * shade[..., None]
        values = outputs[..., 0]
        self.pixel_values = values
        self.pixel_classes = None
        lo, hi = float(data.y_train.min()), float(data.y_train.max())
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
        t = np.clip((values - mid) / half, -1, 1)
        if self.discrete:
            t = np.where(t >= 0, 1.0, -1.0)
        return diverging_array(t * MAX_SHADE)

    def _points(self, canvas: Canvas, x: np.ndarray, y: np.ndarray, colors: np.ndarray, columns: int, rows: int,
                x_range: tuple, y_range: tuple, glyph: str, classification: bool) -> None:
        step = max(1, len(x) // MAX_POINTS)
        xs, ys = x[::step, self.x_feature], x[::step, self.y_feature]
        c = np.rint((xs - x_range[0]) / (x_range[1] - x_range[0]) * (columns - 1)).astype(int)
        pr = np.rint((y_range[1] - ys) / (y_range[1] - y_range[0]) * (rows * 2 - 1)).astype(int)
        if classification:
            labels = class_indices(y[::step])
            point_colors = [class_color(int(k)) for k in labels]
        else:
            lo, hi = float(y.min()), float(y.max())
            mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
            point_colors = [diverging(float(np.clip((v - mid) / half, -1, 1))) for v in y[::step, 0]]
        for col, prow, color in zip(c, pr, point_colors):
            if 0 <= col < columns and 0 <= prow < rows * 2:
                cell_row = prow // 2
                behind = (colors[2 * cell_row, col] + colors[2 * cell_row + 1, col]) / 2
                canvas.put(Y_AXIS + col, cell_row, glyph, Style(color=rgb(_bright(color)), bgcolor=rgb(behind), bold=True))

    def _axes(self, canvas: Canvas, schema: Any, columns: int, rows: int, x_range: tuple, y_range: tuple) -> None:
        """Raw units (what the user knows) at the ends of each axis, and the feature names."""
        xi, yi = self.x_feature, self.y_feature
        names = schema.feature_names
        for row, value in ((0, y_range[1]), (rows - 1, y_range[0])):
            canvas.put(0, row, _tick(to_raw(schema, yi, value)).rjust(Y_AXIS - 1), "dim")
        canvas.put(0, rows // 2, names[yi][: Y_AXIS - 1].rjust(Y_AXIS - 1), "bold")
        lo, hi = _tick(to_raw(schema, xi, x_range[0])), _tick(to_raw(schema, xi, x_range[1]))
        canvas.put(Y_AXIS, rows, lo, "dim")
        canvas.put(Y_AXIS + columns - len(hi), rows, hi, "dim")
        name = names[xi]
        canvas.put(Y_AXIS + max(0, (columns - len(name)) // 2), rows, name, "bold")
        self._legend(canvas, schema, rows + 1)

    def _legend(self, canvas: Canvas, schema: Any, row: int) -> None:
        x = Y_AXIS
        if schema.task == "classification":
            for k, name in enumerate(schema.classes or ()):
                canvas.put(x, row, "●", Style(color=rgb(_bright(class_color(k))), bold=True))
                canvas.put(x + 2, row, name, "")
                x += len(name) + 4
            canvas.put(x, row, "● train" + ("  ○ validation" if self.show_validation else "")
                       + f" · v toggles validation · b {self._discrete_word}", "dim")
        else:
            canvas.put(x, row, "low", Style(color=rgb(diverging(-1))))
            canvas.put(x + 4, row, "→", "dim")
            high = f"high {schema.target}"
            canvas.put(x + 6, row, high, Style(color=rgb(diverging(1))))
            canvas.put(x + 7 + len(high), row, f"· b {self._discrete_word}", "dim")

    @property
    def _discrete_word(self) -> str:
        """What b does next, for the legend."""
        return "shades by certainty" if self.discrete else "discretizes"


def _bright(color: tuple[int, int, int]) -> tuple[int, int, int]:
    """The points' colour: the class colour lifted towards white, so it stands out on its region."""
    return tuple(min(255, int(v + (255 - v) * 0.25)) for v in color)  # type: ignore[return-value]


def _tick(value: float) -> str:
    return f"{value:.3g}"

