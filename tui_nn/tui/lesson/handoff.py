"""Between the lesson and the app: open the lesson over the app, and hand a step's state back.

The app keeps its state in its `Session`; a step's `AppState` (data, layers, settings,
weights) becomes that state, as if the user had built it by hand, and the app redraws.
"""

from __future__ import annotations

from typing import Any

from tui_nn.errors import TuiNNError
from tui_nn.tui.guard import guard
from tui_nn.lecture import AppState


def apply_state(app: Any, state: AppState) -> None:
    """Make `app` (a running TuiNNApp) hold `state`: its dataset, layers, settings and weights.

    It goes through the app's guard like every action that replaces the network: trained
    weights are not dropped without a yes, and a run in progress is stopped first. Errors
    are shown as a notification; the app keeps its state.
    """
    def adopt() -> None:
        s = app.session
        try:
            dataset = state.load()
            run = state.run_spec(s.run)
        except TuiNNError as exc:
            app.say(str(exc), title="Lesson", severity="error")
            return
        s.run = run
        s.selected = len(s.layers) - 1
        s.set_dataset(dataset, run.data)
        if state.weights is not None:
            s.ensure_network().set_weights(state.weights)
        app.main.settings_form.show_run(s.run)
        app.main.clear_charts()
        app.main.refresh_all()
        units = "raw units" if not state.standardize else "standardised inputs"
        app.say(f"{dataset.name} ({units}) with {s.summary.stack_line}: space trains", title="From the lesson")

    guard(app, "Take the lesson's network?", "the step's data and network replace the app's", adopt, "Take it")


def open_lesson(app: Any, step: int = 1) -> None:
    """Push the lesson over `app`; leaving a step with f hands its state to the app."""
    from tui_nn.tui.lesson.screen import LessonScreen  # noqa: PLC0415 — screen imports the steps

    def left(state: AppState | None) -> None:
        if state is not None:
            apply_state(app, state)

    app.push_screen(LessonScreen(step), left)
