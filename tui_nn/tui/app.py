"""TuiNNApp: load data, build the network with the keyboard, train it and watch it learn.

The app is a thin driver of the engine. Its state lives in `Session` (no Textual there);
`MainScreen` draws it and feeds the tabs, `TrainingControl` owns the training worker and
`FilesControl` every read and write. The app itself maps each key of the one actions table
(`tui_nn.tui.actions`) to them, and guards every action that would drop trained weights.

    make_app(dataset, **options) -> TuiNNApp      for the CLI and the tests
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import Input

from tui_nn.spec import KEYS, RunSpec
from tui_nn.tui.actions import TYPED_ACTIONS, bindings, palette_entries
from tui_nn.tui.main_screen import MainScreen
from tui_nn.tui.screens.choice import Choice, ChoiceScreen
from tui_nn.tui.guard import guard
from tui_nn.tui.screens.help import HelpScreen
from tui_nn.tui.session import Session
from tui_nn.words import plural

class TuiNNApp(App[int]):
    """The tui-nn app: data panel, network editor, settings, charts, weights, status bar, and
    the tabs that look inside the network (diagram, decision map, the math, reports)."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-nn"
    BINDINGS = bindings()
    """Every key, from the one actions table (`tui_nn.tui.actions`)."""

    def __init__(self, run: RunSpec | None = None, *, chart_marker: str = "braille", resume: bool = False,
                 lesson: int | None = None, autosave: bool = True) -> None:
        super().__init__()
        self.session = Session(run)
        self.main = MainScreen(self.session, chart_marker, autosave)
        """The one screen under every dialog: panels, tabs and the two controllers."""
        self.resume = resume
        """Reopen the autosaved model (and its dataset) at start-up: `tui-nn --resume`."""
        self.lesson_step = lesson
        """Open the lesson at this step once the app is up (`tui-nn lesson`); None: the app alone."""
        self._quit_saved = False
        self.last_notice = ""
        """The last notification's text (tests and the status line read it)."""

    def get_default_screen(self) -> Screen:
        return self.main

    def on_main_screen_ready(self) -> None:
        files = self.main.files
        files.probe_backend(self.session.run.training.backend)
        if self.session.run.data.source:
            files.load_data(self.session.run.data)
        elif self.resume:
            files.resume()
        if self.lesson_step is not None:
            self.call_after_refresh(self.action_lesson, self.lesson_step)

    def say(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None) -> None:
        """Notify with plain text: messages quote file names and `[2×2]` shapes, never markup."""
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def notify(self, message: str, **options: Any) -> None:
        """Every notification (the app's and its widgets') is remembered, for tests and help."""
        self.last_notice = message
        super().notify(message, **options)

    # -- training -----------------------------------------------------------------------------

    def action_toggle_training(self) -> None:
        """space: start a run, pause it, or resume it."""
        self.main.training.toggle()

    def action_one_epoch(self) -> None:
        """n: train exactly one more epoch."""
        self.main.training.one_epoch()

    def action_reset_weights(self) -> None:
        """r: fresh weights from the next seed; the charts start again (asks when trained weights would go)."""
        def reset() -> None:
            s = self.session
            if not s.has_data:
                self.say("no data yet: press o to open a dataset")
                return
            s.reset_weights(s.run.training.seed + 1)
            self.main.settings_form.show_run(s.run)
            self.main.clear_charts()
            self.main.refresh_all()
            self.say(f"weights drawn again from seed {s.run.training.seed}", title="Reset")

        guard(self, "Reset the weights?", "fresh weights from a new seed replace them", reset, "Reset")

    # -- editing the network ----------------------------------------------------------------

    def action_edit(self, change: str, amount: int = 1) -> None:
        """a, x, + -, [ ]: change the layers (`Session.edit_layers`); with trained weights, ask first."""
        s = self.session

        def apply() -> None:
            problem = s.edit_layers(change, amount)
            if problem:
                self.say(problem, severity="warning")
                return
            self.main.clear_charts()
            self.main.refresh_all()

        if change == "dropout":  # same shapes: the weights stay, nothing to ask about
            self.main.edit_dropout(amount)
            return
        if change == "remove" and s.layers and s.selected == len(s.layers) - 1:
            apply()  # refused with its reason: nothing to ask about
            return
        guard(self, "Edit the network?", "changing the layers restarts training from fresh weights", apply, "Edit")

    def action_select_layer(self, delta: int) -> None:
        self.session.select(delta)
        self.main.show_selection()

    def action_focus_editor(self) -> None:
        self.main.editor.focus()

    # -- files --------------------------------------------------------------------------------

    def action_open_dataset(self) -> None:
        """o: pick a bundled dataset or a file, then its target column."""
        guard(self, "Open another dataset?", "new data starts from fresh weights", self.main.files.open_dataset,
                   "Open another")

    def action_features(self) -> None:
        """d: choose derived features (Playground's crosses, or expressions); the data is re-read with them."""
        if not self.session.has_data:
            self.say("no data yet: press o to open a dataset")
            return
        guard(self, "Change the features?", "new inputs restart training from fresh weights",
              self.main.files.ask_features, "Change")

    def action_presentation(self) -> None:
        """z: the board alone (a projector's view), or the sidebar back."""
        self.main.toggle_presentation()

    def action_cross_validate(self) -> None:
        """k: cross-validate the network on screen (or stop it); its models are its own."""
        self.main.crossval.toggle()

    def action_regenerate(self) -> None:
        """ctrl+g: a synthetic set drawn again from the next seed (fresh weights: asks first when trained)."""
        self.main.files.regenerate()

    def action_save_checkpoint(self) -> None:
        """ctrl+s: save weights, spec, schema and settings (the `tui-nn train --save` format)."""
        s = self.session
        if not s.has_data or s.spec_problem():
            self.say(s.spec_problem() or "no model yet: open a dataset with o first", title="Nothing to save",
                     severity="warning")
            return
        self.main.files.ask_save("Save checkpoint")

    def action_load_checkpoint(self) -> None:
        """ctrl+o: load a checkpoint; its data is opened too if the current data does not fit it."""
        guard(self, "Load a checkpoint?", "the loaded model replaces these weights", self.main.files.ask_load,
                   "Load another")

    def action_export_model(self) -> None:
        """ctrl+e: export the model as `tui-nn export` does (NAME.onnx, or a PyTorch folder)."""
        s = self.session
        if not s.has_data or s.spec_problem():
            self.say(s.spec_problem() or "no model yet: open a dataset with o first", title="Nothing to export",
                     severity="warning")
            return
        self.main.files.ask_export()

    def action_save_setup(self) -> None:
        """ctrl+t: write the run as a setup file (`tui-nn train FILE.toml` replays it)."""
        if not self.session.run.data.source:
            self.say("no data yet: open a dataset with o first", title="Nothing to save", severity="warning")
            return
        self.main.files.ask_save_setup()

    # -- views, help, lesson ------------------------------------------------------------------

    def action_toggle_log(self) -> None:
        """l: loss chart between linear and log10 scale."""
        self.main.toggle_log()

    def action_view(self, name: str) -> None:
        """1–6: show a tab."""
        self.main.show_view(name)

    def action_restore_run(self) -> None:
        """The palette's "Restore a run's setup" (the Runs table's enter): the highlighted run's."""
        self.main.restore_run()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_lesson(self, step: int = 1) -> None:
        """e: open the lesson over the app at `step` (leaving a step with f hands its state back)."""
        from tui_nn.tui.lesson.handoff import open_lesson  # noqa: PLC0415 — the lesson loads only when asked for

        open_lesson(self, step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a text input has the focus it types the printable keys: the footer must not offer
        # them as actions (False leaves them out; the input keeps every key typed into it).
        if action in TYPED_ACTIONS and self.text_entry_focused():
            return False
        return super().check_action(action, parameters)

    def text_entry_focused(self) -> bool:
        """True when the focused widget takes typed text (an Input, the diagram typing a value)."""
        focused = self.focused
        return isinstance(focused, Input) or bool(getattr(focused, "takes_text", False))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette lists every action of the keyboard, by name (`tui_nn.tui.actions`)."""
        yield from super().get_system_commands(screen)
        for title, help_text, action in palette_entries():
            yield SystemCommand(title, help_text, partial(self.run_action, action))

    # -- quitting -----------------------------------------------------------------------------

    def action_quit_app(self) -> None:
        """q: quit; a trained model that is not saved is offered a save first."""
        s = self.session
        if not (s.trained and not s.saved):
            self.shutdown()
            return
        if s.state == "training":
            self.main.training.toggle()

        def answered(value: str | None) -> None:
            if value == "quit":
                self.shutdown()
            elif value == "save":
                self.main.files.ask_save("Save before quitting", self.shutdown)

        choices = [Choice("s", "Save…", "save", "primary"), Choice("q", "Quit without saving", "quit", "error"),
                   Choice("c", "Cancel", "cancel")]
        self.push_screen(ChoiceScreen("Quit tui-nn?", f"The model trained for {plural(s.epochs_done, 'epoch')} "
                                      "is not saved.", choices), answered)

    def shutdown(self, code: int = 0) -> None:
        """Stop any run (the worker ends after its current batch), autosave, and exit."""
        self._stop_and_autosave()
        self.exit(code)

    def on_unmount(self) -> None:
        # ctrl+q or an error exit skip action_quit_app: make sure the training thread ends.
        self._stop_and_autosave()

    def _stop_and_autosave(self) -> None:
        self.main.training.stop()
        if not self._quit_saved:
            self._quit_saved = True
            self.main.files.autosave()


APP_OPTIONS = ("chart_marker", "resume", "lesson", "autosave")
"""make_app's options that are not RunSpec keys."""


def make_app(dataset: str | None = None, *, run: RunSpec | None = None, **options: Any) -> TuiNNApp:
    """Build the app, for the CLI and for the tests.

    `run`: a whole RunSpec (a setup file's); `dataset` and any RunSpec key (`layers`,
    `target`, `standardize`, `lr`, `epochs`, `val_split`, `backend`, ...) change it.
    Other options: `chart_marker`, `resume` (reopen the autosave), `lesson` (open the
    lesson at that step), `autosave` (False: never write the user's autosave).
    Raises TuiNNError for a bad value, TypeError for an unknown option.
    """
    app_options = {k: options.pop(k) for k in APP_OPTIONS if k in options}
    unknown = set(options) - set(KEYS)
    if unknown:
        raise TypeError(f"make_app got unknown options: {', '.join(sorted(unknown))}")
    if dataset is not None:
        options["source"] = dataset
    return TuiNNApp((run or RunSpec()).with_values(**options), **app_options)
