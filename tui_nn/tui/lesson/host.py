"""`tui-nn lesson`: the app opened on the lesson; esc or f leaves into the app itself.

The app does this itself (`make_app(lesson=step)`); `LessonApp` stays as the name the CLI
and older scripts use for it.
"""

from __future__ import annotations

from typing import Any

from tui_nn.tui.app import TuiNNApp, make_app


class LessonApp(TuiNNApp):
    """TuiNNApp that shows the lesson (at `step`) as soon as it is up: `make_app(lesson=step)`."""

    CSS_PATH = "../app.tcss"
    """Relative to this file: the app's own stylesheet."""

    def __init__(self, step: int = 1, **options: Any) -> None:
        super().__init__(lesson=step, **options)


def run_lesson(args: Any) -> int:
    """`tui-nn lesson [--step N]`: run the app on the lesson; returns the exit code."""
    app = make_app(lesson=getattr(args, "step", 1) or 1)
    result = app.run()
    return int(result or app.return_code or 0)
