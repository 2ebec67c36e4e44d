"""The training loop, as a generator of events.

`Trainer.run()` shuffles, batches, steps the optimizer, validates, tracks metrics,
stops early and guards against divergence. It prints nothing and never waits for its
consumer: the CLI turns events into a progress bar and JSON lines, the app into charts.
Events are small frozen dataclasses of host values, safe to hand to another thread.

`pause()`, `resume()` and `stop()` may be called from any thread; the loop looks at
them between batches. Its settings are `tui_nn.engine.config.TrainConfig`, its events
`tui_nn.engine.events`.

The learning-rate schedules (`lr_schedule`) live in `tui_nn.engine.schedules`.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import replace
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

# The config and the events are the trainer's vocabulary: named from here too, as ever.
from tui_nn.engine.config import LR_SCHEDULE_NAMES, MONITOR_NAMES, MONITOR_TASK, TrainConfig  # noqa: F401
from tui_nn.engine.events import EpochEnd, Progress, TrainEvent, TrainingStopped, WeightsSnapshot  # noqa: F401
from tui_nn.engine.metrics import HIGHER_IS_BETTER, metrics_for
from tui_nn.engine.network import Network
from tui_nn.engine.optimizers import make_optimizer
from tui_nn.engine.schedules import LrSchedule
from tui_nn.errors import TuiNNError
from tui_nn.words import plural

Array = Any

_PER_EPOCH_METRICS = ("loss", "accuracy", "r2")
"""What every epoch computes anyway; other monitored metrics need `EpochEnd.details`."""


def _classification_hits(outputs: Array, y: Array, xp: Any) -> Array:
    """Number of correct predictions in a batch (0-d array, stays on the device)."""
    if outputs.shape[1] == 1:
        return xp.count_nonzero((outputs > 0.5) == (y > 0.5))
    return xp.count_nonzero(outputs.argmax(axis=1) == y.argmax(axis=1))


class _EpochTally:
    """Running training metrics of one epoch, kept cheap in the hot loop: each batch's loss
    (and hit count, or squared residuals) stays a device value in a list, summed once at
    the end of the epoch, so a step costs no host sync and no extra array arithmetic.

    `readout`: a (2 + scores,) float64 device buffer the epoch's totals are gathered in,
    so they cross to the host in one transfer (on a GPU each transfer is a sync)."""

    def __init__(self, task: str, batch: int, backend: Any, readout: Array) -> None:
        self.task, self.batch, self.readout = task, batch, readout
        self.xp, self.to_host = backend.xp, backend.to_host
        self.losses: list[Array] = []
        self.scores: list[Array] = []

    def add(self, loss: Array, outputs: Array, y: Array) -> None:
        self.losses.append(loss)
        if self.task == "classification":
            self.scores.append(_classification_hits(outputs, y, self.xp))
        else:
            diff = outputs - y
            self.scores.append((diff * diff).sum(axis=0))

    def _gather_losses(self) -> None:
        """Put the losses in readout[0:2] on the device: the sum of every batch's but the
        last (float64), and the last one's; the host weights them by rows, as `_loss_sum`."""
        out, losses = self.readout, self.losses
        if len(losses) > 1:
            out[0] = self.xp.stack(losses[:-1]).astype(self.xp.float64).sum()
        out[1] = losses[-1]

    def _loss_sum(self, host: np.ndarray, rows: int) -> float:
        """The loss summed over `rows` rows, from a host copy of the readout."""
        # Every batch holds `batch` rows except possibly the last one.
        batches = len(self.losses)
        head = float(host[0]) * self.batch if batches > 1 else 0.0
        return head + float(host[1]) * (rows - self.batch * (batches - 1))

    def mean_loss(self, rows: int) -> float:
        """Mean loss over the first `rows` rows (one host transfer: for Progress events)."""
        self._gather_losses()
        return self._loss_sum(self.to_host(self.readout), rows) / rows

    def totals(self, rows: int) -> tuple[float, float, np.ndarray]:
        """(loss summed over rows, hits, squared residuals per output) for the epoch.

        One host transfer for all of it: on a GPU each transfer waits for the queue to drain.
        Gathered by assignments, not a concatenate: a tiny full-batch epoch pays per operation."""
        out, scores = self.readout, self.scores
        self._gather_losses()
        if self.task == "classification":
            out[2] = scores[0] if len(scores) == 1 else self.xp.stack(scores).astype(self.xp.float64).sum()
            host = self.to_host(out)
            return self._loss_sum(host, rows), float(host[2]), host[2:]
        out[2:] = scores[0] if len(scores) == 1 else self.xp.stack(scores).astype(self.xp.float64).sum(axis=0)
        host = self.to_host(out)
        return self._loss_sum(host, rows), 0.0, host[2:].copy()  # copy: NumPy's to_host is the buffer


class Trainer:
    """Trains a Network on (x, y), optionally validating on (x_val, y_val).

    x: (n, inputs), y: (n, outputs) host arrays; they are copied to the network's
    backend once. The optimizer state and the epoch counter persist across run() calls,
    so a run can be continued (the app's "one more epoch").
    """

    def __init__(
        self,
        network: Network,
        x: np.ndarray,
        y: np.ndarray,
        config: TrainConfig,
        task: str,
        x_val: np.ndarray | None = None,
        y_val: np.ndarray | None = None,
        *,
        classes: Sequence[str] | None = None,
        target_scale: Mapping[str, float] | None = None,
        class_weight: Sequence[float] | None = None,
        details: bool = False,
    ) -> None:
        """`classes` name the classes in the metrics (default "0", "1", …); `target_scale` (the
        target's standardisation) puts mae and rmse in the target's units; `class_weight` (one
        weight per class) weighs each training row's loss by its class (validation stays
        unweighted, as in Keras); `details` computes `EpochEnd.details` every epoch."""
        self.network = network
        self.config = config.validate()
        self.task = task
        backend, dtype = network.backend, network.dtype
        self.xp = backend.xp
        if len(x) == 0:
            raise TuiNNError("there are no training rows")
        if y.ndim != 2 or y.shape[1] != network.spec.outputs:
            raise TuiNNError(
                f"the targets have {y.shape[1] if y.ndim == 2 else 1} columns but the network ends with "
                f"{network.spec.outputs} units"
            )
        self.x = backend.asarray(x, dtype)
        self.y = backend.asarray(y, dtype)
        has_val = x_val is not None and y_val is not None and len(x_val) > 0
        self.x_val = backend.asarray(x_val, dtype) if has_val else None
        self.y_val = backend.asarray(y_val, dtype) if has_val else None
        self.metric_name = "accuracy" if task == "classification" else "r2"
        self._check_monitor(self.config.monitor, has_val)
        n_classes = max(2, network.spec.outputs) if task == "classification" else 0
        self.classes = tuple(classes) if classes is not None else tuple(str(k) for k in range(n_classes))
        self.target_scale = target_scale
        self.details = details
        self._y_host = np.asarray(y, dtype=np.float64)
        self._y_val_host = np.asarray(y_val, dtype=np.float64) if has_val else None
        self.class_weight = None
        if class_weight is not None:
            if task != "classification" or len(class_weight) != n_classes:
                raise TuiNNError(f"class weights need a classification target with {len(class_weight)} classes")
            self.class_weight = backend.asarray(np.asarray(class_weight, dtype=np.float64), dtype)
        # R² needs the spread of the targets around their mean: per output column.
        y_host = np.asarray(y, dtype=np.float64)
        self._ss_tot = ((y_host - y_host.mean(axis=0)) ** 2).sum(axis=0)  # host: read every epoch
        self._val_ss_tot = (
            ((np.asarray(y_val, np.float64) - np.asarray(y_val, np.float64).mean(axis=0)) ** 2).sum(axis=0)
            if has_val
            else None
        )
        # Device buffers the epoch's and the validation's numbers are gathered in, to cross
        # to the host in one transfer each: losses, then hits (1) or squared residuals (outputs).
        scores = 1 if task == "classification" else network.spec.outputs
        self._readout = self.xp.zeros(2 + scores, dtype=self.xp.float64)
        self._val_readout = self.xp.zeros(1 + scores, dtype=self.xp.float64)
        self.optimizer = make_optimizer(
            config.optimizer, network.flat_params, config.lr, config.l2, network.n_weights, self.xp,
            momentum=config.momentum, l1=config.l1,
        )
        self._rng = np.random.default_rng(config.seed)
        self.epoch = 0
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self._best_params: Array | None = None
        self._epochs_without_improvement = 0
        self.schedule = LrSchedule(self.config)
        """The learning rate of each epoch (its plateau state persists across runs)."""

    # -- control, from any thread ---------------------------------------------------------

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        """Ask the loop to stop after the current batch (wakes it if paused)."""
        self._stop.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def set_lr(self, lr: float) -> None:
        """Change the configured learning rate from the next epoch on, keeping the weights,
        the optimizer's state and the schedule's progress (the schedule scales the new lr as
        it scaled the old one). Safe from any thread: the loop reads it at an epoch's start."""
        config = replace(self.config, lr=float(lr)).validate()
        self.config = config
        self.schedule.config = config

    # -- metrics --------------------------------------------------------------------------

    def _check_monitor(self, monitor: str, has_val: bool) -> None:
        base = monitor.removeprefix("val_")
        belongs = MONITOR_TASK.get(base)
        if belongs is not None and belongs != self.task:
            two_classes = self.network.spec.outputs == 1
            fitting = [name for name in MONITOR_NAMES
                       if MONITOR_TASK.get(name.removeprefix("val_"), self.task) == self.task
                       and (two_classes or name.removeprefix("val_") != "roc_auc")]
            raise TuiNNError(f'monitor "{monitor}" is a {belongs} metric, but the target is {self.task}: '
                             f'use one of {", ".join(fitting)}')
        if base == "roc_auc" and self.network.spec.outputs != 1:
            raise TuiNNError(f'monitor "{monitor}" needs two classes: use val_f1_macro or val_accuracy')

    @property
    def monitored(self) -> str:
        """What early stopping watches: the config's monitor, on the training rows without validation rows."""
        monitor = self.config.monitor
        return monitor if self.x_val is not None else monitor.removeprefix("val_")

    def _wants_details(self) -> bool:
        return self.details or self.monitored.removeprefix("val_") not in _PER_EPOCH_METRICS

    def evaluate_details(self, val_outputs: Array | None = None) -> dict[str, Any]:
        """The model's metrics now, on the training rows and (as val_…) the validation rows:
        one forward pass each (`val_outputs`, when the caller has them, saves the second)."""
        backend = self.network.backend
        found: dict[str, Any] = {}
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            outputs = backend.to_host(self.network.predict_device(self.x))
            found.update(metrics_for(self.task, outputs, self._y_host, self.classes, self.target_scale))
            if self.x_val is not None:
                if val_outputs is None:
                    val_outputs = self.network.predict_device(self.x_val)
                val = metrics_for(self.task, backend.to_host(val_outputs), self._y_val_host, self.classes,
                                  self.target_scale)
                found.update({f"val_{name}": value for name, value in val.items()})
        return found

    def _r2(self, ss_res: np.ndarray, ss_tot: np.ndarray) -> float:
        """R² averaged over outputs; an output with constant targets scores 1 if fit exactly, else 0."""
        ss_res = np.asarray(ss_res, dtype=np.float64)
        ss_tot = np.asarray(ss_tot, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(ss_tot > 0, 1.0 - ss_res / np.where(ss_tot > 0, ss_tot, 1.0), (ss_res == 0) * 1.0)
        return float(scores.mean())

    def _validate(self) -> tuple[float | None, float | None, Array | None]:
        """(validation loss, metric, outputs), the numbers read back from the device in one transfer."""
        if self.x_val is None:
            return None, None, None
        xp = self.xp
        out = self._val_readout
        loss, outputs = self.network.evaluate_device(self.x_val, self.y_val)
        out[0] = loss
        if self.task == "classification":
            out[1:] = _classification_hits(outputs, self.y_val, xp)
        else:
            with np.errstate(over="ignore", invalid="ignore"):  # a diverging fit: the epoch check says so
                out[1:] = ((outputs - self.y_val) ** 2).sum(axis=0)
        host = self.network.backend.to_host(out)
        if self.task == "classification":
            metric = float(host[1]) / self.x_val.shape[0]
        else:
            metric = self._r2(host[1:], self._val_ss_tot)
        return float(host[0]), metric, outputs

    def _watched(self, monitored: str, loss: float, metric: float, val_loss: float | None,
                 val_metric: float | None, details: Mapping[str, Any]) -> float | None:
        """This epoch's value of what early stopping watches."""
        per_epoch = {"loss": loss, "val_loss": val_loss, self.metric_name: metric, f"val_{self.metric_name}": val_metric}
        if monitored in per_epoch:
            return per_epoch[monitored]
        return details.get(monitored)

    def validation_metrics(self) -> tuple[float | None, float | None]:
        """(validation loss, accuracy or R²) of the model now; (None, None) without validation rows."""
        loss, metric, _ = self._validate()
        return loss, metric

    def _snapshot(self) -> WeightsSnapshot:
        return WeightsSnapshot(epoch=self.epoch, weights=tuple(self.network.get_weights()))

    # -- the loop -------------------------------------------------------------------------

    def _train_batches(self, order: Array | None, first: int, batches: int, batch: int,
                       tally: "_EpochTally", deadline: float) -> int:
        """Train batches from `first` until the epoch ends, `deadline` passes, or a pause or
        stop is requested; return the index of the next batch. No events here: this is the
        hot loop, kept free of generator and per-step Python overhead."""
        net, xp, n = self.network, self.xp, self.x.shape[0]
        step = self.optimizer.step
        params, grads = net.flat_params, net.flat_grads
        class_weight = self.class_weight
        b = first
        # A diverging run overflows on its way to inf/NaN; the epoch-end check reports it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            while b < batches:
                lo, hi = b * batch, min(n, (b + 1) * batch)
                if order is None:
                    xb, yb = self.x[lo:hi], self.y[lo:hi]
                else:
                    idx = order[lo:hi]
                    xb, yb = self.x[idx], self.y[idx]
                loss, outputs = net.loss_and_gradients(xb, yb, class_weight)
                tally.add(loss, outputs, yb)
                step(params, grads)
                b += 1
                if self._stop.is_set() or not self._running.is_set() or time.perf_counter() >= deadline:
                    break
        return b

    def run(self, epochs: int | None = None) -> Iterator[TrainEvent]:
        """Train `epochs` more epochs (default: config.epochs), yielding events; ends with TrainingStopped.

        A stop() asked before the run starts ends it at once (another thread may ask
        before this one got going); once the run is over, the next one starts afresh.
        """
        try:
            yield from self._run(epochs)
        finally:
            self._stop.clear()

    def _run(self, epochs: int | None) -> Iterator[TrainEvent]:
        cfg, net, xp = self.config, self.network, self.xp
        n = self.x.shape[0]
        batch = n if cfg.batch_size == 0 else min(cfg.batch_size, n)
        batches = math.ceil(n / batch)
        first_epoch = self.epoch
        target_epoch = self.epoch + (cfg.epochs if epochs is None else epochs)
        started = time.perf_counter()
        last_snapshot = started
        monitor_val = self.x_val is not None
        monitored = self.monitored
        better = max if HIGHER_IS_BETTER[monitored.removeprefix("val_")] else min

        while self.epoch < target_epoch:
            epoch_started = time.perf_counter()
            lr = self.schedule.lr(self.epoch, self.epoch - first_epoch, target_epoch - first_epoch)
            self.optimizer.lr = lr
            start_params = net.copy_params()
            # One batch holding every row is the same batch in any order: no shuffle needed.
            shuffled = cfg.shuffle and batches > 1
            order = xp.asarray(self._rng.permutation(n)) if shuffled else None
            tally = _EpochTally(self.task, batch, net.backend, self._readout)
            b = 0
            while b < batches:
                if not self._running.is_set():
                    paused_at = time.perf_counter()
                    self._running.wait()
                    # Time spent paused is not training time.
                    epoch_started += time.perf_counter() - paused_at
                if self._stop.is_set():
                    yield self._snapshot()
                    yield TrainingStopped("interrupted", self.epoch, f"stopped during epoch {self.epoch + 1}")
                    return
                b = self._train_batches(order, b, batches, batch, tally, last_snapshot + cfg.snapshot_every)
                now = time.perf_counter()
                if b < batches and now - last_snapshot >= cfg.snapshot_every:
                    last_snapshot = now
                    yield Progress(self.epoch + 1, b, batches, tally.mean_loss(b * batch))
                    yield self._snapshot()

            loss_sum, hits, ss_res = tally.totals(n)
            epoch_loss = loss_sum / n
            if not math.isfinite(epoch_loss):
                net.restore_params(start_params)
                yield self._snapshot()
                yield TrainingStopped(
                    "diverged",
                    self.epoch,
                    f"diverged at epoch {self.epoch + 1} — lower the learning rate (now {lr:g})",
                )
                return
            self.epoch += 1
            if self.task == "classification":
                metric = hits / n
            else:
                metric = self._r2(ss_res, self._ss_tot)
            val_loss, val_metric, val_outputs = self._validate()
            details = self.evaluate_details(val_outputs) if self._wants_details() else {}
            now = time.perf_counter()
            seconds = now - epoch_started
            yield EpochEnd(
                epoch=self.epoch,
                loss=epoch_loss,
                val_loss=val_loss,
                metric_name=self.metric_name,
                metric=metric,
                val_metric=val_metric,
                samples_per_s=n / seconds if seconds > 0 else math.inf,
                seconds=seconds,
                elapsed=now - started,
                lr=lr,
                details=details,
            )
            if now - last_snapshot >= cfg.snapshot_every:
                last_snapshot = now
                yield self._snapshot()

            self.schedule.epoch_end(val_loss if monitor_val else epoch_loss)
            if cfg.early_stop is not None:
                watched = self._watched(monitored, epoch_loss, metric, val_loss, val_metric, details)
                if watched is not None and math.isfinite(watched) and (
                        self.best_epoch is None or better(watched, self.best_loss) != self.best_loss):
                    self.best_loss, self.best_epoch = watched, self.epoch
                    self._best_params = net.copy_params()
                    self._epochs_without_improvement = 0
                else:
                    self._epochs_without_improvement += 1
                if self._epochs_without_improvement >= cfg.early_stop:
                    net.restore_params(self._best_params)
                    yield self._snapshot()
                    what = {"val_loss": "validation loss", "loss": "training loss"}.get(monitored, monitored)
                    yield TrainingStopped(
                        "early_stop",
                        self.epoch,
                        f"early stop at epoch {self.epoch}: no better {what} for {plural(cfg.early_stop, 'epoch')}; "
                        f"restored the weights of epoch {self.best_epoch}",
                        best_epoch=self.best_epoch,
                    )
                    return

        yield self._snapshot()
        yield TrainingStopped("completed", self.epoch, f"completed {plural(self.epoch, 'epoch')}")
