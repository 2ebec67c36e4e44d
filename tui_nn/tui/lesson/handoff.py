"""Between the lesson and the app: open the lesson over the app, and hand a step's state back.

The app keeps its state in its `Session`; a step's `AppState` (data, layers, settings,
weights) becomes that state, as if the user had built it by hand, and the app redraws.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tui_nn.engine import parse_layers
from tui_nn.errors import TuiNNError
from tui_nn.lecture import AppState


def apply_state(app: Any, state: AppState) -> None:
    """Make `app` (a running TuiNNApp) hold `state`: its dataset, layers, settings and weights.

    A run in progress is stopped first (the app's own rule for anything that replaces the
    network). Errors are shown as a notification; the app keeps its state.
    """
    def adopt() -> None:
        s = app.session
        try:
            dataset = state.load()
            settings = replace(s.settings, **state.settings).validate()
        except TuiNNError as exc:
            app.say(str(exc), title="Lesson", severity="error")
            return
        s.settings = settings
        s.layers = list(parse_layers(state.layers))
        s.selected = len(s.layers) - 1
        s.set_dataset(dataset, {"source": state.dataset, "target": None, "missing": "error",
                                "val_split": settings.val_split, "seed": settings.seed,
                                "standardize": state.standardize})
        if state.weights is not None:
            s.ensure_network().set_weights(state.weights)
        app.settings_form.set_settings(s.settings)
        app.clear_charts()
        app.refresh_all()
        units = "raw units" if not state.standardize else "standardised inputs"
        app.say(f"{dataset.name} ({units}) with {s.summary.stack_line}: space trains", title="From the lesson")

    app.when_stopped(adopt)


def open_lesson(app: Any, step: int = 1) -> None:
    """Push the lesson over `app`; leaving a step with f hands its state to the app."""
    from tui_nn.tui.lesson.screen import LessonScreen  # noqa: PLC0415 — screen imports the steps

    def left(state: AppState | None) -> None:
        if state is not None:
            apply_state(app, state)

    app.push_screen(LessonScreen(step), left)
