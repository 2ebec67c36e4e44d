"""The training engine: layers, losses, optimizers, the training loop and checkpoints.

It knows nothing of terminals: the Textual app and the headless CLI both drive it.
"""

from tui_nn.engine.network import LayerSpec, Network, NetworkSpec, parse_layers
from tui_nn.engine.trainer import (
    EpochEnd,
    Progress,
    TrainConfig,
    Trainer,
    TrainingStopped,
    WeightsSnapshot,
)

__all__ = [
    "EpochEnd",
    "LayerSpec",
    "Network",
    "NetworkSpec",
    "Progress",
    "TrainConfig",
    "Trainer",
    "TrainingStopped",
    "WeightsSnapshot",
    "parse_layers",
]
