"""FilesControl: everything the app reads or writes, each read in a worker off the UI thread.

Data (open a table, pick its target, reload it with a new split), the backend probe,
checkpoints (save with a question before replacing a file, load with the data it needs),
setup files and the autosave. Which data a checkpoint needs and how the autosave is
reopened are decided by `tui_nn.workspace` (no Textual there); this widget runs those in
workers and applies the result to the session on the UI thread, once no run is training.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from textual import work
from textual.widget import Widget

from tui_nn.errors import TuiNNError
from tui_nn.spec import FILL_CHOICES, DataRequest, RunSpec
from tui_nn.tui.guard import guard
from tui_nn.tui.messages import BackendReady, ColumnsRead, DatasetLoaded, Exported, ModelLoaded
from tui_nn.tui.screens.choice import Choice, ChoiceScreen
from tui_nn.tui.screens.dataset_picker import DatasetPicker
from tui_nn.tui.screens.path_prompt import PathPrompt
from tui_nn.tui.screens.target_picker import TargetChoice, TargetPicker
from tui_nn.tui.session import Session
from tui_nn.words import plural

if TYPE_CHECKING:
    from tui_nn.tui.main_screen import MainScreen


def with_suffix(text: str, suffix: str) -> Path:
    """Where a typed name saves: `~` expanded, `suffix` added to a name that has none."""
    path = Path(os.path.expanduser(text.strip()))
    return path if path.suffix else path.with_name(path.name + suffix)


class FilesControl(Widget):
    """Reads and writes data, checkpoints, setups and the autosave for the app. Shows nothing."""

    DEFAULT_CSS = "FilesControl { display: none; }"

    def __init__(self, session: Session, autosave: bool = True) -> None:
        super().__init__()
        self.session = session
        self.autosave_enabled = autosave
        """Write the autosave (`--resume` reopens it); a `--headless` run leaves the user's alone."""
        self.backend_ready = False
        """True once `auto`/`cupy` is resolved (probing for a GPU can take seconds)."""
        self.loading: str | None = None
        """The source being opened, for the data panel (None: nothing loading)."""
        self._load_id = 0

    @property
    def main(self) -> "MainScreen":
        return self.screen  # type: ignore[return-value]

    def _after_stop(self, callback: Callable[[], None]) -> None:
        self.main.training.when_stopped(callback)

    # -- the backend ------------------------------------------------------------------------

    def probe_backend(self, choice: str) -> None:
        """Resolve auto/numpy/cupy off the UI thread; `BackendReady` brings the answer."""
        self.backend_ready = False
        self._probe_worker(choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="backend")
    def _probe_worker(self, choice: str) -> None:
        from tui_nn.backend import select_backend  # noqa: PLC0415

        try:
            self.post_message(BackendReady(select_backend(choice)))
        except TuiNNError as exc:
            self.post_message(BackendReady(None, str(exc)))

    def on_backend_ready(self, message: BackendReady) -> None:
        s = self.session
        if message.backend is None:
            self.app.say(message.error or "backend not usable", title="Backend", severity="error")
            if s.run.training.backend != "numpy":
                s.run = s.run.with_values(backend="numpy")
                self.main.settings_form.show_run(s.run)
                self.probe_backend("numpy")
            return
        self.backend_ready = True
        if message.backend != s.backend:
            self._after_stop(lambda: self._adopt_backend(message.backend))
        self.main.refresh_status()

    def _adopt_backend(self, backend: Any) -> None:
        self.session.swap_backend(backend)
        self.main.refresh_all()

    # -- data -------------------------------------------------------------------------------

    def load_data(self, data: DataRequest, reason: str = "open") -> None:
        """Load a dataset in a worker (split by the run's seed); `DatasetLoaded` brings it back.

        reason: "open" (new data, its notes are shown), "split" (the validation split changed),
        "standardize" (the same data, scaled or raw), "features" (derived features changed),
        "drawn" (a synthetic set drawn again: rows, noise, regenerate) or "restore" (a past run's
        data, from the Runs tab: no notice of its own)."""
        self._load_id += 1
        self.loading = data.source if reason == "open" else None
        self.main.refresh_data()
        self._load_worker(self._load_id, data, self.session.run.training.seed, reason)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def _load_worker(self, request_id: int, data: DataRequest, seed: int, reason: str) -> None:
        from tui_nn.data import load_dataset  # noqa: PLC0415

        try:
            dataset = load_dataset(data.source, **data.load_options(seed))
        except TuiNNError as exc:
            self.post_message(DatasetLoaded(request_id, None, data, str(exc), reason))
        except OSError as exc:
            self.post_message(DatasetLoaded(request_id, None, data, f"{data.source}: {exc.strerror or exc}", reason))
        else:
            self.post_message(DatasetLoaded(request_id, dataset, data, None, reason))

    def on_dataset_loaded(self, message: DatasetLoaded) -> None:
        if message.request_id != self._load_id:
            return
        self.loading = None
        if message.dataset is None:
            self.app.say(message.error or "could not load the data", title="Data", severity="error", timeout=8)
            self.main.refresh_data()
            return
        self._after_stop(lambda: self._adopt_dataset(message))

    def _adopt_dataset(self, message: DatasetLoaded) -> None:
        notes = self.session.set_dataset(message.dataset, message.data)
        self.main.clear_charts()
        self.main.refresh_all()
        dataset = message.dataset
        if message.reason == "open":
            lines = [f"{dataset.name}: {plural(dataset.n_rows, 'row')}, {plural(dataset.n_features, 'feature')}",
                     *dataset.notes, *notes]
            self.app.say("\n".join(lines), title="Data loaded")
        elif message.reason == "drawn":
            drawn = [n for n in dataset.notes if "drawn:" in n]
            self.app.say("\n".join(drawn) or f"{dataset.name}: the shipped file", title="Data drawn")
        elif message.reason == "features":
            derived = dataset.schema.derived
            self.app.say(f"{plural(len(derived), 'derived feature')}: {', '.join(derived)}" if derived
                         else "no derived features: the network sees the table's columns", title="Features")
        elif message.reason == "restore":
            pass  # the Runs tab's restore already said what changed, the data included
        elif message.reason == "standardize":
            scaled = dataset.schema.standardize is not None
            self.app.say("standardised: features (and a regression target) at mean 0, spread 1 over the training rows"
                         if scaled else "raw values: the network sees the numbers as the file has them",
                         title="Standardize")
        else:
            split = [n for n in dataset.notes if "validation" in n or "split" in n]
            self.app.say("\n".join(split) or "no validation split", title="Validation split")

    def regenerate(self) -> None:
        """ctrl+g: a synthetic set drawn again from the next seed (fresh weights: asks first when trained)."""
        from tui_nn.data.builtin import builtin_datasets, cannot_draw  # noqa: PLC0415
        from tui_nn.data.generators import GENERATORS  # noqa: PLC0415

        s, app = self.session, self.app
        if not s.has_data:
            app.say("no data yet: press o to open a dataset")
            return
        source = s.run.data.source
        if cannot_draw(source, "regenerate"):
            synthetic = ", ".join(i.name for i in builtin_datasets() if i.kind == "synthetic")
            app.say(f"{s.dataset.name} is not a synthetic set: ctrl+g draws those anew ({synthetic})",
                    title="Regenerate", severity="warning")
            return

        def regenerate() -> None:
            rows = s.run.data.rows or GENERATORS[source].rows
            s.change_run(s.run.with_values(seed=s.run.training.seed + 1, rows=rows))
            self.main.settings_form.show_run(s.run)
            self.load_data(s.run.data, reason="drawn")

        guard(app, "Draw the data again?", "new rows start from fresh weights", regenerate, "Regenerate")

    def ask_features(self) -> None:
        """d (once the app's guard agreed): toggles and expressions; the data is re-read with them."""
        from tui_nn.tui.screens.features import FeaturesScreen  # noqa: PLC0415

        s = self.session
        schema = s.dataset.schema
        numeric = [name for name in schema.input_columns if name not in schema.categories]

        def chosen(derive: tuple[str, ...] | None) -> None:
            if derive is not None and derive != s.run.data.derive:
                self.load_data(replace(s.run.data, derive=derive), reason="features")

        others = [name for name in schema.input_columns if name not in numeric] + [schema.target]
        self.app.push_screen(FeaturesScreen(numeric, s.run.data.derive, others), chosen)

    def open_dataset(self) -> None:
        """o (once the app's guard agreed): pick a bundled dataset or a file, then its target column."""
        current = self.session.dataset.name if self.session.has_data else None

        def picked(source: str | None) -> None:
            if source:
                self._read_columns(source)

        self.app.push_screen(DatasetPicker(current), picked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="columns")
    def _read_columns(self, source: str) -> None:
        from tui_nn.data import resolve_source  # noqa: PLC0415
        from tui_nn.data.tables import read_table  # noqa: PLC0415

        try:
            table = read_table(resolve_source(source), source)
            columns = tuple((name, column.kind) for name, column in table.columns.items())
        except TuiNNError as exc:
            self.post_message(ColumnsRead(source, (), str(exc)))
        except OSError as exc:
            self.post_message(ColumnsRead(source, (), f"{source}: {exc.strerror or exc}"))
        else:
            self.post_message(ColumnsRead(source, columns))

    def on_columns_read(self, message: ColumnsRead) -> None:
        if message.error:
            self.app.say(message.error, title="Data", severity="error", timeout=8)
            return
        if len(message.columns) < 2:
            self.app.say(f"{message.source} has {len(message.columns)} column: a table needs inputs and a target",
                         title="Data", severity="error")
            return

        def chosen(choice: TargetChoice | None) -> None:
            if choice is None:
                return
            # A new table is read with the defaults, keeping the app's split and its raw/standardised choice.
            current = self.session.run.data
            self.load_data(DataRequest(source=message.source, target=choice.target,
                                       drop_missing=choice.missing == "drop",
                                       fill_missing=choice.missing if choice.missing in FILL_CHOICES else None,
                                       val_split=current.val_split, standardize=current.standardize))

        self.app.push_screen(TargetPicker(message.source, message.columns), chosen)

    # -- writing files ------------------------------------------------------------------------

    def unless_replacing(self, target: Path, then: Callable[[], None]) -> None:
        """Run `then` (which writes `target`) at once, or after a yes when it would replace a file
        this session did not write itself."""
        if not target.exists() or target.resolve() in self.session.written:
            then()
            return
        choices = [Choice("n", "Keep it", "keep"), Choice("y", "Replace", "replace", "warning")]
        self.app.push_screen(ChoiceScreen("Replace the file?", f"{target} exists already.", choices, cancel="keep"),
                             lambda answer: then() if answer == "replace" else None)

    def ask_save(self, title: str, then: Callable[[], None] | None = None) -> None:
        """Ask where to save the model (a name without a suffix gets .npz; an existing file this
        session did not write needs a yes), save it, then run `then`."""
        s = self.session
        if s.state == "training":
            self.main.training.toggle()  # pause: the weights must not change while they are written

        def chosen(text: str | None) -> None:
            if not text:
                return
            target = with_suffix(text, ".npz")

            def save() -> None:
                if self.save_checkpoint(str(target)) and then is not None:
                    then()

            self.unless_replacing(target, save)

        default = str(s.last_save) if s.last_save else s.default_checkpoint_name()
        self.app.push_screen(PathPrompt(title, "weights, layers, data schema and settings (.npz)", default), chosen)

    def save_checkpoint(self, path: str) -> bool:
        """Write the checkpoint now (the run is paused or stopped); True when saved."""
        from tui_nn.model import save_model  # noqa: PLC0415

        s = self.session
        try:
            written = save_model(os.path.expanduser(path), s.ensure_network(), s.dataset.schema, s.checkpoint_meta())
        except TuiNNError as exc:
            self.app.say(str(exc), title="Save failed", severity="error")
            return False
        except OSError as exc:
            self.app.say(f"{path}: {exc.strerror or exc}", title="Save failed", severity="error")
            return False
        s.saved = True
        s.last_save = Path(written)
        s.written.add(Path(written).resolve())
        self.app.say(f"saved to {written} (epoch {s.epochs_done})", title="Saved")
        return True

    def ask_save_setup(self) -> None:
        """Ask where to write the run as a setup file (.toml), then write it."""
        from tui_nn.setup_file import write_setup  # noqa: PLC0415

        s = self.session

        def chosen(text: str | None) -> None:
            if not text:
                return
            target = with_suffix(text, ".toml")

            def write() -> None:
                try:
                    written = write_setup(s.run, target)
                except TuiNNError as exc:
                    self.app.say(str(exc), title="Setup not saved", severity="error")
                    return
                s.written.add(written.resolve())
                self.app.say(f"saved the setup to {written}: tui-nn train {written} replays it", title="Setup saved")

            self.unless_replacing(target, write)

        name = f"{Path(str(s.dataset.name if s.has_data else s.run.data.source)).stem}.toml"
        self.app.push_screen(PathPrompt("Save setup", "the run's data, network and training as TOML", name,
                                        suffixes=(".toml",)), chosen)

    def ask_export(self) -> None:
        """Ask where to export the model (NAME.onnx: ONNX; a name without a suffix: a PyTorch
        folder), then export it in a worker, as `tui-nn export` does."""
        from tui_nn.export import exporter_for  # noqa: PLC0415

        s = self.session
        if s.state == "training":
            self.main.training.toggle()  # pause: the weights must not change while they are read

        def chosen(text: str | None) -> None:
            if not text:
                return
            target = Path(os.path.expanduser(text.strip()))
            try:
                exporter = exporter_for(target)
            except TuiNNError as exc:
                self.app.say(str(exc), title="Not exported", severity="error")
                return
            # The weights as they are now, read here on the UI thread; the worker writes them. Always
            # these, never the last saved file: a reset or a layer edit since leaves `saved` true.
            weights = s.ensure_network().get_weights()
            job = (s.network, s.dataset.schema, s.checkpoint_meta(), weights, s.default_checkpoint_name())
            self.unless_replacing(target, lambda: self._export_worker(exporter.name, target, *job))

        stem = Path(s.default_checkpoint_name()).stem
        self.app.push_screen(PathPrompt("Export model", "NAME.onnx for ONNX Runtime, or a folder name for PyTorch "
                                        "(weights.safetensors, model.py, train.py)", f"{stem}.onnx",
                                        suffixes=(".onnx",)), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export_worker(self, to: str, target: Path, network: Any, schema: Any, meta: dict, weights: Any,
                       name: str) -> None:
        import tempfile  # noqa: PLC0415

        from tui_nn.export import export_checkpoint  # noqa: PLC0415
        from tui_nn.model import save_model  # noqa: PLC0415

        try:
            # The exporters read checkpoints (as `tui-nn export` does): the model goes through a
            # temporary one, whose sha256 the export's metadata then names.
            with tempfile.TemporaryDirectory(prefix="tui-nn-export-") as folder:
                checkpoint = save_model(Path(folder) / name, network, schema, meta, weights)
                written = export_checkpoint(checkpoint, to, target)
        except TuiNNError as exc:
            self.post_message(Exported(str(target), str(exc)))
        except OSError as exc:
            self.post_message(Exported(str(target), f"{target}: {exc.strerror or exc}"))
        else:
            self.post_message(Exported(str(written)))

    def on_exported(self, message: Exported) -> None:
        if message.error:
            self.app.say(message.error, title="Not exported", severity="error", timeout=8)
            return
        self.session.written.add(Path(message.path).resolve())
        self.app.say(f"exported to {message.path}", title="Exported")

    # -- reading checkpoints ------------------------------------------------------------------

    def ask_load(self) -> None:
        """ctrl+o (once the app's guard agreed): ask for a checkpoint and load it."""
        default = str(self.session.last_save) if self.session.last_save else ""
        self.app.push_screen(PathPrompt("Load checkpoint", "a .npz saved by the app or `tui-nn train --save`", default),
                             lambda path: self.load_checkpoint(path) if path else None)

    def load_checkpoint(self, path: str) -> None:
        """Read the checkpoint (and, if needed, its dataset) in a worker; `ModelLoaded` applies it."""
        s = self.session
        self._checkpoint_worker(path, s.dataset, s.run, s.backend)

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkpoint")
    def _checkpoint_worker(self, path: str, dataset: Any, run: RunSpec, backend: Any) -> None:
        from tui_nn.workspace import open_checkpoint  # noqa: PLC0415

        try:
            opened = open_checkpoint(path, dataset, run, backend)
        except TuiNNError as exc:
            self.post_message(ModelLoaded(path, None, error=str(exc)))
        except OSError as exc:
            self.post_message(ModelLoaded(path, None, error=f"{path}: {exc.strerror or exc}"))
        else:
            self.post_message(ModelLoaded(path, opened))

    def resume(self) -> None:
        """`--resume`: reopen the autosave and its data in a worker."""
        self._resume_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkpoint")
    def _resume_worker(self) -> None:
        from tui_nn.autosave import autosave_path  # noqa: PLC0415
        from tui_nn.workspace import resume  # noqa: PLC0415

        path = str(autosave_path())
        try:
            opened = resume()
        except TuiNNError as exc:
            self.post_message(ModelLoaded(path, None, error=str(exc), resumed=True))
        except (OSError, TypeError, ValueError) as exc:
            self.post_message(ModelLoaded(path, None, error=f"{path}: cannot resume ({exc})", resumed=True))
        else:
            self.post_message(ModelLoaded(path, opened, resumed=True))

    def on_model_loaded(self, message: ModelLoaded) -> None:
        if message.opened is None:
            title = "Nothing to resume" if message.resumed else "Load failed"
            self.app.say(message.error or "could not load", title=title, severity="error", timeout=8)
            return

        def apply() -> None:
            s = self.session
            opened = message.opened
            s.adopt_model(opened.model, opened.run, opened.dataset)
            if not message.resumed:  # ctrl+s offers the file the user chose, never the autosave
                s.last_save = Path(message.path)
            self.main.settings_form.show_run(s.run)  # the form shows the run the model now has, split included
            self.main.clear_charts()
            self.main.refresh_all()
            where = f"resumed {s.summary.stack_line} on {s.dataset.name}" if message.resumed else \
                f"loaded {message.path}: {s.summary.stack_line}"
            self.app.say(f"{where} (epoch {s.epochs_done})", title="Resumed" if message.resumed else "Loaded")

        self._after_stop(apply)

    # -- the autosave -------------------------------------------------------------------------

    def autosave(self, weights: Sequence[Any] | None = None) -> bool:
        """Write the autosave (`tui-nn --resume` reopens it) when there is a trained model; True if written.

        `weights`: a trainer snapshot, used while a run is in progress. A failure is a
        notification: the app and its model carry on.
        """
        from tui_nn.autosave import write_autosave  # noqa: PLC0415
        from tui_nn.workspace import autosave_run  # noqa: PLC0415

        s = self.session
        if not (self.autosave_enabled and s.has_data and s.trained and s.network is not None):
            return False
        # The data is named by absolute path, so `--resume` reopens it from any folder.
        meta = s.checkpoint_meta(autosave_run(s.run))
        try:
            write_autosave(s.network, s.dataset.schema, meta, weights)
        except TuiNNError as exc:
            self.app.say(str(exc), title="Autosave failed", severity="warning")
            return False
        except (OSError, ValueError, TypeError) as exc:
            self.app.say(f"could not autosave: {exc}", title="Autosave failed", severity="warning")
            return False
        return True
