"""LessonApp: the app opened on the lesson (`tui-nn lesson`); esc or f leaves into the app itself."""

from __future__ import annotations

from typing import Any

from tui_nn.tui.app import TuiNNApp
from tui_nn.tui.lesson.handoff import open_lesson


class LessonApp(TuiNNApp):
    """TuiNNApp that shows the lesson (at `step`) as soon as it is up."""

    CSS_PATH = "../app.tcss"
    """Relative to this file: the app's own stylesheet."""

    def __init__(self, step: int = 1, **options: Any) -> None:
        super().__init__(**options)
        self.lesson_step = step

    def on_mount(self) -> None:
        # TuiNNApp.on_mount runs after this one (Textual calls every class's handler):
        # push the lesson once the app's own screen is set up.
        self.call_after_refresh(open_lesson, self, self.lesson_step)


def run_lesson(args: Any) -> int:
    """`tui-nn lesson [--step N]`: run the app on the lesson; returns the exit code."""
    app = LessonApp(step=getattr(args, "step", 1) or 1)
    result = app.run()
    return int(result or app.return_code or 0)
