"""What every step shares: float64 networks, the number format, editable numbers (`Knob`) and
the state a step hands to the full app (`AppState`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from tui_nn.engine import LayerSpec, Network, NetworkSpec
from tui_nn.explain import factor, format_number

if TYPE_CHECKING:
    from tui_nn.spec import RunSpec

DTYPE = "float64"
"""The lesson computes in float64 so the numbers on screen are the arithmetic, not float32 noise."""


num = format_number
term = factor
"""A number inside a sum or product: a negative one in parentheses, `(-0.25)`."""
"""Numbers on the lesson's screens are written exactly as in every other view of the arithmetic."""


# -- what a step hands to the full app ------------------------------------------------------------


@dataclass(frozen=True)
class AppState:
    """What "leave into the full app" opens: data, layers, settings and (optionally) weights."""

    dataset: str
    """A bundled dataset's name."""
    layers: str
    """The `--layers` form, e.g. `2:sigmoid,1:sigmoid`."""
    standardize: bool = True
    """False for the lecture's raw units (the x → y line, the fields table)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """`Settings` fields to change (optimizer, lr, batch_size, epochs, seed)."""
    weights: tuple[tuple[np.ndarray, np.ndarray], ...] | None = None
    """(weight (in, out), bias (out,)) per layer, or None for fresh weights."""

    def run_spec(self, base: "RunSpec") -> "RunSpec":
        """The app's run after the hand-over: `base` (its backend, say) with this step's data,
        layers and settings, the data read the way the step reads it."""
        from tui_nn.spec import DataRequest  # noqa: PLC0415

        run = replace(base, data=DataRequest(source=self.dataset, val_split=base.data.val_split,
                                              standardize=self.standardize))
        return run.with_values(layers=self.layers, **self.settings)

    def load(self) -> Any:
        """The dataset, loaded as the step uses it."""
        from tui_nn.data import load_dataset  # noqa: PLC0415 — polars only when the app is opened

        return load_dataset(self.dataset, standardize=self.standardize)


def _network(inputs: int, layers: Sequence[tuple[int, str]], loss: str, seed: int = 0) -> Network:
    spec = NetworkSpec(inputs, tuple(LayerSpec(u, a) for u, a in layers), loss)
    return Network(spec, dtype=DTYPE, seed=seed)


def _load(name: str, standardize: bool = True) -> Any:
    from tui_nn.data import load_dataset  # noqa: PLC0415

    return load_dataset(name, standardize=standardize)


# -- editable numbers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Knob:
    """One number a step lets the user change: ↑↓ pick it, +/- nudge it by `step`, enter types it."""

    key: str
    label: str
    value: float
    step: float
    low: float = -math.inf
    high: float = math.inf
    integer: bool = False

    def with_value(self, value: float) -> "Knob":
        """A copy holding `value`, kept within [low, high] (rounded for whole numbers)."""
        value = min(self.high, max(self.low, float(value)))
        if self.integer:
            value = float(round(value))
        else:
            value = round(value, 10)  # 0.1 + 0.2 shows as 0.3
        return replace(self, value=value)

    def nudged(self, times: int) -> "Knob":
        return self.with_value(self.value + times * self.step)

    @property
    def text(self) -> str:
        return str(int(self.value)) if self.integer else num(self.value)
