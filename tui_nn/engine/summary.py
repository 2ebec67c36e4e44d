"""The lecture's parameter breakdown, computed from a network's shape alone.

For 2 inputs, 2 sigmoid, 1 sigmoid it reads:
    [2×2] + [2×1] = 6 weights
    2 + 1 = 3 biases
    9 learnable parameters
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_nn.words import plural


@dataclass(frozen=True)
class LayerRow:
    """One line of the per-layer table."""

    index: int
    units: int
    activation: str
    inputs: int
    dropout: float = 0.0
    """Inverted dropout on the layer's outputs while training (0: none); no parameters."""

    @property
    def name(self) -> str:
        """`Dense 32 relu`, `Dense 32 relu, dropout 0.3`."""
        return f"Dense {self.units} {self.activation}" + (f", dropout {self.dropout:g}" if self.dropout else "")

    @property
    def weights(self) -> int:
        return self.inputs * self.units

    @property
    def parameters(self) -> int:
        return self.weights + self.units


@dataclass(frozen=True)
class Summary:
    """The parameter breakdown of a network: per-layer rows and the three lecture lines."""

    inputs: int
    rows: tuple[LayerRow, ...]

    @property
    def weights(self) -> int:
        return sum(r.weights for r in self.rows)

    @property
    def biases(self) -> int:
        return sum(r.units for r in self.rows)

    @property
    def parameters(self) -> int:
        return self.weights + self.biases

    @property
    def stack_line(self) -> str:
        """`Input (2) → Dense 2 sigmoid → Dense 1 sigmoid`."""
        parts = [f"Input ({self.inputs})"] + [r.name for r in self.rows]
        return " → ".join(parts)

    @property
    def weights_line(self) -> str:
        """`[2×2] + [2×1] = 6 weights`."""
        terms = " + ".join(f"[{r.inputs}×{r.units}]" for r in self.rows)
        return f"{terms} = {plural(self.weights, 'weight')}"

    @property
    def biases_line(self) -> str:
        """`2 + 1 = 3 biases`."""
        terms = " + ".join(str(r.units) for r in self.rows)
        if len(self.rows) == 1:
            return plural(self.biases, "bias")
        return f"{terms} = {plural(self.biases, 'bias')}"

    @property
    def parameters_line(self) -> str:
        """`9 learnable parameters`."""
        return f"{self.parameters} learnable parameter{'' if self.parameters == 1 else 's'}"

    @property
    def breakdown(self) -> str:
        """The three lecture lines on one line, for a status area."""
        return " · ".join((self.weights_line, self.biases_line, self.parameters_line))

    def text(self) -> str:
        """The full multi-line summary printed by `tui-nn summary`."""
        width = max(24, *(len(f"{r.index} {r.name}") + 2 for r in self.rows))  # room for "…, dropout 0.3"
        header = f"{'layer':<{width}}{'shape':>12}{'weights':>10}{'biases':>9}{'parameters':>13}"
        lines = [self.stack_line, "", header]
        for r in self.rows:
            name = f"{r.index} {r.name}"
            lines.append(
                f"{name:<{width}}{f'[{r.inputs}×{r.units}]':>12}{r.weights:>10}{r.units:>9}{r.parameters:>13}"
            )
        lines += ["", self.weights_line, self.biases_line, self.parameters_line]
        return "\n".join(lines)


def summarize(inputs: int, layers: list[tuple] | tuple[tuple, ...]) -> Summary:
    """Build the breakdown for `inputs` features and (units, activation[, dropout]) layers."""
    rows = []
    fan_in = inputs
    for index, (units, activation, *dropout) in enumerate(layers, start=1):
        rows.append(LayerRow(index=index, units=units, activation=activation, inputs=fan_in,
                             dropout=dropout[0] if dropout else 0.0))
        fan_in = units
    return Summary(inputs=inputs, rows=tuple(rows))
