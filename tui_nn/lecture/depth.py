"""Step 7: why depth — XOR through one neuron and through one hidden layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from tui_nn.engine import EpochEnd, Network, TrainConfig, Trainer
from tui_nn.lecture.base import AppState, _load, _network

SHALLOW = ((1, "sigmoid"),)
DEEP = ((8, "tanh"), (1, "sigmoid"))
DEPTH_CONFIG = TrainConfig(optimizer="adam", lr=0.05, batch_size=32, epochs=150, seed=0)


@dataclass(frozen=True)
class DepthResult:
    """How one network did on XOR after training."""

    layers: str
    epochs: int
    loss: float
    accuracy: float


class DepthDemo:
    """XOR through a single sigmoid neuron (one straight line) and through one hidden layer of 8 tanh."""

    def __init__(self, dataset: str = "xor") -> None:
        self.data = _load(dataset)
        self.shallow = _network(2, SHALLOW, "bce")
        self.deep = _network(2, DEEP, "bce")
        self.results: dict[str, DepthResult] = {}

    def networks(self) -> Iterator[tuple[str, Network]]:
        yield "shallow", self.shallow
        yield "deep", self.deep

    def train(self, config: TrainConfig = DEPTH_CONFIG) -> dict[str, DepthResult]:
        """Train both from their initial weights for `config.epochs` (the same data, optimizer and seed)."""
        for key, network in self.networks():
            network.reinitialize(0)
            trainer = Trainer(network, self.data.x_train, self.data.y_train, config, "classification")
            last = None
            for event in trainer.run():
                if isinstance(event, EpochEnd):
                    last = event
            predicted = network.predict(self.data.x_train) > 0.5
            accuracy = float((predicted == (self.data.y_train > 0.5)).mean())
            self.results[key] = DepthResult(network.spec.layers_text, last.epoch if last else 0,
                                            float(network.evaluate_loss(self.data.x_train, self.data.y_train)),
                                            accuracy)
        return self.results

    def app_state(self) -> AppState:
        return AppState(self.data.name, ",".join(f"{u}:{a}" for u, a in DEEP),
                        settings={"optimizer": "adam", "lr": 0.05, "batch_size": 32, "epochs": 150},
                        weights=tuple(self.deep.get_weights()) if self.results else None)
