"""Helpers for the view tests: small trained models and a bare app that hosts one view.

Kept apart from the app's tests so each view is tested standalone (`update_model` in,
rendered cells out), the way the app feeds it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from textual.app import App, ComposeResult
from textual.widget import Widget

from tui_nn.data import load_dataset
from tui_nn.engine import Network, TrainConfig, Trainer, parse_layers
from tui_nn.model import adapt_targets, network_spec_for
from tui_nn.tui.view_math import HostModel, set_param
from tui_nn.tui.widgets.network_view import NetworkView


def build(name: str, layers: str, *, epochs: int = 0, lr: float = 0.05, seed: int = 0, **load: Any):
    """(dataset, network): `name` loaded, a network of `layers` trained `epochs` with Adam."""
    dataset = load_dataset(name, seed=seed, **load)
    spec = network_spec_for(dataset.schema, dataset.n_features, dataset.y_train.shape[1], parse_layers(layers), "auto")
    network = Network(spec, seed=seed)
    if epochs:
        config = TrainConfig(optimizer="adam", lr=lr, batch_size=32, epochs=epochs, seed=seed)
        trainer = Trainer(network, dataset.x_train, adapt_targets(dataset.y_train, spec), config,
                          dataset.schema.task)
        for _ in trainer.run():
            pass
    return dataset, network


@lru_cache(maxsize=None)
def trained_xor():
    """An XOR net that separates the four quadrants (trained once per test session)."""
    return build("xor", "8:tanh,1:sigmoid", epochs=60, lr=0.03, val_split=0.2)


class ViewApp(App):
    """One view (or a few) filling the screen, fed like the app feeds them; applies by-hand edits."""

    def __init__(self, make: Callable[[], list[Widget]], dataset: Any, network: Network) -> None:
        super().__init__()
        self.make = make
        self.dataset = dataset
        self.network = network
        self.model = HostModel(network)
        self.edits = []

    def compose(self) -> ComposeResult:
        yield from self.make()

    def on_mount(self) -> None:
        self.feed()

    def feed(self) -> None:
        for view in self.query("*"):
            if hasattr(view, "update_model"):
                view.update_model(self.model, self.dataset)

    def on_network_view_parameter_edited(self, message: NetworkView.ParameterEdited) -> None:
        self.edits.append((message.ref, message.value))
        set_param(self.network, message.ref, message.value)
        self.model.set_weights(self.network.get_weights())
        self.feed()
