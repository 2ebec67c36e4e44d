"""The app's state of one session: data, layers, settings, network, trainer, history.

No Textual here. The app calls these methods on the UI thread and draws the result; only
the training worker thread iterates `trainer.run()`. Keeping the rules here (what an edit
invalidates, how a run continues, what a checkpoint restores) makes them testable without
a screen, and keeps the app's handlers short.

The network is built exactly as `tui_nn.headless.train` builds it (`network_spec_for`,
`Network`, `tui_nn.model.trainer_for`), so a run in the app and `tui-nn train` with the
same settings give the same numbers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from tui_nn.backend import NUMPY, Backend
from tui_nn.engine import EpochEnd, LayerSpec, Network, NetworkSpec, Trainer
from tui_nn.engine.activations import ACTIVATION_NAMES
from tui_nn.engine.summary import Summary, summarize
from tui_nn.errors import TuiNNError
from tui_nn.model import check_output_fits, default_layers, network_spec_for, resolve_loss, trainer_for
from tui_nn.spec import KEYS, DataRequest, RunSpec, text_of
from tui_nn.tui.runs import RunLog, changes
from tui_nn.workspace import checkpoint_meta

STATES = ("idle", "training", "paused", "done", "diverged")
"""What the status bar shows: nothing trained yet or stopped, running, paused, finished, blew up."""

HISTORY_LIMIT = 10_000
"""Epoch records kept in full; a million-epoch run must not hold a million of them."""

DROPOUT_STEPS = (0.0, 0.1, 0.2, 0.3, 0.5)
"""The rates `p` steps through (any other comes from --layers or a setup file)."""

MAX_UNITS = 4096
"""A ceiling for `+` so a held key cannot build a layer too big to draw or train."""

FORM_KEYS = ("optimizer", "lr", "batch_size", "epochs", "loss", "l2", "l1", "class_weight", "seed", "val_split",
             "folds", "standardize", "backend", "rows", "noise")
"""The RunSpec keys the settings form edits, in its order (issue #4's)."""
LIVE_KEYS = ("lr",)
"""The form keys a run in progress takes without stopping (`Trainer.set_lr`, between epochs);
the form keeps only these open while training."""
WEIGHT_KEEPING_KEYS = frozenset({"optimizer", "lr", "batch_size", "epochs", "l2", "l1", "early_stop", "monitor",
                                 "class_weight", "folds", "lr_schedule", "lr_factor", "lr_patience", "lr_step",
                                 "shuffle", "backend"})
"""The keys a restored setup may change while the trained weights stay (they apply from the next
run, as the settings form's do; a backend moves the weights). Any other key (the data, the layers,
the loss, the seed, the dtype, the initial weights) makes the run another one: fresh weights."""


@dataclass(frozen=True)
class Restored:
    """What `Session.restore` did, for the app to follow up and to say."""

    changed: str
    """`lr 0.05→0.01, layers …→…` (`tui_nn.tui.runs.changes`)."""
    fresh: bool
    """The weights were discarded: the next run starts from the seed."""
    reload: bool
    """The data request changed: the app reads the data again."""
    backend: bool
    """The backend changed: the app resolves it."""


def layer_name(layer: LayerSpec) -> str:
    """`Dense 2 sigmoid`, as the lecture writes a layer."""
    return f"Dense {layer.units} {layer.activation}"


class Session:
    """Everything the app shows and edits, and the rules that tie the pieces together."""

    def __init__(self, run: RunSpec | None = None) -> None:
        run = (run or RunSpec()).validate()
        self.suggested = run.suggestion_note()
        """What a bundled dataset suggested for the keys the run left unset, said once its data is loaded."""
        self.run = run.with_suggestions()
        """The run as it stands: data request, layers, loss and training settings (one source of truth)."""
        self.dataset: Any = None
        """The loaded `tui_nn.data.Dataset`, or None."""
        self.selected = 0
        """Index into `layers` of the highlighted layer."""
        self.backend: Backend = NUMPY
        """The resolved backend; the app resolves `auto` off the UI thread at start-up."""
        self.network: Network | None = None
        self.trainer: Trainer | None = None
        self.history: deque[EpochEnd] = deque(maxlen=HISTORY_LIMIT)
        """The latest finished epochs since the weights were last drawn fresh (the charts keep all of them)."""
        self.state = "idle"
        self.epochs_done = 0
        """Epochs the current weights have been trained for (continues across runs and settings changes)."""
        self.run_target = 0
        """The epoch the current run stops at, for `epoch 37/200`."""
        self.saved = True
        """False once weights were trained (or set by hand) and not saved since."""
        self.last_save: Path | None = None
        """The checkpoint the user last saved to or loaded from: ctrl+s offers it."""
        self.written: set[Path] = set()
        """Checkpoints this session wrote itself: saving over one again needs no question."""
        self.elapsed = 0.0
        """Seconds of training behind the current weights (runs added up, pauses excluded by the engine)."""
        self._elapsed_base = 0.0
        self.runs = RunLog()
        """The last runs since the app opened (the Runs tab); fresh weights or new data keep it."""

    # -- the run's settings -----------------------------------------------------------------

    @property
    def layers(self) -> tuple[LayerSpec, ...]:
        """The editor's layers after the input, output included; may not fit the data while being edited."""
        return self.run.network.layers or ()

    @layers.setter
    def layers(self, layers: Sequence[LayerSpec]) -> None:
        self.run = replace(self.run, network=replace(self.run.network, layers=tuple(layers) or None))

    def value_text(self, name: str) -> str:
        """How the settings form shows key `name`."""
        return text_of(self.run.get(name))

    # -- data -------------------------------------------------------------------------------

    @property
    def has_data(self) -> bool:
        return self.dataset is not None

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(self.dataset.schema.feature_names) if self.dataset is not None else ()

    def set_dataset(self, dataset: Any, data: DataRequest) -> list[str]:
        """Adopt a freshly loaded dataset; returns notes for the user about what changed.

        The hidden layers the user built are kept; the output layer is replaced when it does
        not fit the new target (a first load takes the data's default network, or the
        layers asked for on the command line).
        """
        notes = []
        schema = dataset.schema
        n_classes = len(schema.classes) if schema.classes else None
        n_targets = dataset.y_train.shape[1]
        if not self.layers:
            self.layers = default_layers(schema.task, dataset.n_features, n_classes, n_targets)
        else:
            try:
                check_output_fits(self.layers, schema.task, n_classes, n_targets)
            except TuiNNError:
                output = default_layers(schema.task, dataset.n_features, n_classes, n_targets)[-1]
                self.layers = (*self.layers[:-1], output)
                notes.append(f"output layer is now {layer_name(output)} to fit the target")
        if self.suggested:
            notes.append(self.suggested)
            self.suggested = None
        self.dataset = dataset
        self.run = replace(self.run, data=data)
        self.selected = min(self.selected, len(self.layers) - 1)
        self.discard_network()
        return notes

    # -- the network's shape ----------------------------------------------------------------

    @property
    def summary(self) -> Summary:
        """The lecture's breakdown of the layers as edited (valid for data or not)."""
        return summarize(len(self.input_names) or 0, [(layer.units, layer.activation, layer.dropout) for layer in self.layers])

    def network_spec(self) -> NetworkSpec:
        """The network spec for the data, checked; raises TuiNNError (e.g. the output does not fit)."""
        if self.dataset is None:
            raise TuiNNError("no data yet: press o to open a dataset")
        if not self.layers:
            raise TuiNNError("the network has no layers: press a to add one")
        network = self.run.network
        return network_spec_for(self.dataset.schema, self.dataset.n_features, self.dataset.y_train.shape[1],
                                self.layers, network.loss, network.huber_delta, network.dropout)

    def spec_problem(self) -> str | None:
        """Why the edited network cannot train on this data, or None when it can."""
        if self.dataset is None:
            return None
        try:
            self.network_spec()
        except TuiNNError as exc:
            return str(exc)
        return None

    @property
    def resolved_loss(self) -> str | None:
        """The loss a run uses (auto resolved), or None without data or layers."""
        if self.dataset is None or not self.layers:
            return None
        return resolve_loss(self.run.network.loss, self.layers, self.dataset.schema.task)

    @property
    def trained(self) -> bool:
        """True when the weights have been trained (editing the network would lose them)."""
        return self.epochs_done > 0

    @property
    def busy(self) -> bool:
        """True while a run is in progress (training or paused inside it)."""
        return self.state in ("training", "paused")

    def select(self, delta: int) -> None:
        if self.layers:
            self.selected = max(0, min(len(self.layers) - 1, self.selected + delta))

    def edit_layers(self, change: str, amount: int = 1) -> str | None:
        """Apply one editor action to the layers; returns a refusal message, or None when done.

        change: "add" (a copy of the selected layer after it), "remove", "units", "activation",
        "dropout" (the next rate of DROPOUT_STEPS; hidden layers only).
        """
        if not self.layers and change != "add":
            return "no layers to change: press a to add one"
        layers = list(self.layers)
        i = self.selected
        if change == "add":
            template = layers[i] if layers else LayerSpec(2, "sigmoid")
            # A layer added after the output starts as a hidden layer: softmax only fits an output.
            activation = "tanh" if template.activation == "softmax" else template.activation
            layers.insert(i + 1 if layers else 0, LayerSpec(template.units, activation))
            self.selected = i + 1 if self.layers else 0
        elif change == "remove":
            if len(layers) == 1:
                return "the network needs at least one layer (its output)"
            if i == len(layers) - 1:
                # Removing the output would promote a hidden layer to output: a network that cannot fit the target.
                return "the output layer stays (it fits the target): select a hidden layer to remove it"
            del layers[i]
            self.selected = min(i, len(layers) - 1)
        elif change == "units":
            units = layers[i].units + amount
            if units < 1:
                return f"layer {i + 1} already has 1 unit: a layer needs at least one"
            layers[i] = replace(layers[i], units=min(MAX_UNITS, units))
        elif change == "activation":
            names = ACTIVATION_NAMES
            at = names.index(layers[i].activation) if layers[i].activation in names else 0
            layers[i] = replace(layers[i], activation=names[(at + amount) % len(names)])
        elif change == "dropout":
            if i == len(layers) - 1:
                return "the output layer has no dropout: select a hidden layer (up/down)"
            steps = DROPOUT_STEPS
            at = steps.index(layers[i].dropout) if layers[i].dropout in steps else 0
            layers[i] = replace(layers[i], dropout=steps[(at + amount) % len(steps)])
            self.layers = layers
            self._keep_weights_for_new_spec()
            return None
        else:  # pragma: no cover - programming error
            raise ValueError(change)
        self.layers = layers
        self.discard_network()
        return None

    # -- network, trainer and runs ----------------------------------------------------------

    def _keep_weights_for_new_spec(self) -> None:
        """Dropout changed: same shapes, so the trained weights carry over to a network built
        for the new layers; the next run gets a new trainer (its epochs go on)."""
        if self.network is None:
            return
        old = self.network
        self.network = Network(self.network_spec(), backend=old.backend, dtype=old.dtype, seed=old.seed, init=old.init)
        self.network.set_weights(old.get_weights())
        self.discard_trainer()

    def discard_network(self) -> None:
        """Forget the weights, the trainer and the history: the next run starts from fresh weights."""
        self.network = None
        self.trainer = None
        self.history = deque(maxlen=HISTORY_LIMIT)
        self.epochs_done = 0
        self.run_target = 0
        self.state = "idle"
        self.saved = True
        self.elapsed = 0.0

    def discard_trainer(self) -> None:
        """Keep the weights but rebuild the trainer (new optimizer settings) before the next run."""
        self.trainer = None

    def ensure_network(self) -> Network:
        """The network for the current spec, built from the seed if there is none."""
        if self.network is None:
            training = self.run.training
            self.network = Network(self.network_spec(), backend=self.backend, dtype=training.dtype, seed=training.seed)
        return self.network

    def ensure_trainer(self) -> Trainer:
        """The trainer for the current network and settings; a new one continues the epoch count."""
        if self.trainer is None:
            # The CLI's own recipe (class weights, the metrics' class names and target scale).
            trainer = trainer_for(self.run.training, self.dataset, self.ensure_network())
            # The trainer counts epochs from 0; a rebuilt one (new learning rate, say) goes on
            # from where the weights are, so charts and checkpoints keep one epoch scale.
            trainer.epoch = self.epochs_done
            self.trainer = trainer
        return self.trainer

    def start_run(self, epochs: int | None = None) -> Trainer:
        """Prepare a run of `epochs` more epochs (default: the settings' epochs); returns the trainer."""
        trainer = self.ensure_trainer()
        self.run_target = self.epochs_done + (self.run.training.epochs if epochs is None else epochs)
        self.state = "training"
        self._elapsed_base = self.elapsed
        self.runs.start(self.run, self.epochs_done, self.dataset.name if self.dataset is not None else None)
        return trainer

    def record_epochs(self, events: tuple[EpochEnd, ...]) -> None:
        """Add finished epochs from the worker to the history."""
        if events:
            self.runs.add(events)
            self.history.extend(events)
            self.epochs_done = events[-1].epoch
            self.elapsed = self._elapsed_base + events[-1].elapsed
            self.saved = False

    def finish_run(self, reason: str, epoch: int) -> None:
        """The run ended: completed, early_stop, diverged or interrupted."""
        self.epochs_done = epoch
        self.state = {"completed": "done", "early_stop": "done", "diverged": "diverged"}.get(reason, "idle")
        self.runs.finish(reason)

    def reset_weights(self, seed: int) -> None:
        """Draw fresh weights from `seed` (it becomes the settings' seed) and clear the history."""
        self.run = self.run.with_values(seed=seed)
        network = self.network
        self.discard_network()
        if network is not None:
            network.reinitialize(seed)
            self.network = network

    def weights(self) -> list | None:
        """Host copies of the current (W, b) per layer, drawing initial weights if needed; None if it cannot be built."""
        try:
            return self.ensure_network().get_weights()
        except TuiNNError:
            return None

    def change_run(self, new: RunSpec) -> str:
        """Adopt a changed (validated) run; returns what it means for the current weights, for a notification.

        The data split, the loss and the seed change the run itself (fresh weights, or
        reloaded data — the app does the reloading); the optimizer's settings keep the
        weights and apply from the next run.
        """
        old, self.run = self.run, new
        changed = new.changed_keys(old)
        if not changed:
            return ""
        if "loss" in changed:
            self.discard_network()
            return f"loss is now {self.resolved_loss or new.network.loss}: training restarts"
        if "seed" in changed:
            self.reset_weights(new.training.seed)
            return f"weights drawn again from seed {new.training.seed}"
        if changed == ["folds"]:  # only k reads it: the weights and the trainer stay
            return f"k cross-validates with {new.training.folds or 5} folds"
        if {"backend", "val_split", "standardize", "rows", "noise"} & set(changed):
            return ""  # the app swaps the backend or reloads the data
        self.discard_trainer()
        if self.trained:
            return f"{KEYS[changed[0]].label} {self.value_text(changed[0])} applies from the next run; the weights are kept"
        return ""

    def restore_drops_weights(self, spec: RunSpec) -> bool:
        """True when adopting `spec` (a past run's setup) would lose trained weights: the guard asks first."""
        return self.trained and any(name not in WEIGHT_KEEPING_KEYS for name in spec.changed_keys(self.run))

    def restore(self, spec: RunSpec) -> Restored:
        """Adopt a past run's whole setup (the Runs tab's enter). Settings that keep the weights
        apply from the next run; anything else starts from fresh weights drawn from its seed, so
        a run that began from fresh weights trains the same numbers again (after the app re-reads
        its data when that differs)."""
        old = self.run
        changed = spec.changed_keys(old)
        fresh = any(name not in WEIGHT_KEEPING_KEYS for name in changed)
        self.run = spec
        self.selected = min(self.selected, max(0, len(self.layers) - 1))
        if fresh:
            self.discard_network()
        else:
            self.discard_trainer()
        return Restored(changes(old, spec), fresh, spec.data != old.data, "backend" in changed)

    def change_during_run(self, new: RunSpec) -> str:
        """Adopt the lr of `new` while a run is in progress; returns the notice ("" if unchanged).

        The running trainer takes it from its next epoch (`Trainer.set_lr`: the weights, the
        optimizer's state and the schedule's progress kept), and the run records it, so the
        next run and the autosave use it. Only the lr is taken: nothing else may change under
        a running worker.
        """
        lr = new.training.lr
        if lr == self.run.training.lr:
            return ""
        self.run = self.run.with_values(lr=lr)
        if self.trainer is not None:
            self.trainer.set_lr(lr)
        return f"{KEYS['lr'].label} {self.value_text('lr')} from the next epoch"

    def swap_backend(self, backend: Backend) -> None:
        """Move the network (weights kept) to another backend."""
        self.backend = backend
        if self.network is not None:
            weights = self.network.get_weights()
            network = Network(self.network.spec, backend=backend, dtype=self.network.dtype, seed=self.network.seed)
            network.set_weights(weights)
            self.network = network
        self.trainer = None

    # -- checkpoints ------------------------------------------------------------------------

    def checkpoint_meta(self, run: RunSpec | None = None) -> dict[str, Any]:
        """What `tui-nn train --save` writes beside the weights, so either side can load the other's
        (`run`: the run to record instead of this one, e.g. the autosave's with absolute paths)."""
        return checkpoint_meta(run or self.run, self.dataset.name if self.dataset is not None else None, self.epochs_done,
                               self.state, self.network.dtype if self.network is not None else None)

    def default_checkpoint_name(self) -> str:
        name = self.dataset.name if self.dataset is not None else "model"
        return f"{name}.npz"

    def adopt_model(self, model: Any, run: RunSpec, dataset: Any = None) -> None:
        """Take a loaded model with the run it records: layers, loss, training settings, weights,
        and (when the model needed its own) the data it was reopened with."""
        if dataset is not None:
            self.set_dataset(dataset, run.data)
        spec = model.network.spec
        task = self.dataset.schema.task if self.dataset is not None else "classification"
        loss = "auto" if resolve_loss("auto", spec.layers, task) == spec.loss else spec.loss
        # The backend stays this session's (the app resolved it); everything else is the file's.
        self.run = replace(run, network=replace(run.network, layers=tuple(spec.layers), loss=loss),
                           training=replace(run.training, backend=self.run.training.backend))
        self.selected = min(self.selected, len(self.layers) - 1)
        self.discard_network()
        network = model.network
        if network.backend.name != self.backend.name:
            weights = network.get_weights()
            network = Network(spec, backend=self.backend, dtype=network.dtype, seed=self.run.training.seed)
            network.set_weights(weights)
        self.network = network
        self.epochs_done = int(model.meta.get("epochs_trained") or 0)
        self.saved = True
