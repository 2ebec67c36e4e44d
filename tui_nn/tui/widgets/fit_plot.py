"""FitPlot: one-feature data as points, and the model's curve through them (plotext).

The lecture's `linear` is the point: five dots and the line ŷ = w·x + b moving as w and b
change. Both axes are in the data's own units (standardisation undone), so a by-hand
w = 0.5, b = 1 puts the line through (8, 5). For one-feature classification the curve
is the probability of each class.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from textual.app import RenderResult
from textual.binding import Binding
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_nn.explain import format_number
from tui_nn.tui.view_math import HostModel, class_color, class_indices, data_range, to_raw
from tui_nn.tui.widgets.loss_chart import TRAIN_COLOR, VAL_COLOR

CURVE_POINTS = 160
CURVE_COLOR = (255, 230, 80)
MAX_POINTS = 2000
"""Scatter points drawn at most (evenly chosen)."""
FEW_POINTS = 60
"""Up to this many points are drawn as big dots."""


class FitPlot(PlotextPlot, can_focus=True):
    """Points and the fitted curve of a one-feature model, in the data's units."""

    DEFAULT_CSS = """
    FitPlot {
        height: 1fr;
        min-height: 8;
    }
    """

    BINDINGS = [Binding("v", "toggle_validation", "Val. points", show=False)]

    show_validation: reactive[bool] = reactive(False)
    """Draw the validation points as well."""
    marker: reactive[str] = reactive("braille")
    """plotext marker for the curve ("hd" renders better in SVG/PNG)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.curve: tuple[np.ndarray, np.ndarray] | None = None
        """(xs, ys) of the last curve drawn, raw units (tests read it)."""

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        self.model = model
        self.dataset = dataset
        self.refresh()

    def action_toggle_validation(self) -> None:
        self.show_validation = not self.show_validation

    def watch_show_validation(self) -> None:
        self.refresh()

    def watch_marker(self) -> None:
        self.refresh()

    def predict_raw(self, x_raw: np.ndarray) -> np.ndarray:
        """The model's outputs for raw x values (1-feature data), in the target's units."""
        schema = self.dataset.schema
        x = np.asarray(x_raw, dtype=float).reshape(-1, 1)
        if schema.standardize is not None:
            x = (x - schema.standardize["mean"][0]) / schema.standardize["std"][0]
        if schema.derived:  # x², sin(x), ... follow x along the curve
            x = schema.with_derived_of(np.hstack([x, np.zeros((len(x), len(schema.derived)))]))
        outputs = self.model.predict(x)
        return schema.unscale_outputs(outputs) if schema.task == "regression" else outputs

    def formula(self) -> str:
        """`ŷ = 0.7·x + 1` for one linear neuron on raw numbers (the lecture's line), else `the model's ŷ`."""
        schema = self.dataset.schema
        layers = self.model.spec.layers
        if len(layers) == 1 and layers[0].activation == "linear" and schema.standardize is None \
                and schema.target_scale is None and not schema.derived:
            (w, b), = self.model.weights
            return f"ŷ = {format_number(float(w[0, 0]))}·{schema.feature_names[0]} + {format_number(float(b[0]))}"
        return "the model's ŷ"

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        data, model = self.dataset, self.model
        if model is None or data is None or data.schema.n_plane != 1:
            plt.title("the fit plot shows one-feature data" if data is not None else "no network yet")
            return super().render()
        schema = data.schema
        lo, hi = data_range(data.x_train[:, 0])
        xs = np.linspace(float(to_raw(schema, 0, lo)), float(to_raw(schema, 0, hi)), CURVE_POINTS)
        ys = self.predict_raw(xs)
        self.curve = (xs, ys[:, 0])
        regression = schema.task == "regression"

        # A handful of points (the lecture's five) as big dots; many as fine ones.
        point = "●" if len(data.x_train) <= FEW_POINTS else "dot"

        def scatter(x: np.ndarray, y: np.ndarray, color: Any, label: str) -> None:
            step = max(1, len(x) // MAX_POINTS)
            x_raw = to_raw(schema, 0, x[::step, 0])
            if regression:
                plt.scatter(list(x_raw), list(schema.unscale_outputs(y[::step])[:, 0]), color=color, marker=point)
            else:
                labels = class_indices(y[::step])
                for k in np.unique(labels):
                    plt.scatter(list(x_raw[labels == k]), [float(k)] * int((labels == k).sum()),
                                color=class_color(int(k)), marker=point)

        scatter(data.x_train, data.y_train, TRAIN_COLOR, "train")
        if self.show_validation and data.x_val is not None:
            scatter(data.x_val, data.y_val, VAL_COLOR, "validation")
        if regression:
            plt.plot(list(xs), list(ys[:, 0]), color=CURVE_COLOR, marker=self.marker)
            plt.title(f"{schema.target} over {schema.feature_names[0]} · dots: data · line: {self.formula()}")
            plt.ylabel(schema.target)
        else:
            probs = ys if ys.shape[1] > 1 else np.concatenate([1 - ys, ys], axis=1)
            for k in range(probs.shape[1]):
                plt.plot(list(xs), list(probs[:, k]), color=class_color(k), marker=self.marker)
            plt.title(f"P(class) over {schema.feature_names[0]} · dots: data at their class index")
        plt.xlabel(schema.feature_names[0])
        return super().render()
