"""NetworkView: the network as a diagram, and the place to set any weight by hand.

    weight ●⠤⠤⠒⠒⠉⠉ h₁ +0.10 ⠒⠒⠤⠤ O₁ -0.30  Woman
    height ●⠒⠒⠤⠤⣀⣀ h₂ -0.42 ⠤⠤⠒⠒

Links are red for positive weights and blue for negative (the weights heatmap's colours),
brighter the stronger; biases sit on the nodes. Wide layers show their first units and a
"+N more" marker, and only the strongest links of a crowded gap are drawn.

Keys (when focused): ←/→ walk the parameters in the lecture's order (W₁, W₂, b₁, W₃, …),
↑/↓ nudge the selected one by 0.1 (shift: 0.01), enter starts typing a value and enter
again sets it (digits outside typing stay the app's: they switch tabs). The view never
changes a network itself: it posts `ParameterEdited` and the owner applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive

from tui_nn.explain import neuron_name
from tui_nn.tui.view_math import HostModel, ParamRef, Score, param_label, param_order, param_value, score
from tui_nn.tui.widgets.canvas import Canvas, CanvasWidget, rgb
from tui_nn.tui.widgets.weights_view import cell_color

MAX_LINKS = 48
"""Links drawn per gap between two layers at most (the strongest); more is an unreadable mess."""
NUDGE = 0.1
FINE_NUDGE = 0.01
SCORE_ROWS = 20_000
"""Rows scored after an edit at most, so a by-hand change on a big table still answers at once."""
SELECTED = Style(color="rgb(255,230,80)", bold=True)
TYPEABLE = set("0123456789.-+eE")


@dataclass
class _Column:
    """One column of nodes: which units are drawn, and where."""

    units: list[int]
    rows: list[int]
    more: int
    more_row: int | None


class NetworkView(CanvasWidget, can_focus=True):
    """A diagram of the network: inputs, hidden and output neurons, links coloured by weight."""

    DEFAULT_CSS = """
    NetworkView {
        height: 1fr;
        min-height: 8;
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "prev. param", show=False),
        Binding("right", "step(1)", "next param", show=False),
        Binding("up", "nudge(1)", "+0.1", show=False),
        Binding("down", "nudge(-1)", "-0.1", show=False),
        Binding("shift+up", "nudge(0.1)", "+0.01", show=False),
        Binding("shift+down", "nudge(-0.1)", "-0.01", show=False),
        # The app binds + and - to layer sizes: while a value is typed they are its sign.
        Binding("minus", "type('-')", "type", show=False),
        Binding("plus", "type('+')", "type", show=False),
        Binding("enter", "commit", "type a value / set it", show=False),
        Binding("escape", "cancel", "cancel", show=False),
        Binding("backspace", "backspace", "delete", show=False),
    ]

    selected: reactive[int] = reactive(0)
    """Index of the selected parameter in the lecture's order (`param_order`)."""
    typing: reactive[str | None] = reactive(None)
    """The number being typed for the selected parameter, or None."""

    @dataclass
    class ParameterEdited(Message):
        """The user set a parameter by hand; the owner writes it into the network."""

        view: "NetworkView"
        ref: ParamRef
        value: float

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.model: HostModel | None = None
        self.dataset: Any = None
        self.feature_names: tuple[str, ...] = ()
        self.output_names: tuple[str, ...] = ()
        self.note = "no network yet"
        self.error = ""
        """A refused typed value, shown until the next key."""
        self._score: tuple[int, Score | None] | None = None
        self.links_drawn: list[tuple[int, int, int]] = []
        """(layer, source, unit) of every link in the last picture, for tests."""
        self.links_left_out = 0
        """Links between drawn nodes that were too weak to make the picture."""

    # -- data in ------------------------------------------------------------------------------

    def update_model(self, model: HostModel | None, dataset: Any = None, note: str = "") -> None:
        """Draw this model (its current weights); `dataset` names the inputs and outputs and is scored."""
        self.model = model
        self.dataset = dataset
        self.note = note or "no network yet"
        if dataset is not None:
            schema = dataset.schema
            self.feature_names = tuple(schema.feature_names)
            self.output_names = _output_names(schema, model.spec.outputs if model else 0)
        if model is not None:
            self.selected = min(self.selected, len(self.refs) - 1)
        self.refresh()

    @property
    def refs(self) -> list[ParamRef]:
        return param_order(self.model.shapes) if self.model is not None else []

    @property
    def selected_ref(self) -> ParamRef | None:
        refs = self.refs
        return refs[self.selected] if refs else None

    def select(self, ref: ParamRef) -> None:
        """Select a parameter (the heatmap or a test may choose one directly)."""
        self.selected = self.refs.index(ref)

    # -- keys -----------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        if self.model is not None:
            self.typing = None
            self.selected = (self.selected + delta) % len(self.refs)

    def action_nudge(self, amount: float) -> None:
        ref = self.selected_ref
        if ref is not None:
            self.typing = None
            self._edit(ref, param_value(self.model.weights, ref) + amount * NUDGE * 1.0)

    def action_type(self, char: str) -> None:
        if self.model is not None:
            self.error = ""
            self.typing = (self.typing or "") + char

    def action_backspace(self) -> None:
        if self.typing:
            self.typing = self.typing[:-1]

    def action_cancel(self) -> None:
        self.typing = None
        self.error = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # + and - are a number's sign only while one is typed; otherwise they are the app's.
        if action == "type" and self.typing is None:
            return False
        return True

    def action_commit(self) -> None:
        """enter: start typing a value for the selected parameter, or set the typed one."""
        ref = self.selected_ref
        if ref is None:
            return
        if self.typing is None:
            self.error = ""
            self.typing = ""
            return
        text, self.typing = self.typing, None
        try:
            value = float(text)
        except ValueError:
            self.error = f'"{text}" is not a number'
            self.refresh()
            return
        if not np.isfinite(value):
            self.error = f"{text} is not a finite number"
            self.refresh()
            return
        self._edit(ref, value)

    @property
    def takes_text(self) -> bool:
        """True while a value is typed: every printable key is the value's, none is the app's."""
        return self.typing is not None

    def on_key(self, event: Key) -> None:
        # While a value is typed the box keeps every printable key (a letter included: enter then
        # says it is not a number). Only enter, escape, backspace and the arrows act.
        if self.typing is not None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.action_type(event.character)

    def _edit(self, ref: ParamRef, value: float) -> None:
        self.error = ""
        self.post_message(self.ParameterEdited(self, ref, round(value, 10)))

    def watch_selected(self) -> None:
        self.refresh()

    def watch_typing(self, old: str | None, new: str | None) -> None:
        self.refresh()
        if (old is None) != (new is None) and self.is_attached:
            # Typing starts or ends: the footer shows (or leaves out) the keys the box takes as text.
            self.app.refresh_bindings()

    # -- drawing ------------------------------------------------------------------------------

    def _node_name(self, layer: int, unit: int) -> str:
        """Column `layer` (0 = inputs) and unit → h₁, O₁ or the feature's name."""
        if layer == 0:
            return self.feature_names[unit] if unit < len(self.feature_names) else f"x{unit + 1}"
        return neuron_name(layer - 1, unit, len(self.model.shapes))

    def _current_score(self) -> Score | None:
        if self.dataset is None or self.model is None:
            return None
        if self._score is None or self._score[0] != self.model.version:
            try:
                data = self.dataset
                if len(data.x_train) > SCORE_ROWS:
                    data = _Rows(data, SCORE_ROWS)
                value = score(self.model, data)
            except Exception:  # noqa: BLE001 - a score is a nicety; an odd model must still draw
                value = None
            self._score = (self.model.version, value)
        return self._score[1]

    def paint(self, width: int, height: int) -> Canvas:
        if self.model is None:
            return self.message(width, height, self.note)
        canvas = Canvas(width, height)
        weights = self.model.weights
        shapes = self.model.shapes
        n_cols = len(shapes) + 1
        sizes = [shapes[0][0]] + [units for _, units in shapes]
        area_top, area_rows = 1, max(1, height - 3)

        # Widths: input names on the left, "h₁ +0.12" nodes, class names after the outputs.
        in_width = min(14, max(len(n) for n in (self.feature_names or ("x1",))))
        node_width = 9
        out_label = min(14, max((len(n) for n in self.output_names), default=0))
        fixed = in_width + 2 + node_width * (n_cols - 1) + (out_label + 1 if out_label else 0)
        gap = max(3, (width - fixed) // max(1, n_cols - 1))

        columns = [self._layout_column(size, area_top, area_rows) for size in sizes]
        x_left = [0] * n_cols  # where each column's node text starts
        x_right = [0] * n_cols  # the first cell after it
        x = 0
        for c in range(n_cols):
            x_left[c] = x
            x_right[c] = x + (in_width + 2 if c == 0 else node_width)
            x = x_right[c] + gap

        ref = self.selected_ref
        self.links_drawn = []
        self.links_left_out = 0
        for layer, (w, b) in enumerate(weights):
            self._draw_links(canvas, layer, w, columns[layer], columns[layer + 1],
                             x_right[layer], x_left[layer + 1], ref)
        for c, column in enumerate(columns):
            self._draw_nodes(canvas, c, column, x_left[c], in_width, weights, ref)
            if column.more_row is not None:
                canvas.put(x_left[c], column.more_row, f"+{column.more} more"[: x_right[c] - x_left[c] + 2], "dim italic")
        for c, layer in enumerate(self.model.spec.layers, start=1):
            # Dropout acts while training only: said under its layer's nodes, where there is room
            below = max(columns[c].rows + ([columns[c].more_row] if columns[c].more_row is not None else [])) + 1
            if layer.dropout and below < height - 2:
                canvas.put(x_left[c], below, f"drop {layer.dropout:g}"[:node_width], "dim italic")
        if self.output_names:
            for unit, row in zip(columns[-1].units, columns[-1].rows):
                if unit < len(self.output_names):
                    canvas.put(x_right[-1] + 1, row, self.output_names[unit][:out_label], "bold")

        self._draw_legend(canvas, weights)
        self._draw_status(canvas, height, ref, shapes, columns)
        return canvas

    @staticmethod
    def _layout_column(size: int, top: int, rows: int) -> _Column:
        """Nodes on every other row while they fit; otherwise the first few and "+N more"."""
        room = max(1, (rows + 1) // 2)
        if size <= room:
            shown, more = size, 0
        else:
            shown, more = max(1, room - 1), size - max(1, room - 1)
        slots = shown + (1 if more else 0)
        positions = [top + int((i + 0.5) * rows / slots) for i in range(slots)]
        return _Column(list(range(shown)), positions[:shown], more, positions[shown] if more else None)

    def _draw_links(self, canvas: Canvas, layer: int, w: np.ndarray, src: _Column, dst: _Column,
                    x0: int, x1: int, ref: ParamRef | None) -> None:
        if x1 - x0 < 2:
            return
        pairs = [(abs(float(w[i, j])), i, j, ys, yd)
                 for i, ys in zip(src.units, src.rows) for j, yd in zip(dst.units, dst.rows)]
        pairs.sort()
        drawn = pairs[-MAX_LINKS:]
        self.links_left_out += len(pairs) - len(drawn)  # weakest first, so strong links are painted over them
        finite = np.abs(w[np.isfinite(w)])
        scale = float(finite.max()) if finite.size else 0.0
        px0, px1 = x0 * 2 + 1, x1 * 2 - 2
        selected = None
        for strength, i, j, ys, yd in drawn:
            t = 0.0 if scale == 0 else float(w[i, j]) / scale
            color = cell_color(np.sign(t) * (0.3 + 0.7 * abs(t)), 1.0) if np.isfinite(t) else (255, 0, 255)
            if ref is not None and not ref.is_bias and (ref.layer, ref.source, ref.unit) == (layer, i, j):
                selected = (ys, yd)
                continue
            canvas.line(px0, ys * 4 + 2, px1, yd * 4 + 2, Style(color=rgb(color)))
            self.links_drawn.append((layer, i, j))
        if selected is None and ref is not None and not ref.is_bias and ref.layer == layer:
            # The selected weight is drawn even when weaker than the strongest few.
            if ref.source in src.units and ref.unit in dst.units:
                selected = (src.rows[src.units.index(ref.source)], dst.rows[dst.units.index(ref.unit)])
        if selected is not None:
            canvas.line(px0, selected[0] * 4 + 2, px1, selected[1] * 4 + 2, SELECTED)
            self.links_drawn.append((layer, ref.source, ref.unit))

    def _draw_nodes(self, canvas: Canvas, c: int, column: _Column, x: int, in_width: int,
                    weights: Sequence[tuple[np.ndarray, np.ndarray]], ref: ParamRef | None) -> None:
        if c == 0:
            for unit, row in zip(column.units, column.rows):
                name = self._node_name(0, unit)
                canvas.put(x, row, name[:in_width].rjust(in_width) + " ●", "bold")
            return
        w, b = weights[c - 1]
        values = np.concatenate([w.ravel(), b])
        values = np.abs(values[np.isfinite(values)])
        scale = float(values.max()) if values.size else 0.0
        for unit, row in zip(column.units, column.rows):
            bias = float(b[unit])
            r, g, bl = cell_color(bias, scale) if np.isfinite(bias) else (255, 0, 255)
            style = Style(bgcolor=f"rgb({r},{g},{bl})", color="white", bold=True)
            if ref is not None and ref.is_bias and (ref.layer, ref.unit) == (c - 1, unit):
                style = Style(bgcolor="rgb(255,230,80)", color="black", bold=True)
            label = f"{self._node_name(c, unit)} {_short(bias)}"
            canvas.put(x, row, label[:9].ljust(9), style)

    def _draw_legend(self, canvas: Canvas, weights: Sequence) -> None:
        canvas.put(0, 0, "━━", Style(color=rgb(cell_color(1.0, 1.0))))
        canvas.put(3, 0, "positive ", "dim")
        canvas.put(12, 0, "━━", Style(color=rgb(cell_color(-1.0, 1.0))))
        note = "negative · brighter = stronger · node: bias"
        if self.links_left_out:
            note += f" · {self.links_left_out} weakest links not drawn"
        canvas.put(15, 0, note, "dim")

    def _draw_status(self, canvas: Canvas, height: int, ref: ParamRef | None, shapes: list,
                     columns: list[_Column]) -> None:
        if ref is None or height < 3:
            return
        label = param_label(ref, shapes)
        target = self._node_name(ref.layer + 1, ref.unit)
        what = f"bias of {target}" if ref.is_bias else f"{self._node_name(ref.layer, ref.source)} → {target}"
        value = param_value(self.model.weights, ref)
        line = Text(no_wrap=True)
        line.append(f"{label}", SELECTED)
        line.append(f" ({what}) = ")
        if self.typing is not None:
            line.append(f"{self.typing}▏", "reverse")
            line.append("  enter sets · esc cancels", "dim")
        else:
            line.append(f"{value:+.4g}", "bold")
            hidden = (not ref.is_bias and ref.source not in columns[ref.layer].units) or ref.unit not in columns[ref.layer + 1].units
            if hidden:
                line.append("  (not drawn: widen the window)", "dim italic")
            line.append("   ←→ choose · ↑↓ ±0.1 · enter: type a value", "dim")
        if self.error:
            line.append(f"  {self.error}", "red")
        canvas.put(0, height - 2, line.plain[: canvas.width])
        # Keep the styles of the status line: paint span by span.
        for span in line.spans:
            for x in range(span.start, min(span.end, canvas.width)):
                canvas.styles[height - 2][x] = span.style
        current = self._current_score()
        if current is not None:
            canvas.put(0, height - 1, str(current), "dim")


def _short(value: float) -> str:
    """A bias in at most five characters: +0.12, -3.4, +1e3."""
    if not np.isfinite(value):
        return "nan"
    text = f"{value:+.2f}"
    return text if len(text) <= 5 else f"{value:+.1g}"


def _output_names(schema: Any, outputs: int) -> tuple[str, ...]:
    """What each output means: `Woman` (P of the second class), class names, or the target."""
    if schema.task == "classification" and schema.classes:
        if outputs == 1:
            return (f"P({schema.classes[-1]})",)
        return tuple(schema.classes[:outputs])
    return (schema.target,) * outputs if outputs == 1 else tuple(f"{schema.target}[{k}]" for k in range(outputs))


class _Rows:
    """The first n training rows of a dataset, without a validation split (for a quick score)."""

    def __init__(self, dataset: Any, n: int) -> None:
        self.schema = dataset.schema
        self.x_train, self.y_train = dataset.x_train[:n], dataset.y_train[:n]
        self.x_val = self.y_val = None
