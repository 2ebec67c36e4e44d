"""The one guard of every destructive action: nothing a user trained is lost without a yes.

Reset, a layer edit, opening other data, loading a checkpoint, a setting that starts from
fresh weights and the lesson's hand-over all ask through `guard`: at once when nothing
trained would be lost, else a question whose focused answer is Keep (an Enter meant for
something else changes nothing), with Save first… when the weights are not saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from tui_nn.tui.screens.choice import Choice, ChoiceScreen
from tui_nn.words import plural

if TYPE_CHECKING:
    from tui_nn.tui.app import TuiNNApp


def guard(app: "TuiNNApp", title: str, consequence: str, then: Callable[[], None], verb: str = "Discard",
          on_keep: Callable[[], None] | None = None) -> None:
    """Run `then` when nothing trained would be lost, else only when the user says so.

    `consequence` says what `then` does ("fresh weights replace them"); `verb` labels the
    answer that goes on; `on_keep` runs when the user keeps what they have (a settings
    form puts the old value back). A run in progress is stopped before `then` runs."""
    s = app.session
    if not (s.trained or s.busy):
        then()
        return
    if s.busy:
        state = f"a run is in progress (epoch {s.epochs_done})"
    else:
        state = f"the weights are trained ({plural(s.epochs_done, 'epoch')}, {'saved' if s.saved else 'not saved'})"
    choices = [Choice("n", "Keep", "keep")]
    if not s.saved:
        choices.append(Choice("s", "Save first…", "save", "primary"))
    choices.append(Choice("y", verb, "go", "warning"))
    training = app.main.training

    def answered(value: str | None) -> None:
        if value == "go":
            training.when_stopped(then)
        elif value == "save":
            app.main.files.ask_save("Save before going on", lambda: training.when_stopped(then))
        elif on_keep is not None:
            on_keep()

    question = f"{state[0].upper()}{state[1:]}: {consequence}."
    app.push_screen(ChoiceScreen(title, question, choices, cancel="keep"), answered)
