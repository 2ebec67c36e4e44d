"""PredictPanel: type one input (or pick a row of the data) and see the network's arithmetic.

    weight = 80 → (80 − 73.333)/20.548 = 0.324
    h₁ = σ(W₁·weight + W₂·height + b₁)
       = σ(0.42·0.324 + (-0.17)·0.668 + 0.1) = σ(0.123) = 0.531
    …
    prediction: Woman   P(Man) 0.27 ████  P(Woman) 0.73 ███████████
    compare with target output (a row of the data): the target, the error ŷ − y, the row's loss

Every line comes from `tui_nn.explain.trace_forward` on the model's own weights, so the
numbers are the engine's. Inputs are shown as typed and as the network sees them
(standardised with the training data's mean and spread, shown to as many digits as make
the shown arithmetic give the shown value: `tui_nn.explain.standardize_text`); a regression
output goes back to the target's units the way `tui-nn predict` does it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from tui_nn.errors import TuiNNError
from tui_nn.data.derive import parse_names
from tui_nn.explain import Trace, compare_with_target, format_number, standardize_text, trace_forward
from tui_nn.model import Prediction, adapt_targets, decode_outputs
from tui_nn.tui.view_math import HostModel, class_color, row_text
from tui_nn.tui.widgets.canvas import rgb

MAX_STEPS = 48
"""Neurons written out at most; a wide layer's rest is counted (the arithmetic is the same)."""
BAR = 24


class PredictPanel(Vertical, can_focus=True):
    """An input line (feature=value, …), and below it the forward pass written out.

    The panel takes the focus when its tab opens, so the app's keys (1–5 among them) work
    there; enter goes into the input, which keeps every key typed into it, and escape
    comes back. ↑↓ take rows of the data, PageUp/PageDown/Home/End scroll the computation.
    """

    DEFAULT_CSS = """
    PredictPanel {
        height: 1fr;
    }
    PredictPanel > #predict-input {
        height: 3;
    }
    PredictPanel > #predict-hint {
        height: 1;
        color: $text-muted;
    }
    PredictPanel > #predict-scroll {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("up", "row(-1)", "prev. row", show=False),
        Binding("down", "row(1)", "next row", show=False),
        # Not in the footer (no room beside the app's keys at 140 columns): the border title and the hint say it.
        Binding("enter", "type_input", "Type an input", show=False),
        Binding("escape", "leave_input", "Leave the input"),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.row: int | None = None
        """Index of the training row last picked with ↑↓ (None: typed by hand)."""
        self.trace: Trace | None = None
        self.x_encoded: np.ndarray | None = None
        """(1, inputs) what the network was fed, after encoding and standardisation."""
        self.prediction: Prediction | None = None
        self.error = ""
        self.note = "no network yet"

    def compose(self) -> ComposeResult:
        yield Input(placeholder="feature=value, …", id="predict-input")
        yield Static("enter: type values by name · ↑↓: a row of the data · esc: leave the input",
                     id="predict-hint")
        with VerticalScroll(id="predict-scroll", can_focus=False):
            yield Static(id="predict-math")

    @property
    def input(self) -> Input:
        return self.query_one("#predict-input", Input)

    @property
    def scroller(self) -> VerticalScroll:
        """The scrolling computation under the input."""
        return self.query_one("#predict-scroll", VerticalScroll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # enter types only from the panel, escape leaves only from the input; home/end are the
        # input's cursor keys while it has the focus. False passes the key on to the app.
        in_input = self.input.has_focus
        if action == "type_input":
            return not in_input
        if action == "leave_input":
            return in_input
        if action == "scroll" and in_input and parameters and parameters[0] in ("home", "end"):
            return False
        return True

    def action_type_input(self) -> None:
        self.input.focus()

    def action_leave_input(self) -> None:
        self.focus()

    def action_scroll(self, where: str) -> None:
        scroller = self.scroller
        {"page_up": scroller.scroll_page_up, "page_down": scroller.scroll_page_down,
         "home": scroller.scroll_home, "end": scroller.scroll_end}[where](animate=False)

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        """Show the arithmetic of this model (its current weights) for the current input."""
        new_data = dataset is not self.dataset
        self.model = model
        self.dataset = dataset
        self.note = note or "no network yet"
        if dataset is not None:
            self.input.placeholder = dataset.schema.example_input()
            if new_data or not self.input.value:
                self.row = None
                self.action_row(1)
                return
        self.recompute()

    def action_row(self, delta: int) -> None:
        """Fill the input with the next (or previous) training row."""
        if self.dataset is None or len(self.dataset.x_train) == 0:
            return
        n = len(self.dataset.x_train)
        self.row = 0 if self.row is None else (self.row + delta) % n
        self.set_text(row_text(self.dataset.schema, self.dataset.x_train[self.row]), keep_row=True)

    def set_text(self, text: str, keep_row: bool = False) -> None:
        """Put `text` in the input and compute (as typing it would)."""
        if not keep_row:
            self.row = None
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self.recompute()

    @on(Input.Changed, "#predict-input")
    def _typed(self, event: Input.Changed) -> None:
        self.row = None
        self.recompute()

    def recompute(self) -> None:
        """Parse the input, run it through the network and write the arithmetic out."""
        math = self.query_one("#predict-math", Static)
        self.trace = self.prediction = self.x_encoded = None
        if self.model is None or self.dataset is None:
            math.update(Text(self.note, style="dim"))
            return
        schema = self.dataset.schema
        try:
            values = schema.parse_input(self.input.value)
            x = schema.encode_rows([values])
        except TuiNNError as exc:
            self.error = str(exc)
            math.update(Text(self.error, style="red"))
            return
        self.error = ""
        self.x_encoded = x
        self.trace = trace_forward(self.model.network, x[0], schema.feature_names)
        outputs = self.model.predict(x)
        self.prediction = decode_outputs(outputs, schema.task, schema.classes, schema.unscale_outputs)[0]
        math.update(self._explain(values, x[0], outputs[0]))

    def _explain(self, values: dict[str, str], x: np.ndarray, outputs: np.ndarray) -> Text:
        schema = self.dataset.schema
        trace = self.trace
        out = Text()
        if self.row is not None:
            truth = _truth(self.dataset, self.row)
            out.append(f"training row {self.row + 1} of {len(self.dataset.x_train)}{truth}\n", "dim")
        out.append("input\n", "bold underline")
        col = 0
        for name in schema.input_columns:
            raw = values[name]
            if name in schema.categories:
                cats = schema.categories[name]
                ones = " · ".join(f"{name}={c} {int(x[col + k])}" for k, c in enumerate(cats))
                out.append(f"  {name} = {raw} → {ones}\n")
                col += len(cats)
                continue
            fed = float(x[col])
            std = schema.standardize
            if std is not None and (std["mean"][col] != 0 or std["std"][col] != 1):
                worked, _, result = standardize_text(raw, std["mean"][col], std["std"][col], fed).rpartition(" = ")
                out.append(f"  {name} = {raw} → {worked} = ")
                out.append(result, "bold")
                out.append("\n")
            else:
                out.append(f"  {name} = {raw}\n")
            col += 1
        self._derived(out, x)

        shown = 0
        hidden = 0
        for layer in trace.layers:
            out.append("output layer\n" if layer is trace.layers[-1] else "hidden layer\n", "bold underline")
            for step in layer:
                if shown >= MAX_STEPS and layer is not trace.layers[-1]:
                    hidden += 1
                    continue
                shown += 1
                out.append(f"  {step.symbolic}\n")
                pad = " " * (len(step.name) + 3)
                # A softmax output's numbers start with its z (z₁ = …), the others with "=".
                equals = "" if step.activation == "softmax" else "= "
                out.append(f"  {pad}{equals}{step.numeric.rsplit(' = ', 1)[0]} = ")
                out.append(format_number(step.a), "bold")
                out.append("\n")
            if hidden:
                out.append(f"  … {hidden} more neurons, computed the same way\n", "dim")
                hidden = 0
        self._prediction(out, outputs)
        if self.row is not None:
            self._compare(out, outputs)
        return out

    def _derived(self, out: Text, x: np.ndarray) -> None:
        """Each derived feature worked out from the raw inputs (`x1·x2 = 0.3·−1.2 = −0.36`), then
        standardised as the others are."""
        schema = self.dataset.schema
        if not schema.derived:
            return
        std = schema.standardize
        base = schema.n_features - len(schema.derived)

        def raw(col: int) -> float:  # the value before standardisation, as the expression saw it
            return float(x[col] * std["std"][col] + std["mean"][col]) if std is not None else float(x[col])

        names = schema.feature_names[:base]
        out.append("derived\n", "bold underline")
        for j, feature in enumerate(parse_names(schema.derived)):
            col = base + j
            worked = feature.worked({name: raw(names.index(name)) for name in feature.tree.columns()}, format_number)
            if std is not None and (std["mean"][col] != 0 or std["std"][col] != 1):
                value = format_number(raw(col))
                scaled, _, result = standardize_text(value, std["mean"][col], std["std"][col], float(x[col])).rpartition(" = ")
                out.append(f"  {worked} → {scaled} = ")
                out.append(result, "bold")
                out.append("\n")
            else:
                out.append(f"  {worked}\n")

    def _prediction(self, out: Text, outputs: np.ndarray) -> None:
        schema = self.dataset.schema
        prediction = self.prediction
        out.append("prediction\n", "bold underline")
        if prediction.label is None:
            scale = schema.target_scale
            if scale is not None:
                o = float(outputs[0])
                out.append(f"  ŷ = O₁·{format_number(scale['std'])} + {format_number(scale['mean'])} = {format_number(o)}·{format_number(scale['std'])}"
                           f" + {format_number(scale['mean'])} = ")
                out.append(format_number(prediction.value), "bold")
                out.append(f"  ({schema.target}, back in its own units)\n", "dim")
            else:
                out.append(f"  ŷ = O₁ = ")
                out.append(format_number(prediction.value), "bold")
                out.append(f"  ({schema.target})\n", "dim")
            return
        out.append(f"  {prediction.label}\n", "bold")
        names = list(prediction.probabilities)
        width = max(len(n) for n in names) + 3
        for k, (name, p) in enumerate(prediction.probabilities.items()):
            filled = int(round(p * BAR)) if np.isfinite(p) else 0  # a diverged net says nan
            out.append(f"  {f'P({name})'.ljust(width)} {p:6.3f} ")  # padded after the name's parenthesis
            out.append("█" * filled, rgb(class_color(k)))
            out.append("░" * (BAR - filled) + "\n", "dim")
        if outputs.shape[0] == 1:
            out.append(f"  (one sigmoid output: O₁ is P({names[-1]}), P({names[0]}) = 1 − O₁)\n", "dim")

    def _compare(self, out: Text, outputs: np.ndarray) -> None:
        """The lecture's "compare with target output" for the chosen training row: its target,
        the error ŷ − y and its loss (the engine's, on what the network trains on)."""
        data, schema, row = self.dataset, self.dataset.schema, self.row
        spec = self.model.spec
        y = adapt_targets(data.y_train[row : row + 1], spec)
        loss = float(self.model.network.evaluate_loss(data.x_train[row : row + 1], y))
        label = units = None
        if schema.task == "classification":
            label = _true_class(data, row)
        elif schema.target_scale is not None:
            units = (float(self.prediction.value), float(schema.unscale_outputs(data.y_train[row : row + 1])[0, 0]))
        out.append("compare with target output\n", "bold underline")
        for line in compare_with_target(outputs, y[0], spec.loss, loss, label=label, units=units,
                                        target=schema.target):
            out.append(f"  {line}\n")


def _true_class(dataset: Any, row: int) -> str:
    """The class of a training row."""
    y = dataset.y_train[row]
    return dataset.schema.classes[int(y[0] > 0.5) if len(y) == 1 else int(np.argmax(y))]


def _truth(dataset: Any, row: int) -> str:
    """`: true class Woman` or `: true y 152` for a training row."""
    schema = dataset.schema
    y = dataset.y_train[row]
    if schema.task == "classification":
        return f": true class {_true_class(dataset, row)}"
    value = schema.unscale_outputs(y[None, :])[0, 0] if schema.target_scale is not None else y[0]
    return f": true {schema.target} {format_number(float(value))}"
