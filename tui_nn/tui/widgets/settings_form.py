"""SettingsForm: the training settings, editable in place; a bad value is refused and the old one stays."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import Function, Integer, Number, Validator
from textual.widgets import Input, Label, Select

from tui_nn.errors import TuiNNError
from tui_nn.spec import KEYS, RunSpec, parse_text, text_of
from tui_nn.tui.session import FORM_KEYS, LIVE_KEYS

HINTS = {
    "lr": "e.g. 0.01",
    "batch_size": "0 = full batch",
    "epochs": "per run",
    "l2": "weight decay",
    "l1": "pushes weights to 0",
    "class_weight": "balanced or A=1,B=3",
    "seed": "weights, shuffle, split",
    "val_split": "e.g. 0.2",
    "folds": "k: 5",
    "rows": "as shipped",
    "noise": "as shipped",
}


class SettingsForm(Vertical):
    """One row per setting: a label and a compact Input or Select.

    A value is marked as it is typed when it would be refused (the Input's `-invalid` class,
    from its validators); it is taken when Enter is pressed or the field loses focus, with the
    same checks as `tui-nn train` (the RunSpec's, `tui_nn.spec`); a refused value puts the old
    one back and says why. Accepted changes go to the app as `SettingsForm.Changed`.
    """

    @dataclass
    class Changed(Message):
        """The user changed a setting; `run` is the whole new, validated RunSpec."""

        run: RunSpec
        field: str

    def __init__(self, run: RunSpec, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.run = run

    def compose(self) -> ComposeResult:
        for name in FORM_KEYS:
            with Horizontal(classes="setting-row"):
                yield Label(KEYS[name].label, classes="setting-label")
                value = text_of(self.run.get(name))
                if KEYS[name].choices:
                    yield Select([(c, c) for c in KEYS[name].choices], value=value, allow_blank=False, compact=True,
                                 id=f"setting-{name}", classes="setting-field")
                else:
                    yield Input(value=value, compact=True, id=f"setting-{name}", classes="setting-field",
                                select_on_focus=True, placeholder=HINTS.get(name, ""),
                                validators=self._validators(name))

    def _validators(self, name: str) -> list[Validator]:
        """Textual's check of the kind, then the RunSpec's own (ranges, limits) against the run shown."""
        kind = {"int": [Integer()], "float": [Number()]}.get(KEYS[name].kind, [])
        return [*kind, Function(lambda text: self._accepts(name, text), f"not a {KEYS[name].label} this run takes")]

    def _accepts(self, name: str, text: str) -> bool:
        """Whether `_commit` would take `text` for `name` (the same parse and check)."""
        try:
            self.run.with_values(**{name: parse_text(name, text)})
        except TuiNNError:
            return False
        return True

    def show_run(self, run: RunSpec) -> None:
        """Show this run's values (after a load, a reset, or a refused change)."""
        self.run = run
        for name in FORM_KEYS:
            widget = self.query_one(f"#setting-{name}")
            value = text_of(run.get(name))
            if isinstance(widget, Select):
                if widget.value != value:
                    widget.value = value
            elif widget.value != value:
                widget.value = value

    def lock_for_run(self, locked: bool) -> None:
        """While a run trains only `LIVE_KEYS` stay editable (the trainer takes a new lr between
        epochs); any other change would race the worker, so those fields are disabled."""
        for name in FORM_KEYS:
            self.field(name).disabled = locked and name not in LIVE_KEYS

    def field(self, name: str) -> Input | Select:
        return self.query_one(f"#setting-{name}")

    def _commit(self, name: str, text: str) -> None:
        old = text_of(self.run.get(name))
        if text == old:
            return
        try:
            new = self.run.with_values(**{name: parse_text(name, text)})
        except TuiNNError as exc:
            self.app.notify(f"{exc} — kept {old}", title="Setting refused", severity="error", markup=False)
            self.show_run(self.run)
            return
        self.run = new
        self.post_message(self.Changed(new, name))

    @on(Input.Submitted, ".setting-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._commit(event.input.id.removeprefix("setting-"), event.value)

    @on(Input.Blurred, ".setting-field")
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self._commit(event.input.id.removeprefix("setting-"), event.value)

    @on(Select.Changed, ".setting-field")
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.BLANK:
            self._commit(event.select.id.removeprefix("setting-"), str(event.value))
