"""Every message the app's thread workers post to the UI.

Workers never touch widgets: they post these (post_message is thread-safe and does not
block) to the controller that owns them (`TrainingControl`, `FilesControl`), which handles
them: they do not bubble further. Each carries the `run_id` or `request_id` it belongs to, so the app can drop
messages from a run or load it has since abandoned. Messages that supersede each other
define `can_replace`, so a lagging UI keeps only the newest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from tui_nn.backend import Backend
from tui_nn.engine import EpochEnd, Progress, TrainingStopped, WeightsSnapshot
from tui_nn.spec import DataRequest
from tui_nn.workspace import Opened


@dataclass
class EpochsDone(Message, bubble=False):
    """Epochs finished since the last post (all of them: the charts need every point)."""

    run_id: int
    events: tuple[EpochEnd, ...]


@dataclass
class ProgressUpdated(Message, bubble=False):
    """Mid-epoch progress of a long epoch; only the newest matters."""

    run_id: int
    progress: Progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ProgressUpdated) and message.run_id == self.run_id


@dataclass
class WeightsUpdated(Message, bubble=False):
    """A fresh copy of the weights for the heatmap; only the newest matters."""

    run_id: int
    snapshot: WeightsSnapshot

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, WeightsUpdated) and message.run_id == self.run_id


@dataclass
class TrainingFinished(Message, bubble=False):
    """The run ended (the trainer's last event), or failed with an error message."""

    run_id: int
    stopped: TrainingStopped | None
    error: str | None = None


@dataclass
class BackendReady(Message, bubble=False):
    """The backend was resolved (probing for a GPU can take a while, so it happens off the UI thread)."""

    backend: Backend | None
    error: str | None = None


@dataclass
class DatasetLoaded(Message, bubble=False):
    """A dataset finished loading (or failed, with a message for the user)."""

    request_id: int
    dataset: Any
    """A `tui_nn.data.Dataset`, or None on error."""
    data: DataRequest
    """What was asked for (source, target, missing values, split, ...)."""
    error: str | None = None
    reason: str = "open"
    """Why it was loaded: "open" (a new dataset) or "split" (the validation split changed)."""


@dataclass
class ColumnsRead(Message, bubble=False):
    """A table's columns, read to offer the choice of target (or an error)."""

    source: str
    columns: tuple[tuple[str, str], ...]
    """(name, kind) per column, in file order."""
    error: str | None = None


@dataclass
class ModelLoaded(Message, bubble=False):
    """A checkpoint was read (with its dataset, when the current one does not fit it)."""

    path: str
    opened: Opened | None
    """The model with its run and (when it needed its own) data; None on error."""
    error: str | None = None
    resumed: bool = False
    """True for the autosave reopened by `--resume` (not a file the user chose)."""


@dataclass
class Exported(Message, bubble=False):
    """An export finished: the path written, or an error message for the user."""

    path: str
    error: str | None = None


@dataclass
class FoldFinished(Message, bubble=False):
    """Cross-validation: one fold's final validation metrics (`tui_nn.crossval.FoldEnd.record`)."""

    request_id: int
    record: dict[str, Any]
    folds: int
    metric_name: str


@dataclass
class CrossValidationFinished(Message, bubble=False):
    """Cross-validation ended: every fold done, stopped early, or failed with an error message."""

    request_id: int
    records: tuple[dict[str, Any], ...]
    folds: int
    metric_name: str
    stopped: bool = False
    error: str | None = None
