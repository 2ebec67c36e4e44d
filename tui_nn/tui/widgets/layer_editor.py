"""LayerEditor: the network as a stack of rows, one a layer, with the lecture's breakdown under it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from tui_nn.engine import LayerSpec
from tui_nn.engine.summary import Summary


class LayerEditor(Widget, can_focus=True):
    """Shows `Input (2)`, then `Dense 2 sigmoid` rows with the selected one highlighted, then

        Input (2) → Dense 2 sigmoid → Dense 1 sigmoid
        [2×2] + [2×1] = 6 weights · 2 + 1 = 3 biases · 9 learnable parameters

    The app owns the layers and the keys that edit them; this widget draws them and turns
    a click on a row into a `LayerClicked` message.
    """

    @dataclass
    class LayerClicked(Message):
        """A layer row was clicked."""

        index: int

    BINDINGS = [
        # Here as well as on the app: the scrolling sidebar around this widget binds up/down
        # to scrolling, and the focused widget's bindings are looked up first.
        Binding("up", "app.select_layer(-1)", "Layer up", show=False),
        Binding("down", "app.select_layer(1)", "Layer down", show=False),
    ]

    HEADER_ROWS = 1
    """Rows above the first layer (the input row), to map a click to a layer."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.layer_specs: tuple[LayerSpec, ...] = ()
        self.input_names: tuple[str, ...] = ()
        self.selected = 0
        self.summary: Summary | None = None
        self.problem: str | None = None
        self.loss: str | None = None

    def show(self, layers: Sequence[LayerSpec], selected: int, input_names: Sequence[str], summary: Summary,
             problem: str | None, loss: str | None) -> None:
        """Redraw with these layers; `problem` (why it cannot train on the data) is shown in red."""
        self.layer_specs = tuple(layers)
        self.selected = selected
        self.input_names = tuple(input_names)
        self.summary = summary
        self.problem = problem
        self.loss = loss
        self.refresh(layout=True)

    @property
    def breakdown_lines(self) -> tuple[str, str, str]:
        """The three lecture lines: weights, biases, learnable parameters."""
        s = self.summary
        if s is None or not s.rows:
            return ("", "", "")
        return (s.weights_line, s.biases_line, s.parameters_line)

    def render(self) -> RenderResult:
        out = Text(no_wrap=False)
        n_inputs = len(self.input_names)
        names = ", ".join(self.input_names)
        head = f"  in {n_inputs or '?':>5} input      "
        out.append(head, style="bold")
        if names:
            # One line only: the data panel lists the features; a wide table must not push the layers down.
            room = max(4, self.size.width - len(head))
            out.append(names if len(names) <= room else names[: room - 1] + "…", style="dim")
        out.append("\n")
        fan_in = n_inputs
        last = len(self.layer_specs) - 1
        for i, layer in enumerate(self.layer_specs):
            selected = i == self.selected
            marker = "▶" if selected else " "
            # a hidden layer with dropout says its rate where "hidden" would be (it is one)
            role = "output" if i == last else (f"drop {layer.dropout:g}" if layer.dropout else "hidden")
            # Compact enough for a 46-column sidebar: the stack line below names the layers in full.
            line = Text(f" {marker}{i + 1:>2} {layer.units:>5} {layer.activation:<10} ")
            line.append(f"[{fan_in}×{layer.units}]+{layer.units}".ljust(13), style="dim" if not selected else "")
            line.append(f"{role}", style="dim italic")
            if selected:
                line.stylize("reverse" if self.has_focus else "bold underline")
            out.append_text(line)
            out.append("\n")
            fan_in = layer.units
        out.append("\n")
        if self.summary is not None and self.summary.rows:
            out.append(self.summary.stack_line + "\n", style="bold")
            weights, biases, params = self.breakdown_lines
            out.append(f"{weights}\n{biases}\n")
            out.append(params, style="bold")
            if self.loss:
                out.append(f" · loss {self.loss}", style="dim")
        if self.problem:
            out.append("\n⚠ " + self.problem, style="bold red")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y - self.HEADER_ROWS
        if 0 <= index < len(self.layer_specs):
            self.post_message(self.LayerClicked(index))
